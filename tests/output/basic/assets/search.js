// Morgue's search page: a small script on Pagefind's `pagefind.js` API.
//
// The site has one Pagefind index per year (/pagefind/2025/, ...) so that a build re-indexes only
// the years that changed; /pagefind/years.json lists them, newest first. Every year's index is
// opened with its own pagefind.js, and a search asks each year and merges the answers here.
// Pagefind's own multisite merge (`mergeIndex`) re-sorts merged results by score, which shuffles
// a newest-first order across years; merging here keeps it: years are disjoint, so newest year
// first, each year newest first, is the archive newest first. Relevance merges by score, as
// Pagefind's merge does.
// Everything is served by the site itself: no CDN, works offline.
//
// Story text is untrusted. Results are built with textContent and createElement only; the one
// piece of markup taken from Pagefind is <mark> in excerpts, which is parsed out token by token.
//
// A result never says one sentence twice. The headline is searched as the title metadata but
// kept out of the indexed text (the story page marks its <h1> data-pagefind-ignore), so no
// excerpt repeats it; without words there is no match to show, and the result shows the
// summary a list would, which the build leaves empty when it only repeats the headline.

const PAGE_SIZE = 20;
const FILTERS = ["person", "organisation", "topic", "place", "agency", "year"];
const NAME_FILTERS = ["person", "organisation", "topic", "place"]; // typed, with suggestions
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const field = (name) => form.elements.namedItem(name);

let years = []; // [{year: "2025", index: a Pagefind instance}], newest first
let known = {}; // filter name -> {value: count}, from the merged indexes
let generation = 0; // a newer search makes an older one's late results void
let pending = []; // results not shown yet
let pendingWords = false; // whether the search of the pending results had words
let typingTimer = 0;

// "2025-03-18" -> "March 18, 2025", as the story pages write it (no locale surprises).
function longDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!match) return iso || "";
  return `${MONTHS[Number(match[2]) - 1]} ${Number(match[3])}, ${match[1]}`;
}

