// The map: events (points, or grid cells when many) under the page's filters, or who held
// each place on the slider's date. The offline basemap is land drawn from the gazetteer;
// tiles come on top when a tile URL is set and the network allows.
"use strict";
(function () {
  const el = document.getElementById("map");
  const status = document.getElementById("map-status");
  const legend = document.getElementById("legend");
  const map = L.map(el, {worldCopyJump: true, preferCanvas: false}).setView([25, 30], 3);
  const tileUrl = el.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, {maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"}).addTo(map);
  }
  const land = L.layerGroup().addTo(map);
  const events = L.layerGroup().addTo(map);
  const control = L.layerGroup();
  const landRenderer = L.canvas({padding: 0.5});

  marsad.getJSON("/basemap.json").then((b) => {
    const d = b.degrees;
    for (const [lat, lon] of b.cells) {
      L.rectangle([[lat, lon], [lat + d, lon + d]], {renderer: landRenderer, stroke: false, fillColor: "#d8d4c8",
        fillOpacity: 1, interactive: false}).addTo(land);
    }
  }).catch(() => {});

  function bboxParam() {
    const b = map.getBounds();
    const f = (x) => x.toFixed(4);
    return [f(Math.max(b.getSouth(), -90)), f(b.getWest()), f(Math.min(b.getNorth(), 90)), f(b.getEast())].join(",");
  }

  function showLegend(entries) {
    legend.replaceChildren();
    for (const [name, colour] of entries) {
      const item = document.createElement("span");
      const dot = document.createElement("i");
      dot.style.background = colour;
      item.append(dot, document.createTextNode(" " + name + " "));
      legend.append(item);
    }
  }

  let seq = 0;
  let fitted = false;
  async function loadEvents() {
    const mine = ++seq;
    const q = marsad.filterQuery();
    q.set("bbox", bboxParam());
    let data;
    try {
      data = await marsad.getJSON("/map.json?" + q.toString());
    } catch (e) {
      status.textContent = "map: " + e.message;
      return;
    }
    if (mine !== seq) return;
    events.clearLayers();
    const seen = new Map();
    for (const ft of data.features) {
      const p = ft.properties;
      const [lon, lat] = ft.geometry.coordinates;
      const type = p.event_type || "unknown";
      const colour = marsad.colourOf(type);
      seen.set(type, colour);
      if (p.kind === "cell") {
        const m = L.circleMarker([lat, lon], {radius: 6 + 3 * Math.log2(p.count), color: "#333", weight: 1,
          fillColor: colour, fillOpacity: 0.7, className: "cell-marker"});
        m.bindTooltip(String(p.count), {permanent: true, direction: "center", className: "cell-label"});
        m.bindPopup(`<b>${p.count} events</b><br>${p.fatalities} killed (best figures)<br>` +
          Object.entries(p.types).map(([t, n]) => `${marsad.esc(t)}: ${n}`).join("<br>"));
        m.on("dblclick", () => map.setView([lat, lon], map.getZoom() + 2));
        m.addTo(events);
      } else {
        const r = 4 + 1.5 * Math.sqrt(p.fatalities || 0);
        const m = L.circleMarker([lat, lon], {radius: Math.min(r, 22), color: "#222", weight: 1, fillColor: colour,
          fillOpacity: 0.75, className: "event-marker event-" + p.event_id});
        m.bindPopup(`<a href="/event/${encodeURIComponent(p.event_id)}">${marsad.esc(p.date || "?")} · ${marsad.esc(type)}</a>` +
          `<br>${marsad.esc(p.actor1 || "?")} against ${marsad.esc(p.actor2 || "?")}` +
          `<br>${marsad.esc(p.place || "")} · killed ${p.fatalities ?? "?"} · ${marsad.esc(p.status)}`);
        m.addTo(events);
      }
    }
    showLegend([...seen.entries()]);
    if (!fitted && data.features.length) {  // first view: the events' extent
      fitted = true;
      const bounds = L.latLngBounds(data.features.map((ft) => [ft.geometry.coordinates[1], ft.geometry.coordinates[0]]));
      map.fitBounds(bounds.pad(0.2), {maxZoom: 8});
    }
    status.textContent = data.aggregated ? `${data.features.length} cells (zoom in for events)` :
      `${data.features.length} events on the map`;
    el.dataset.loaded = String(mine);
  }

  // -- control over time --------------------------------------------------------------
  const slider = document.getElementById("control-slider");
  const dateOut = document.getElementById("control-date");
  const from = new Date(el.dataset.controlFrom + "T00:00:00Z");
  const to = new Date(el.dataset.controlTo + "T00:00:00Z");
  const days = Math.max(1, Math.round((to - from) / 86400000));
  slider.max = String(days);
  slider.value = String(days);
  function sliderDate() {
    const d = new Date(from.getTime() + Number(slider.value) * 86400000);
    return d.toISOString().slice(0, 10);
  }
  const actorColours = new Map();
  function actorColour(actor) {
    if (actor === null) return "#ffffff";
    if (!actorColours.has(actor)) actorColours.set(actor, marsad.PALETTE[actorColours.size % marsad.PALETTE.length]);
    return actorColours.get(actor);
  }
  let cseq = 0;
  async function loadControl() {
    const mine = ++cseq;
    const at = sliderDate();
    dateOut.textContent = at;
    let data;
    try {
      data = await marsad.getJSON("/control.json?at=" + at);
    } catch (e) {
      status.textContent = "control: " + e.message;
      return;
    }
    if (mine !== cseq) return;
    control.clearLayers();
    const seen = new Map();
    for (const p of data.places) {
      if (p.lat === null) continue;
      const colour = actorColour(p.actor);
      seen.set(p.actor === null ? "unknown (no dated change yet)" : p.actor, colour);
      const m = L.circleMarker([p.lat, p.lon], {radius: 9, color: "#111", weight: 2, fillColor: colour, fillOpacity: 0.9,
        className: "control-marker control-" + p.place_id});
      m.bindPopup(`<b>${marsad.esc(p.place)}</b> on ${at}: ${marsad.esc(p.actor ?? "unknown")}` +
        (p.since ? ` since ${p.since}` : "") + `<br><a href="/control/${p.place_id}">history with evidence</a>`);
      m.addTo(control);
    }
    showLegend([...seen.entries()]);
    status.textContent = `${data.total} places with a control history`;
    el.dataset.controlLoaded = at;
  }

  function setMode(mode) {
    if (mode === "control") {
      map.removeLayer(events);
      control.addTo(map);
      slider.disabled = false;
      loadControl();
    } else {
      map.removeLayer(control);
      events.addTo(map);
      slider.disabled = true;
      dateOut.textContent = "";
      loadEvents();
    }
  }
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener("change", () => setMode(radio.value));
  }
  slider.addEventListener("input", loadControl);
  map.on("moveend", () => { if (map.hasLayer(events)) loadEvents(); });
  window.marsadMap = map;
  loadEvents();
})();
