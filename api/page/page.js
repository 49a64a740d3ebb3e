// The timeline page: reads its filters from the URL, asks the API for the merged timeline as JSON
// and draws it. Every piece of document text goes in through textContent, never as HTML.
"use strict";

const UNCERTAIN = new Set(["hypothetical", "negated", "conditional", "future"]);
const FILTERS = ["collection", "q", "participant", "source", "from", "to", "precision", "flagged"];
const DAY = 86400000;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function currentParams() {
  const page = new URLSearchParams(location.search);
  const api = new URLSearchParams();
  for (const name of FILTERS) {
    const value = page.get(name);
    if (value) api.set(name, value);
  }
  api.set("merge", page.get("merge") === "false" ? "false" : "true");
  return { page, api };
}

function fillForm(page) {
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field && page.get(name) !== null && name !== "collection") field.value = page.get(name);
  }
  form.elements.merge.checked = page.get("merge") !== "false";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value && !(name === "flagged" && value === "include")) next.set(name, value);
    }
    if (!form.elements.merge.checked) next.set("merge", "false");
    location.search = next.toString();
  });
}

function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

function sentenceNode(event) {
  const sentence = event.sentence || "";
  const span = event.timex_span;
  if (!span || span[0] < 0 || span[1] > sentence.length) return el("p", { class: "sentence" }, sentence);
  return el("p", { class: "sentence" }, sentence.slice(0, span[0]),
            el("mark", {}, sentence.slice(span[0], span[1])), sentence.slice(span[1]));
}

function spanNode(entry, range) {
  if (!entry.start || !range) return null;
  const start = Date.parse(entry.start), end = Date.parse(entry.end);
  const width = Math.max(range.end - range.start, DAY);
  const bar = el("div", { class: "span-bar" });
  bar.style.left = (100 * (start - range.start) / width).toFixed(3) + "%";
  bar.style.width = (100 * (end - start) / width).toFixed(3) + "%";
  const days = Math.round((end - start) / DAY);
  const first = new Date(start).toISOString().slice(0, 10);
  const last = new Date(end - 1).toISOString().slice(0, 10);
  const label = days <= 1 ? first : `${first} – ${last} (${days} days)`;
  return [el("div", { class: "span-track", title: label }, bar), el("div", { class: "span-label" }, label)];
}

function sourceNode(event) {
  const name = event.source || event.title || `document ${event.document_id}`;
  const url = event.url && safeUrl(event.url);
  const label = event.title && event.title !== name ? `${name}: ${event.title}` : name;
  return url ? el("a", { href: url, rel: "noopener noreferrer" }, label) : el("span", {}, label);
}

function entryNode(entry, range) {
  const primary = entry.events[0];
  const flags = el("span", {}, ...primary.flags.map(
    (flag) => el("span", { class: UNCERTAIN.has(flag) ? "flag uncertain" : "flag" }, flag)));
  const node = el("li", { class: "entry", "data-key": entry.key, "data-start": entry.start || "" },
    el("h2", {}, entry.text), ...(spanNode(entry, range) || []), sentenceNode(primary),
    el("div", { class: "meta" }, el("span", { class: "when-text" }, entry.display_date),
       el("span", {}, "Sources: ", ...entry.events.flatMap((e, i) => (i ? [", ", sourceNode(e)] : [sourceNode(e)]))),
       primary.participants.length ? el("span", {}, "Who: " + primary.participants.join(", ")) : null, flags));
  if (entry.events.length > 1) {
    node.append(el("ul", { class: "reports" }, ...entry.events.slice(1).map(
      (e) => el("li", {}, sourceNode(e), ": ", e.text))));
  }
  for (const other of entry.conflicts) {
    node.append(el("div", { class: "conflict" }, el("strong", {}, "Dated differently: "),
      sourceNode(other), ` puts this on ${other.display_date}: `, other.text));
  }
  return node;
}

function draw(entries) {
  const list = document.getElementById("timeline");
  list.replaceChildren();
  const dated = entries.filter((e) => e.start);
  const range = dated.length ? {
    start: Math.min(...dated.map((e) => Date.parse(e.start))),
    end: Math.max(...dated.map((e) => Date.parse(e.end))),
  } : null;
  let group = null, label = null;
  for (const entry of entries) {
    if (entry.display_date !== label) {
      label = entry.display_date;
      const span = entry.start && Date.parse(entry.end) - Date.parse(entry.start) > DAY;
      group = el("ol", { class: "entries" });
      list.append(el("li", { class: span ? "group span" : "group" }, el("div", { class: "when" }, label), group));
    }
    group.append(entryNode(entry, range));
  }
  document.getElementById("status").textContent = entries.length
    ? `${entries.length} event${entries.length === 1 ? "" : "s"}` : "No events match.";
}

async function loadCollections(selected) {
  const select = document.getElementById("collection");
  const response = await fetch("/collections");
  const names = response.ok ? (await response.json()).collections.map((c) => c.name) : [];
  if (!names.includes(selected)) names.unshift(selected);
  select.replaceChildren(...names.map((name) => el("option", { value: name }, name)));
  select.value = selected;
}

async function main() {
  const { page, api } = currentParams();
  fillForm(page);
  const collection = page.get("collection") || document.body.dataset.collection || "default";
  api.set("collection", collection);
  for (const link of document.querySelectorAll("#exports a")) {
    const params = new URLSearchParams(api);
    params.set("format", link.dataset.format);
    link.href = "/timeline?" + params.toString();
  }
  await loadCollections(collection);
  api.set("format", "json");
  const response = await fetch("/timeline?" + api.toString());
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    document.getElementById("status").textContent = "Could not load the timeline: " + (problem.detail || response.status);
    return;
  }
  draw((await response.json()).entries);
  document.body.dataset.ready = "true";
}

main();
