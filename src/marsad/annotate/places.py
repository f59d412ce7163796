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
from dataclasses import dataclass, field
from importlib import resources

import yaml

from marsad.annotate.spans import SENTENCE_REACH, Taken
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
}
# Words before a name that say a place follows.
LOCATIVE = re.compile(
    r"(?:\b(?:in|near|at|from|outside|into|to|around|towards?|toward|across|between|and|of|via|through|inside|"
    r"west|east|north|south|reach(?:ed)?|entered|seized|captured|retook|recaptured|overran|stormed|shelled|"
    r"hit|struck|attacked|raided|besieged|surrounded)\s+(?:the\s+)?(?:(?:town|city|village|district|province|"
    r"governorate|region|area|outskirts|countryside|suburbs?|neighbou?rhood|camp|state)\s+of\s+)?)$",
    re.I,
)
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
    r"herald|observer|monitor|dispatch|tribune|wire|ledger|voice|courier|bulletin|notes|agency)\b",
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
            if chunk.lower() in NOT_PLACES or len(key) < 2 or (len(key) == 2 and not any(ch.isdigit() for ch in key)):
                continue
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
            res = Resolution(text[ps:pe], text[s:e], anchor.place, 2, None, f"near {anchor.name} (same sentence)", [])
        else:
            res = Resolution(text[ps:pe], text[s:e], None, None, None, None, [])
        out.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res, rule=f"{RULE}:unknown_name"))
    return out


def _is_common_word(chunk: str, text_lower_words: set[str]) -> bool:
    """A single capitalised word that the same text also uses in lower case ("More", "Air", "Lake")."""
    return " " not in chunk and "-" not in chunk and chunk.lower() in text_lower_words


def _vote_countries(text: str, spans: list[tuple[int, int]], gaz: Gazetteer, named: list[str]) -> list[str]:
    """Countries named in the text (weight 2 each) plus those of well-known places it names (weight 1)."""
    weight: dict[str, float] = {}
    for i, cc in enumerate(named):
        weight[cc] = weight.get(cc, 0) + 2 + (len(named) - i) * 0.01
    for s, e in spans:
        best = max((c for c in gaz.candidates(text[s:e]) if c.how == "key"),
                   key=lambda c: c.place.population or 0, default=None)
        if best and best.place.country_code and (best.place.population or 0) >= 20_000:
            weight[best.place.country_code] = weight.get(best.place.country_code, 0) + 1
    return [cc for cc, _ in sorted(weight.items(), key=lambda kv: -kv[1])]


def find_places(
    text: str, gaz: Gazetteer, countries: list[str] | None = None, exclude: list[tuple[int, int]] = (),
    named: list[str] | None = None,
) -> PlaceFindings:
    """Place mentions in `text`, geocoded with the article's own context; `exclude`: spans known not
    to be places; `named`: the countries the text names (`detect_countries`), when already known."""
    demonyms = set(_country_words())
    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    raw: list[tuple[int, int, int, int, bool, bool]] = []  # phrase start/end, name start/end, cue, feature
    unknown: list[tuple[int, int, int, int]] = []  # phrase start/end, name start/end
    excluded = Taken(len(text), exclude)
    for m in UNKNOWN_PLACE.finditer(text):
        group = "before" if m.group("before") else "after"
        s, e = m.span(group)
        if not gaz.has_name(name_key(m.group(group))) and not excluded.overlaps(s, e):
            unknown.append((m.start(), m.end(), s, e))
    for span in SPAN.finditer(text):
        for s, e in _sub_spans(_words_of(span), text, gaz):
            chunk = text[s:e]
            if excluded.overlaps(s, e):
                continue
            before = text[max(0, s - 60):s]
            if chunk in demonyms or (chunk.isalpha() and chunk.isupper() and len(chunk) <= 4):
                continue  # "Syrian", "SDF": an adjective or an acronym, not a place
            if re.search(r"\bState(?:['’]s)?\s+(?:[A-Z]\w+\s+){0,2}$", before):
                continue  # "Islamic State West Africa Province": a group, not a place
            if _GROUP_AFTER.match(text[e:e + 30]):
                continue  # "the Hamra Brigade", "Mosul Battalion": a unit named after a place
            rel = _RELATION_BEFORE.search(before)
            cue = bool(LOCATIVE.search(before)) or bool(rel)
            if not cue and _is_common_word(chunk, lower_words):
                continue
            ps = s - len(rel.group(0)) if rel else s
            feat = _FEATURE_AFTER.match(text[e:e + 40])
            pe = e + feat.end() if feat else e
            raw.append((ps, pe, s, e, cue, bool(feat)))
    ccs = countries if countries is not None else _vote_countries(
        text, [(s, e) for _, _, s, e, _, _ in raw], gaz, named if named is not None else detect_countries(text, gaz)
    )
    ctx = Context(countries=list(ccs))
    country_places = gaz.countries()
    cache: dict[tuple[str, int], Resolution] = {}

    def memo(phrase: str, c: Context) -> Resolution:
        """An article names its places again and again: each phrase is geocoded once per context."""
        key = (phrase, id(c))
        if key not in cache:
            cache[key] = geocode(phrase, gaz, c)
        return cache[key]

    results: list[PlaceMention] = []
    pending = []
    for ps, pe, s, e, cue, feat in raw:
        country = country_places.get(text[s:e])
        if country and pe == e:
            # "in Iraq": the country itself, a region (geo precision 3).
            res = Resolution(text[ps:pe], text[s:e], country, 3, None, None, [])
            results.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res))
            continue
        res = memo(text[ps:pe], ctx)
        if not res.place:
            continue
        spelled = any(r.startswith("+2 same name") for r in res.candidates[0].reasons)
        in_country = bool(ccs and res.place.country_code in ccs[:3])
        famous = (res.place.population or 0) >= 100_000
        # Evidence that this is a place here: in a main country of the article and spelled as the
        # gazetteer spells it (or with a cue); abroad, only a well-known place named with a cue.
        if (in_country and (spelled or cue or feat)) or ((cue or feat) and spelled and famous):
            pending.append((ps, pe, s, e))
    first = {name_key(text[s:e]): memo(text[ps:pe], ctx) for ps, pe, s, e in pending}
    # Each name is placed near the article's *other* places: a first guess for a name must
    # not vouch for itself or a rival ("al-Riyadh" in Kirkuk is not Saudi Arabia's capital).
    contexts: dict[str, Context] = {}
    for ps, pe, s, e in pending:
        key = name_key(text[s:e])
        if key not in contexts:
            near = [(r.place.lat, r.place.lon) for k, r in first.items()
                    if k != key and r.place and r.place.lat is not None]
            contexts[key] = Context(countries=list(ccs), near=near)
        res = memo(text[ps:pe], contexts[key])
        results.append(PlaceMention(ps, pe, text[ps:pe], text[s:e], res))
    results.extend(_place_unknown(text, unknown, results))
    results.sort(key=lambda m: m.start)
    return PlaceFindings(countries=list(ccs), places=results)