// Pagefind escapes only < and > in excerpts before adding <mark>; undo exactly that for text.
function unescapeExcerpt(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

// The excerpt as DOM nodes: text, and <mark> around the words that matched. Nothing else in it
// can become markup, whatever the story says.
function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const token of String(excerpt || "").split(/(<\/?mark>)/)) {
    if (token === "<mark>") marked = true;
    else if (token === "</mark>") marked = false;
    else if (token) {
      const text = document.createTextNode(unescapeExcerpt(token));
      if (marked) {
        const mark = document.createElement("mark");
        mark.append(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}

// Only paths of this site: a result's URL comes from our own index, but never trust a scheme.
function safeHref(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "#";
}

// With words: the excerpt around them. Without: the summary, as lists show it (maybe none).
function renderResult(data, withWords) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  heading.className = "headline";
  const link = document.createElement("a");
  link.href = safeHref(data.url);
  link.textContent = meta.title || data.url;
  heading.append(link);
  const credit = document.createElement("p");
  credit.className = "credit";
  const time = document.createElement("time");
  time.dateTime = meta.date || "";
  time.textContent = longDate(meta.date);
  credit.append(time);
  if (meta.dateline) credit.append(" · ", meta.dateline);
  item.append(heading, credit);
  const text = withWords ? excerptNodes(data.excerpt) : [meta.summary || ""].filter(Boolean);
  if (text.length) {
    const excerpt = document.createElement("p");
    excerpt.className = withWords ? "summary excerpt" : "summary";
    excerpt.append(...text);
    item.append(excerpt);
  }
  return item;
}

function plural(count, one, many) {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

// The form as a query: words, the filters that are set, the order.
function readForm() {
  const query = { q: field("q").value.trim(), filters: {}, sort: field("sort").value };
  for (const name of FILTERS) {
    const value = field(name).value.trim();
    if (value) query.filters[name] = canonical(name, value);
  }
  return query;
}

// A filter value as the index spells it ("donald trump" -> "Donald Trump"), if it knows it.
function canonical(name, value) {
  const values = Object.keys(known[name] || {});
  if (values.includes(value)) return value;
  const folded = value.toLocaleLowerCase("en");
  return values.find((v) => v.toLocaleLowerCase("en") === folded) || value;
}

// Keep the address bar in step with the form, so a search can be bookmarked and shared.
function writeUrl(query, sortChosen) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const [name, value] of Object.entries(query.filters)) params.set(name, value);
  if (sortChosen) params.set("sort", query.sort);
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
}

let sortChosen = false; // the reader picked an order; until then it follows the query

// Ask every year (only the chosen one, when a year is set) and merge the answers.
async function searchYears(query, byDate) {
  const options = { filters: query.filters };
  if (byDate) options.sort = { date: "desc" };
  const chosen = query.filters.year ? years.filter((y) => y.year === query.filters.year) : years;
  const answers = await Promise.all(chosen.map((y) => y.index.search(query.q || null, options)));
  const results = answers.flatMap((answer) => (answer ? answer.results : []));
  if (!byDate) results.sort((a, b) => b.score - a.score); // stable: ties keep newest year first
  return results;
}

async function runSearch() {
  if (!years.length) return;
  const mine = ++generation;
  if (!sortChosen) field("sort").value = field("q").value.trim() ? "relevance" : "date";
  const query = readForm();
  writeUrl(query, sortChosen);
  list.replaceChildren();
  more.hidden = true;
  pending = [];
  if (!query.q && !Object.keys(query.filters).length) {
    status.textContent =
      "Type words to search, or choose a person, organisation, topic, place, agency or year.";
    return;
  }
  status.textContent = "Searching…";
  // Without words there is no relevance to sort by: newest first.
  const byDate = query.sort === "date" || !query.q;
  let found;
  try {
    found = await searchYears(query, byDate);
  } catch (error) {
    if (mine === generation) status.textContent = "The search failed. Try again.";
    console.error(error);
    return;
  }
  if (mine !== generation) return; // a newer search superseded this one
  pending = found.slice(); // showMore takes from the front of it
  pendingWords = Boolean(query.q);
  await showMore(mine);
  if (mine !== generation) return;
  // Said once the first stories are on the page, so the announcement matches what is there.
  const count = found.length;
  status.textContent = count
    ? `${plural(count, "story", "stories")} found${byDate ? ", newest first" : ", most relevant first"}.`
    : "No stories found.";
}

async function showMore(mine) {
  const batch = pending.splice(0, PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  list.append(...data.map((result) => renderResult(result, pendingWords)));
  more.hidden = pending.length === 0;
  if (!more.hidden) more.textContent = `More stories (${pending.length.toLocaleString("en")} left)`;
}

function fillOptions(name, element, newestFirst) {
  const values = Object.keys(known[name] || {});
  values.sort((a, b) => (newestFirst ? b.localeCompare(a) : a.localeCompare(b, "en")));
  for (const value of values) {
    const option = document.createElement("option");
    option.value = value;
    if (element.tagName === "SELECT") option.textContent = value;
    element.append(option);
  }
}

// The filters and the order from the address (?person=Donald+Trump&q=...), as a person's
// "search within" box sends them.
function readUrl() {
  const params = new URLSearchParams(location.search);
  field("q").value = params.get("q") || "";
  for (const name of FILTERS) {
    const value = params.get(name) || "";
    const element = field(name);
    if (element.tagName === "SELECT" && value && ![...element.options].some((o) => o.value === value)) {
      // A value no index knows (yet): keep it selectable, so the search says "no stories".
      const option = document.createElement("option");
      option.value = option.textContent = value;
      element.append(option);
    }
    element.value = value;
  }
  const sort = params.get("sort");
  sortChosen = sort === "date" || sort === "relevance";
  if (sortChosen) field("sort").value = sort;
}

async function loadIndexes() {
  const base = form.dataset.index; // "/pagefind/", with the site's base path
  const response = await fetch(`${base}years.json`, { cache: "no-cache" });
  if (!response.ok) throw new Error(`years.json: HTTP ${response.status}`);
  const listed = (await response.json()).years || [];
  if (!listed.length) return [];
  // Each year's own pagefind.js: a module keeps one WebAssembly instance in module state, so
  // years opened from one module would overwrite each other's (measured: "memory access out of
  // bounds"); separate module URLs are separate module instances. Main thread, not a worker
  // per year: searching a year's index takes milliseconds, and twenty workers would not.
  const opened = await Promise.all(
    listed.map(async (year) => {
      const pagefind = await import(`${base}${year}/pagefind.js`);
      await pagefind.options({ excerptLength: 30, noWorker: true });
      return { year: String(year), index: pagefind };
    }),
  );
  return opened;
}

// Filter values and counts of every year together, as Pagefind's own merge adds them up.
async function mergedFilters() {
  const merged = {};
  for (const filters of await Promise.all(years.map((y) => y.index.filters()))) {
    for (const [name, values] of Object.entries(filters || {})) {
      merged[name] = merged[name] || {};
      for (const [value, count] of Object.entries(values)) {
        merged[name][value] = (merged[name][value] || 0) + count;
      }
    }
  }
  return merged;
}

async function start() {
  status.textContent = "Loading the search index…";
  try {
    years = await loadIndexes();
    known = await mergedFilters();
  } catch (error) {
    status.textContent = "The search index could not be loaded.";
    console.error(error);
    return;
  }
  if (!years.length) {
    status.textContent = "There are no stories to search yet.";
    return;
  }
  for (const name of NAME_FILTERS) {
    fillOptions(name, document.getElementById(`search-${name}-list`), false);
  }
  fillOptions("agency", field("agency"), false);
  fillOptions("year", field("year"), true);
  readUrl();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });
  form.addEventListener("change", (event) => {
    if (event.target === field("q")) return; // typing already searched
    if (event.target === field("sort")) sortChosen = true;
    runSearch();
  });
  field("q").addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(runSearch, 300);
  });
  more.addEventListener("click", async () => {
    const first = list.children.length;
    await showMore(generation);
    // Keyboard readers continue from the first new story, not from a button that may be gone.
    list.children[first]?.querySelector("a")?.focus();
  });
  form.dataset.ready = "true"; // for tests and styles: the index is loaded
  await runSearch();
}

start();
