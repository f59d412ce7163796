"""The situation report's figures, drawn with matplotlib as SVG text (no display, no network).

    weekly_chart(timeline(conn, f))          # events per week by type, fatalities with a band
    event_map(points, land)                  # events over the gazetteer's land cells

Colours are the dashboard's (marsad.export.TYPE_COLOURS): one per ACLED event type.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import matplotlib

from marsad.export import TYPE_COLOURS

matplotlib.use("Agg")  # before pyplot: files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

OTHER = TYPE_COLOURS["unknown"]
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "svg.hashsalt": "marsad",
                     "axes.spines.top": False, "axes.spines.right": False})


def colour(event_type: str | None) -> str:
    return TYPE_COLOURS.get(event_type or "", OTHER)


def _svg(fig) -> str:  # noqa: ANN001
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def weekly_chart(tl: dict) -> str | None:
    """Two panels over the same weeks: events stacked by type, and fatalities (the sum of
    the events' best figures, with the band between the sums of their low and high)."""
    if not tl["weeks"]:
        return None
    weeks = [dt.date.fromisoformat(w) for w in tl["weeks"]]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 3.8), sharex=True, height_ratios=(3, 2))
    base = [0] * len(weeks)
    for name, counts in tl["series"].items():
        top.bar(weeks, counts, width=6, bottom=base, color=colour(name), label=name, align="edge")
        base = [b + c for b, c in zip(base, counts)]
    top.set_ylabel("events per week")
    top.legend(fontsize=7, frameon=False, loc="upper left", ncols=2)
    fat = tl["fatalities"]
    mid = [w + dt.timedelta(days=3) for w in weeks]
    bottom.fill_between(mid, fat["low"], fat["high"], step="mid", color="#c0392b", alpha=0.18, linewidth=0,
                        label="low – high")
    bottom.step(mid, fat["best"], where="mid", color="#c0392b", linewidth=1.2, label="best")
    bottom.set_ylabel("killed per week")
    bottom.legend(fontsize=7, frameon=False, loc="upper left", ncols=2)
    for ax in (top, bottom):
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
    fig.autofmt_xdate()
    return _svg(fig)


def view(points: list[dict]) -> tuple[float, float, float, float]:
    """(south, west, north, east) around the points, padded, at least 2 degrees a side."""
    lats, lons = [p["lat"] for p in points], [p["lon"] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max((north - south) * 0.12, 1.0 - (north - south) / 2, 0.3)
    pad_lon = max((east - west) * 0.12, 1.0 - (east - west) / 2, 0.3)
    return (max(south - pad_lat, -85), max(west - pad_lon, -180), min(north + pad_lat, 85), min(east + pad_lon, 180))


def event_map(points: list[dict], land: list[tuple[float, float, str | None]], cell: float,
              countries: set[str], labels: list[dict]) -> str | None:
    """Events (dicts with lat, lon, fatalities, event_type) as circles sized by fatalities
    and coloured by type, over `land` cells of `cell` degrees (darker in `countries`);
    `labels` (lat, lon, name) are written beside their points."""
    if not points:
        return None
    south, west, north, east = view(points)
    aspect = 1 / max(math.cos(math.radians((south + north) / 2)), 0.2)  # equirectangular, true at the centre
    width = 7.2
    height = min(max(width * (north - south) * aspect / max(east - west, 1e-6), 2.5), 7.5)
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_facecolor("#eef3f7")
    for lat, lon, cc in land:
        ax.add_patch(Rectangle((lon, lat), cell, cell, linewidth=0,
                               facecolor="#d5d0c4" if cc and cc in countries else "#e8e4da"))
    by_size = sorted(points, key=lambda p: -(p.get("fatalities") or 0))
    ax.scatter([p["lon"] for p in by_size], [p["lat"] for p in by_size],
               s=[14 + 9 * math.sqrt(p.get("fatalities") or 0) for p in by_size],
               c=[colour(p.get("event_type")) for p in by_size], alpha=0.75, edgecolors="white", linewidths=0.6,
               zorder=3)
    for p in labels:
        ax.annotate(p["name"], (p["lon"], p["lat"]), xytext=(4, 3), textcoords="offset points", fontsize=7,
                    zorder=4, color="#222")
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect)
    ax.tick_params(labelsize=6, colors="#666")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    types = sorted({p.get("event_type") or "" for p in points}, key=lambda t: (t not in TYPE_COLOURS, t))
    for t in types:
        ax.scatter([], [], s=30, c=colour(t), label=t or "type not known")
    ax.legend(fontsize=6.5, frameon=True, framealpha=0.85, loc="lower left")
    return _svg(fig)
