"""Source mentions: who makes claims — outlets, agencies, monitors, officials, local sources.

    index = load_sources()                       # data/sources.yaml; build once, pass around
    index.find("The group's Amaq news agency said 40 soldiers were killed.")
    # [SourceMention("Amaq news agency" -> Source("Amaq", "perpetrator_media", "Islamic State"))]
    index.classify("Khabour Voice")              # Source("Khabour Voice", "independent_media", None)

`find` recognises, longest first and never overlapping:

1. Names and aliases from the data file (same matching as actors: case, hyphens,
   apostrophes and diacritics ignored, acronyms in capitals only), with an optional
   "the"/"a"/"an" in front. Official bodies take a country word in front into the span
   and their affiliation from it: "Turkey's defence ministry" -> Government of Turkey.
2. A group's own media named by the group: "Islamic State's news agency", "the group's
   propaganda arm" (perpetrator media; affiliation the group, or None for "the group").
3. Patterns for wording that varies: "Syrian state television", "a Telegram channel
   that tracks ...", "posts on X", "Captain Mohamed Ali".

`classify` names the source of a claimant found elsewhere (by extraction): a known
name, or the name as written with a kind guessed from its words; `mention` does the
same for a span and records in its rule whether the kind was known or guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.annotate.actors import PhraseMatcher, Token, joined, phrase_key, tokenize, words_before
from marsad.annotate.spans import Taken
from marsad.model import SOURCE_KINDS, Mention, Source

RULE = "sources.v1"
_ARTICLES = frozenset({"the", "a", "an"})
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


class SourceDataError(ValueError):
    """The sources data file is malformed; the message names the entry and what to fix."""


@dataclass
class SourceMention:
    """A span recognised as a claimant, with the source it stands for."""

    start: int
    end: int
    text: str
    source: Source
    known: bool  # kind from the data file (True) or guessed from the words (False)
    rule: str

    def to_mention(self) -> Mention:
        resolved = {"name": self.source.name, "kind": self.source.kind, "affiliation": self.source.affiliation,
                    "known": self.known}
        return Mention(self.start, self.end, self.text, "source", resolved, self.rule)


@dataclass(frozen=True)
class _Known:
    """A source as the data file gives it; `name` None keeps the words as written."""

    name: str | None
    kind: str
    affiliation: str | None
    rule: str
    state_prefix: bool = False


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    known: _Known


@dataclass(frozen=True)
class _Guess:
    kind: str
    regex: re.Pattern


def _check_kind(kind: Any, where: str) -> str:
    if kind not in SOURCE_KINDS:
        raise SourceDataError(f"{where}: kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    return kind


def _word_regex(words: Sequence[str], flags: int) -> re.Pattern | None:
    """Whole-word alternatives, apostrophes optional and spaces or hyphens alike."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        escaped = re.escape(w)
        escaped = escaped.replace("'", "['’]?").replace("’", "['’]?")
        escaped = re.sub(r"(?:\\ |\\-)+", r"[\\s-]+", escaped)
        parts.append(escaped)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", flags) if parts else None


