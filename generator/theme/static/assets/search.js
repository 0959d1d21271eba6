// Morgue's search page: a small script on Pagefind's `pagefind.js` API.
//
// The index is a base in size-bounded shards plus a delta of the stories changed since the base
// was written (see generator/build/search.py). /pagefind/index.json names them, and the base
// entries the delta supersedes (Pagefind page id -> URLs). Pagefind is loaded once, from the
// first index, and the others are merged into it (`mergeIndex`): one script, one WebAssembly
// module, whatever the number of shards. Most relevant first is Pagefind's own merged order.
// Newest first is merged here: Pagefind's merge re-sorts by score, so each index is asked on its
// own (every record carries a `shard` filter naming its index) and the answers, each newest
// first, are merged by date, loading only the results about to be shown.
// Everything is served by the site itself: no CDN, works offline.
//
// Story text is untrusted. Results are built with textContent and createElement only; the one
// piece of markup taken from Pagefind is <mark> in excerpts, which is parsed out token by token.
//
// A result never says one sentence twice. The headline is searched as the title metadata but
// kept out of the indexed text, so no excerpt repeats it; without words there is no match to
// show, and the result shows the summary a list would, which the build leaves empty when it
// only repeats the headline.

// The first results come fast with few requests (each result is one fragment to fetch); "More
// stories" then adds PAGE_SIZE at a time.
const FIRST_BATCH = 10;
const PAGE_SIZE = 20;
const FILTERS = ["person", "organisation", "topic", "place", "agency", "year"];
const NAME_FILTERS = ["person", "organisation", "topic", "place"]; // typed, with suggestions
// What the script writes, in the page's language: the page passes it as JSON
// (`#morgue-messages`, made from the theme's catalogs); `%(name)s` placeholders are filled in here.
const MESSAGES = JSON.parse(document.getElementById("morgue-messages")?.textContent || "{}");
const LANG = document.documentElement.lang || "en";
const PLURALS = new Intl.PluralRules(LANG);

