// The timeline page: reads the filters from the query string, asks GET /timeline?format=json for the
// merged entries, and draws them on a vertical axis. Every piece of document data reaches the DOM as
// text (textContent, setAttribute): nothing is ever parsed as HTML, and only http(s) URLs become links.
"use strict";

const FILTERS = ["from", "to", "q", "participant", "source", "document", "min_precision", "flagged"];
const EXPORTS = { json: "JSON", csv: "CSV", ics: "iCalendar", timelinejs: "TimelineJS" };
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const FINE_GRAINS = ["second", "minute", "hour", "day"];
const FLAG_WORDS = {
  negated: "negated", hypothetical: "hypothetical", conditional: "conditional", future: "future",
  anaphoric: "dated by an earlier time", publication_date: "dated by publication", reported: "reported speech",
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// The page's state lives in its URL: collection, filters and merge.
function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { collection: params.get("collection") || "", merge: params.get("merge") !== "false" };
  for (const name of FILTERS) state[name] = params.get(name) || "";
  if (!state.flagged) state.flagged = "include";
  return state;
}

function queryOf(state, extra) {
  const params = new URLSearchParams();
  if (state.collection) params.set("collection", state.collection);
  for (const name of FILTERS) {
    if (state[name] && !(name === "flagged" && state[name] === "include")) params.set(name, state[name]);
  }
  if (!state.merge) params.set("merge", "false");
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  return params;
}

function pageUrl(state) {
  const query = queryOf(state).toString();
  return query ? "/?" + query : "/";
}

