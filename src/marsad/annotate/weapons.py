"""Weapons and methods of attack named in a text, and the ACLED event type each suggests.

    >>> [(w.text, w.canonical, w.suggests) for w in find_weapons("A suicide car bomb hit the checkpoint.")]
    [('suicide car bomb', 'suicide vehicle-borne IED', ('Explosions/Remote violence', 'Suicide bomb'))]

The lexicon is data (src/marsad/data/weapons.yaml): canonical names with their variants,
grouped by the (event_type, sub_event_type) they suggest. Matching is case-insensitive
on whole words, except `exact` variants (acronyms and names that are common words:
"TOW", "Grad"); a space or hyphen in a variant matches a space, a hyphen or nothing;
a plural -s/-es is allowed; where variants overlap the longest wins, so "suicide car
bomb" is one suicide VBIED, not a car bomb, and "barrel bombs" is an air strike.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from marsad.model import Mention

RULE = "weapons.v1"
DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "weapons.yaml"


class BadWeaponsLexicon(ValueError):
    """The weapons file is malformed; the message names the group or entry."""


@dataclass(frozen=True)
class Weapon:
    canonical: str
    event_type: str
    sub_event_type: str | None


@dataclass
class WeaponMention:
    """A weapon or method named in a text."""

    start: int
    end: int
    text: str
    canonical: str  # "vehicle-borne IED"
    suggests: tuple[str, str | None]  # (event_type, sub_event_type), ACLED strings
    rule: str = RULE

    def to_mention(self) -> Mention:
        return Mention(
            start=self.start, end=self.end, text=self.text, kind="weapon",
            resolved={"canonical": self.canonical, "event_type": self.suggests[0],
                      "sub_event_type": self.suggests[1]},
            evidence=self.rule,
        )


@dataclass
class WeaponsLexicon:
    """Every variant and the weapon it names, with one scanner over all of them (see load_weapons)."""

    variants: list[tuple[str, bool, Weapon]]  # (variant, exact, weapon)
    pattern: re.Pattern | None = None

    def __post_init__(self) -> None:
        ordered = sorted(self.variants, key=lambda v: len(v[0]), reverse=True)
        self._by_group = {f"v{i}": weapon for i, (_, _, weapon) in enumerate(ordered)}
        # One branch per first letter, so that a word start tries only its letter's variants
        # (about 10x faster than one flat alternation of every variant).
        by_letter: dict[str, list[str]] = {}
        for i, (variant, exact, _) in enumerate(ordered):
            by_letter.setdefault(variant[0].lower(), []).append(f"(?P<v{i}>{_variant_regex(variant, exact)})")
        branches = [f"(?={re.escape(letter)})(?:{'|'.join(alts)})" for letter, alts in sorted(by_letter.items())]
        self.pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(branches) or '(?!)'})(?![\w])", re.I)

    def weapon_of(self, match: re.Match) -> Weapon:
        return self._by_group[match.lastgroup]


def _variant_regex(variant: str, exact: bool) -> str:
    """ "air strike" -> air(?:\\s+|-)?strike(?:e?s)? ; exact variants keep their case."""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", variant.strip()) if p]
    body = r"(?:\s+|-)?".join(parts)
    if variant[-1].isalpha():
        body += "(?:e?s)?"
    return f"(?-i:{body})" if exact else body


def load_weapons(path: str | Path | None = None) -> WeaponsLexicon:
    """The weapons lexicon in `path` (default: the packaged weapons.yaml), loaded once."""
    return _load_weapons(str(path or DEFAULT_LEXICON))


@functools.cache
def _load_weapons(path: str) -> WeaponsLexicon:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadWeaponsLexicon(f"{path}: cannot read the weapons lexicon ({exc})") from exc
    variants: list[tuple[str, bool, Weapon]] = []
    for g, group in enumerate(data.get("groups") or [], 1):
        if not isinstance(group, dict) or not group.get("event_type"):
            raise BadWeaponsLexicon(f"{path}: group {g} needs an event_type")
        for entry in group.get("weapons") or []:
            if not isinstance(entry, dict) or not entry.get("canonical"):
                raise BadWeaponsLexicon(
                    f"{path}: group {g} ({group['event_type']}): every weapon needs a canonical name")
            weapon = Weapon(entry["canonical"], group["event_type"], group.get("sub_event_type"))
            listed = [(str(v), False) for v in entry.get("variants") or []]
            listed += [(str(v), True) for v in entry.get("exact") or []]
            if not listed:
                raise BadWeaponsLexicon(f"{path}: weapon {weapon.canonical!r} has no variants")
            variants += [(v, exact, weapon) for v, exact in listed]
    return WeaponsLexicon(variants)


def find_weapons(text: str, lexicon: WeaponsLexicon | None = None) -> list[WeaponMention]:
    """Every weapon or method named in `text`, in order, longest variant first where they overlap."""
    lex = lexicon or load_weapons()
    out = []
    for m in lex.pattern.finditer(text):
        weapon = lex.weapon_of(m)
        out.append(WeaponMention(m.start(), m.end(), m.group(0), weapon.canonical,
                                 (weapon.event_type, weapon.sub_event_type)))
    return out
