"""Place mentions in text: find names the gazetteer knows, with the words around them, and geocode them.

    found = find_places(article.text, gaz)
    found.countries                 # ["SY", "IQ"]: what the article is about, most named first
    found.places[0].resolution      # Resolution(place=Deir ez-Zor, geo_precision=2, ...)

1. Countries: country names (from the gazetteer) and demonyms (data/countries.yaml).
2. Candidate spans: runs of capitalised words (with Arabic articles and connectors
   such as "al-", "Abu", "bin"), and runs of Arabic script. Within a run, the longest
   sub-span whose key the gazetteer knows is a place name. Words that are capitalised
   for other reasons (weekdays, months, titles, "Islamic State") are never names alone.
3. The phrase around it: relation words before ("near", "west of", "the outskirts of")
   and feature words after ("gas field", "village", "'s eastern countryside").
4. Geocoding with the article's context; places resolved first (in a country the
   article names) serve as `near` context for the rest.
5. A name with a place cue but unknown to the gazetteer ("the village of X", "the X
   checkpoint") is kept as written, placed at the nearest resolved place in the same
   sentence (geo precision 2) or left unresolved — never dropped, never guessed.

A span is accepted only with some evidence that it is a place here: a locative cue
before it ("in", "near", "at", "from", "outside", ...), a feature word, or a resolved
place in a country the article names.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources

import yaml

from marsad.annotate.spans import SENTENCE_REACH, Taken
from marsad.ingest.dateline import wire_dateline
from marsad.model import Mention, Place
from marsad.resolve.gazetteer import Gazetteer
from marsad.resolve.geocode import FEATURE_WORDS, Context, Resolution, geocode
from marsad.resolve.names import name_key, query_keys

RULE = "places.v1"
_CONNECTORS = r"(?:al|el|ad|an|ar|as|ash|at|az|ath|adh|de|da|du|des|la|le|bin|ibn|bani|abu|abou|umm|wa|w|ul|ez|es|ed|er|esh|et)"
_CAP = r"[A-Z\u00c0-\u00de][\w'’\u00c0-\u024f-]*"
SPAN = re.compile(
    rf"(?:\b{_CONNECTORS}[-\s])?{_CAP}(?:(?:\s+|-)(?:{_CONNECTORS}[-\s]+)?(?:{_CAP}|\d+))*"
    r"|[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)*"
)
# Capitalised words that are not place names on their own.
NOT_PLACES = {
    "the", "a", "an", "in", "on", "at", "of", "and", "but", "he", "she", "it", "they", "we", "i", "this", "that",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "mr", "mrs", "ms",
    "dr", "gen", "general", "colonel", "col", "lt", "captain", "president", "minister", "ministry", "army",
    "islamic", "state", "islamic state", "police", "government", "forces", "according", "local", "residents",
    "officials", "security", "military", "group", "news", "agency", "observatory", "reuters", "afp", "ap",
    "un", "us", "isis", "isil", "daesh", "amaq", "god", "allah", "related", "tags", "photo", "share", "read",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
    "when", "after", "before", "since", "while", "during", "as", "if", "there", "some", "many", "several",
    "no", "one", "two", "three", "both", "another", "other", "its", "his", "her", "their", "our", "illustrative",
    # month abbreviations ("on 19 Jan."), and French months and weekdays
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre", "octobre",
    "novembre", "décembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    # words for kinds of places: "Lake" in "Lake Chad" is not a town called Lake
    "lake", "river", "valley", "forest", "border", "road", "highway", "park", "market", "hospital", "school",
    "mosque", "church", "university", "coast", "sea", "gulf", "bay", "island", "islands", "mount", "mountain",
    "desert", "camp", "base", "village", "town", "city", "district", "province", "region", "county", "division",
}
# Words before a name that say a place follows.
LOCATIVE = re.compile(
    r"(?:\b(?:in|near|at|from|outside|into|to|around|towards?|toward|across|between|and|of|via|through|inside|"
    r"west|east|north|south|reach(?:ed)?|entered|seized|captured|retook|recaptured|overran|stormed|shelled|"
    r"hit|struck|attacked|raided|besieged|surrounded)\s+(?:the\s+)?(?:(?:town|city|village|district|province|"
    r"governorate|region|area|outskirts|countryside|suburbs?|neighbou?rhood|camp|state)\s+of\s+)?)$"
    # Arabic: في (in), قرب / بالقرب من (near), على (on), إلى (to), من (from), شرق / غرب / شمال / جنوب
    r"|(?:^|\s)(?:في|قرب|بالقرب\s+من|على|إلى|الى|من|شرق|غرب|شمال|جنوب|ب)\s+$",
    re.I,
)
# A city this large, ten times larger than any namesake, is itself evidence ("Club, Dhaka").
BIG_CITY = 500_000
UNIT_HINT = " province"  # read a name where a unit stands as the text had written "X province"
# Where a list names the units a place lies in: "Obe district, Herat", "Kolofata (Mayo-Sava,
# Extreme-Nord)", "Arbinda (Soum, Sahel)".
_UNIT_POSITION = re.compile(
    r"(?:\b(?:district|province|county|division|sub-?division|region|state|commune|department|municipality|"
    r"governorate|prefecture|upazila)s?\s*,|[A-Za-z]\S*\s*\((?:[^()\n]{0,40},)?)\s*$",
    re.I,
)
_WEAK_CUE = re.compile(r"\b(?:of|and)\s+(?:the\s+)?$", re.I)
_KIND_OF = re.compile(r"\b(?:town|city|village|district|province|governorate|region|area|outskirts|countryside|"
                      r"suburbs?|neighbou?rhood|camp|state)\s+of\s+(?:the\s+)?$", re.I)
_RELATION_BEFORE = re.compile(
    r"(?:\b(?:near|outside|around|close to|between)\s+|\b\d+\s*(?:km|kilometres|kilometers|miles)\s+"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+|"
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+|"
    r"\bthe\s+(?:outskirts|edge|vicinity|(?:(?:north|south|east|west)(?:ern)?\s+)?countryside|entrance)\s+of\s+|"
    r"\bthe\s+(?:town|city|village|district|province|governorate|region|area|camp)\s+of\s+)$",
    re.I,
)
_FEATURE_ALT = "|".join(sorted((re.escape(w) for w in FEATURE_WORDS if FEATURE_WORDS[w] or w == "countryside"),
                               key=len, reverse=True))
_FEATURE_AFTER = re.compile(
    rf"^(?:['’]s\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
    rf"(?:countryside|outskirts|suburbs)|\s+(?:{_FEATURE_ALT}))\b",
    re.I,
)
_GROUP_AFTER = re.compile(
    r"\s+(?:brigades?|battalions?|division|regiment|front|militias?|forces|group|army|movement|council|"
    r"liberation|resistance|revolutionaries|fighters|martyrs|operations room|media|news|radio|tv|television|times|post|"
    r"herald|observer|monitor|dispatch|tribune|wire|ledger|voice|courier|bulletin|notes|agency|"
    r"community|communities|tribes?|clans?|ethnic|herders|farmers|youths?|villagers|pastoralists|men|women|"
    r"militiamen|elements|members|people)\b",
    re.I,
)


# Titles before a name make it a person's: "president Paul Biya", "Gen. Khalifa Haftar".
_TITLE_BEFORE = re.compile(
    r"\b(?:president|minister|premier|prime minister|king|prince|sheikh|imam|emir|governor|mayor|senator|"
    r"general|gen|colonel|col|commander|captain|capt|lieutenant|lt|major|sergeant|sgt|chief|spokesman|"
    r"spokeswoman|spokesperson|mr|mrs|ms|dr|sir|lord|pope|bishop|pastor|father|brother|sister|mullah|"
    r"maulana|haji|ayatollah|judge|ambassador|envoy|leader|founder|journalist|reporter|correspondent|"
    r"m|mme|monsieur|madame|le président|le général|le colonel|le ministre)\.?\s+$",
    re.I,
)


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str  # the phrase as written, with its relation and feature words
    name: str  # the name inside it
    resolution: Resolution | None
    rule: str = RULE

    @property
    def place(self) -> Place | None:
        return self.resolution.place if self.resolution else None

    def to_mention(self) -> Mention:
        return Mention(
            start=self.start, end=self.end, text=self.text, kind="place",
            resolved=self.resolution.as_dict() if self.resolution else {"name": self.name, "place": None},
            evidence=self.rule,
        )


@dataclass
class PlaceFindings:
    countries: list[str]
    places: list[PlaceMention] = field(default_factory=list)
    # Where the report was filed, from its dateline ("BAMAKO (Reuters) -"): weak context, never
    # an event's place by itself (the text must put the event there).
    filed_from: PlaceMention | None = None


def _dateline(text: str, gaz: Gazetteer) -> tuple[PlaceMention | None, str | None]:
    """The place a report was filed from, and the country its dateline names, if it has one."""
    m = wire_dateline(text)
    if not m:
        return None, None
    countries = {name.lower(): p for name, p in gaz.countries().items()}
    region = m.group("region")
    country = countries.get(region.lower()) if region else None
    cc = country.country_code if country else None
    city = m.group("city").title()
    res = geocode(city, gaz, Context(countries=[cc] if cc else []))
    if res.place is None or (cc and res.place.country_code != cc):
        return None, cc
    s, e = m.span("city")
    return PlaceMention(s, e, text[s:e], text[s:e], res, rule=f"{RULE}:dateline"), cc or res.place.country_code


@functools.cache
def _country_words() -> dict[str, str]:
    data = yaml.safe_load((resources.files("marsad") / "data" / "countries.yaml").read_text(encoding="utf-8"))
    return {w: cc for cc, words in data.items() for w in words}


def detect_countries(text: str, gaz: Gazetteer) -> list[str]:
    """Country codes the text names, by name or demonym, most named first."""
    words = dict(_country_words())
    for name, place in gaz.countries().items():
        if place.country_code:
            words.setdefault(name, place.country_code)
    counts: dict[str, int] = {}
    pattern = _words_pattern(tuple(sorted(words, key=len, reverse=True)))
    for m in pattern.finditer(text):
        cc = words[m.group(0)]
        counts[cc] = counts.get(cc, 0) + 1
    return [cc for cc, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


@functools.lru_cache(maxsize=4)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


# The most words a place name has ("Mu'addamiyat ash-Sham al-Gharbiyya", "Kafr Nabl al-Jadida").
MAX_NAME_WORDS = 6


def _sub_spans(words: list[tuple[int, int]], text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """The longest sub-spans of a capitalised run whose name the gazetteer knows."""
    found: list[tuple[int, int]] = []
    n = len(words)
    # Every sub-span that could be a name, and its keys, looked up in the gazetteer at once.
    spans: dict[tuple[int, int], set[str]] = {}
    for i in range(n):
        for j in range(min(n, i + MAX_NAME_WORDS), i, -1):
            s, e = words[i][0], words[j - 1][1]
            chunk = text[s:e]
            key = name_key(chunk)
            if chunk.lower().rstrip(".") in NOT_PLACES or not any(ch.isalpha() for ch in key) \
                    or len(key) < 2 or (len(key) == 2 and not any(ch.isdigit() for ch in key)):
                continue  # a month, a title, a number ("on 28 July"), two letters ("T4" may be): never a name alone
            spans[(i, j)] = query_keys(chunk)
    known = gaz.known_keys(k for keys in spans.values() for k in keys)
    i = 0
    while i < n:
        hit = None
        for j in range(min(n, i + MAX_NAME_WORDS), i, -1):
            if not known.isdisjoint(spans.get((i, j), ())):
                hit = (words[i][0], words[j - 1][1], j)
                break
        if hit:
            found.append((hit[0], hit[1]))
            i = hit[2]
        else:
            i += 1
    return found


def _words_of(span: re.Match) -> list[tuple[int, int]]:
    """Word offsets in a span, keeping connectors attached to the word after them."""
    out = []
    for m in re.finditer(rf"(?:\b{_CONNECTORS}[-\s]+)?[^\s]+", span.group(0)):
        out.append((span.start() + m.start(), span.start() + m.end()))
    return out


# A name the gazetteer may not know, in words that make it surely a place:
# "the village of Qaryat X", "the X checkpoint", "the X gas field", "X airbase".
_NAME_WORDS = r"[A-Z][\w'’-]*(?:\s+(?:(?:al|el|ad|ar|as|ash|abu|umm|bin|de)[-\s]+)?[A-Z0-9][\w'’-]*){0,3}"
UNKNOWN_PLACE = re.compile(
    rf"\bthe\s+(?:village|town|hamlet|settlement|camp|district|area)\s+of\s+(?P<before>{_NAME_WORDS})"
    rf"|\bthe\s+(?P<after>{_NAME_WORDS})\s+(?:gas\s+field|oil\s+field|oilfield|air\s*base|airbase|checkpoint|"
    r"military\s+base|barracks|dam)\b"
)


def _place_unknown(text: str, unknown: list[tuple[int, int, int, int]], found: list[PlaceMention]) -> list[PlaceMention]:
    """Names the gazetteer lacks, kept as written and placed near the closest resolved place in the
    same sentence (geo precision 2), else left unresolved: never dropped, never guessed."""
    out = []
    placed = Taken(len(text), ((m.start, m.end) for m in found))
    located = sorted((m.start, i) for i, m in enumerate(found) if m.place and m.place.lat is not None)
    starts = [st for st, _ in located]
    for ps, pe, s, e in unknown:
        if placed.overlaps(ps, pe):
            continue
        # The sentence around it, looked for within a long sentence's reach (linear on a text with no stop).
        lo, hi = max(0, ps - SENTENCE_REACH), min(len(text), pe + SENTENCE_REACH)
        sent_start = max(text.rfind(". ", lo, ps), text.rfind("\n", lo, ps), lo - 1) + 1
        sent_end = min(x for x in (text.find(". ", pe, hi), text.find("\n", pe, hi), hi) if x >= 0)
        near = [found[i] for _, i in located[bisect.bisect_left(starts, sent_start):bisect.bisect_left(starts, sent_end)]]
        if near:
            anchor = min(near, key=lambda m: abs(m.start - ps))
            # Near a town: geo precision 2; somewhere in a province or country named beside it: that region's 3.
            region = (anchor.resolution.geo_precision or 0) >= 3
            res = Resolution(text[ps:pe], text[s:e], anchor.place, 3 if region else 2, None,
                             f"{'in' if region else 'near'} {anchor.name} (same sentence)", [])
        else:
            res = Resolution(text[ps:pe], text[s:e], None, None, None, None, [])
        out.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res, rule=f"{RULE}:unknown_name"))
    return out


def _find_regions(text: str, gaz: Gazetteer, excluded: Taken) -> list[PlaceMention]:
    """Named conflict regions (data/regions.yaml: "the Syrian desert", "Sambisa forest", "Lake Chad
    islands") by their names: a name of several words in any case, a single word as written
    ("Sinai", "LoC"). Each is a region: geo precision 3."""
    regions = gaz.regions()
    if not regions:
        return []
    out = []
    for pattern in _region_patterns(tuple(sorted(regions, key=len, reverse=True))):
        for m in pattern.finditer(text):
            s, e = m.span()
            if excluded.overlaps(s, e) or any(r.start < e and s < r.end for r in out):
                continue
            place = regions.get(m.group(0)) or next(p for n, p in regions.items() if n.casefold() == m.group(0).casefold())
            res = Resolution(m.group(0), m.group(0), place, 3, "region", None, [])
            out.append(PlaceMention(s, e, m.group(0), m.group(0), res, rule=f"{RULE}:region"))
    return out


@functools.lru_cache(maxsize=4)
def _region_patterns(names: tuple[str, ...]) -> list[re.Pattern]:
    several = [n for n in names if " " in n or "-" in n]
    single = [n for n in names if n not in several]
    alt = lambda ns: "|".join(re.escape(n) for n in ns)  # noqa: E731
    pats = []
    if several:
        pats.append(re.compile(rf"(?<![\w-])(?:{alt(several)})(?![\w-])", re.I))
    if single:
        pats.append(re.compile(rf"(?<![\w-])(?:{alt(single)})(?![\w-])"))
    return pats


def _dominant(best, namesakes) -> bool:
    """`best` (a Candidate or Scored place) is ten times larger than any namesake in another country."""
    cc, pop = best.place.country_code, best.place.population or 0
    return all(pop >= 10 * (c.place.population or 0) for c in namesakes if c.place.country_code != cc)


def _ordinary_word_after(word: str) -> bool:
    """A capitalised word that may follow a place's name without making a longer name of it:
    "Kabul Police", "Homs Governorate", "Aleppo Monday", "Mosul Brigade"."""
    w = re.sub(r"['’]s?$", "", word).lower()
    return w in NOT_PLACES or w in FEATURE_WORDS or bool(_GROUP_AFTER.match(" " + w))


def _is_common_word(chunk: str, text_lower_words: set[str]) -> bool:
    """A single capitalised word that the same text also uses in lower case ("More", "Air", "Lake")."""
    return " " not in chunk and "-" not in chunk and chunk.lower() in text_lower_words


@dataclass
class CountryVotes:
    """Which countries the article is about, and what supports each: a name supports its own
    country's vote, so a place may be accepted as "in the article's country" only when something
    *else* in the text supports that country (a namesake abroad does not vouch for itself)."""

    weight: dict[str, float] = field(default_factory=dict)
    by: dict[str, dict[str, float]] = field(default_factory=dict)  # country -> name key -> weight

    def add(self, cc: str, w: float, key: str = "") -> None:
        self.weight[cc] = self.weight.get(cc, 0) + w
        self.by.setdefault(cc, {})
        self.by[cc][key] = self.by[cc].get(key, 0) + w

    def ranked(self) -> list[str]:
        return [cc for cc, _ in sorted(self.weight.items(), key=lambda kv: -kv[1])]

    def supported(self, cc: str | None, key: str) -> bool:
        """Something other than the name `key` makes `cc` one of the article's countries."""
        return bool(cc) and sum(w for k, w in self.by.get(cc, {}).items() if k != key) > 0


def _vote_countries(text: str, spans: list[tuple[int, int, bool]], gaz: Gazetteer, named: list[str],
                    actor_countries: list[str] = ()) -> CountryVotes:
    """The article's countries, with what supports each: those it names (weight 2 each), those of
    the provinces and districts it names when only one country has that unit and no town of
    20,000 elsewhere has its name (1.5), those of the
    armed groups and forces it names that belong to one country (1), and those of well-known
    places it names as places, with a locative cue or a feature word, or cities of BIG_CITY
    that no namesake a tenth their size shares (1: "Dhaka" says Bangladesh, cue or none). A number, a month, a
    group's name or the tail of a longer name never votes: they are not voting spans here."""
    votes = CountryVotes()
    for i, cc in enumerate(named):
        votes.add(cc, 2 + (len(named) - i) * 0.01, "country:" + cc)
    for cc in actor_countries:
        votes.add(cc, 1, "actor:" + cc)
    country_names = gaz.countries()
    for s, e, cue in spans:
        if text[s:e] in country_names:
            continue  # "Niger" is the country here, not Nigeria's Niger State: counted as named
        key = name_key(text[s:e])
        keyed = [c for c in gaz.candidates(text[s:e]) if c.how == "key" and c.place.country_code]
        units = {c.place.country_code for c in keyed if (c.place.feature_code or "") in ("ADM1", "ADM2")}
        towns_abroad = {c.place.country_code for c in keyed if (c.place.population or 0) >= 20_000} - units
        if len(units) == 1 and not towns_abroad and cue is not None:
            votes.add(units.pop(), 1.5, key)
            continue
        best = max(keyed, key=lambda c: c.place.population or 0, default=None)
        pop = (best.place.population or 0) if best else 0
        if best and cue is not None and ((cue and pop >= 20_000) or (pop >= BIG_CITY and _dominant(best, keyed))):
            votes.add(best.place.country_code, 1, key)
    return votes


def find_places(
    text: str, gaz: Gazetteer, countries: list[str] | None = None, exclude: list[tuple[int, int]] = (),
    named: list[str] | None = None, actor_countries: list[str] = (), actor_theatres: list[str] = (),
) -> PlaceFindings:
    """Place mentions in `text`, geocoded with the article's own context; `exclude`: spans known not
    to be places; `named`: the countries the text names (`detect_countries`), when already known;
    `actor_countries`: the countries of the armed groups and forces it names (weak context);
    `actor_theatres`: where the transnational groups it names fight (weaker still)."""
    demonyms = set(_country_words())
    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    raw: list[tuple[int, int, int, int, bool, bool]] = []  # phrase start/end, name start/end, cue, feature
    unknown: list[tuple[int, int, int, int]] = []  # phrase start/end, name start/end
    filed, filed_cc = _dateline(text, gaz)
    dateline = wire_dateline(text) if filed or filed_cc else None
    regions = _find_regions(text, gaz, Taken(len(text), exclude))
    excluded = Taken(len(text), [*exclude, *([dateline.span()] if dateline else []),
                                 *((r.start, r.end) for r in regions)])
    for m in UNKNOWN_PLACE.finditer(text):
        group = "before" if m.group("before") else "after"
        s, e = m.span(group)
        if not gaz.has_name(name_key(m.group(group))) and not excluded.overlaps(s, e):
            unknown.append((m.start(), m.end(), s, e))
    country_names = gaz.countries()
    as_unit: set[int] = set()  # names where a province or district stands: "Obe district, Herat", "(Soum, Sahel)"
    inner: set[int] = set()  # names that end a longer capitalised name the gazetteer lacks ("Surkh Rod")
    for span in SPAN.finditer(text):
        found_here = _sub_spans(_words_of(span), text, gaz)
        starts = {s for s, _ in found_here}
        for s, e in found_here:
            chunk = text[s:e]
            if excluded.overlaps(s, e):
                continue
            tail = re.match(rf"\s+({_CAP})", text[e:span.end()])
            if tail and e + tail.start(1) not in starts and not _ordinary_word_after(tail.group(1)) \
                    and chunk not in country_names:
                continue  # the head of a longer name the gazetteer lacks: "Abe Dongoro", "Manda Bay"
            head = re.search(rf"({_CAP})\s+$", text[span.start():s]) if s > span.start() else None
            if head and head.group(1).lower() not in NOT_PLACES and not re.search(r"['’]s?$", head.group(1)) \
                    and not re.search(rf"\b{_CONNECTORS}\s+$", text[span.start():s], re.I):
                inner.add(s)  # "Surkh Rod", "Boko Haram"; not "In Bamenda", "The Hague", "Kashmir's Shopian"
            before = text[max(0, s - 60):s]
            if chunk in demonyms or (chunk.isalpha() and chunk.isupper() and len(chunk) <= 4):
                continue  # "Syrian", "SDF": an adjective or an acronym, not a place
            if _TITLE_BEFORE.search(before):
                continue  # "President Paul Biya", "General Haftar": a person, not a place
            if re.search(r"\bState(?:['’]s)?\s+(?:[A-Z]\w+\s+){0,2}$", before):
                continue  # "Islamic State West Africa Province": a group, not a place
            if _GROUP_AFTER.match(text[e:e + 30]):
                continue  # "the Hamra Brigade", "Mosul Battalion": a unit named after a place
            if s in inner:
                continue  # the tail of a longer name the gazetteer lacks: "Surkh Rod", "Ansaroul Islam"
            rel = _RELATION_BEFORE.search(before)
            loc = LOCATIVE.search(before)
            # "of" and "and" say little ("the Ministry of Economy"), unless after a place word ("the town of").
            weak = bool(loc) and not rel and bool(_WEAK_CUE.search(before)) and not _KIND_OF.search(before)
            cue = (bool(loc) and not weak) or bool(rel)
            if not (cue or weak) and _is_common_word(chunk, lower_words):
                continue
            if _UNIT_POSITION.search(before):
                as_unit.add(s)
            ps = s - len(rel.group(0)) if rel else s
            feat = _FEATURE_AFTER.match(text[e:e + 40])
            pe = e + feat.end() if feat else e
            raw.append((ps, pe, s, e, cue, bool(feat)))
    if countries is not None:
        votes = CountryVotes()
        for cc in countries:
            votes.add(cc, 2, "given:" + cc)
    else:
        votes = _vote_countries(
            text, [(s, e, None if s in inner else (cue or feat)) for _, _, s, e, cue, feat in raw], gaz,
            named if named is not None else detect_countries(text, gaz), actor_countries,
        )
        if filed_cc:
            votes.add(filed_cc, 0.5, "dateline:" + filed_cc)  # where it was filed: weak context
        for cc in actor_theatres:
            votes.add(cc, 0.5, "theatre:" + cc)  # Boko Haram fights in NG, NE, TD, CM
        for cc in gaz.focus_countries():
            votes.add(cc, 0.25, "focus:" + cc)  # the theatres whose gazetteers the user imported
    ccs = votes.ranked()
    ctx = Context(countries=list(ccs))
    country_places = gaz.countries()
    cache: dict[tuple[str, int], Resolution] = {}

    def phrase(ps: int, pe: int, s: int, e: int) -> str:
        """The phrase to geocode; a name where a province or district stands is read as one."""
        return text[ps:pe] + UNIT_HINT if s in as_unit and pe == e else text[ps:pe]

    def memo(phrase: str, c: Context) -> Resolution:
        """An article names its places again and again: each phrase is geocoded once per context."""
        key = (phrase, id(c))
        if key not in cache:
            res = geocode(phrase, gaz, c)
            if phrase.endswith(UNIT_HINT):  # the hint is ours: the text wrote the name alone
                written = phrase[: -len(UNIT_HINT)]
                town = res.place is not None and res.place.feature_class == "P"
                res = replace(res, as_written=written, feature=None,
                              geo_precision=1 if town else res.geo_precision)
            cache[key] = res
        return cache[key]

    results: list[PlaceMention] = []
    pending = []
    for ps, pe, s, e, cue, feat in raw:
        country = country_places.get(text[s:e])
        if country:  # "in Iraq", "Cameroon's ...": the country; never a namesake town abroad
            # "in Iraq": the country itself, a region (geo precision 3).
            res = Resolution(text[ps:pe], text[s:e], country, 3, None, None, [])
            results.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res))
            continue
        res = memo(phrase(ps, pe, s, e), ctx)
        if not res.place:
            continue
        spelled = any(r.startswith("+2 same name") for r in res.candidates[0].reasons)
        if not cue and (res.place.feature_code or "").startswith("ADM") and re.search(r"[,(]\s*$", text[max(0, s - 3):s]):
            cue = True  # "Kolofata (Mayo-Sava, Extreme-Nord)", "in Khwahan district, Badakhshan": where it lies
        in_country = res.place.country_code in ccs[:3] and votes.supported(res.place.country_code, name_key(text[s:e]))
        famous = (res.place.population or 0) >= 100_000 and s not in inner
        # One country has places of this name (as spelled), and none of them is a country.
        only = {c.place.country_code for c in res.candidates if any(r.startswith("+2 same name") for r in c.reasons)}
        unique = len(only) == 1 and not (res.place.feature_code or "").startswith("PCL")
        # A town of 20,000 or more ten times as large as any namesake: "Gao" is Mali's, not a hamlet's.
        namesakes = [c for c in res.candidates if any(r.startswith("+2 same name") for r in c.reasons)]
        dominant = (res.place.population or 0) >= 20_000 and _dominant(res.candidates[0], namesakes) and s not in inner
        # "Borno State", "the T4 airbase": the word after the name fits what the place is.
        fits = any(r.startswith("+1.5 a ") for r in res.candidates[0].reasons)
        # Evidence that this is a place here: in a main country of the article (that something else
        # in the text supports) and spelled as the gazetteer spells it, or with a cue; otherwise
        # a name spelled as written, with a cue, that is well known (or far larger than its namesakes),
        # that only one country has, or whose feature word fits it.
        big = dominant and (res.place.population or 0) >= BIG_CITY
        if (in_country and (spelled or cue or feat)) or ((cue or feat) and spelled and (famous or dominant or unique or fits)) \
                or (spelled and big):
            pending.append((ps, pe, s, e))
    first = {name_key(text[s:e]): memo(phrase(ps, pe, s, e), ctx) for ps, pe, s, e in pending}
    # The provinces and districts the text names constrain the towns around them (+2 for a town in them).
    units = {k: r.name for k, r in first.items() if r.place and (r.place.feature_code or "") in ("ADM1", "ADM2")}
    # Each name is placed near the article's *other* places: a first guess for a name must
    # not vouch for itself or a rival ("al-Riyadh" in Kirkuk is not Saudi Arabia's capital).
    contexts: dict[str, Context] = {}
    for ps, pe, s, e in pending:
        key = name_key(text[s:e])
        if key not in contexts:
            near = [(r.place.lat, r.place.lon) for k, r in first.items()
                    if k != key and r.place and r.place.lat is not None]
            contexts[key] = Context(countries=list(ccs), near=near, admin1=[n for k, n in units.items() if k != key])
        res = memo(phrase(ps, pe, s, e), contexts[key])
        results.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res))
    results.extend(regions)
    results.extend(_place_unknown(text, unknown, results))
    results.sort(key=lambda m: m.start)
    return PlaceFindings(countries=list(ccs), places=results, filed_from=filed)
