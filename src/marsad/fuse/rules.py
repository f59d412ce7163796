"""The constants of fusion, reconciliation and control, read from data/reconcile.yaml.

    rules = load_rules()                      # the packaged file, read once per process
    rules = load_rules("my-reconcile.yaml")   # an analyst's copy
    strict = dataclasses.replace(rules, agree_factor=1.2)

Every value is explained in the data file; this module only reads and checks it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from marsad.model import SOURCE_KINDS


class FuseDataError(ValueError):
    """The reconcile data file is malformed; the message names the key and what to fix."""


@dataclass(frozen=True)
class FuseRules:
    """What makes claims one event and how their figures combine (see data/reconcile.yaml)."""

    near_km: float
    same_place_km: float
    across_articles_day_gap: int
    grid_degrees: float
    max_across_span_days: int
    symmetric_event_types: frozenset[str]
    generic_place_words: frozenset[str]
    tiers: tuple[frozenset[str], ...]  # source kinds ("unknown" for None), most preferred first
    agree_factor: float
    agree_slack: int
    denial_verbs: frozenset[str]
    no_casualties: re.Pattern | None  # matches a quote that says nobody was killed or wounded
    no_deaths: re.Pattern | None  # matches a quote that says nobody was killed
    generic_sub_types: frozenset[str]
    territory_changes: frozenset[str]
    # actor -> its parent (casefolded), from the actors file: a side named as the group or as
    # one of its branches is the same side ("Islamic State" / "Islamic State (West Africa Province)").
    parents: dict[str, str] = field(default_factory=lambda: _actor_parents())

    def related(self, a: str, b: str) -> bool:
        """True when one actor is the other or one of its ancestors (not for siblings)."""
        return a == b or self._descends(a, b) or self._descends(b, a)

    def _descends(self, child: str, ancestor: str) -> bool:
        seen = set()
        while child in self.parents and child not in seen:
            seen.add(child)
            child = self.parents[child]
            if child == ancestor:
                return True
        return False

    def tier(self, kind: str | None) -> int:
        """0 for the most preferred source kind; unlisted kinds rank with `unknown`."""
        kind = kind or "unknown"
        for i, kinds in enumerate(self.tiers):
            if kind in kinds:
                return i
        return self.tier("unknown") if kind != "unknown" else len(self.tiers)


def _phrases(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I)


def _need(section: dict, key: str, where: str, kind: type | tuple):
    if key not in section:
        raise FuseDataError(f"{where}: '{key}' is missing; add it (see the packaged data/reconcile.yaml)")
    value = section[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise FuseDataError(f"{where}: '{key}' should be {getattr(kind, '__name__', kind)}, not {value!r}")
    return value


def _strings(section: dict, key: str, where: str) -> list[str]:
    value = _need(section, key, where, list)
    if not all(isinstance(v, str) for v in value):
        raise FuseDataError(f"{where}: every entry of '{key}' should be a string")
    return value


def parse_rules(data: dict, where: str = "data/reconcile.yaml") -> FuseRules:
    """FuseRules from the parsed YAML; FuseDataError names what is wrong."""
    if not isinstance(data, dict):
        raise FuseDataError(f"{where}: expected sections merge, reconcile and control")
    merge = _need(data, "merge", where, dict)
    rec = _need(data, "reconcile", where, dict)
    control = _need(data, "control", where, dict)
    tiers = _need(rec, "tiers", where + " reconcile", list)
    known = set(SOURCE_KINDS) | {"unknown"}
    for tier in tiers:
        if not isinstance(tier, list) or not tier:
            raise FuseDataError(f"{where}: each entry of 'tiers' should be a non-empty list of source kinds")
        for kind in tier:
            if kind not in known:
                raise FuseDataError(f"{where}: '{kind}' in 'tiers' is not a source kind; use one of {sorted(known)}")
    number = (int, float)
    rules = FuseRules(
        near_km=float(_need(merge, "near_km", where + " merge", number)),
        same_place_km=float(_need(merge, "same_place_km", where + " merge", number)),
        across_articles_day_gap=_need(merge, "across_articles_day_gap", where + " merge", int),
        grid_degrees=float(_need(merge, "grid_degrees", where + " merge", number)),
        max_across_span_days=_need(merge, "max_across_span_days", where + " merge", int),
        symmetric_event_types=frozenset(_strings(merge, "symmetric_event_types", where + " merge")),
        generic_place_words=frozenset(w.casefold() for w in _strings(merge, "generic_place_words", where + " merge")),
        tiers=tuple(frozenset(t) for t in tiers),
        agree_factor=float(_need(rec, "agree_factor", where + " reconcile", number)),
        agree_slack=_need(rec, "agree_slack", where + " reconcile", int),
        denial_verbs=frozenset(v.casefold() for v in _strings(rec, "denial_verbs", where + " reconcile")),
        no_casualties=_phrases(_strings(rec, "no_casualties", where + " reconcile")),
        no_deaths=_phrases(_strings(rec, "no_deaths", where + " reconcile")),
        generic_sub_types=frozenset(_strings(rec, "generic_sub_types", where + " reconcile")),
        territory_changes=frozenset(_strings(control, "territory_changes", where + " control")),
    )
    if rules.grid_degrees <= 0 or rules.near_km <= 0:
        raise FuseDataError(f"{where}: grid_degrees and near_km should be positive")
    if rules.agree_factor < 1:
        raise FuseDataError(f"{where}: agree_factor should be at least 1 (1 = figures must be equal)")
    return rules


@functools.cache
def _actor_parents() -> dict[str, str]:
    from marsad.annotate.actors import read_actors_data  # the file only: no second phrase index

    def norm(name: str) -> str:
        return " ".join(name.casefold().split())

    actors = read_actors_data().get("actors") or []
    return {norm(a["name"]): norm(a["parent"]) for a in actors
            if isinstance(a, dict) and isinstance(a.get("name"), str) and isinstance(a.get("parent"), str)}


@functools.cache
def _packaged_rules() -> FuseRules:
    raw = resources.files("marsad").joinpath("data", "reconcile.yaml").read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(raw))


def load_rules(path: str | Path | None = None) -> FuseRules:
    """The rules in `path`, or the packaged data/reconcile.yaml (read once per process)."""
    if path is None:
        return _packaged_rules()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FuseDataError(f"{path}: not valid YAML ({exc})") from exc
    return parse_rules(data, str(path))
