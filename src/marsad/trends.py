"""Weekly trends and surge alerts over the stored events (`marsad trends`).

Events are counted per ISO week (Monday first, by their first day) and per key: actor
(actor1), country, or province (admin1), or a combination of them ("actor,country": the
events of each actor in each country, keyed "Islamic State in SY"). A week's count for a key is a **surge** when

- it is at least `min_count` (default 5): a handful of events is not a trend, and
- under a Poisson model whose mean is the key's average weekly count over the
  `baseline` weeks before it (default 8; a mean below 0.5 is taken as 0.5, so a key
  that was silent still needs several events), the probability of a count at least
  this high is below `alpha` (default 0.01): p = P(X >= k | Poisson(mean)).

The ratio reported is the week's count over that mean ("3.1x the 8-week baseline").
Weeks before the key's first event count as zeros only within the baseline window
the store covers; no week after the last stored event is invented.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from marsad.store import schema
from marsad.store.events import EventFilter, events_from, filtered

KEYS = ("actor", "country", "admin1")
MIN_MEAN = 0.5


@dataclass
class Trend:
    key: str
    week: dt.date  # the Monday
    count: int
    baseline_mean: float
    ratio: float
    p_value: float
    surge: bool

    def as_dict(self) -> dict:
        return {"key": self.key, "week": self.week.isoformat(), "count": self.count,
                "baseline_mean": round(self.baseline_mean, 3), "ratio": round(self.ratio, 2),
                "p_value": self.p_value, "surge": self.surge}


def week_of(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def poisson_sf(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean), summed in log space (no SciPy needed)."""
    if k <= 0:
        return 1.0
    below = sum(math.exp(i * math.log(mean) - mean - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, min(1.0, 1.0 - below))


def surge_test(history: list[int], count: int, min_count: int = 5, alpha: float = 0.01) -> tuple[float, float, float, bool]:
    """(baseline mean, ratio, p-value, surge) for `count` after the weekly counts `history`."""
    mean = max(sum(history) / len(history), MIN_MEAN) if history else MIN_MEAN
    p = poisson_sf(count, mean)
    return mean, count / mean, p, count >= min_count and p < alpha


def parse_by(by: str) -> tuple[str, ...]:
    """"actor,country" -> ("actor", "country"); refuses a key that is not one of KEYS."""
    keys = tuple(k.strip() for k in by.split(",") if k.strip())
    bad = [k for k in keys if k not in KEYS]
    if bad or not keys or len(set(keys)) != len(keys):
        raise ValueError(f"trends by {by!r}: use one of {', '.join(KEYS)}, or several joined by commas (actor,country)")
    return keys


def weekly_counts(conn: Connection, f: EventFilter, by: str) -> dict[str, dict[dt.date, int]]:
    """key -> week -> number of events, for the events matching `f` (dated ones, with
    every key known). A combined key reads "actor in country in admin1"."""
    keys = parse_by(by)
    ev, pl = schema.events, schema.places
    columns = [{"actor": ev.c.actor1, "country": pl.c.country_code, "admin1": pl.c.admin1}[k] for k in keys]
    joined = ev.outerjoin(pl, pl.c.id == ev.c.place_id) if keys != ("actor",) else events_from(f)
    q = filtered(sa.select(ev.c.date_start, *columns, sa.func.count().label("n")).select_from(joined), f)
    q = q.where(ev.c.date_start.is_not(None), *[c.is_not(None) for c in columns]).group_by(ev.c.date_start, *columns)
    out: dict[str, dict[dt.date, int]] = {}
    for r in conn.execute(q):
        weeks = out.setdefault(" in ".join(str(v) for v in r[1:-1]), {})
        w = week_of(r.date_start)
        weeks[w] = weeks.get(w, 0) + r.n
    return out


def trends(conn: Connection, f: EventFilter, by: str = "actor", week: dt.date | None = None, baseline: int = 8,
           min_count: int = 5, alpha: float = 0.01) -> list[Trend]:
    """Each key's count in `week` (default: the latest week with an event) against its
    trailing `baseline` weeks; surges first, then by p-value."""
    counts = weekly_counts(conn, f, by)
    all_weeks = [w for weeks in counts.values() for w in weeks]
    if not all_weeks:
        return []
    return week_trends(counts, week_of(week) if week else max(all_weeks), baseline, min_count, alpha)


def week_trends(counts: dict[str, dict[dt.date, int]], target: dt.date, baseline: int = 8, min_count: int = 5,
                alpha: float = 0.01) -> list[Trend]:
    """The trends of the week `target` (a Monday) from `weekly_counts`; surges first."""
    all_weeks = [w for weeks in counts.values() for w in weeks]
    if not all_weeks:
        return []
    first = min(all_weeks)
    window = [target - dt.timedelta(weeks=i) for i in range(baseline, 0, -1)]
    window = [w for w in window if w >= first]  # weeks the store covers
    out = []
    for key, weeks in counts.items():
        count = weeks.get(target, 0)
        if not count:
            continue
        mean, ratio, p, surge = surge_test([weeks.get(w, 0) for w in window], count, min_count, alpha)
        out.append(Trend(key, target, count, mean, ratio, p, surge))
    out.sort(key=lambda t: (not t.surge, t.p_value, -t.count, t.key))
    return out
