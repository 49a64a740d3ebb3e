// The page's model, without the DOM: its state in the URL, dates in words, groups and span bars.
"use strict";

export const FILTERS = ["from", "to", "q", "participant", "source", "document", "min_precision", "flagged"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const FINE_GRAINS = ["second", "minute", "hour", "day"];

// The page's state lives in its URL: collection, filters and merge.
export function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { collection: params.get("collection") || "", merge: params.get("merge") !== "false" };
  for (const name of FILTERS) state[name] = params.get(name) || "";
  if (!state.flagged) state.flagged = "include";
  return state;
}

export function queryOf(state, extra) {
  const params = new URLSearchParams();
  if (state.collection) params.set("collection", state.collection);
  for (const name of FILTERS) {
    if (state[name] && !(name === "flagged" && state[name] === "include")) params.set(name, state[name]);
  }
  if (!state.merge) params.set("merge", "false");
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  return params;
}

export function pageUrl(state) {
  const query = queryOf(state).toString();
  return query ? "/?" + query : "/";
}

export function safeHttpUrl(raw) {
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

export function rangeText(entry) { // "May 21 – 31, 2024", "January 1 – December 31, 2024", or "" for one day
  const first = dayOf(entry.start);
  const last = lastDay(entry);
  if (last.getTime() <= first.getTime()) return "";
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  if (sameYear && first.getUTCMonth() === last.getUTCMonth()) {
    return `${MONTHS[first.getUTCMonth()]} ${first.getUTCDate()} – ${last.getUTCDate()}, ${first.getUTCFullYear()}`;
  }
  return `${dayText(first, !sameYear)} – ${dayText(last, true)}`;
}

export function isSpan(entry) {
  if (!entry.start || !entry.end) return false; // an undated "later" event
  const grain = entry.events[0] && entry.events[0].grain;
  return rangeText(entry) !== "" || (grain && !FINE_GRAINS.includes(grain));
}

// Consecutive entries with the same time shown the same way form one group on the axis.
export function groupEntries(entries) {
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
export function spanBars(groups) {
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
