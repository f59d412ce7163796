// Upload or paste an article; the token goes in the Authorization header, never in the URL.
"use strict";
(function () {
  const form = document.getElementById("ingest-form");
  const out = document.getElementById("ingest-result");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const token = document.getElementById("ingest-token").value;
    const file = document.getElementById("ingest-file").files[0];
    const text = document.getElementById("ingest-text").value;
    const outlet = document.getElementById("ingest-outlet").value;
    const published = document.getElementById("ingest-published").value;
    let init;
    if (file) {
      const body = new FormData();
      body.append("file", file);
      if (outlet) body.append("outlet", outlet);
      if (published) body.append("published", published);
      init = {method: "POST", body};
    } else {
      const payload = {text};
      if (outlet) payload.outlet = outlet;
      if (published) payload.published = published;
      init = {method: "POST", body: JSON.stringify(payload), headers: {"Content-Type": "application/json"}};
    }
    init.headers = Object.assign(init.headers || {}, {"Authorization": "Bearer " + token, "Accept": "application/json"});
    out.textContent = "ingesting…";
    const r = await fetch("/api/ingest", init);
    const body = await r.json();
    out.replaceChildren();
    if (!r.ok) {
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = `${r.status}: ${body.error}`;
      out.append(p);
      return;
    }
    const p = document.createElement("p");
    p.textContent = `${body.ingested.length} ingested, ${body.unchanged.length} unchanged, ${body.claims ?? 0} claims, ${body.events.length} events:`;
    out.append(p);
    const ul = document.createElement("ul");
    ul.id = "ingest-events";
    for (const id of body.events) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/event/" + encodeURIComponent(id);
      a.textContent = id;
      li.append(a);
      ul.append(li);
    }
    for (const id of body.articles) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/article/" + encodeURIComponent(id);
      a.textContent = "article " + id.slice(0, 12);
      li.append(a);
      ul.append(li);
    }
    out.append(ul);
  });
})();
