"""Event triggers: the words that say something happened (data/triggers.yaml).

    lexicon = load_triggers()                  # cached; load_triggers(path) reads another file
    found = find_triggers(text, lexicon)        # -> [Trigger(start, end, text, role, rank, type, sub)]

The file's header says how phrases match and what each role means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

ROLES = ("clash", "kill", "territory", "fell", "strike", "fixed")


class BadTriggers(ValueError):
    """The triggers file is malformed; the message names the entry and what to fix."""


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    role: str
    rank: int
    event_type: str
    sub_event_type: str | None


@dataclass(frozen=True)
class _Entry:
    role: str
    rank: int
    event_type: str
    sub_event_type: str | None


@dataclass
class TriggerLexicon:
    entries: dict[str, _Entry]  # phrase (lower case) -> entry
    pattern: re.Pattern


def _phrase_regex(phrase: str) -> str:
    """Words joined by white space; "..." is a gap of up to six words. Phrases end with a word."""
    gap = r"(?:\S+\s+){0,6}?"
    return "".join(gap if w == "..." else re.escape(w) + r"\s+" for w in phrase.split())[: -len(r"\s+")]


def parse_triggers(data: object, where: str) -> TriggerLexicon:
    if not isinstance(data, dict) or not isinstance(data.get("triggers"), list):
        raise BadTriggers(f"{where}: expected a mapping with a list under 'triggers'")
    entries: dict[str, _Entry] = {}
    for i, raw in enumerate(data["triggers"], 1):
        at = f"{where}: trigger group {i}"
        if not isinstance(raw, dict):
            raise BadTriggers(f"{at}: expected a mapping")
        role = raw.get("role")
        if role not in ROLES:
            raise BadTriggers(f"{at}: role {role!r} is not one of {', '.join(ROLES)}")
        if not isinstance(raw.get("rank"), int) or not isinstance(raw.get("event_type"), str):
            raise BadTriggers(f"{at}: needs an integer 'rank' and an 'event_type'")
        phrases = raw.get("phrases")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise BadTriggers(f"{at}: 'phrases' must be a list of non-empty strings")
        entry = _Entry(role, raw["rank"], raw["event_type"], raw.get("sub_event_type"))
        for phrase in phrases:
            entries[" ".join(phrase.lower().split())] = entry
    ordered = sorted(entries, key=len, reverse=True)  # longest first: the regex takes the first alternative
    body = "|".join(f"(?:{_phrase_regex(p)})" for p in ordered)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)
    return TriggerLexicon(entries, pattern)


def _entry_for(lexicon: TriggerLexicon, matched: str) -> _Entry:
    key = " ".join(matched.lower().split())
    if key in lexicon.entries:
        return lexicon.entries[key]
    # A phrase with a gap ("drove ... out"): find the phrase whose words frame the match.
    words = key.split()
    for phrase, entry in lexicon.entries.items():
        if "..." in phrase:
            head, _, tail = phrase.partition("...")
            if key.startswith(head.strip()) and key.endswith(tail.strip()) and len(words) >= len(phrase.split()) - 1:
                return entry
    raise KeyError(matched)


def find_triggers(text: str, lexicon: TriggerLexicon | None = None) -> list[Trigger]:
    lexicon = lexicon or load_triggers()
    out = []
    for m in lexicon.pattern.finditer(text):
        e = _entry_for(lexicon, m.group())
        out.append(Trigger(m.start(), m.end(), m.group(), e.role, e.rank, e.event_type, e.sub_event_type))
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> TriggerLexicon:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadTriggers(f"{path}: cannot read the triggers file: {exc}") from exc
    return parse_triggers(data, path)


def load_triggers(path: str | Path | None = None) -> TriggerLexicon:
    if path is None:
        path = resources.files("marsad") / "data" / "triggers.yaml"
    return _load(str(path))
