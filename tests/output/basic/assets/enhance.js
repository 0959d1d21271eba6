// Small progressive enhancements: the A–Z filter box and the story's "copy" buttons. Every page
// works without this script; it only reveals controls that need it. It never reads story text
// as markup: names and links are read with textContent and value, and nothing is written as HTML.
(() => {
  "use strict";

  // What the script writes, in the page's language (`#morgue-messages`, from the theme's catalogs).
  const messages = JSON.parse(document.getElementById("morgue-messages")?.textContent || "{}");
  const lang = document.documentElement.lang || "en";
  const say = (name, values = {}) =>
    String(messages[name] ?? "").replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));

  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  function azFilter(form) {
    const input = form.querySelector("input");
    const status = form.querySelector(".az-status");
    const groups = [...document.querySelectorAll("#az-groups > section")];
    const letters = new Map(
      [...document.querySelectorAll(".letters a")].map((a) => [a.getAttribute("href").slice(1), a.parentElement]),
    );
    const items = groups.flatMap((group) =>
      [...group.querySelectorAll("li")].map((li) => ({ li, group, text: fold(li.textContent) })),
    );
    const apply = () => {
      const words = fold(input.value).split(/[\s,]+/).filter(Boolean);
      const seen = new Set();
      let shown = 0;
      for (const { li, group, text } of items) {
        const match = words.every((word) => text.includes(word));
        li.hidden = !match;
        if (match) {
          shown += 1;
          seen.add(group);
        }
      }
      for (const group of groups) {
        group.hidden = !seen.has(group);
        const letter = letters.get(group.id);
        if (letter) letter.hidden = group.hidden;
      }
      status.textContent = words.length
        ? say("shown", { shown: shown.toLocaleString(lang), total: items.length.toLocaleString(lang) })
        : "";
    };
    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", apply);
    form.hidden = false;
    if (input.value) apply();
  }

  function copyButton(button) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector(".copied");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = "value" in source ? source.value : source.textContent;
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = say(button.dataset.copy === "permalink" ? "linkCopied" : "citationCopied");
      } catch {
        const field = document.getElementById("permalink");
        if (field && source === field) field.select();
        status.textContent = say("copyByHand");
      }
    });
  }

  const form = document.querySelector("form.az-filter");
  if (form) azFilter(form);
  document.querySelectorAll("button.copy[data-copy]").forEach(copyButton);
})();
