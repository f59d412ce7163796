"""Place names that a report teaches: spellings, local and language names, former names, renamings.

Each rule has a name (the alias's `rule`, "aliases.v2:<name>") and an example:

    also_written  "Marka, also written Merca or Merka"                      Merca, Merka = Marka
                  "Tiyas, known locally as "Tayfour"", "Dnipro, formerly Dnipropetrovsk"
    language      "Ayn al-Arab (Kurdish: Kobanê)"                          Kobanê = Ayn al-Arab
    or_name       "Afgooye (or Afgoy)", "Homs, or Hums as locals call it"   Afgoy = Afgooye; Hums = Homs
    calls         "Deir Ezzor, which the group calls "Wilayat al-Khayr""   Wilayat al-Khayr = Deir ez-Zor
    renamed       "the jihadists renamed the province "Wilayat al-Khayr""  the province named before
                  "they renamed Albu Kamal "Wilayat al-Furat"", "renamed it as Y", "X was renamed Y"
    as_called     "Dair Azzor, as the city is sometimes spelled"           the city named before, if alike

A name follows its cue in quotes, or unquoted as a run of capitalised words (with
"al-", "Abu" ...) or of Arabic script that ends where the phrase does ("known as
Iraq's second city" teaches nothing). Only names the gazetteer does not already
give to that place are taught ("Shaddadi, also written Ash Shaddadah": nothing new).

An alias is scoped to the country of the place it names. A name someone gives a
place ("renamed", "which the group calls", "dubbed", "now called") holds from the
article's date onwards (`valid_from`); a spelling, a local or language name or a
former name has no period. Each alias keeps the sentence that taught it. Ingest
stores them with the article (`marsad.store.aliases`) and later articles use them;
`marsad annotate --learn` writes them into the gazetteer file instead.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from marsad.annotate.places import PlaceFindings, PlaceMention
from marsad.annotate.spans import SENTENCE_REACH
from marsad.model import Place, PlaceAlias
from marsad.resolve.gazetteer import Gazetteer
from marsad.resolve.geocode import FEATURE_WORDS, REGION_WORDS
from marsad.resolve.names import name_key

RULE = "aliases.v2"

# -- names --------------------------------------------------------------------------

_CONN = r"(?:al|el|ad|an|ar|as|ash|at|az|ath|adh|de|da|du|des|la|le|bin|ibn|bani|abu|umm|wa|ul|ez|es|ed|er|esh|et)"
_CAP = r"[A-Z\u00c0-\u00de][\w'’\u00c0-\u024f-]*"
_RUN = rf"{_CAP}(?:\s+(?:{_CONN}[-\s]+)?{_CAP})*"
_ARABIC = r"[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)*"
# A quoted name ends at a closing quote that no letter follows ('Ma'rib' is one name).
_QUOTED = r"[\"“‘'«](?P<q>[^\"“”«»\n]{2,60}?)[\"”’'»](?!\w)"
NAME_AT = re.compile(rf"(?:the\s+)?(?:{_QUOTED}|(?P<run>{_RUN})(?P<poss>['’]s\b)?|(?P<ar>{_ARABIC}))")
NAME_BEFORE = re.compile(rf"(?:{_QUOTED}|(?<![\w'’-])(?P<run>{_RUN})|(?P<ar>{_ARABIC}))\s*$")
# Where an unquoted name may end: punctuation, a line end, or a word that starts another phrase.
NAME_END = re.compile(
    r"$|\s*[,.;:!?)\]\"“”«»]|\s*['’](?!\w)|\s+[-–—]\s|\s*\n|\s+(?:and|or|by|in|on|at|after|before|since|until|"
    r"when|where|which|who|that|as|for|from|to|under|with|while|near|during|because|but|is|was|has|had|are|were|"
    r"will|the|a|an|its|their|following|amid|if|so|last|this|between)\b"
)
# Capitalised words that start no place name, or make a run an organisation's or an operation's name.
NOT_FIRST = {"It", "Its", "They", "Their", "He", "His", "She", "Her", "We", "I", "You", "This", "That", "These",
             "Those", "There", "Here", "The", "A", "An", "In", "On", "At", "But", "And", "Monday", "Tuesday",
             "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
             "June", "July", "August", "September", "October", "November", "December"}
NOT_IN_NAME = {"Brigade", "Brigades", "Battalion", "Battalions", "Army", "Forces", "Force", "Front", "Movement", "Party",
               "Council", "Committee", "Operation", "Operations", "Agency", "Group", "Company", "News", "Media",
               "Ministry", "Government", "Police", "Militia", "Militias", "Unit", "Units", "Corps", "Division",
               "Regiment", "Organisation", "Organization", "Observatory", "Network", "Coalition", "Alliance",
               "Office", "Service", "Services", "Institute", "University", "Channel", "Radio", "TV", "Television"}
# Languages a place's name is given in: "Ar Raqqah (Arabic: الرقة)", "(in Kurdish, Kobanî)".
LANGUAGES = ("Arabic", "Kurdish", "Kurmanji", "Sorani", "Persian", "Farsi", "Dari", "Pashto", "Urdu", "Hindi",
             "Turkish", "Hebrew", "Aramaic", "Syriac", "Amharic", "Tigrinya", "Oromo", "Somali", "Hausa", "Kanuri",
             "Fulfulde", "Fula", "Tamasheq", "Tamazight", "Berber", "Bambara", "Songhai", "Swahili", "Lingala",
             "French", "Portuguese", "Spanish", "Russian", "Ukrainian", "Armenian", "Azerbaijani", "Georgian",
             "Chechen", "Tajik", "Uzbek", "Balochi", "Baluchi", "Sindhi", "Punjabi", "Kashmiri", "Tamil", "Burmese",
             "Tagalog", "local")
_LANG = "|".join(LANGUAGES)
# Feature nouns that stand for a place already named: "as the city is also spelled", "renamed the province".
_NOUNS = "|".join(sorted({*FEATURE_WORDS, "place", "site", "quarter", "locality", "territory"}, key=len, reverse=True))
SETTLEMENT_NOUNS = {"city", "town", "village", "suburb", "neighbourhood", "neighborhood", "quarter", "locality"}
# Who gives a place a local name (no period) rather than a new one (dated from the article).
LOCAL_PEOPLE = re.compile(r"^(?:the\s+)?(?:locals?|local\s+people|residents|inhabitants|villagers|people|"
                          r"locals\s+there|many|most|some|everyone)$", re.I)
# A spelling variant looks like the name it varies (rapidfuzz ratio of name keys, 0-100):
# "Serwah"/"Sirwah" 83, "Qunduz"/"Kunduz" 83, "Ninawa"/"Mosul" 18.
MIN_SPELLING_SIMILARITY = 60
# The places named before a cue that "it" or "the province" may stand for: an article names a few
# dozen; the bound keeps a text of endless names and cues linear.
MAX_BEFORE = 50


@dataclass
class _Name:
    text: str
    start: int
    end: int
    quoted: bool


def read_name(text: str, pos: int) -> _Name | None:
    """The name written at `pos` (after a cue): quoted, or a capitalised or Arabic run that ends a phrase."""
    m = NAME_AT.match(text, pos)
    if not m:
        return None
    if m.group("q"):
        return _clean(m.group("q"), m.start("q"), m.end("q"), True)
    if m.group("poss") or (m.group("run") and not NAME_END.match(text, m.end())):
        return None  # "known as Iraq's second city", "called Islamic State territory": not a name here
    group = "run" if m.group("run") else "ar"
    return _clean(m.group(group), m.start(group), m.end(group), False)


def read_name_before(text: str, end: int) -> _Name | None:
    """The name written just before `end` (before a cue such as ", as the city is also spelled")."""
    lo = max(0, end - 80)
    m = NAME_BEFORE.search(text[lo:end])
    if not m:
        return None
    group = next(g for g in ("q", "run", "ar") if m.group(g))
    name = _clean(m.group(group), lo + m.start(group), lo + m.end(group), group == "q")
    while name and not name.quoted and name.text.split()[0] in NOT_FIRST and " " in name.text:
        first = name.text.split()[0]
        rest = name.text[len(first):].lstrip()
        name = _Name(rest, name.end - len(rest), name.end, False)
    return name


def _clean(name: str, start: int, end: int, quoted: bool) -> _Name | None:
    name = name.strip(" ,.;:")
    if len(name_key(name)) < 3:
        return None
    if not quoted:
        words = name.split()
        if words[0] in NOT_FIRST or any(w.strip("'’") in NOT_IN_NAME for w in words):
            return None
    return _Name(name, start, end, quoted)


# -- cues ---------------------------------------------------------------------------

# After a place: "X, also written Y", "X, known locally as Y", "X (formerly Y)", "X, dubbed Y", "X, now called Y".
ALSO_WRITTEN = re.compile(
    r"\s*(?:(?P<sep>,|\(|–|—)\s*)?(?P<pre>(?:(?:which|that)\s+(?:is|was)\s+|also\s+|locally\s+|commonly\s+|widely\s+|"
    r"sometimes\s+|often\s+|officially\s+|now\s+|better\s+|still\s+|popularly\s+)*)"
    rf"(?P<verb>(?:written|spelt|spelled|transliterated|rendered)(?:\s+(?:locally|in\s+(?:{_LANG})))?(?:\s+as)?"
    rf"|known(?:\s+locally|\s+in\s+(?:{_LANG}))?\s+as"
    rf"|(?:called|named|nicknamed|dubbed)(?:\s+locally|\s+in\s+(?:{_LANG}))?"
    r"|referred\s+to\s+as"
    r"|(?:formerly|previously|once|until\s+recently)(?:\s+(?:known\s+as|called|named|spelt|spelled|written))?)\s+"
)
# Between the names of a list: "Y or Z", "Y, Z or W".
LIST_SEP = re.compile(r"\s*,\s*or\s+|\s+or\s+|\s*,\s+")
# After a place: "X (Arabic: Y)", "X (in Kurdish, Y; Arabic: Z)".
IN_LANGUAGE = re.compile(r"\s*\((?P<body>[^()\n]{2,160})\)")
LANGUAGE_PART = re.compile(rf"\s*(?:in\s+)?(?P<lang>{_LANG})\s*(?::|,|-|–)?\s*")
# After a place: "X (or Y)", "X, or Y as locals call it", "X, or Y, as it is known locally".
OR_PAREN = re.compile(r"\s*\(\s*or\s+")
OR_LOCALS = re.compile(r"\s*,\s*or\s+")
LOCALS_CALL_IT = re.compile(
    r",?\s+as\s+(?:(?:the\s+)?(?:locals?|residents|inhabitants|villagers|people)(?:\s+\w+)?\s+(?:call|know|name)\s+it"
    r"|it\s+is\s+(?:(?:also|locally|commonly|widely|better)\s+)*(?:known|called)(?:\s+locally)?)\b"
)
# After a place: "X, which the group calls Y", "X, what it calls Y", "X, which locals call Y".
CALLS = re.compile(
    r"\s*,?\s*(?:which|what|that)\s+(?P<who>it|they|(?:the\s+|its\s+|local\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+"
    r"(?:now\s+|also\s+|still\s+|often\s+|sometimes\s+)?(?:calls?|called|names?|named|dubs?|dubbed|"
    r"refers?\s+to\s+(?:it\s+)?as|referred\s+to\s+(?:it\s+)?as|knows?\s+(?:it\s+)?as|knew\s+(?:it\s+)?as)\s+(?:it\s+)?"
)
# Anywhere: "renamed the province Y", "renamed it Y", "renamed X as Y", "X was renamed Y", "which they renamed Y".
RENAMED = re.compile(r"\b(?:renamed|re-named|rebranded|christened|dubbed)\b")
RENAMED_OBJECT = re.compile(rf"\s+(?:(?P<it>it|them)\b|the\s+(?P<noun>{_NOUNS})\b)", re.I)
RENAMED_TO = re.compile(r"\s+(?:(?:as|to|into)\s+)?")
# Before: "Y, as the city is also spelled", "Y, as it is known locally", "Y, as locals call the town".
AS_CALLED = re.compile(
    rf",?\s+as\s+(?:(?:it|the\s+(?P<noun>{_NOUNS}))\s+is\s+(?P<adv>(?:(?:also|sometimes|often|commonly|locally|"
    r"widely|now|still|usually|officially|better)\s+)*)(?P<verb>spelt|spelled|written|transliterated|called|known|named)"
    rf"|(?:the\s+)?(?:locals?|residents|inhabitants|villagers|people)(?:\s+\w+)?\s+(?:call|know|name)\s+"
    rf"(?:it|the\s+(?P<noun2>{_NOUNS})))\b",
)
_SPELLING = {"spelt", "spelled", "written", "transliterated", "rendered"}


@dataclass
class _Taught:
    alias: _Name
    target: PlaceMention
    rule: str
    dated: bool
    start: int  # the span of the phrase that teaches it (for its sentence)
    end: int
    strict: bool = False  # a weak cue ("X (or Y)"): no name of another place in the country


def find_aliases(text: str, found: PlaceFindings, gaz: Gazetteer, published: dt.date | None = None,
                 article_id: str | None = None) -> list[PlaceAlias]:
    """Aliases taught by `text` for places found in it, each once (names new to that place only)."""
    resolved = sorted((p for p in found.places if _usable(p)), key=lambda p: p.start)
    main = found.countries[:1]
    taught: list[_Taught] = []
    for p in resolved:
        taught += _after(text, p)
    named = _Named(resolved, main)
    taught += _renamed(text, named)
    taught += _as_called(text, named)

    countries = {name_key(n) for n in gaz.countries()}
    out: list[PlaceAlias] = []
    seen: set[tuple[str, str]] = set()
    for t in sorted(taught, key=lambda t: t.alias.start):
        place, key = t.target.place, name_key(t.alias.text)
        if key in (name_key(t.target.name), name_key(place.name)) or key in countries:
            continue
        if (key, _place_key(place)) in seen or _already_named(gaz, t.alias.text, place, strict=t.strict):
            continue
        seen.add((key, _place_key(place)))
        out.append(PlaceAlias(
            alias=t.alias.text, place_name=place.name, country_code=place.country_code,
            valid_from=published if t.dated else None, evidence=_sentence(text, t.start, t.end),
            article_id=article_id, place=place, rule=f"{RULE}:{t.rule}",
        ))
    return out


def _usable(p: PlaceMention) -> bool:
    """A mention that names its own resolved place (not a country, not a name placed near another)."""
    return (p.place is not None and not p.rule.endswith(":unknown_name")
            and not (p.place.feature_code or "").startswith("PCL"))


def _after(text: str, p: PlaceMention) -> list[_Taught]:
    """Cues right after a place mention: also_written, language, or_name, calls."""
    out: list[_Taught] = []
    m = ALSO_WRITTEN.match(text, p.end)
    if m and (m.group("sep") or m.group("pre").strip() or m.group("verb").startswith(("known", "formerly", "previously"))):
        dated = m.group("verb").split()[0] in ("nicknamed", "dubbed") or "now" in m.group("pre").split()
        out += [_Taught(n, p, "also_written", dated, p.start, n.end) for n in _names_list(text, m.end())]
    m = IN_LANGUAGE.match(text, p.end)
    if m:
        for part in re.finditer(r"[^;]+", m.group("body")):
            lang = LANGUAGE_PART.match(text, m.start("body") + part.start())
            name = read_name(text, lang.end()) if lang else None
            if name and not text[name.end:m.start("body") + part.end()].strip(" ,.\"”’'»"):
                out.append(_Taught(name, p, "language", False, p.start, m.end()))
    for cue, strict in ((OR_PAREN, True), (OR_LOCALS, False)):
        m = cue.match(text, p.end)
        name = read_name(text, m.end()) if m else None
        if name is None:
            continue
        closed = (re.match(r"\s*\)", text[name.end:name.end + 3]) if cue is OR_PAREN
                  else LOCALS_CALL_IT.match(text, name.end))
        if closed:
            out.append(_Taught(name, p, "or_name", False, p.start, name.end, strict=strict))
    m = CALLS.match(text, p.end)
    if m:
        name = read_name(text, m.end())
        if name:
            out.append(_Taught(name, p, "calls", not LOCAL_PEOPLE.match(m.group("who")), p.start, name.end))
    return out


def _names_list(text: str, pos: int) -> list[_Name]:
    """"Y", "Y or Z", "Y, Z or W": names after a bare comma count only in a list that "or" closes."""
    first = read_name(text, pos)
    if first is None:
        return []
    listed: list[_Name] = []
    end = first.end
    while sep := LIST_SEP.match(text, end):
        nxt = read_name(text, sep.end())
        if nxt is None:
            break
        if "or" in sep.group(0).split():
            return [first, *listed, nxt]
        listed.append(nxt)
        end = nxt.end
    return [first]


@dataclass
class _Named:
    """The article's resolved place mentions, in text order, with their ends (for bisection)."""

    mentions: list[PlaceMention]
    main: list[str]  # the article's main country, when it has one

    def __post_init__(self) -> None:
        self.ends = [p.end for p in self.mentions]
        self.starts = {p.start: p for p in self.mentions}
        self.counts: dict[str, int] = {}  # place -> how often the article names it (in its main country)
        for p in self.mentions:
            if not self.main or p.place.country_code in self.main:
                self.counts[_place_key(p.place)] = self.counts.get(_place_key(p.place), 0) + 1