class SourceIndex:
    """Sources from the data file, and the matchers over their names. Build with `load_sources`."""

    def __init__(self, data: dict) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            raise SourceDataError("sources data: expected a mapping with a `sources:` list")
        self.sources: dict[str, _Known] = {}
        self.aliases: dict[tuple[str, ...], list[str]] = {}  # key -> source names, for checks
        self._matcher = PhraseMatcher()
        for i, raw in enumerate(data["sources"]):
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise SourceDataError(f"sources[{i}]: every source needs a `name`")
            name = raw["name"]
            where = f"source {name!r}"
            if name in self.sources:
                raise SourceDataError(f"{where}: listed twice; merge the entries")
            known = _Known(None if raw.get("as_written") else name, _check_kind(raw.get("kind"), where),
                           raw.get("affiliation"), f"{RULE}:alias", bool(raw.get("state_prefix")))
            self.sources[name] = known
            seen = set()
            for alias in [name, *(raw.get("aliases") or [])]:
                if not isinstance(alias, str):
                    raise SourceDataError(f"{where}: aliases must be strings, got {alias!r}")
                key = phrase_key(alias)
                if not key or key in seen:
                    continue
                seen.add(key)
                self.aliases.setdefault(key, []).append(name)
                self._matcher.add(alias, known)

        media = data.get("group_media") or {}
        nouns = media.get("nouns") or []
        for owner in media.get("owners") or []:
            where = f"group_media owner {owner.get('names')}"
            known = _Known(None, _check_kind(owner.get("kind"), where), owner.get("affiliation"), f"{RULE}:group_media")
            for name in owner.get("names") or []:
                for noun in nouns:
                    self._matcher.add(f"{name} {noun}", known)
                    self._matcher.add(f"{name}'s {noun}", known)

        self._institutions = {phrase_key(w) for w in data.get("institutions") or []}
        self._prefixes = PhraseMatcher()
        self._prefix_len = 1
        for affiliation, words in (data.get("state_prefixes") or {}).items():
            for word in words or []:
                self._prefix_len = max(self._prefix_len, len(self._prefixes.add(word, affiliation)))

        self._patterns: list[_Pattern] = []
        for i, raw in enumerate(data.get("patterns") or []):
            where = f"patterns[{i}] ({raw.get('rule')})"
            flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
            try:
                regex = re.compile(raw["regex"], flags)
            except (KeyError, re.error) as exc:
                raise SourceDataError(f"{where}: needs a valid `regex` ({exc})") from exc
            known = _Known(raw.get("name"), _check_kind(raw.get("kind"), where), raw.get("affiliation"),
                           f"{RULE}:pattern:{raw.get('rule') or i}", bool(raw.get("state_prefix")))
            self._patterns.append(_Pattern(regex, known))

        self._guesses: list[_Guess] = []
        for i, raw in enumerate(data.get("guess") or []):
            where = f"guess[{i}]"
            kind = _check_kind(raw.get("kind"), where)
            regexes = (_word_regex(raw.get("words") or [], re.IGNORECASE),
                       _word_regex(raw.get("exact_words") or [], 0),
                       re.compile(raw["regex"], re.IGNORECASE) if raw.get("regex") else None)
            for regex in regexes:
                if regex is not None:
                    self._guesses.append(_Guess(kind, regex))

    # ── finding ──

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[SourceMention]:
        """Claimant mentions in `text`: known names, group media and patterns; `tokens`:
        `tokenize(text)`, when the caller already has them."""
        tokens = tokenize(text) if tokens is None else tokens
        starts = [t.start for t in tokens]
        candidates: list[tuple[int, int, int, SourceMention]] = []  # (start, end, priority, mention)

        def accept(i: int, j: int, values: list) -> list:
            if j - i == 1 and _shouting(tokens, i) and tokens[i].plain.isupper():
                return []  # an acronym inside a headline in capitals ("THE SITE OF ...")
            return values

        for i, j, values in self._matcher.scan(text, tokens, accept):
            mention = self._build(text, tokens, i, j, values[0])
            if tuple(t.key for t in tokens[i:j]) in self._institutions and _indefinite(mention.text):
                continue  # "a Malian army convoy": an institution word, not a claimant
            candidates.append((mention.start, mention.end, 0, mention))
        for pattern in self._patterns:
            for m in pattern.regex.finditer(text):
                i = bisect.bisect_left(starts, m.start())
                j = bisect.bisect_right(starts, m.end() - 1)
                if i >= j:
                    continue
                mention = self._build(text, tokens, i, j, pattern.known, span=(m.start(), m.end()))
                candidates.append((mention.start, mention.end, 1, mention))

        chosen: list[SourceMention] = []
        taken = Taken(len(text))
        for start, end, _, mention in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
            if taken.overlaps(start, end):
                continue
            taken.add(start, end)
            chosen.append(mention)
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _build(self, text: str, tokens: Sequence[Token], i: int, j: int, known: _Known,
               span: tuple[int, int] | None = None) -> SourceMention:
        """A mention for tokens i..j (or a regex span), with country word and article in front."""
        start, end = span if span else (tokens[i].start, tokens[j - 1].end)
        affiliation, rule, name = known.affiliation, known.rule, known.name
        first = i
        if known.state_prefix:
            found = self._prefix_before(text, tokens, i)
            if found is not None:
                first, affiliation = found
                rule, name = f"{RULE}:state_prefix" if known.rule == f"{RULE}:alias" else known.rule, None
            elif span and affiliation is None:
                inside = self._prefixes.scan(text, tokens[i:j])
                if inside:
                    affiliation = inside[0][2][0]
        name_start = tokens[first].start if first < i else start
        before = words_before(text, tokens, first, _ARTICLES)
        if before != first:
            start = tokens[before].start
        elif first < i:
            start = tokens[first].start
        written = _LEADING_ARTICLE.sub("", " ".join(text[name_start:end].split()))
        source = Source(name=name or written, kind=known.kind, affiliation=affiliation)
        return SourceMention(start, end, text[start:end], source, True, rule)

    def _prefix_before(self, text: str, tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
        """(first token, affiliation) of a country word before token i: "Turkey's", "the Iraqi"."""
        last = i - 1
        if last >= 1 and tokens[last].key == "s" and joined(text, tokens[last - 1], tokens[last]) \
                and joined(text, tokens[last], tokens[i]):
            last -= 1  # possessive: Turkey's
        elif last < 0 or not joined(text, tokens[last], tokens[i]):
            return None
        for length in range(min(self._prefix_len, last + 1), 0, -1):
            first = last - length + 1
            if any(not joined(text, tokens[k], tokens[k + 1]) for k in range(first, last)):
                continue
            values = self._prefixes.lookup(text[tokens[first].start:tokens[last].end])
            if values:
                return first, values[0]
        return None

    # ── classifying claimants found elsewhere ──

    def classify(self, name: str) -> Source:
        """The source a claimant's name stands for: known, or as written with a guessed kind (None if no clue)."""
        return self._classify(name)[0]

    def mention(self, text: str, start: int, end: int) -> SourceMention:
        """A source mention for a claimant span found by extraction, known or guessed."""
        source, known, rule = self._classify(text[start:end])
        return SourceMention(start, end, text[start:end], source, known, rule)

    def _classify(self, name: str) -> tuple[Source, bool, str]:
        stripped = " ".join(name.split())
        bare = _LEADING_ARTICLE.sub("", stripped)
        for m in self.find(stripped):
            if _LEADING_ARTICLE.sub("", m.text) == bare or m.text == stripped:
                return m.source, True, m.rule
        for guess in self._guesses:
            if guess.regex.search(bare):
                return Source(name=bare, kind=guess.kind), False, f"{RULE}:guess:{guess.kind}"
        return Source(name=bare), False, f"{RULE}:unknown"


def _indefinite(text: str) -> bool:
    return text[:2].lower() == "a " or text[:3].lower() == "an "


def _shouting(tokens: Sequence[Token], i: int) -> bool:
    around = [tokens[k].plain for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
    return bool(around) and all(len(w) > 1 and w.isupper() for w in around)


def read_sources_data(path: Path | None = None) -> dict:
    """The parsed sources file: `path`, or the packaged data/sources.yaml."""
    if path is None:
        raw = resources.files("marsad").joinpath("data", "sources.yaml").read_text(encoding="utf-8")
        where = "data/sources.yaml"
    else:
        raw = Path(path).read_text(encoding="utf-8")
        where = str(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw, Loader=loader)
    except yaml.YAMLError as exc:
        raise SourceDataError(f"{where}: not valid YAML ({exc})") from exc


def load_sources(path: Path | None = None) -> SourceIndex:
    """Build the source index from `path` or the packaged data file. Build once and pass it around."""
    return SourceIndex(read_sources_data(path))
