"""An annotated article as a self-contained HTML page: mentions highlighted, with what they resolved to.

Analysts use it to check and correct recognition. Article text is untrusted and is
escaped everywhere; the page loads nothing from the network.
"""

from __future__ import annotations

import html
import json

from marsad.annotate import Annotation
from marsad.model import Article, Mention

COLOURS = {
    "place": "#cfe8ff", "actor": "#ffd8c2", "source": "#e3d7ff", "weapon": "#ffc9c9",
    "quantity": "#d3f5d3", "date": "#fff1b8", "trigger": "#e0e0e0",
}
STYLE = """
body{font:15px/1.6 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
article{white-space:pre-wrap;border:1px solid #ddd;padding:1em;border-radius:6px}
mark{padding:0 .15em;border-radius:3px;cursor:help}
.legend span{display:inline-block;margin-right:.8em;padding:0 .4em;border-radius:3px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:1em}
td,th{border-bottom:1px solid #eee;padding:.2em .4em;text-align:left;vertical-align:top}
code{font-size:12px;color:#555}
"""


def _summary(m: Mention) -> str:
    r = m.resolved or {}
    if m.kind == "place":
        p = r.get("place") or {}
        if not p:
            return f"unresolved: {r.get('name')}"
        return f"{p.get('name')} ({p.get('country_code')}, {p.get('admin1') or '?'}) {p.get('lat')}, {p.get('lon')}; precision {r.get('geo_precision')}"
    return json.dumps(r, ensure_ascii=False, default=str)


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def render_html(items: list[tuple[Article, Annotation]]) -> str:
    """One page for one or more annotated articles."""
    e = html.escape
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>marsad annotate</title><style>", STYLE, "</style></head><body>",
             "<p class='legend'>", *(f"<span style='background:{c}'>{k}</span>" for k, c in COLOURS.items()), "</p>"]
    for article, ann in items:
        text = article.text
        parts.append(f"<h2>{e(article.title or article.id)}</h2>")
        parts.append(f"<p><code>{e(article.id)}</code> · {e(article.outlet or 'unknown outlet')} · "
                     f"published {e(article.published.isoformat() if article.published else 'unknown')} · "
                     f"countries: {e(', '.join(ann.countries) or 'none found')}</p><article>")
        pos = 0
        for m in _non_overlapping(ann.mentions):
            parts.append(e(text[pos:m.start]))
            tip = f"{m.kind}: {_summary(m)} [{m.evidence}]"
            parts.append(f"<mark class='{e(m.kind)}' style='background:{COLOURS.get(m.kind, '#eee')}' "
                         f"title='{e(tip, quote=True)}'>{e(text[m.start:m.end])}</mark>")
            pos = m.end
        parts.append(e(text[pos:]) + "</article>")
        parts.append("<table><tr><th>span</th><th>kind</th><th>as written</th><th>resolved to</th><th>evidence</th></tr>")
        for m in ann.mentions:
            parts.append(f"<tr><td>{m.start}–{m.end}</td><td>{e(m.kind)}</td><td>{e(m.text)}</td>"
                         f"<td>{e(_summary(m))}</td><td><code>{e(m.evidence)}</code></td></tr>")
        parts.append("</table>")
        if ann.aliases:
            parts.append("<h3>Names learned</h3><ul>")
            parts.extend(f"<li><b>{e(a.alias)}</b> = {e(a.place_name)} ({e(a.country_code or '')}): "
                         f"<q>{e(a.evidence)}</q></li>" for a in ann.aliases)
            parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