def _before(named: _Named, at: int, reach: int | None = None, anywhere: bool = False) -> list[PlaceMention]:
    """The places named before `at` (the last MAX_BEFORE of them, within `reach` characters), in
    the article's main country unless `anywhere`: what "it", "the city", "the province" stand for."""
    i = bisect.bisect_right(named.ends, at)
    main = [] if anywhere else named.main
    return [p for p in named.mentions[max(0, i - MAX_BEFORE):i]
            if (reach is None or at - p.end <= reach) and (not main or p.place.country_code in main)]


def _renamed(text: str, named: _Named) -> list[_Taught]:
    """renamed: "renamed the province Y", "renamed it Y", "renamed X (as|to) Y", "X was renamed Y"."""
    out: list[_Taught] = []
    starts = named.starts
    for m in RENAMED.finditer(text):
        pos, target, noun, it = m.end(), None, None, False
        ws = len(text[pos:]) - len(text[pos:].lstrip())
        obj = starts.get(pos + ws) or (starts.get(pos + ws + 4) if text[pos + ws:pos + ws + 4].lower() == "the " else None)
        if obj is not None:
            target, pos = obj, obj.end
        elif o := RENAMED_OBJECT.match(text, pos):
            noun, it, pos = (o.group("noun") or "").lower() or None, bool(o.group("it")), o.end()
        else:  # no object: "X was renamed Y", "X, which the group renamed Y"
            target = _just_before(text, named, m.start())
            if target is None:
                continue
        to = RENAMED_TO.match(text, pos)
        name = read_name(text, to.end())
        if name is None:
            continue
        if not name.quoted and re.match(r"\s+(?:as|to|into)\s|\s*[\"“‘'«]", text[name.end:name.end + 6]):
            continue  # "renamed Kobani as Y" with Kobani unknown: the object is no place we know
        if target is None:
            before = _before(named, m.start())
            target = before[-1] if it and before else _by_noun(before, noun, name.text, counts=named.counts)
        if target is not None:
            out.append(_Taught(name, target, "renamed", True, m.start(), name.end))
    return out