function safeHttpUrl(raw) {
  if (typeof raw !== "string" || !raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (_error) {
    return null;
  }
}

// ---- dates -------------------------------------------------------------------------------------

function dayOf(iso) { // "2024-05-21T00:00:00+02:00" -> the calendar day as written, in the document's zone
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function lastDay(entry) { // the last day an interval touches: its end is exclusive
  const end = dayOf(entry.end);
  return entry.end.slice(11, 19) === "00:00:00" ? new Date(end.getTime() - 86400000) : end;
}

function dayText(day, withYear) {
  const text = `${MONTHS[day.getUTCMonth()]} ${day.getUTCDate()}`;
  return withYear ? `${text}, ${day.getUTCFullYear()}` : text;
}

function rangeText(entry) { // "May 21 – 31, 2024", "January 1 – December 31, 2024", or "" for one day
  const first = dayOf(entry.start);
  const last = lastDay(entry);
  if (last.getTime() <= first.getTime()) return "";
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  if (sameYear && first.getUTCMonth() === last.getUTCMonth()) {
    return `${MONTHS[first.getUTCMonth()]} ${first.getUTCDate()} – ${last.getUTCDate()}, ${first.getUTCFullYear()}`;
  }
  return `${dayText(first, !sameYear)} – ${dayText(last, true)}`;
}

function isSpan(entry) {
  if (!entry.start || !entry.end) return false; // an undated "later" event
  const grain = entry.events[0] && entry.events[0].grain;
  return rangeText(entry) !== "" || (grain && !FINE_GRAINS.includes(grain));
}

// ---- drawing -----------------------------------------------------------------------------------

// A sentence with its time expression marked, as text nodes only.
function sentenceNode(event) {
  const quote = el("blockquote", "sentence");
  const text = event.sentence || "";
  const span = event.timex_span;
  if (Array.isArray(span) && span.length === 2 && 0 <= span[0] && span[0] < span[1] && span[1] <= text.length) {
    quote.append(document.createTextNode(text.slice(0, span[0])));
    quote.append(el("mark", "timex", text.slice(span[0], span[1])));
    quote.append(document.createTextNode(text.slice(span[1])));
  } else {
    quote.textContent = text;
  }
  return quote;
}

function link(href, text, className) {
  const a = el("a", className, text);
  a.setAttribute("href", href);
  return a;
}

function sourceNode(event) {
  const name = event.source || event.title || `document ${event.document_id}`;
  const url = safeHttpUrl(event.url);
  if (!url) return el("span", "source-name", name);
  const a = el("a", "source-name", name);
  a.setAttribute("href", url);
  a.setAttribute("rel", "noopener noreferrer nofollow");
  a.setAttribute("target", "_blank");
  return a;
}

function reportNode(event, entry, state, showSentence) {
  const item = el("li", "report");
  const line = el("div", "report-line");
  line.append(sourceNode(event));
  if (event.title && event.source) line.append(el("span", "report-title", event.title));
  const quoted = event.timex_text ? `“${event.timex_text}”` : "";
  const differs = event.display_date && event.display_date !== entry.display_date;
  const own = el("span", "report-when", differs ? `${event.display_date} ${quoted}`.trim() : quoted);
  line.append(own);
  const doc = link(pageUrl({ ...state, document: String(event.document_id) }), `doc ${event.document_id}`, "doc-link");
  doc.setAttribute("title", "Only this document's events");
  line.append(doc);
  const tml = link(`/documents/${encodeURIComponent(event.document_id)}/timeml`, "TimeML", "doc-link");
  line.append(tml);
  item.append(line);
  if (showSentence) item.append(sentenceNode(event));
  return item;
}

function flagsNode(event) {
  const flags = (event.flags || []).map(String);
  if (!flags.length) return null;
  const box = el("div", "flags");
  for (const flag of flags) box.append(el("span", `flag flag-${flag.replace(/[^a-z_]/g, "")}`, Object.hasOwn(FLAG_WORDS, flag) ? FLAG_WORDS[flag] : flag));
  return box;
}

function participantsNode(event, state) {
  const names = event.participants || [];
  if (!names.length) return null;
  const box = el("div", "participants");
  for (const name of names) {
    const chip = link(pageUrl({ ...state, participant: name }), name, "chip");
    chip.setAttribute("title", `Only events with ${name}`);
    box.append(chip);
  }
  return box;
}

function conflictNode(entry, keyOf) {
  const box = el("div", "conflict");
  box.append(el("p", "conflict-title", "Sources disagree on the date"));
  const sides = el("div", "conflict-sides");
  const mine = el("div", "side");
  mine.append(el("span", "side-when", entry.display_date));
  mine.append(el("span", "side-who", entry.sources.join(", ")));
  sides.append(mine);
  for (const other of entry.conflicts) {
    const side = el("div", "side other");
    const target = keyOf.get(other.id);
    const when = target ? link(`#${target}`, other.display_date, "side-when") : el("span", "side-when", other.display_date);
    side.append(when);
    side.append(el("span", "side-who", other.source || other.title || `document ${other.document_id}`));
    side.append(el("span", "side-text", other.text));
    sides.append(side);
  }
  box.append(sides);
  return box;
}

function entryNode(entry, state, keyOf) {
  const primary = entry.events[0];
  const card = el("article", "entry");
  card.id = entry.key;
  if (entry.conflicts.length) card.classList.add("has-conflict");
  card.append(el("h3", "headline", entry.text));
  card.append(sentenceNode(primary));
  const flags = flagsNode(primary);
  if (flags) card.append(flags);
  const people = participantsNode(primary, state);
  if (people) card.append(people);
  const reports = el("ul", "reports");
  entry.events.forEach((event, index) => reports.append(reportNode(event, entry, state, index > 0)));
  if (entry.events.length > 1) {
    card.classList.add("merged");
    card.append(el("p", "merged-note", `Reported by ${entry.events.length} documents`));
  }
  card.append(reports);
  if (entry.conflicts.length) card.append(conflictNode(entry, keyOf));
  return card;
}

// Consecutive entries with the same time shown the same way form one group on the axis.
function groupEntries(entries) {
  const groups = [];
  for (const entry of entries) {
    const last = groups[groups.length - 1];
    if (last && last.when === entry.display_date && last.start === entry.start && last.end === entry.end) {
      last.entries.push(entry);
    } else {
      groups.push({ when: entry.display_date, start: entry.start, end: entry.end, entries: [entry] });
    }
  }
  return groups;
}

// Each imprecise group gets a bar beside the axis running down over every later group that starts
// inside its span; bars that would overlap take separate lanes.
function spanBars(groups) {
  const bars = [];
  const laneEnds = [];
  groups.forEach((group, index) => {
    if (!group.start || !group.end || !isSpan(group.entries[0])) return;
    const end = Date.parse(group.end);
    let last = index;
    while (last + 1 < groups.length && (!groups[last + 1].start || Date.parse(groups[last + 1].start) < end)) last += 1;
    let lane = laneEnds.findIndex((busyUntil) => busyUntil < index);
    if (lane === -1) { lane = laneEnds.length; laneEnds.push(last); } else { laneEnds[lane] = last; }
    bars.push({ group, first: index, last, lane });
  });
  return { bars, lanes: Math.max(1, laneEnds.length) };
}

function render(data, state) {
  const list = $("timeline");
  list.replaceChildren();
  const groups = groupEntries(data.entries);
  const { bars, lanes } = spanBars(groups);
  list.style.setProperty("--lanes", String(lanes));
  const keyOf = new Map();
  for (const entry of data.entries) for (const event of entry.events) keyOf.set(event.id, entry.key);

  const axis = el("li", "axis");
  axis.setAttribute("aria-hidden", "true");
  axis.style.gridRow = `1 / ${groups.length + 1}`;
  list.append(axis);
  groups.forEach((group, index) => {
    const row = String(index + 1);
    const item = el("li", "group");
    item.style.gridRow = row;
    const span = isSpan(group.entries[0]);
    const heading = el("h2", "group-date");
    heading.append(el("span", "when", group.when));
    const range = group.start ? rangeText(group.entries[0]) : "";
    if (range) heading.append(el("span", "range", range));
    item.append(heading);
    for (const entry of group.entries) item.append(entryNode(entry, state, keyOf));
    const dot = el("li", span ? "marker span" : "marker");
    dot.setAttribute("aria-hidden", "true");
    dot.style.gridRow = row;
    list.append(dot, item);
  });
  for (const bar of bars) {
    const node = el("li", "bar");
    node.setAttribute("aria-hidden", "true");
    const range = rangeText(bar.group.entries[0]);
    node.setAttribute("title", range ? `${bar.group.when}: ${range}` : bar.group.when);
    node.style.gridRow = `${bar.first + 1} / ${bar.last + 2}`;
    node.style.gridColumn = String(bar.lane + 1);
    list.append(node);
  }
}

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
  render(data, state);
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
