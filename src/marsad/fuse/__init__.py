"""Fuse: claims into events, figures reconciled, control periods derived (DESIGN §3, §5, §7).

    events = fuse_claims(claims)                       # list[Claim] -> list[Event]
    events = fuse_claims(claims, across_articles=False)  # `extract --separately`
    periods = control_periods(events)
    who_held(periods, "Raqqa", datetime.date(2015, 1, 1))

The constants below (25 km, one day, 1.5x, the source tiers...) live in
data/reconcile.yaml with the reasons for their values; `load_rules(path)` reads another copy.

Which claims are one event (marsad.fuse.cluster)
------------------------------------------------
1. Within an article, claims in text order; a claim joins the group it fits best, and it
   fits a group only if it fits every claim already in it:
   - type: the same event_type, or one unknown (sub-types may differ, except that two
     different changes of territory -- overtaken, regained, transferred -- never merge);
   - actors: actor1 and actor2 each the same, or one unknown, or one an ancestor of the
     other by the actors file's `parent` (a group and its branch; not two branches); for symmetric types
     (Battles) the two sides may be named either way round;
   - place: the same GeoNames id, or within `near_km` (25 km), or one unknown -- but two
     exact places (geo_precision 1) of different names are distinct unless closer than
     `same_place_km` (2 km; GeoNames duplicates), as ACLED splits events by village;
     a place known only by its written name counts as unknown within the article;
   - dates: the intervals overlap, or one is unknown.
   The best group has the most agreeing known fields, then the nearest claim in the text.
2. Across articles, the same tests between article groups, except that dates may be up
   to `across_articles_day_gap` (1) day apart ("late on 3 March" / "on 4 March"), a place
   known only by name matches the same name, both sides need a date and a place (claims
   without one stay in their article's events), intervals longer than
   `max_across_span_days` stay alone, and groups sharing an article never merge (the
   article itself told them apart). Candidates come from blocks of (day, month or year)
   x (0.5-degree grid cell and neighbours, GeoNames id, place name): no all-pairs.
   Between candidates: most agreeing fields, then the smallest day gap, then the nearest.
   Two precise claims at distinct places, or two or more days apart, never merge.

Reconciling (marsad.fuse.reconcile)
-----------------------------------
Every claim is kept. For killed and for wounded, separately:
- a claim's figure is its range; one without a figure whose quote says "no casualties"
  (or, for killed, "no one was killed"...) is 0; a denial with no figure is no figure;
- low = the lowest low among unhedged claims (all claims if every figure is hedged);
- high = the highest high over all claims, a claim's low standing in for an open high;
- best = the lower median (always a claimed figure) of the claimants' figures (each
  claimant's largest low) in the most preferred source tier present: monitor / ngo /
  wire / independent_media, then local_source / social_media / unknown kind, then
  official / state_media / partisan_media / perpetrator_media; within that tier only
  corroborated figures (agreeing with an independent claimant) when there are any.
Two figures agree when the larger is at most 1.5x the smaller or they differ by at most 2
(or both are overlapping closed ranges); 0 never agrees with a toll.
Claimants are source names (an unnamed local source is a different person in each
outlet); two are independent unless they are the same or share an affiliation.
Status: `contested` if any claim's verb is a denial or two claimants' killed or wounded
figures disagree (hedged figures too: a group claiming 40 against a monitor's 19 is a dispute); else
`corroborated` if two independent claimants report it; else
`single_source`.
Other fields: date = the narrowest interval every claim shares (with none shared, the
narrowest claimed, then the most claimed, then the earliest) and its precision; place =
the claim place of the lowest geo_precision (ties: the most claimed, then the first);
type = the majority event_type, sub-type the majority among its claims (ties: a specific
sub-type over a generic one such as "Armed clash"); actor1 and actor2 by majority;
weapons and associated actors the union; notes one plain line.

Event ids
---------
"ev_" + sha256 of the anchor claim's id (the smallest claim id in the event; claims
without an id get one from their article, offsets, source and quote). The same claims
give the same id in any input order, and the id survives new claims joining unless a
newcomer's id sorts first; when two events merge, one of their ids survives. (A hash of
all claim ids would change with every new report.)
"""

from __future__ import annotations

from marsad.fuse.cluster import claim_key, cluster_claims
from marsad.fuse.control import control_periods, who_held
from marsad.fuse.reconcile import build_event
from marsad.fuse.rules import FuseDataError, FuseRules, load_rules
from marsad.model import Claim, Event

__all__ = ["FuseDataError", "FuseRules", "claim_key", "control_periods", "fuse_claims", "load_rules", "who_held"]


def fuse_claims(claims: list[Claim], rules: FuseRules | None = None, across_articles: bool = True) -> list[Event]:
    """Events from claims: every claim in exactly one event; sorted by date, then id."""
    rules = rules or load_rules()
    events = [build_event(group, rules) for group in cluster_claims(list(claims), rules, across_articles)]
    seen: dict[str, int] = {}
    for event in events:  # ids clash only when identical claims land in two events
        n = seen.get(event.id, 0)
        seen[event.id] = n + 1
        if n:
            event.id = f"{event.id}-{n + 1}"
    events.sort(key=lambda e: (e.date_start is None, e.date_start or 0, e.id))
    return events