def _just_before(text: str, named: _Named, at: int) -> PlaceMention | None:
    """The place named just before `at` in the same sentence ("Deir Ezzor, which the group ...")."""
    before = _before(named, at, reach=60, anywhere=True)
    if not before:
        return None
    p = before[-1]
    return None if re.search(r"[.;!?]\s|\n", text[p.end:at]) else p


def _as_called(text: str, named: _Named) -> list[_Taught]:
    """as_called: "Y, as the city is also spelled" teaches Y for the city named before."""
    out: list[_Taught] = []
    for m in AS_CALLED.finditer(text):
        name = read_name_before(text, m.start())
        if name is None:
            continue
        before = _before(named, name.start, reach=2 * SENTENCE_REACH)
        noun = (m.group("noun") or m.group("noun2") or "").lower() or None
        spelling = m.group("verb") in _SPELLING
        target = _by_noun(before, noun, name.text, spelling=spelling)
        if target is not None:
            dated = "now" in (m.group("adv") or "").split()
            out.append(_Taught(name, target, "as_called", dated, name.start, m.end()))
    return out


def _by_noun(before: list[PlaceMention], noun: str | None, alias: str, *, spelling: bool = False,
             counts: dict[str, int] | None = None) -> PlaceMention | None:
    """The place a noun ("the city", "the province") stands for, among the places named before:
    a spelling variant's look-alike; one whose feature fits the noun; the last settlement named for
    "the town"; for a renamed province the gazetteer lacks (`counts`: how often the article names
    each place), the article's main place (the one it names most, whose name the province
    usually shares; the first named of equals)."""
    if not before:
        return None

    def alike(p: PlaceMention) -> float:
        return max(fuzz.ratio(name_key(alias), name_key(n)) for n in (p.name, p.place.name))

    if spelling:
        best = max(reversed(before), key=alike)
        return best if alike(best) >= MIN_SPELLING_SIMILARITY else None
    codes = FEATURE_WORDS.get(noun or "") or set()
    fitting = [p for p in before if p.place.feature_code in codes]
    if fitting:
        return fitting[-1]
    if noun is None or noun in SETTLEMENT_NOUNS:
        return before[-1]
    if counts:
        top = max(before, key=lambda p: counts.get(_place_key(p.place), 0))
        return [p for p in before if _place_key(p.place) == _place_key(top.place)][-1]
    if noun in REGION_WORDS:
        return None  # a province the gazetteer lacks is not the city named before it
    similar = [p for p in before if alike(p) >= MIN_SPELLING_SIMILARITY]
    return similar[-1] if similar else None


def _place_key(place: Place) -> str:
    return f"{place.geonameid}" if place.geonameid else f"{place.name}|{place.lat}|{place.lon}"


def _already_named(gaz: Gazetteer, alias: str, place: Place, strict: bool = False) -> bool:
    """The gazetteer already gives `place` this name (nothing to learn); with `strict`, or another
    place in its country (an "X (or Y)" between two places is no alias)."""
    ccs = [place.country_code] if place.country_code else []
    for c in gaz.candidates(alias, ccs, with_regions=True):
        if c.how != "key":
            continue
        if _place_key(c.place) == _place_key(place) or (strict and c.place.country_code in ccs):
            return True
    return False


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    dot, nl = text.rfind(". ", lo, start), text.rfind("\n", lo, start)
    s = max(dot + 2 if dot >= 0 else lo, nl + 1 if nl >= 0 else lo)
    e_dot = text.find(". ", end, hi)
    e = hi if e_dot < 0 else e_dot + 1
    return text[s:e].strip()
