"""Actor mentions: armed groups, state forces and civilians, named or described in text.

    index = load_actors()                       # data/actors.yaml; build once, pass around
    index.find("Government forces repelled an IS attack.", countries=["SY"])
    # [ActorMention('Government forces' -> Military Forces of Syria, descriptive),
    #  ActorMention('IS' -> Islamic State)]

What is recognised, in this order of preference:

1. Names and aliases from the data file, longest first, case-insensitive, with
   hyphens, apostrophes, diacritics, doubled vowels and a final h after a vowel
   ignored (al-Shabaab = Al Shabab, Jama'at = Jamaat, Sunnah = Sunna), "the" optional. Acronyms written in capitals (IS,
   SNA) match only in capitals. Aliases scoped to countries ("al-Shabaab" in
   Mozambique) apply when the article is about one of them.
2. Generic words for state forces ("government forces", "troops", "the police"),
   resolved to the state force of the article's best-ranked country, or left
   descriptive (actor None) when no country is known.
3. Descriptive references ("gunmen", "the jihadists", "villagers"), which resolve
   only where the data says so (villagers -> Civilians). A name followed by a member
   noun ("IS cells", "Boko Haram fighters") keeps the name and becomes descriptive,
   as does anything after "suspected".
4. Unknown organisations: runs of capitalised words with an organisation keyword
   ("Liwa al-Quds", "Sudan Liberation Movement"), kept as written.

The token matcher here (`tokenize`, `PhraseMatcher`) is shared with sources.py.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from marsad.model import Actor, Mention
from marsad.resolve.names import fold

RULE = "actors.v1"
ACTOR_KINDS = (
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "external_forces",
    "civilians",
    "protesters",
    "rioters",
    "other",
)
ROLES = ("military", "police", "government")


_NEWLINE = re.compile("\n")


class ActorDataError(ValueError):
    """The actors data file is malformed; the message names the entry and what to fix."""


# ── Tokens and phrases (shared with sources.py) ────────────────────────────────

_APOSTROPHES = "'’‘`ʿʾʻʼ´"
TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.: one token, "US"
    r"|\b(?:[lLdD]|[qQ]u)['’](?=[^\W\d_])"  # French elision: l'État, d'Al-Qaïda
    rf"|[^\W_]+(?:[{_APOSTROPHES}](?![sS]\b)[^\W_]+)*"  # words; Jama'at is one, Syria's is Syria + s
)
# What may stand between two words of one name: spaces, dashes, apostrophes, one line break.
_JOIN = re.compile(rf"[^\S\n]*(?:[-‐‑‒–—{_APOSTROPHES}][^\S\n]*)*\n?[^\S\n]*(?:[-‐‑‒–—][^\S\n]*)?")
_MARKS = str.maketrans("", "", _APOSTROPHES + ".")
_DOUBLE_VOWEL = re.compile(r"([aeiou])\1+")
_FINAL_H = re.compile(r"(?<=\w[aeiou])h$")  # Sunnah/Sunna, Jamaah/Jamaa, Raqqah/Raqqa


class Token(NamedTuple):
    start: int
    end: int
    key: str  # folded: lower case, no diacritics or apostrophes, doubled vowels single, no final h after a vowel
    plain: str  # as written, without diacritics or apostrophes (case kept, for acronyms)


@functools.lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_MARKS)
    key = _DOUBLE_VOWEL.sub(r"\1", fold(word).translate(_MARKS))
    if len(key) > 3:
        key = _FINAL_H.sub("", key)
    return key, plain


def tokenize(text: str) -> list[Token]:
    """Words of `text` with their offsets and matching keys."""
    out = []
    for m in TOKEN.finditer(text):
        key, plain = _forms(m.group())
        if key:
            out.append(Token(m.start(), m.end(), key, plain))
    return out


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The matching key of a phrase: "Al-Shabab" and "al Shabaab" give ("al", "shabab")."""
    return tuple(t.key for t in tokenize(phrase))


