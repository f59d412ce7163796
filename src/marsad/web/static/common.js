// Shared helpers. Every name and text that came from an article is untrusted: it goes
// into the page as text (textContent) or through esc(), never as markup.
"use strict";
const marsad = {
  esc(value) {
    return String(value ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  },
  // One colour per event type, from the server (marsad.export.TYPE_COLOURS), as the report has them.
  TYPE_COLOURS: JSON.parse(document.body.dataset.typeColours || "{}"),
  PALETTE: ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"],
  colourOf(key, index) {
    if (key in marsad.TYPE_COLOURS) return marsad.TYPE_COLOURS[key];
    let h = 0;
    for (const ch of String(key)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return marsad.PALETTE[(index ?? h) % marsad.PALETTE.length];
  },
  // The page's filters (its query string) without paging: shared by the map and the timeline.
  filterQuery() {
    const q = new URLSearchParams(window.location.search);
    for (const k of ["limit", "offset", "bbox", "by", "at"]) q.delete(k);
    for (const [k, v] of [...q.entries()]) if (v === "") q.delete(k);
    return q;
  },
  async getJSON(url) {
    const r = await fetch(url, {headers: {"Accept": "application/json"}});
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  },
};

// A filter form leaves its empty fields out of the URL, so a shared view reads cleanly.
document.addEventListener("submit", (ev) => {
  const form = ev.target;
  if (!(form instanceof HTMLFormElement) || form.id !== "filters") return;
  for (const el of form.elements) {
    if (el.name && el.value === "") el.disabled = true;
  }
  setTimeout(() => { for (const el of form.elements) el.disabled = false; }, 0);
});
