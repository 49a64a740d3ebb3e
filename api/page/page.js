// The timeline page: reads the filters from the query string, asks GET /timeline?format=json for the
// merged entries, and draws them on a vertical axis (draw.js). No framework, no build step.
"use strict";

import { el, render } from "/page/draw.js";
import { FILTERS, pageUrl, queryOf, readState } from "/page/model.js";

const EXPORTS = { json: "JSON", csv: "CSV", ics: "iCalendar", timelinejs: "TimelineJS" };
const $ = (id) => document.getElementById(id);

function summarise(data) {
  const reports = data.entries.reduce((n, entry) => n + entry.events.length, 0);
  const documents = new Set(data.entries.flatMap((entry) => entry.events.map((e) => e.document_id))).size;
  const conflicts = data.entries.filter((entry) => entry.conflicts.length).length;
  const parts = [`${data.count} event${data.count === 1 ? "" : "s"}`];
  if (reports !== data.count) parts.push(`from ${reports} reports`);
  parts.push(`in ${documents} document${documents === 1 ? "" : "s"}`);
  if (conflicts) parts.push(`${conflicts} with conflicting dates`);
  return parts.join(" · ");
}

function fillDatalists(data) {
  const participants = new Set();
  const sources = new Set();
  for (const entry of data.entries) {
    for (const event of entry.events) {
      (event.participants || []).forEach((name) => participants.add(name));
      if (event.source) sources.add(event.source);
    }
  }
  for (const [id, values] of [["participants", participants], ["sources", sources]]) {
    const list = $(id);
    list.replaceChildren(...[...values].sort().map((value) => { const o = el("option"); o.value = value; return o; }));
  }
}

function showForm(state) {
  for (const name of FILTERS) $(`f-${name}`).value = state[name];
  const active = FILTERS.filter((name) => state[name] && !(name === "flagged" && state[name] === "include")).length;
  $("active-filters").textContent = active ? `(${active} active)` : "";
  $("f-merge").checked = state.merge;
  for (const a of $("exports").querySelectorAll("a[data-format]")) {
    a.setAttribute("href", "/timeline?" + queryOf(state, { format: a.dataset.format }).toString());
    a.setAttribute("title", `Download this timeline as ${EXPORTS[a.dataset.format]}`);
  }
}

async function problemText(response) {
  try {
    const body = await response.json();
    if (Array.isArray(body.detail)) {
      return body.detail.map((d) => `${(d.loc || []).filter((p) => p !== "query").join(".") || "query"}: ${d.msg}`).join("; ");
    }
    return String(body.detail || response.statusText);
  } catch (_error) {
    return `${response.status} ${response.statusText}`;
  }
}

async function loadCollections(state) {
  const picker = $("collection");
  let names = [];
  try {
    const response = await fetch("/collections", { headers: { Accept: "application/json" } });
    if (response.ok) names = (await response.json()).collections;
  } catch (_error) { /* the picker then shows just the current collection */ }
  if (!state.collection) {
    const busiest = names.filter((c) => c.events > 0)[0];
    state.collection = busiest ? busiest.name : "default";
    window.history.replaceState(null, "", pageUrl(state));
  }
  if (!names.some((c) => c.name === state.collection)) names.push({ name: state.collection, events: 0, documents: 0 });
  picker.replaceChildren(...names.map((c) => {
    const option = el("option", null, `${c.name} (${c.documents} document${c.documents === 1 ? "" : "s"})`);
    option.value = c.name;
    return option;
  }));
  picker.value = state.collection;
}

let loading = 0;
async function load(state) {
  const ticket = ++loading;
  showForm(state);
  $("title").textContent = state.collection;
  document.title = `${state.collection} · chronicle`;
  $("status").textContent = "Loading…";
  $("status").classList.remove("error");
  let data;
  try {
    const response = await fetch("/timeline?" + queryOf(state, { format: "json" }).toString(),
      { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await problemText(response));
    data = await response.json();
  } catch (error) {
    if (ticket !== loading) return;
    $("timeline").replaceChildren();
    $("summary").textContent = "";
    $("status").textContent = `Could not load the timeline: ${error.message}`;
    $("status").classList.add("error");
    return;
  }
  if (ticket !== loading) return;
  render($("timeline"), data, state);
  fillDatalists(data);
  $("summary").textContent = summarise(data);
  $("status").textContent = data.count ? "" : "No events match these filters.";
}

function formState() {
  const state = { collection: $("collection").value, merge: $("f-merge").checked };
  for (const name of FILTERS) state[name] = $(`f-${name}`).value.trim();
  return state;
}

function go(state) {
  window.history.pushState(null, "", pageUrl(state));
  load(state);
}

document.addEventListener("DOMContentLoaded", async () => {
  const state = readState();
  const active = FILTERS.some((name) => state[name] && !(name === "flagged" && state[name] === "include"));
  if (window.matchMedia("(max-width: 40rem)").matches && !active) $("filter-box").open = false;
  await loadCollections(state);
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); go(formState()); });
  $("collection").addEventListener("change", () => go({ ...formState(), document: "", source: "", participant: "" }));
  $("clear").addEventListener("click", () => go({ collection: $("collection").value, merge: true, flagged: "include" }));
  window.addEventListener("popstate", () => { const s = readState(); $("collection").value = s.collection; load(s); });
  load(state);
});