// A message with its placeholders filled; a message with plural forms takes the one `count` needs.
function say(name, values = {}) {
  let text = MESSAGES[name] ?? "";
  if (typeof text === "object") text = text[PLURALS.select(values.count ?? 0)] ?? text.other ?? "";
  return String(text).replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

function counted(name, count) {
  return say(name, { count, num: count.toLocaleString(LANG) });
}

const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const field = (name) => form.elements.namedItem(name);

let pagefind = null; // the Pagefind module, every index merged into it
let indexes = []; // index names (base shards, then the delta), as the `shard` filter names them
let superseded = {}; // Pagefind page id -> URLs of base entries a newer record replaces
let known = {}; // filter name -> every value, from filters.json
let filtersFile = ""; // its address
let generation = 0; // a newer search makes an older one's late results void
let pending = null; // the results not shown yet: {take(count), left()}
let pendingWords = false; // whether the search of the pending results had words
let typingTimer = 0;

// "2025-03-18" -> "March 18, 2025" or "18 de marzo de 2025", as the story pages write it: the
// page passes each month's pattern (no locale surprises); without one, the ISO date.
function longDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  const pattern = match && (MESSAGES.dates || [])[Number(match[2]) - 1];
  if (!pattern) return iso || "";
  return pattern.replace("%(day)s", String(Number(match[3]))).replace("%(year)s", match[1]);
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
  const values = known[name] || [];
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

// A result's data (its fragment), loaded once however often it is asked for.
function load(result) {
  result.loaded = result.loaded || result.data();
  return result.loaded;
}

// The results without the base entries that a newer record supersedes.
async function current(results) {
  const checks = results.map(async (result) => {
    const urls = superseded[result.id];
    if (!urls) return true;
    return !urls.includes((await load(result)).url);
  });
  const keep = await Promise.all(checks);
  return results.filter((_, index) => keep[index]);
}

// Results in a fixed order, taken from the front.
function inOrder(results) {
  let next = 0;
  return {
    take: async (count) => results.slice(next, (next += count)),
    left: () => Math.max(0, results.length - next),
  };
}

// Runs of results, each newest first, merged newest first: only the head of each run is loaded.
function newestFirst(runs) {
  const heads = runs.map(() => 0);
  const take = async (count) => {
    const taken = [];
    while (taken.length < count) {
      const open = runs.map((_, i) => i).filter((i) => heads[i] < runs[i].length);
      if (!open.length) break;
      const dates = await Promise.all(
        open.map(async (i) => (await load(runs[i][heads[i]])).meta?.date || ""),
      );
      let best = 0; // ties go to the later index: the delta holds the newest edits
      for (let k = 1; k < open.length; k++) if (dates[k] >= dates[best]) best = k;
      const run = open[best];
      taken.push(runs[run][heads[run]++]);
    }
    return taken;
  };
  const left = () => runs.reduce((sum, run, i) => sum + run.length - heads[i], 0);
  return { take, left };
}

// Ask the indexes: one merged question by relevance; one per index, merged here, by date.
async function searchIndexes(query, byDate) {
  const words = query.q || null;
  if (!byDate) {
    const answer = await pagefind.search(words, { filters: query.filters });
    return inOrder(await current(answer ? answer.results : []));
  }
  const runs = await Promise.all(
    indexes.map(async (shard) => {
      const filters = { ...query.filters, shard };
      const answer = await pagefind.search(words, { filters, sort: { date: "desc" } });
      return current(answer ? answer.results : []);
    }),
  );
  return newestFirst(runs);
}

async function runSearch() {
  if (!indexes.length) return;
  const mine = ++generation;
  if (!sortChosen) field("sort").value = field("q").value.trim() ? "relevance" : "date";
  const query = readForm();
  writeUrl(query, sortChosen);
  list.replaceChildren();
  more.hidden = true;
  pending = null;
  if (!query.q && !Object.keys(query.filters).length) {
    status.textContent = say("prompt");
    return;
  }
  status.textContent = say("searching");
  // Without words there is no relevance to sort by: newest first.
  const byDate = query.sort === "date" || !query.q;
  let found;
  try {
    found = await searchIndexes(query, byDate);
  } catch (error) {
    if (mine === generation) status.textContent = say("failed");
    console.error(error);
    return;
  }
  if (mine !== generation) return; // a newer search superseded this one
  pending = found;
  pendingWords = Boolean(query.q);
  const count = found.left();
  await showMore(mine);
  if (mine !== generation) return;
  // Said once the first stories are on the page, so the announcement matches what is there.
  status.textContent = count
    ? counted(byDate ? "foundByDate" : "foundByRelevance", count)
    : say("none");
}

async function showMore(mine) {
  if (!pending) return;
  const batch = await pending.take(list.children.length ? PAGE_SIZE : FIRST_BATCH);
  const data = await Promise.all(batch.map(load));
  if (mine !== generation) return;
  list.append(...data.map((result) => renderResult(result, pendingWords)));
  const left = pending.left();
  more.hidden = left === 0;
  if (!more.hidden) more.textContent = counted("more", left);
}

function fillOptions(name, element, descending) {
  const values = (known[name] || []).slice();
  values.sort((a, b) => (descending ? b.localeCompare(a) : a.localeCompare(b, "en")));
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

// The indexes index.json names, merged into one Pagefind; the filters' values.
async function loadIndexes() {
  const base = form.dataset.index; // "/pagefind/", with the site's base path
  const response = await fetch(`${base}index.json`, { cache: "no-cache" });
  if (!response.ok) throw new Error(`index.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const names = manifest.indexes || [];
  if (!names.length) return [];
  pagefind = await import(`${base}${names[0]}pagefind.js`);
  // Main thread, not a worker: searching an index takes milliseconds.
  await pagefind.options({ excerptLength: 30, noWorker: true });
  for (const name of names.slice(1)) await pagefind.mergeIndex(`${base}${name}`);
  superseded = manifest.superseded || {};
  filtersFile = `${base}${manifest.filters}`;
  return names.map((name) => name.replace(/\/$/, ""));
}

// Every value of every filter, for the form's suggestions and to spell a typed value as the
// index does. A search by words alone does not need them: they load after its results.
async function loadFilters() {
  try {
    const response = await fetch(filtersFile);
    if (!response.ok) throw new Error(`${filtersFile}: HTTP ${response.status}`);
    known = await response.json();
  } catch (error) {
    console.error(error); // the search still works; the form only lacks suggestions
    return;
  }
  for (const name of NAME_FILTERS) {
    fillOptions(name, document.getElementById(`search-${name}-list`), false);
  }
  fillOptions("agency", field("agency"), false);
  fillOptions("year", field("year"), true);
}

async function start() {
  status.textContent = say("loading");
  try {
    indexes = await loadIndexes();
  } catch (error) {
    status.textContent = say("loadFailed");
    console.error(error);
    return;
  }
  if (!indexes.length) {
    status.textContent = say("empty");
    return;
  }
  const params = new URLSearchParams(location.search);
  const filtered = FILTERS.some((name) => params.get(name));
  if (filtered) await loadFilters(); // the address names a filter: spell it as the index does
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
  await runSearch();
  if (!filtered) await loadFilters();
  form.dataset.ready = "true"; // for tests and styles: the index and the filters are loaded
}

start();