def _case_sensitive(plain: str) -> bool:
    """Acronyms (two capitals or more, or one capital alone) must match in capitals: IS, SNA, MoD."""
    upper = sum(ch.isupper() for ch in plain)
    return upper >= 2 or (len(plain) == 1 and upper == 1)


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring tokens can belong to one name (no punctuation, no paragraph break)."""
    return _JOIN.fullmatch(text, left.end, right.start) is not None


class PhraseMatcher:
    """Finds known phrases in tokenized text: leftmost first, then longest, never overlapping.

    Each phrase carries values; `scan` hands the values found at each candidate length
    to `accept`, which keeps those that apply (the longest length with a value left wins).
    """

    _END = None  # trie key marking the end of a phrase; never a token key

    def __init__(self) -> None:
        self._root: dict = {}
        self.size = 0

    def add(self, phrase: str, value: Any) -> tuple[str, ...]:
        toks = tokenize(phrase)
        if not toks:
            raise ValueError(f"phrase {phrase!r} has no words")
        node = self._root
        for t in toks:
            node = node.setdefault(t.key, {})
        case = tuple((i, t.plain) for i, t in enumerate(toks) if _case_sensitive(t.plain))
        node.setdefault(self._END, []).append((case, value))
        self.size += 1
        return tuple(t.key for t in toks)

    def lookup(self, phrase: str) -> list[Any]:
        """Values of a phrase as written (case rules applied), or []."""
        toks = tokenize(phrase)
        node = self._root
        for t in toks:
            node = node.get(t.key)
            if node is None:
                return []
        return [v for case, v in node.get(self._END, []) if all(toks[i].plain == p for i, p in case)]

    def scan(
        self,
        text: str,
        tokens: Sequence[Token],
        accept: Callable[[int, int, list], list] = lambda i, j, values: values,
    ) -> list[tuple[int, int, list]]:
        """(first token, end token exclusive, accepted values) of every match."""
        out = []
        root, end_key = self._root, self._END
        i, n = 0, len(tokens)
        while i < n:
            node = root.get(tokens[i].key)
            best = None
            j = i
            while node is not None:
                j += 1
                entries = node.get(end_key)
                if entries:
                    values = [v for case, v in entries if all(tokens[i + k].plain == p for k, p in case)]
                    if values:
                        values = accept(i, j, values)
                        if values:
                            best = (j, values)
                if j >= n or not joined(text, tokens[j - 1], tokens[j]):
                    break
                node = node.get(tokens[j].key)
            if best:
                out.append((i, best[0], best[1]))
                i = best[0]
            else:
                i += 1
        return out


def words_before(text: str, tokens: Sequence[Token], i: int, words: frozenset[str]) -> int:
    """Index of the token before `i` if it is one of `words` and joined to it, else `i`."""
    if i > 0 and tokens[i - 1].key in words and joined(text, tokens[i - 1], tokens[i]):
        return i - 1
    return i


# ── Data ──────────────────────────────────────────────────────────────────────


@dataclass
class ActorMention:
    """A span recognised as an actor: named (actor set), described, or unknown but named."""

    start: int
    end: int
    text: str
    actor: str | None  # canonical name, the text as written for unknown organisations, None when descriptive
    kind: str | None
    descriptive: bool
    rule: str
    country: str | None = None  # the article country a generic word was resolved with

    def to_mention(self) -> Mention:
        resolved = {"actor": self.actor, "kind": self.kind, "descriptive": self.descriptive}
        if self.country:
            resolved["country"] = self.country
        return Mention(self.start, self.end, self.text, "actor", resolved, self.rule)


@dataclass(frozen=True)
class _Entry:
    """One way of writing a reference: to an actor, a state role, or a description."""

    type: str  # "actor" | "generic" | "descriptive"
    target: str | None  # actor name (actor, descriptive) or role (generic)
    countries: frozenset[str] | None  # where the alias applies; None = everywhere
    alias: str


def _as_list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ActorDataError(f"{where}: expected a list, got {value!r}")
    return value


def _alias_items(raw: Iterable, where: str) -> Iterable[tuple[str, frozenset[str] | None]]:
    for item in raw:
        if isinstance(item, str):
            yield item, None
        elif isinstance(item, dict) and isinstance(item.get("alias"), str):
            countries = item.get("countries")
            if not countries or not all(isinstance(c, str) and len(c) == 2 for c in countries):
                raise ActorDataError(f"{where}: alias {item['alias']!r} needs `countries` as a list of ISO2 codes")
            yield item["alias"], frozenset(c.upper() for c in countries)
        else:
            raise ActorDataError(f"{where}: an alias is a string or {{alias: ..., countries: [..]}}, got {item!r}")


def _expand_forms(templates: list[str], names: list[str], demonyms: list[str]) -> list[str]:
    out = []
    for template in templates:
        if "{demonym}" in template:
            out.extend(template.replace("{demonym}", d) for d in demonyms)
        elif "{country}" in template:
            out.extend(template.replace("{country}", n) for n in names)
        else:
            out.append(template)
    return out


class ActorIndex:
    """Actors from the data file, and the matcher over their names. Build with `load_actors`."""

    def __init__(self, data: dict) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise ActorDataError("actors data: expected a mapping with an `actors:` list")
        self.actors: dict[str, Actor] = {}
        self.roles: dict[tuple[str, str], str] = {}  # (country, role) -> actor name
        self.entries: list[_Entry] = []  # every alias, for checks and counts
        self._matcher = PhraseMatcher()
        countries = data.get("countries") or {}
        forms = data.get("forms") or {}

        for i, raw in enumerate(data["actors"]):
            where = f"actors[{i}]"
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise ActorDataError(f"{where}: every actor needs a `name`")
            name = raw["name"]
            where = f"actor {name!r}"
            if name in self.actors:
                raise ActorDataError(f"{where}: listed twice; merge the entries")
            kind = raw.get("kind")
            if kind not in ACTOR_KINDS:
                raise ActorDataError(f"{where}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
            country = raw.get("country")
            if country is not None and not (isinstance(country, str) and len(country) == 2):
                raise ActorDataError(f"{where}: country must be an ISO2 code or null, got {country!r}")
            operates_in = _as_list(raw.get("operates_in"), where)
            if not all(isinstance(c, str) and len(c) == 2 and c.isupper() for c in operates_in):
                raise ActorDataError(f"{where}: operates_in must be a list of ISO2 codes, got {operates_in!r}")
            aliases = list(_alias_items(_as_list(raw.get("aliases"), where), where))
            role = raw.get("role")
            if role is not None:
                if role not in ROLES or not country:
                    raise ActorDataError(f"{where}: role must be one of {ROLES} and needs a country")
                if (country, role) in self.roles:
                    raise ActorDataError(f"{where}: {self.roles[country, role]!r} already has role {role} in {country}")
                self.roles[country, role] = name
                info = countries.get(country) or {}
                generated = _expand_forms(list(forms.get(role) or []), list(info.get("names") or []),
                                          list(info.get("demonyms") or []))
                aliases.extend((a, None) for a in generated)
            seen: set[tuple[tuple[str, ...], frozenset[str] | None]] = set()
            plain_aliases = []
            for alias, scope in [(name, None), *aliases]:
                key = phrase_key(alias)
                if not key or (key, scope) in seen:
                    continue
                seen.add((key, scope))
                if alias != name:
                    plain_aliases.append(alias)
                self._add(_Entry("actor", name, scope, alias), key)
            self.actors[name] = Actor(name=name, kind=kind, aliases=plain_aliases, country=country,
                                      parent=raw.get("parent"), operates_in=list(operates_in))

        for name, actor in self.actors.items():
            if actor.parent is not None and actor.parent not in self.actors:
                raise ActorDataError(f"actor {name!r}: parent {actor.parent!r} is not an actor in the file")

        for i, group in enumerate(_as_list(data.get("generic"), "generic")):
            where = f"generic[{i}]"
            role = group.get("role")
            if role not in ROLES:
                raise ActorDataError(f"{where}: role must be one of {ROLES}")
            scope = frozenset(c.upper() for c in group["countries"]) if group.get("countries") else None
            for alias, _ in _alias_items(_as_list(group.get("aliases"), where), where):
                self._add(_Entry("generic", role, scope, alias))

        for i, group in enumerate(_as_list(data.get("descriptive"), "descriptive")):
            where = f"descriptive[{i}]"
            target = group.get("actor")
            if target is not None and target not in self.actors:
                raise ActorDataError(f"{where}: actor {target!r} is not an actor in the file")
            for alias, scope in _alias_items(_as_list(group.get("aliases"), where), where):
                self._add(_Entry("descriptive", target, scope, alias))

        self._member_nouns = PhraseMatcher()
        for noun in _as_list(data.get("member_nouns"), "member_nouns"):
            self._member_nouns.add(noun, noun)
        self._member_links = frozenset(k for w in _as_list(data.get("member_links"), "member_links")
                                       for k in phrase_key(w))
        self._prefixes = frozenset(k for w in _as_list(data.get("descriptive_prefixes"), "descriptive_prefixes")
                                   for k in phrase_key(w))
        self._the = frozenset({"the"})
        self._unknown = _UnknownOrganisations(data.get("unknown_organisations") or {})

    def _add(self, entry: _Entry, key: tuple[str, ...] | None = None) -> None:
        key = key or phrase_key(entry.alias)
        if not key:
            return
        self._matcher.add(entry.alias, entry)
        self.entries.append(entry)

    # ── lookups ──

    def get(self, name: str) -> Actor | None:
        """The actor a canonical name or alias stands for, or None (unknown, generic or ambiguous)."""
        if name in self.actors:
            return self.actors[name]
        entries = [e for e in self._matcher.lookup(name) if e.type == "actor"]
        unscoped = {e.target for e in entries if e.countries is None}
        targets = unscoped or {e.target for e in entries}
        return self.actors[targets.pop()] if len(targets) == 1 else None

    def for_role(self, country: str, role: str = "military") -> Actor | None:
        """The state force with `role` in `country`: for_role("SY") is Military Forces of Syria."""
        name = self.roles.get((country.upper(), role))
        return self.actors[name] if name else None

    # ── matching ──

    def find(
        self, text: str, countries: Sequence[str] = (), tokens: Sequence[Token] | None = None
    ) -> list[ActorMention]:
        """Actor mentions in `text`; `countries` are the article's, most mentioned first (ISO2);
        `tokens`: `tokenize(text)`, when the caller already has them."""
        ranked = [c.upper() for c in countries]
        rank = {c: k for k, c in reversed(list(enumerate(ranked)))}
        known = set(ranked)
        tokens = tokenize(text) if tokens is None else tokens

        def accept(i: int, j: int, values: list) -> list:
            if j - i <= 1 and _shouting(text, tokens, i, j) and all(
                    _case_sensitive(tokens[k].plain) for k in range(i, j)):
                return []  # "IS" in "THIS IS WHY": an all-capitals headline, not an acronym
            usable = [e for e in values if e.countries is None or not ranked or e.countries & known]
            if not ranked and any(e.countries is None for e in usable):
                usable = [e for e in usable if e.countries is None]
            return usable

        found: list[ActorMention] = []
        taken_until = 0
        matches = self._matcher.scan(text, tokens, accept)
        for i, j, entries in matches:
            if tokens[i].start < taken_until:
                continue  # swallowed by the member noun of the previous mention
            mention = self._resolve(entries, ranked, rank)
            descriptive_prefix = False
            if mention.type == "actor" and mention.actor is not None:
                extended = self._member_noun_end(text, tokens, j)
                if extended != j:
                    j, mention.descriptive, mention.rule = extended, True, f"{RULE}:member_noun"
            start_tok = i
            before = words_before(text, tokens, start_tok, self._prefixes)
            if before != start_tok:
                start_tok, descriptive_prefix = before, True
            start_tok = words_before(text, tokens, start_tok, self._the)
            if start_tok < i and tokens[start_tok].start < taken_until:
                start_tok = i
            start, end = tokens[start_tok].start, tokens[j - 1].end
            taken_until = end
            found.append(ActorMention(start, end, text[start:end], mention.actor, mention.kind,
                                      mention.descriptive or descriptive_prefix, mention.rule, mention.country))
        masked = _mask(text, [(m.start, m.end) for m in found])
        found.extend(self._unknown.find(text, masked))
        found.sort(key=lambda m: m.start)
        return found

    def _resolve(self, entries: list[_Entry], ranked: list[str], rank: dict[str, int]) -> _Resolved:
        far = len(ranked)

        def score(e: _Entry) -> tuple[int, int]:
            if e.countries:
                r = min((rank[c] for c in e.countries if c in rank), default=far)
            elif e.type == "actor":
                country = self.actors[e.target].country
                r = rank.get(country, far) if country else far
            else:
                r = far
            return r, 0 if e.countries else 1

        entries = sorted(entries, key=score)
        best = entries[0]
        tied = {(e.type, e.target) for e in entries if score(e) == score(best)}
        if len(tied) > 1:  # only when the article's country does not decide ("SNA" with no country)
            if all(kind == "actor" for kind, _ in tied):
                return _Resolved("actor", None, None, False, f"{RULE}:ambiguous_alias")
            return _Resolved("generic", None, None, True, f"{RULE}:generic_unresolved")
        if best.type == "actor":
            actor = self.actors[best.target]
            rule = f"{RULE}:scoped_alias" if best.countries else f"{RULE}:alias"
            return _Resolved("actor", actor.name, actor.kind, False, rule)
        if best.type == "descriptive":
            actor = self.actors.get(best.target) if best.target else None
            return _Resolved("descriptive", actor.name if actor else None, actor.kind if actor else None, True,
                             f"{RULE}:descriptive")
        for country in ranked:
            if best.countries and country not in best.countries:
                continue
            name = self.roles.get((country, best.target))
            if name:
                actor = self.actors[name]
                return _Resolved("generic", name, actor.kind, True, f"{RULE}:generic_by_country", country)
        return _Resolved("generic", None, None, True, f"{RULE}:generic_unresolved")

    def _member_noun_end(self, text: str, tokens: Sequence[Token], j: int) -> int:
        """End of "<name> [linked] <member noun>" after a name ending at token j, else j."""
        if j >= len(tokens) or not joined(text, tokens[j - 1], tokens[j]):
            return j
        k = j
        if tokens[k].key in self._member_links and k + 1 < len(tokens) and joined(text, tokens[k], tokens[k + 1]):
            k += 1
        hits = self._member_nouns.scan(text, tokens[k:k + 2])
        if hits and hits[0][0] == 0:
            return k + hits[0][1]
        return j


@dataclass
class _Resolved:
    type: str
    actor: str | None
    kind: str | None
    descriptive: bool
    rule: str
    country: str | None = None


def _shouting(text: str, tokens: Sequence[Token], i: int, j: int) -> bool:
    """Whether the words around tokens i..j are in capitals too (a headline in capitals)."""
    around = [tokens[k].plain for k in (i - 1, j) if 0 <= k < len(tokens)]
    return bool(around) and all(len(w) > 1 and w.isupper() for w in around)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


# ── Unknown organisations ─────────────────────────────────────────────────────

# Lower-case words inside names ("Front for the Liberation of Macina"); "and" ends a name:
# "Liwa al-Quds and the Hamza Brigade" are two.
_CONNECT = r"(?:of|for|the|in|al|el|wal|wa|de|des|du|la|le|li|lil|fi|bin|ibn)"
_CAPWORD = (r"(?:(?:al|el|ad|an|ar|as|ash|at|az|ul|wal)[-‐'’])?[A-Z\u00c0-\u00de][\w'’\u00c0-\u024f]*(?:-[\w'’]+)*"
            r"|\d+(?:st|nd|rd|th)?")
_CAP_RUN = re.compile(rf"(?:{_CAPWORD})(?:[ \t]+(?:{_CONNECT}[ \t]+)*(?:{_CAPWORD}))*")
_SPLIT = re.compile(r"[ \t]+")


class _UnknownOrganisations:
    """Capitalised names that look like armed groups ("Liwa al-Quds", "Hamza Brigade")."""

    def __init__(self, data: dict) -> None:
        self.keywords = [k for k in data.get("keywords") or []]
        self._keyword = re.compile(r"(?<![\w'’-])(?:" + "|".join(
            re.escape(k) for k in sorted(self.keywords, key=len, reverse=True)) + r")(?![\w'’-])") \
            if self.keywords else None
        self.breakers = frozenset(data.get("breakers") or [])
        self.ignore_leading = frozenset(data.get("ignore_leading") or [])
        self.generic = frozenset(data.get("generic_words") or []) | frozenset(self.keywords)
        self.exclude = {phrase_key(x) for x in data.get("exclude") or []}

    def find(self, text: str, masked: str) -> list[ActorMention]:
        if self._keyword is None:
            return []
        out = []
        headline: dict[int, bool] = {}  # line start -> whether the line is a title-case headline
        newlines = [m.start() for m in _NEWLINE.finditer(text)]  # found once: a text may have none
        for run in _CAP_RUN.finditer(masked):
            i = bisect.bisect_left(newlines, run.start())
            line_start = newlines[i - 1] + 1 if i else 0
            if line_start not in headline:
                headline[line_start] = _title_case_line(text, line_start)
            if headline[line_start]:
                continue
            for start, end in self._segments(masked, run.start(), run.end()):
                name = text[start:end]
                words = _SPLIT.split(name)
                if not self._keyword.search(name) or len(words) > 8:
                    continue
                if all(w in self.generic or re.fullmatch(_CONNECT, w) for w in words):
                    continue
                if phrase_key(name) in self.exclude:
                    continue
                out.append(ActorMention(start, end, name, name, None, False, f"{RULE}:unknown_organisation"))
        return out

    def _segments(self, masked: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        """Split a capitalised run at title words and drop sentence-opening words and edge connectors."""
        words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", masked[start:end])]
        segment: list[tuple[int, int, str]] = []
        for word in [*words, None]:
            if word is None or word[2] in self.breakers:
                while segment and (segment[0][2] in self.ignore_leading or re.fullmatch(_CONNECT, segment[0][2])):
                    segment.pop(0)
                while segment and re.fullmatch(_CONNECT, segment[-1][2]):
                    segment.pop()
                if segment:
                    yield segment[0][0], self._trim(segment[-1])[1]
                segment = []
            else:
                segment.append(word)

    @staticmethod
    def _trim(word: tuple[int, int, str]) -> tuple[int, int, str]:
        start, end, w = word
        for tail in ("'s", "’s", "'", "’", ",", ";", ":"):
            if w.endswith(tail) and len(w) > len(tail):
                return start, end - len(tail), w[: -len(tail)]
        return word


def _title_case_line(text: str, line_start: int) -> bool:
    """Whether the line starting at `line_start` is a headline in title case (most words capitalised, no full stop)."""
    line_end = text.find("\n", line_start, line_start + 301)
    if line_end == -1:
        if len(text) - line_start > 300:
            return False  # headlines are short
        line_end = len(text)
    line = text[line_start:line_end].strip()
    words = re.findall(r"[^\W\d_][\w'’-]{3,}", line)
    if len(words) < 4 or len(words) > 25 or line.endswith((".", "!", "?", '"', "”", ":")):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


# ── Loading ───────────────────────────────────────────────────────────────────


def read_actors_data(path: Path | None = None) -> dict:
    """The parsed actors file: `path`, or the packaged data/actors.yaml."""
    if path is None:
        raw = resources.files("marsad").joinpath("data", "actors.yaml").read_text(encoding="utf-8")
        where = "data/actors.yaml"
    else:
        raw = Path(path).read_text(encoding="utf-8")
        where = str(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw, Loader=loader)
    except yaml.YAMLError as exc:
        raise ActorDataError(f"{where}: not valid YAML ({exc})") from exc


def load_actors(path: Path | None = None) -> ActorIndex:
    """Build the actor index from `path` or the packaged data file. Slow-ish (tens of ms): build once."""
    return ActorIndex(read_actors_data(path))


def with_canonical_names(names: list[str]) -> list[str]:
    """What the user typed, and the canonical name each alias stands for ("ISIS" -> "Islamic State")."""
    index = load_actors()
    found = list(names)
    for name in names:
        actor = index.get(name)
        if actor is not None and actor.name not in found:
            found.append(actor.name)
    return found
