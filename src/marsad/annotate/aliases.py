"""Place names that a report teaches: renamings and "known as" / "also written" phrases.

    "the jihadists, who renamed the province "Wilayat al-Khayr""   -> Wilayat al-Khayr = the province named before
    "the Conoco gas field ..., known locally as "Koniko""           -> Koniko = Conoco gas field
    "Marka, also written Merca or Merka"                          -> Merca, Merka = Marka
    "Shaddadi, also written Ash Shaddadah"                        -> (both known: nothing to learn)

An alias is scoped to the country of the place it names and, where the text gives
it, to the article's date onwards (an armed group's name for a place holds while it
rules there); it is stored in the gazetteer with the sentence that taught it.
"""

from __future__ import annotations

import datetime as dt
import re

from marsad.annotate.places import PlaceFindings, PlaceMention
from marsad.annotate.spans import SENTENCE_REACH
from marsad.model import PlaceAlias
from marsad.resolve.gazetteer import Gazetteer
from marsad.resolve.names import name_key

RULE = "aliases.v1"
_NAME = (
    r"(?:[\"“‘'](?P<yq>[^\"”’']{2,60})[\"”’']"
    r"|(?P<y>[A-Z][\w'’-]*(?:\s+(?:(?:al|el|ad|ar|as|ash|de|la|bin|abu)[-\s])?[A-Z][\w'’-]*)*))"
)
# "X, also written Y", "X, known locally as Y", "X (known as Y)", "X, also written Y or Z"
KNOWN_AS = re.compile(
    r"\s*(?:,|\()?\s*(?:which\s+is\s+|also\s+|locally\s+|commonly\s+|widely\s+)*"
    r"(?:written|spelt|spelled|known(?:\s+locally)?\s+as|called|referred\s+to\s+as|nicknamed)\s+(?:locally\s+)?"
    + _NAME + r"(?P<more>(?:\s*(?:,|or)\s+[\"“]?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*[\"”]?)*)"
)
# "renamed the province "Wilayat al-Khayr"", "renamed it Y", "which the group calls Y"
RENAMED = re.compile(
    r"\b(?:renamed|re-named|dubbed|rebranded)\s+(?:it|the\s+(?:province|town|city|village|area|region|district|governorate))"
    r"\s+(?:as\s+|to\s+)?[\"“‘'](?P<y>[^\"”’']{3,60})[\"”’']"
)


def find_aliases(text: str, found: PlaceFindings, gaz: Gazetteer, published: dt.date | None = None,
                 article_id: str | None = None) -> list[PlaceAlias]:
    """Aliases taught by `text` for places already found in it (names new to the gazetteer only)."""
    out: list[PlaceAlias] = []
    resolved = [p for p in found.places if p.place is not None]

    def teach(alias: str, mention: PlaceMention, start: int, end: int) -> None:
        alias = alias.strip(" ,.\"“”'’")
        if len(name_key(alias)) < 3 or name_key(alias) == name_key(mention.name):
            return
        sentence = _sentence(text, start, end)
        out.append(PlaceAlias(alias=alias, place_name=mention.place.name, country_code=mention.place.country_code,
                              valid_from=published, evidence=sentence, article_id=article_id))

    for p in resolved:
        m = KNOWN_AS.match(text, p.end)
        if m:
            names = [m.group("yq") or m.group("y"), *re.split(r"\s*(?:,|\bor\b)\s*", m.group("more") or "")]
            for name in filter(None, (n.strip() for n in names)):
                if not gaz.has_name(name_key(name)):  # a name the gazetteer lacks; others teach nothing
                    teach(name, p, p.start, m.end())
    main = found.countries[:1]
    for m in RENAMED.finditer(text):
        before = [p for p in resolved if p.end <= m.start() and p.place.feature_code not in ("PCLI", "PCL")
                  and (not main or p.place.country_code in main)]
        if not before:
            continue
        if m.group(0).split()[1] in ("it", "the") and re.search(r"\b(?:town|city|village)\b", m.group(0)) or " it " in m.group(0):
            target = before[-1]  # "renamed the town": the place named last
        else:
            # "renamed the province": the article's main place, the one it names most.
            counts: dict[str, int] = {}
            for p in before:
                counts[p.place.name] = counts.get(p.place.name, 0) + 1
            top = max(counts, key=lambda name: counts[name])
            target = [p for p in before if p.place.name == top][-1]
        teach(m.group("y"), target, m.start(), m.end())
    return out


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    dot, nl = text.rfind(". ", lo, start), text.rfind("\n", lo, start)
    s = max(dot + 2 if dot >= 0 else lo, nl + 1 if nl >= 0 else lo)
    e_dot = text.find(". ", end, hi)
    e = hi if e_dot < 0 else e_dot + 1
    return text[s:e].strip()
