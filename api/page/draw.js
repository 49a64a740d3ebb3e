// Drawing the timeline: every piece of document data reaches the DOM as text (textContent,
// setAttribute), never parsed as HTML; only http(s) URLs become links.
"use strict";

import { groupEntries, isSpan, pageUrl, rangeText, safeHttpUrl, spanBars } from "/page/model.js";

const FLAG_WORDS = {
  negated: "negated", hypothetical: "hypothetical", conditional: "conditional", future: "future",
  anaphoric: "dated by an earlier time", publication_date: "dated by publication", reported: "reported speech",
};


export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
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

export function render(list, data, state) {

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
    const dot = el("li", span ? "marker span" : group.start ? "marker" : "marker later");
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
