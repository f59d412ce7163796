"""Geocoding: a place as written -> a gazetteer place, a geo precision, and why.

    geocode("the outskirts of Dayr az Zawr", gaz, Context(countries=["SY"]))
    -> Resolution(place=Deir ez-Zor, geo_precision=2, relation="outskirts of", ...)

Steps: (1) `parse_phrase` separates the name from the words around it — relations
("near", "west of", "the outskirts of", "X's eastern countryside") and feature words
("the X gas field", "the town of X", "X village"); (2) the gazetteer proposes
candidates that share the name's key or skeleton; (3) each is scored on the
evidence below and the best wins. Every score keeps its reasons, so `marsad place`
can show why a candidate lost.

Scores (weights chosen so that context beats fame: a village in the article's
country outranks a city of millions elsewhere with the same name):
  +4   in a country the article names (+1 more for the article's main country)
  +2   in a province the article names
  +2   within 150 km of another place the article names
  +2   same name up to spelling (key); +1 same skeleton (a transliteration variant);
       +0.5 the name is only an airport code of it ("GAO" for Guantánamo)
  +1.5 feature fits the words around the name (airbase, oil field, village ...)
  +0..1.3 population, log-scaled (a tie-breaker)
  +0..0.5 the candidate's own name written like the text's (rapidfuzz ratio; homonyms in the
         article's countries)
  -1   skeleton match whose spelling is far from the written name (rapidfuzz ratio < 75)
  -1.5 an administrative region when the text has no region word ("province", "governorate")
  (skeleton matches below MIN_VARIANT_SIMILARITY are not candidates at all)

Geo precision (DESIGN §4): 1 the place itself; 2 near or part of it ("near X",
"west of X", "the outskirts of X"); 3 a region or province.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from marsad.model import Place
from marsad.resolve.gazetteer import Candidate, Gazetteer
from marsad.resolve.names import name_key, name_keys

# Words around a name that say what kind of place it is, as GeoNames feature codes.
FEATURE_WORDS = {
    "airbase": {"AIRB", "AIRF", "AIRP", "MILB"}, "air base": {"AIRB", "AIRF", "AIRP", "MILB"},
    "airport": {"AIRP", "AIRF", "AIRB"}, "airfield": {"AIRF", "AIRB", "AIRP"}, "military airport": {"AIRB", "AIRP"},
    "oil field": {"OILF"}, "oilfield": {"OILF"}, "gas field": {"GASF", "OILF"}, "gasfield": {"GASF", "OILF"},
    "field": {"OILF", "GASF"}, "fields": {"OILF", "GASF"},
    "checkpoint": {"CKPT"}, "base": {"MILB", "AIRB"}, "military base": {"MILB"}, "barracks": {"BRKS", "MILB"},
    "dam": {"DAM"}, "reservoir": {"RSV", "DAM"}, "prison": {"PRN"}, "camp": {"CMP", "CMPRF"},
    "village": {"PPL", "PPLL", "PPLQ", "PPLF"}, "town": {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4"},
    "city": {"PPL", "PPLA", "PPLA2", "PPLC"}, "suburb": {"PPLX", "PPL"}, "neighbourhood": {"PPLX"},
    "neighborhood": {"PPLX"}, "district": {"ADM2", "ADM3", "PPLX"}, "sub-district": {"ADM3"},
    "governorate": {"ADM1"}, "province": {"ADM1"}, "state": {"ADM1"}, "region": {"ADM1", "RGN"},
    "desert": {"DSRT"}, "mountain": {"MT"}, "mount": {"MT"}, "hill": {"HLL"}, "hills": {"HLLS"},
    "island": {"ISL"}, "islands": {"ISLS"}, "farm": {"FRM", "PPL"}, "farms": {"FRM", "PPL"}, "area": set(),
    "countryside": set(), "outskirts": set(), "plain": {"PLN"}, "bridge": {"BDG"}, "crossing": {"PSTB"},
}
# Feature words that mean the place is a region, not a point (geo precision 3).
REGION_WORDS = {"governorate", "province", "state", "region", "desert", "countryside", "islands", "plain"}
REGION_CODES = {"ADM1", "RGN", "DSRT", "PCLI", "ISLS", "PLN"}

_FEATURE_ALT = "|".join(sorted((re.escape(w) for w in FEATURE_WORDS), key=len, reverse=True))
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
# Relations before a name: "near", "west of", "the outskirts of", "the eastern countryside of".
RELATION_BEFORE = re.compile(
    rf"^(?:(?:in|at|on|into|from|to|around)\s+)?(?:the\s+)?(?P<rel>near|outside|around|close to|"
    rf"(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?{_DIRECTION}\s+of|(?:the\s+)?(?:outskirts|edge|vicinity|"
    rf"(?:{_DIRECTION}\s+)?countryside|(?:{_DIRECTION}\s+)?(?:part|suburbs?|entrance))\s+of|between)\s+",
    re.I,
)
# "the town of X", "the X gas field", "X village", "X's eastern countryside", "the X desert".
FEATURE_BEFORE = re.compile(rf"^(?:the\s+)?(?P<feat>{_FEATURE_ALT})\s+of\s+", re.I)
FEATURE_AFTER = re.compile(rf"\s+(?P<feat>{_FEATURE_ALT})(?:\s+(?:[IVX]+|\d+))?$", re.I)
POSSESSIVE_AFTER = re.compile(rf"['’]s\s+(?:(?P<dir>{_DIRECTION})\s+)?(?P<feat>{_FEATURE_ALT})$", re.I)
_LEADING_THE = re.compile(r"^the\s+", re.I)
# A transliteration variant must still look like the written name (rapidfuzz ratio, 0-100):
# "Bayanoon"/"Bayanun" 80, "Al Mashi"/"Mayyasah" 50. Below this a skeleton match is dropped.
MIN_VARIANT_SIMILARITY = 62


@dataclass
class Phrase:
    name: str
    feature: str | None = None
    relation: str | None = None


def parse_phrase(text: str) -> Phrase:
    """Separate a written place phrase into name, feature word and relation."""
    t = " ".join(text.split()).strip(" ,.;:")
    relation = feature = None
    m = RELATION_BEFORE.match(t)
    if m:
        relation = " ".join(m.group("rel").lower().split())
        t = t[m.end():]
    m = FEATURE_BEFORE.match(t)
    if m:
        feature = m.group("feat").lower()
        t = t[m.end():]
    m = POSSESSIVE_AFTER.search(t)
    if m:
        feature = m.group("feat").lower()
        relation = relation or (f"{m.group('dir').lower()} {feature}" if m.group("dir") else feature)
        t = t[: m.start()]
    t = _LEADING_THE.sub("", t)
    m = FEATURE_AFTER.search(t)
    if m and len(t[: m.start()].strip()) >= 2:
        feature = feature or m.group("feat").lower()
        t = t[: m.start()]
    return Phrase(t.strip(" ,.;:"), feature, relation)


@dataclass
class Context:
    """What the article tells about where it is: countries (most named first), provinces, other places."""

    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)  # province names as written ("Homs", "Deir ez-Zor Governorate")
    near: list[tuple[float, float]] = field(default_factory=list)
    _admin1_codes: set[tuple[str, str]] | None = field(default=None, repr=False)

    def admin1_codes(self, gaz: Gazetteer) -> set[tuple[str, str]]:
        """(country, admin1 code) of the named provinces: the province itself, or its capital."""
        if self._admin1_codes is None:
            codes = set()
            for written in self.admin1:
                name = parse_phrase(written).name
                for c in gaz.candidates(name, self.countries, with_regions=True):
                    if c.how == "key" and c.admin1_code and c.place.country_code and (
                        c.place.feature_code in ("ADM1", "PPLA", "PPLC") or not self.countries
                        or c.place.country_code in self.countries
                    ) and c.place.feature_code != "PPL":
                        codes.add((c.place.country_code, c.admin1_code))
            self._admin1_codes = codes
        return self._admin1_codes


@dataclass
class Scored:
    place: Place
    score: float
    reasons: list[str]


@dataclass
class Resolution:
    as_written: str
    name: str
    place: Place | None
    geo_precision: int | None
    feature: str | None = None
    relation: str | None = None
    candidates: list[Scored] = field(default_factory=list)

    def as_dict(self) -> dict:
        p = self.place
        best = {
            "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "admin1": p.admin1,
            "country_code": p.country_code, "feature": p.feature_code,
        } if p else None
        return {
            "as_written": self.as_written, "name": self.name, "relation": self.relation, "feature_words": self.feature,
            "geo_precision": self.geo_precision, "place": best,
            "candidates": [
                {"name": s.place.name, "geonameid": s.place.geonameid, "country_code": s.place.country_code,
                 "admin1": s.place.admin1, "lat": s.place.lat, "lon": s.place.lon, "score": round(s.score, 2),
                 "why": s.reasons}
                for s in self.candidates
            ],
        }


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def score(c: Candidate, written: str, feature: str | None, ctx: Context, admin1: set[tuple[str, str]]) -> Scored:
    p, s, why = c.place, 0.0, []
    if p.country_code and p.country_code in ctx.countries:
        bonus = 5.0 if ctx.countries and p.country_code == ctx.countries[0] else 4.0
        s += bonus
        why.append(f"+{bonus:g} in {p.country_code}, named in the article")
    elif ctx.countries:
        why.append(f"+0 in {p.country_code}, not a country the article names")
    if c.admin1_code and (p.country_code, c.admin1_code) in admin1:
        s += 2
        why.append(f"+2 in {p.admin1}, named in the article")
    if p.lat is not None and ctx.near:
        d = min(km((p.lat, p.lon), q) for q in ctx.near)
        if d <= 150:
            s += 2
            why.append(f"+2 {d:.0f} km from another place in the article")
    if c.how == "key":
        s += 2
        why.append(f"+2 same name as {c.matched!r}")
    elif c.how == "code":
        s += 0.5
        why.append(f"+0.5 {c.matched!r} is only a code of it (an airport's)")
    elif c.how == "alias":
        s += 2
        why.append(f"+2 called {c.matched!r} in {p.country_code} (learned from: {c.evidence})")
    else:
        s += 1
        why.append(f"+1 spelling variant of {c.matched!r}")
        ratio = max(fuzz.ratio(k, c.matched) for k in name_keys(written))
        if ratio < 75:
            s -= 1
            why.append(f"-1 spelling far from {c.matched!r} ({ratio:.0f}/100)")
    # Homonyms in one province tie on everything above: the one whose own name is written most
    # like the text's wins ("Ayyashiyah" is 'Ayyāshīyah, not 'Ayyāshah, which also has that name).
    # Only within the article's countries: abroad, a name's translation is as good as the name.
    if p.country_code and p.country_code in ctx.countries:
        alike = fuzz.ratio(name_key(written), name_key(p.name)) / 100
        s += 0.5 * alike
        why.append(f"+{0.5 * alike:.2f} written like its name {p.name!r}")
    if feature and FEATURE_WORDS.get(feature) and p.feature_code in FEATURE_WORDS[feature]:
        s += 1.5
        why.append(f"+1.5 a {p.feature_code}, fits {feature!r}")
    if (p.feature_code or "").startswith("ADM") and feature not in REGION_WORDS:
        s -= 1.5  # "Deir ez-Zor" alone means the city; the province needs "province"/"governorate"
        why.append(f"-1.5 a region ({p.feature_code}); the text names no region word")
    if p.population:
        pop = min(1.3, math.log10(p.population + 1) / 5)
        s += pop
        why.append(f"+{pop:.1f} population {p.population:,}")
    return Scored(p, s, why)


def _near(p: Place, ctx: Context, within_km: float = 150) -> bool:
    return p.lat is not None and any(km((p.lat, p.lon), q) <= within_km for q in ctx.near)


def geocode(text: str, gaz: Gazetteer, ctx: Context | None = None, limit: int = 10) -> Resolution:
    """The best place for a written phrase, with the losing candidates and their reasons."""
    ctx = ctx or Context()
    phrase = parse_phrase(text)
    names = [n.strip() for n in phrase.name.split("/") if n.strip()] or [phrase.name]
    if phrase.feature:
        # Gazetteers list some places with their feature word: "Deir ez-Zor Governorate".
        names += [f"{n} {phrase.feature}" for n in names]
    scored: dict[tuple, Scored] = {}
    admin1 = ctx.admin1_codes(gaz)
    for name in names:
        for c in gaz.candidates(name, ctx.countries):
            if c.how == "skeleton" and max(fuzz.ratio(k, c.matched) for k in name_keys(name)) < MIN_VARIANT_SIMILARITY:
                continue  # same consonants, another name: unresolved beats wrong
            sc = score(c, name, phrase.feature, ctx, admin1)
            key = (c.place.geonameid, c.place.name, c.place.lat, c.place.lon)
            if key not in scored or scored[key].score < sc.score:
                scored[key] = sc
    ranked = sorted(scored.values(), key=lambda s: (-s.score, s.place.name))[:limit]
    best = ranked[0].place if ranked else None
    if best is not None and ctx.countries and best.country_code not in ctx.countries \
            and not (best.feature_code or "").startswith("PCL") and not _near(best, ctx) \
            and (ctx.near or (best.population or 0) < 100_000):
        # A village no gazetteer lists is not a namesake abroad: outside every country the text
        # names, far from its other places (or, with none, not a city of 100,000), unresolved beats wrong.
        ranked[0].reasons.append(f"not chosen: in {best.country_code}, outside the countries the text names")
        best = None
    precision = None
    if best:
        region = (phrase.feature in REGION_WORDS) or (best.feature_code in REGION_CODES) \
            or (best.feature_code or "").startswith(("ADM", "PCL"))  # a district, province or country: a region
        precision = 3 if region else 2 if phrase.relation else 1
    return Resolution(text, phrase.name, best, precision, phrase.feature, phrase.relation, ranked)
