// Events per week as stacked bars (by type or actor), fatalities per week as a line (best)
// with a band (low to high), drawn in SVG.
"use strict";
(function () {
  const svg = document.getElementById("timeline");
  const legend = document.getElementById("timeline-legend");
  const by = document.getElementById("timeline-by");
  const NS = "http://www.w3.org/2000/svg";
  function node(name, attrs, parent) {
    const n = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    parent.append(n);
    return n;
  }
  async function draw() {
    const q = marsad.filterQuery();
    q.set("by", by.value);
    const data = await marsad.getJSON("/timeline.json?" + q.toString());
    svg.replaceChildren();
    legend.replaceChildren();
    const W = svg.clientWidth || 900, H = 220, pad = {l: 40, r: W < 500 ? 60 : 90, t: 10, b: 30};
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const n = data.weeks.length;
    if (!n) { node("text", {x: 10, y: 20}, svg).textContent = "no dated events"; return; }
    const keys = Object.keys(data.series);
    const totals = data.weeks.map((_, i) => keys.reduce((s, k) => s + data.series[k][i], 0));
    const maxN = Math.max(1, ...totals), maxF = Math.max(1, ...data.fatalities.high, ...data.fatalities.best);
    const bw = (W - pad.l - pad.r) / n;
    const y = (v) => H - pad.b - (v / maxN) * (H - pad.t - pad.b);
    const yf = (v) => H - pad.b - (v / maxF) * (H - pad.t - pad.b);
    keys.forEach((k, ki) => {
      const colour = marsad.colourOf(k, by.value === "actor" ? ki : undefined);
      const item = document.createElement("span");
      const dot = document.createElement("i");
      dot.style.background = colour;
      item.append(dot, document.createTextNode(" " + k + " "));
      legend.append(item);
      data.weeks.forEach((w, i) => {
        const below = keys.slice(0, ki).reduce((s, kk) => s + data.series[kk][i], 0);
        const v = data.series[k][i];
        if (!v) return;
        const r = node("rect", {x: pad.l + i * bw + 1, y: y(below + v), width: Math.max(1, bw - 2),
          height: y(below) - y(below + v), fill: colour, class: "bar"}, svg);
        node("title", {}, r).textContent = `week of ${w}: ${v} ${k}`;
      });
    });
    const xs = data.weeks.map((_, i) => pad.l + (i + 0.5) * bw);
    const band = xs.map((x, i) => `${x},${yf(data.fatalities.high[i])}`).concat(
      xs.map((x, i) => `${x},${yf(data.fatalities.low[i])}`).reverse()).join(" ");
    node("polygon", {points: band, fill: "rgba(0,0,0,0.12)", class: "fatality-band"}, svg);
    node("polyline", {points: xs.map((x, i) => `${x},${yf(data.fatalities.best[i])}`).join(" "), fill: "none",
      stroke: "#000", "stroke-width": 1.5, class: "fatality-line"}, svg);
    node("line", {x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, stroke: "#999"}, svg);
    node("text", {x: 2, y: pad.t + 10, class: "axis"}, svg).textContent = String(maxN);
    node("text", {x: W - pad.r + 2, y: pad.t + 10, class: "axis"}, svg).textContent = String(maxF) + " killed";
    const step = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(W / 110))));  // labels ~110 px apart
    data.weeks.forEach((w, i) => {
      if (i % step === 0) node("text", {x: xs[i], y: H - 10, "text-anchor": "middle", class: "axis"}, svg).textContent = w;
    });
    const line = document.createElement("span");
    line.textContent = "— killed per week (best), band: low to high";
    legend.append(line);
  }
  by.addEventListener("change", draw);
  draw().catch((e) => { svg.replaceChildren(); node("text", {x: 10, y: 20}, svg).textContent = "timeline: " + e.message; });
})();
