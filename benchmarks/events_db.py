"""A generated store of N events, for the dashboard and export benchmarks (not a benchmark).

    path = events_db(1_000_000)      # benchmarks/out/events-1000000-v1.db, made once and reused

The schema comes from marsad's migrations (open_store); rows are bulk-inserted with
sqlite3. Each event has one claim, from one of 20,000 articles (50 events each), a
place among 5,000 spread over the Middle East and Africa, a date over ten years, one of
the ACLED types, actors drawn Zipf-like from 300 names, fatalities mostly small with a
long tail, and a status (mostly single_source).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT / "src"))
VERSION = "v1"

TYPES = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Violence against civilians", "Attack"),
         ("Violence against civilians", "Abduction/forced disappearance"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration"), ("Strategic developments", "Looting/property destruction")]
BOXES = [("SY", 32.3, 37.3, 35.7, 42.4), ("IQ", 29.0, 37.0, 38.8, 48.6), ("ML", 11.0, 17.0, -6.0, 4.0),
         ("NG", 10.0, 14.0, 11.0, 15.0), ("SO", -1.0, 8.0, 41.0, 48.0), ("YE", 13.0, 17.0, 43.0, 51.0),
         ("BF", 10.0, 15.0, -5.0, 2.0), ("MZ", -15.0, -10.5, 37.0, 41.0)]
KINDS = ["monitor", "wire", "official", "perpetrator_media", "local_source", "state_media", "independent_media"]
ACTORS = ["Islamic State", "Military Forces of Syria", "Military Forces of Iraq", "JNIM", "Boko Haram (JAS)",
          "al-Shabaab", "Syrian Democratic Forces", "Houthis", "Military Forces of Nigeria", "Wagner Group"]
ACTORS += [f"Armed group {i}" for i in range(290)]
START = dt.date(2015, 1, 1)
DAYS = 3650
PER_ARTICLE = 50


def events_db(n: int, quiet: bool = False) -> Path:
    """The path of a SQLite store holding `n` generated events (built on first use)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"events-{n}-{VERSION}.db"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    t0 = time.perf_counter()
    from marsad.store import open_store

    open_store(f"sqlite:///{partial}").close()  # the schema, from the migrations
    rnd = random.Random(7)
    con = sqlite3.connect(partial)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    places = []
    for i in range(1, 5001):
        cc, s, n_, w, e = BOXES[i % len(BOXES)]
        places.append((i, 10_000_000 + i, f"Place {i}", "[]", round(rnd.uniform(s, n_), 5), round(rnd.uniform(w, e), 5),
                       "P", "PPL", f"{i % 12:02d}", None, cc, rnd.randint(500, 200_000)))
    con.executemany("INSERT INTO places (id, geonameid, name, alternate_names, lat, lon, feature_class, feature_code, "
                    "admin1, admin2, country_code, population) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO sources (id, name, kind) VALUES (?,?,?)",
                    [(i, f"Source {i}", KINDS[i % len(KINDS)]) for i in range(1, 201)])
    n_articles = max(1, n // PER_ARTICLE)
    now = dt.datetime(2025, 1, 1).isoformat(sep=" ")
    con.executemany(
        "INSERT INTO articles (id, url, outlet, title, published, language, text, ingested_at, extracted_by) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        ((f"a{i:039d}", f"https://example.org/{i}", f"Outlet {i % 40}", f"Report {i}",
          (START + dt.timedelta(days=i * DAYS // n_articles)).isoformat(), "en",
          f"Report {i}. Fighters attacked a position; at least {i % 30} people were killed, officials said.",
          now, "rules.v1") for i in range(n_articles)))
    weights = [1 / (k + 1) for k in range(len(ACTORS))]

    def rows():  # noqa: ANN202
        for i in range(n):
            etype, sub = TYPES[rnd.randrange(len(TYPES))]
            day = START + dt.timedelta(days=rnd.randrange(DAYS))
            a1, a2 = rnd.choices(ACTORS, weights, k=2)
            killed = int(rnd.paretovariate(1.3)) - 1 if rnd.random() < 0.8 else None
            low = killed
            high = killed + rnd.randint(0, 5) if killed is not None and rnd.random() < 0.2 else killed
            status = "contested" if rnd.random() < 0.08 else "corroborated" if rnd.random() < 0.15 else "single_source"
            eid, cid = f"ev_{i:016x}", f"c_{i:016x}"
            place = rnd.randint(1, 5000)
            yield (eid, cid, etype, sub, a1, a2, place, day.isoformat(), low, killed, high, status,
                   f"a{i * n_articles // n:039d}", rnd.randint(1, 200), KINDS[i % len(KINDS)])

    batch = []

    def flush() -> None:
        con.executemany(
            "INSERT INTO events (id, event_type, sub_event_type, actor1, actor2, assoc_actors, place_id, geo_precision, "
            "date_start, date_end, time_precision, fatalities_low, fatalities_best, fatalities_high, weapons, status, "
            "notes, extractor) VALUES (?,?,?,?,?,'[]',?,1,?,?,'day',?,?,?,'[]',?,'',?)",
            [(r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[7], r[8], r[9], r[10], r[11], "rules.v1") for r in batch])
        con.executemany(
            "INSERT INTO claims (id, article_id, source_id, source_kind, verb, quote, start, end, event_type, "
            "sub_event_type, actor1, actor2, assoc_actors, place_id, geo_precision, date_start, date_end, "
            "time_precision, weapons, killed_low, killed_high, hedged, evidence, extractor) "
            "VALUES (?,?,?,?,'said',?,0,40,?,?,?,?,'[]',?,1,?,?,'day','[]',?,?,0,?,?)",
            [(r[1], r[12], r[13], r[14], "Fighters attacked a position, officials said.", r[2], r[3], r[4], r[5],
              r[6], r[7], r[7], r[8], r[10], json.dumps({"killed": {"rule": "quantities.v1:exact", "spans": [[0, 9]]}}),
              "rules.v1") for r in batch])
        con.executemany("INSERT INTO event_claims (event_id, claim_id) VALUES (?,?)", [(r[0], r[1]) for r in batch])
        batch.clear()

    for r in rows():
        batch.append(r)
        if len(batch) >= 50_000:
            flush()
    flush()
    con.commit()
    con.execute("ANALYZE")
    con.close()
    partial.replace(path)
    if not quiet:
        print(f"generated {n:,} events into {path} in {time.perf_counter() - t0:.0f} s")
    return path


if __name__ == "__main__":
    events_db(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
