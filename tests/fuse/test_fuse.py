"""fuse_claims: which claims are one event, and how their figures and fields reconcile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from marsad.fuse import FuseDataError, claim_key, fuse_claims, load_rules
from marsad.model import Place, Source

from tests.fuse.helpers import (AFP, AL_BAHRA, AMAQ, APRIL_2, DEIR_EZZOR, HAJIN, MAYADIN, MINISTRY, RAQQA, REUTERS,
                                SANA, SOHR, claim, day, headline_claims)


def test_agency_and_monitor_figures_about_one_attack_are_one_contested_event():
    [event] = fuse_claims(headline_claims())
    assert len(event.claims) == 3
    assert event.status == "contested"
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (19, 19, 40)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert (event.actor1, event.actor2) == ("Islamic State", "Military Forces of Syria")
    assert event.place is DEIR_EZZOR and event.geo_precision == 2
    assert (event.date_start, event.time_precision) == (APRIL_2, "day")


def test_notes_are_one_plain_line():
    [event] = fuse_claims(headline_claims())
    assert event.notes == ("On 2 April 2020, Islamic State attacked Military Forces of Syria near Deir ez-Zor; "
                           "19\u201340 killed (contested).")


def test_late_on_3_march_and_on_4_march_from_two_outlets_are_one_corroborated_event():
    a = claim("reuters-1", 10, source=REUTERS, reported_by="Reuters", killed=(12, 12), when=day(2021, 3, 3),
              place=DEIR_EZZOR, event_type="Explosions/Remote violence", actor1="Islamic State",
              quote="Late on 3 March a car bomb killed 12 people in Deir ez-Zor.")
    b = claim("afp-1", 50, source=AFP, reported_by="AFP", killed=(13, 13), when=day(2021, 3, 4),
              place=DEIR_EZZOR, event_type="Explosions/Remote violence",
              quote="A car bomb killed 13 people in Deir ez-Zor on 4 March.")
    [event] = fuse_claims([a, b])
    assert event.status == "corroborated"
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (12, 12, 13)
    # No day is shared: the earliest of the equally narrow claimed days.
    assert (event.date_start, event.date_end, event.time_precision) == (day(2021, 3, 3), day(2021, 3, 3), "day")


def test_reports_two_days_apart_are_two_events():
    a = claim("a", source=REUTERS, when=day(2021, 3, 3), place=DEIR_EZZOR, event_type="Battles")
    b = claim("b", source=AFP, when=day(2021, 3, 5), place=DEIR_EZZOR, event_type="Battles")
    assert len(fuse_claims([a, b])) == 2


def test_two_days_within_one_article_are_two_events():
    a = claim("a", 0, when=day(2021, 3, 3), place=DEIR_EZZOR, event_type="Battles")
    b = claim("a", 100, when=day(2021, 3, 4), place=DEIR_EZZOR, event_type="Battles")
    assert len(fuse_claims([a, b])) == 2


@pytest.mark.parametrize("other", [MAYADIN, AL_BAHRA], ids=["45 km away", "exact village 8 km away"])
def test_distinct_places_on_one_day_are_two_events(other):
    near = HAJIN if other is AL_BAHRA else DEIR_EZZOR
    a = claim("a", source=REUTERS, when=day(2021, 3, 3), place=near, killed=(3, 3), event_type="Battles")
    b = claim("b", source=AFP, when=day(2021, 3, 3), place=other, killed=(3, 3), event_type="Battles")
    events = fuse_claims([a, b])
    assert len(events) == 2
    assert all(e.status == "single_source" for e in events)


def test_a_village_and_the_town_near_it_are_one_place():
    town = dataclasses.replace(HAJIN, geonameid=None, name="Hajin town")
    a = claim("a", source=REUTERS, when=day(2021, 3, 3), place=AL_BAHRA, geo=1, event_type="Battles")
    b = claim("b", source=AFP, when=day(2021, 3, 3), place=town, geo=2, event_type="Battles")
    assert len(fuse_claims([a, b])) == 1


def test_near_places_in_different_grid_cells_are_found():
    west = Place("West", 35.49, 39.99, geonameid=1)  # cells (70, 79) and (71, 80): neighbours
    east = Place("East", 35.51, 40.01, geonameid=2)
    a = claim("a", source=REUTERS, when=day(2021, 3, 3), place=west, geo=2)
    b = claim("b", source=AFP, when=day(2021, 3, 3), place=east, geo=2)
    assert len(fuse_claims([a, b])) == 1


def test_a_denial_makes_the_event_contested_but_no_zero():
    a = claim("a", 0, source=AMAQ, verb="claimed", killed=(7, 7), when=APRIL_2, place=DEIR_EZZOR,
              event_type="Battles", actor1="Islamic State")
    b = claim("a", 60, source=MINISTRY, verb="denied", quote="The ministry denied that any attack took place.")
    [event] = fuse_claims([a, b])
    assert event.status == "contested"
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (7, 7, 7)


def test_a_denial_saying_no_casualties_counts_as_zero():
    a = claim("a", 0, source=AMAQ, verb="claimed", killed=(7, 7), when=APRIL_2, place=DEIR_EZZOR)
    b = claim("a", 60, source=MINISTRY, verb="denied",
              quote="The ministry denied the claim, saying the attack caused no casualties.")
    [event] = fuse_claims([a, b])
    assert event.status == "contested"
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (0, 0, 7)
    assert (event.wounded_low, event.wounded_high) == (0, 0)


def test_best_prefers_the_monitor_over_lower_and_higher_party_figures():
    claims = [claim("a", 0, source=MINISTRY, killed=(5, 5), when=APRIL_2, place=DEIR_EZZOR),
              claim("a", 60, source=SOHR, killed=(12, 12)),
              claim("a", 120, source=AMAQ, killed=(40, 40))]
    [event] = fuse_claims(claims)
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (5, 12, 40)


def test_best_prefers_corroborated_figures_within_the_preferred_tier():
    claims = [claim("a", 0, source=REUTERS, killed=(10, 10), when=APRIL_2, place=DEIR_EZZOR),
              claim("a", 60, source=AFP, killed=(11, 11)),
              claim("a", 120, source=SOHR, killed=(30, 30))]
    [event] = fuse_claims(claims)
    assert event.fatalities_best == 10  # lower median of the corroborated 10 and 11
    assert event.status == "contested"  # 30 against 10


def test_a_vague_figure_gives_an_open_range():
    [event] = fuse_claims([claim("a", 0, source=SOHR, killed=(24, None), when=APRIL_2, place=DEIR_EZZOR)])
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (24, 24, 24)
    assert event.status == "single_source"


def test_hedged_figures_do_not_set_the_low():
    claims = [claim("a", 0, source=SOHR, killed=(19, 19), when=APRIL_2, place=DEIR_EZZOR),
              claim("a", 60, source=REUTERS, killed=(2, 2), hedged=True)]
    [event] = fuse_claims(claims)
    assert (event.fatalities_low, event.fatalities_high) == (19, 19)


def test_sources_of_one_side_do_not_corroborate_each_other():
    claims = [claim("a", 0, source=MINISTRY, killed=(5, 5), when=APRIL_2, place=DEIR_EZZOR),
              claim("b", 0, source=SANA, killed=(5, 5), when=APRIL_2, place=DEIR_EZZOR)]
    [event] = fuse_claims(claims)
    assert event.status == "single_source"


def test_one_source_quoted_by_two_outlets_is_one_claimant():
    claims = [claim("a", 0, source=SOHR, reported_by="Reuters", killed=(5, 5), when=APRIL_2, place=DEIR_EZZOR),
              claim("b", 0, source=SOHR, reported_by="AFP", killed=(5, 5), when=APRIL_2, place=DEIR_EZZOR)]
    [event] = fuse_claims(claims)
    assert event.status == "single_source"


def test_sides_named_either_way_round_are_one_clash():
    a = claim("a", source=REUTERS, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles",
              actor1="Islamic State", actor2="Military Forces of Syria")
    b = claim("b", source=AFP, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles",
              actor1="Military Forces of Syria", actor2="Islamic State")
    [event] = fuse_claims([a, b])
    assert {event.actor1, event.actor2} == {"Islamic State", "Military Forces of Syria"}


def test_different_perpetrators_of_one_sided_violence_are_two_events():
    a = claim("a", source=REUTERS, when=APRIL_2, place=DEIR_EZZOR, event_type="Violence against civilians",
              actor1="Islamic State", actor2="Civilians")
    b = claim("b", source=AFP, when=APRIL_2, place=DEIR_EZZOR, event_type="Violence against civilians",
              actor1="Civilians", actor2="Islamic State")
    assert len(fuse_claims([a, b])) == 2


def test_different_types_are_two_events():
    a = claim("a", 0, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles")
    b = claim("a", 50, when=APRIL_2, place=DEIR_EZZOR, event_type="Protests")
    assert len(fuse_claims([a, b])) == 2


def test_claims_without_a_date_merge_only_within_their_article():
    dated = claim("a", 0, source=REUTERS, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles")
    undated_same_article = claim("a", 60, source=SOHR, killed=(3, 3), place=DEIR_EZZOR, event_type="Battles")
    undated_other_article = claim("b", 0, source=AFP, place=DEIR_EZZOR, event_type="Battles")
    events = fuse_claims([dated, undated_same_article, undated_other_article])
    assert sorted(len(e.claims) for e in events) == [1, 2]


def test_a_claim_without_a_place_joins_the_nearest_event_in_the_text():
    claims = [claim("a", 0, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles"),
              claim("a", 500, when=APRIL_2, place=RAQQA, event_type="Battles"),
              claim("a", 560, source=MINISTRY, verb="said", quote="The attack was repelled, the ministry said.")]
    events = fuse_claims(claims)
    raqqa = next(e for e in events if e.place is RAQQA)
    assert len(raqqa.claims) == 2


def test_a_claim_without_a_place_does_not_glue_two_places_together():
    claims = [claim("a", 0, when=APRIL_2, place=DEIR_EZZOR, event_type="Battles"),
              claim("a", 50, when=APRIL_2, event_type="Battles"),
              claim("a", 100, when=APRIL_2, place=RAQQA, event_type="Battles")]
    assert len(fuse_claims(claims)) == 2


def test_separately_keeps_articles_apart():
    a = claim("a", source=REUTERS, when=APRIL_2, place=DEIR_EZZOR)
    b = claim("b", source=AFP, when=APRIL_2, place=DEIR_EZZOR)
    assert len(fuse_claims([a, b])) == 1
    assert len(fuse_claims([a, b], across_articles=False)) == 2


def test_the_month_and_the_day_share_the_day():
    a = claim("a", source=REUTERS, when=(day(2014, 6, 1), day(2014, 6, 30)), precision="month", place=RAQQA,
              event_type="Battles", sub_event_type="Armed clash")
    b = claim("b", source=AFP, when=day(2014, 6, 10), place=RAQQA, event_type="Battles",
              sub_event_type="Non-state actor overtakes territory")
    [event] = fuse_claims([a, b])
    assert (event.date_start, event.date_end, event.time_precision) == (day(2014, 6, 10), day(2014, 6, 10), "day")
    # One vote each: the more specific sub-type wins the tie.
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_the_place_of_best_precision_wins():
    a = claim("a", 0, when=APRIL_2, place=DEIR_EZZOR, geo=3)
    b = claim("a", 50, when=APRIL_2, place=dataclasses.replace(DEIR_EZZOR, name="Deir ez-Zor city"), geo=1,
              place_as_written="Deir Ezzor")
    [event] = fuse_claims([a, b])
    assert (event.place.name, event.geo_precision, event.place_as_written) == ("Deir ez-Zor city", 1, "Deir Ezzor")


def test_weapons_and_associated_actors_are_the_union():
    a = claim("a", 0, when=APRIL_2, place=DEIR_EZZOR, weapons=["mortar"], actor1="Islamic State",
              assoc_actors=["Tribal militia"])
    b = claim("a", 50, weapons=["Mortar", "rifles"], assoc_actors=["Islamic State", "Local militia"])
    [event] = fuse_claims([a, b])
    assert event.weapons == ["mortar", "rifles"]
    assert event.assoc_actors == ["Tribal militia", "Local militia"]


def many_claims():
    return headline_claims() + [
        claim("b", 0, source=REUTERS, killed=(30, 30), when=APRIL_2, place=DEIR_EZZOR, event_type="Battles"),
        claim("c", 0, source=AFP, when=day(2020, 4, 3), place=MAYADIN, event_type="Battles"),
        claim("c", 90, source=SOHR, killed=(3, None), place=MAYADIN),
        claim("d", 0, source=SANA, when=day(2020, 4, 3), place=RAQQA),
        claim("d", 40, source=SANA),
    ]


def partition(events):
    return sorted((e.id, sorted(claim_key(c) for c in e.claims)) for e in events)


@pytest.mark.parametrize("seed", range(5))
def test_event_ids_are_stable_under_input_order(seed):
    claims = many_claims()
    expected = partition(fuse_claims(claims))
    random.Random(seed).shuffle(claims)
    assert partition(fuse_claims(claims)) == expected


def test_event_id_survives_a_later_claim_joining():
    first = claim("a", when=APRIL_2, place=DEIR_EZZOR, id="claim-0001")
    later = claim("b", source=AFP, when=APRIL_2, place=DEIR_EZZOR, id="claim-0002")
    [alone] = fuse_claims([first])
    [joined] = fuse_claims([first, later])
    assert alone.id == joined.id
    assert len({e.id for e in fuse_claims(many_claims())}) == len(fuse_claims(many_claims()))


def test_every_claim_lands_in_exactly_one_event():
    claims = many_claims()
    events = fuse_claims(claims)
    landed = [id(c) for e in events for c in e.claims]
    assert sorted(landed) == sorted(id(c) for c in claims)


def test_no_claims_no_events():
    assert fuse_claims([]) == []


def test_rules_file_with_a_missing_key_is_refused(tmp_path):
    path = tmp_path / "reconcile.yaml"
    path.write_text("merge: {near_km: 25}\nreconcile: {}\ncontrol: {}\n", encoding="utf-8")
    with pytest.raises(FuseDataError, match="'tiers' is missing"):
        load_rules(path)


def test_a_stricter_factor_from_the_rules_changes_agreement():
    claims = [claim("a", 0, source=REUTERS, killed=(10, 10), when=APRIL_2, place=DEIR_EZZOR),
              claim("a", 60, source=AFP, killed=(14, 14))]
    assert fuse_claims(claims)[0].status == "corroborated"
    strict = dataclasses.replace(load_rules(), agree_factor=1.2, agree_slack=1)
    assert fuse_claims(claims, rules=strict)[0].status == "contested"


def test_unnamed_local_sources_in_two_outlets_corroborate():
    residents = Source("residents", "local_source")
    claims = [claim("a", 0, source=residents, reported_by="Outlet A", killed=(4, 4), when=APRIL_2, place=DEIR_EZZOR),
              claim("b", 0, source=residents, reported_by="Outlet B", killed=(4, 4), when=APRIL_2, place=DEIR_EZZOR)]
    assert fuse_claims(claims)[0].status == "corroborated"


def test_fusion_across_articles_compares_only_blocked_candidates(monkeypatch):
    from marsad.fuse import cluster

    calls = []
    real_fit = cluster.fit

    def counting_fit(a, b, rules, across):
        calls.append(across)
        return real_fit(a, b, rules, across)

    monkeypatch.setattr(cluster, "fit", counting_fit)
    # 2,000 single-claim articles: ten places 2 degrees apart, a new day every ten articles.
    claims = [claim(f"art{i}", when=day(2015, 1, 1) + dt.timedelta(days=3 * (i // 10)),
                    place=Place(f"p{i % 10}", 10 + (i % 10) * 2.0, 20.0, geonameid=i % 10), geo=1)
              for i in range(2000)]
    events = fuse_claims(claims)
    assert len(events) == 2000
    assert calls.count(True) == 0  # all-pairs would be about two million


def test_a_place_overtaken_and_regained_are_two_events():
    a = claim("a", 0, when=(day(2014, 6, 1), day(2014, 6, 30)), precision="month", place=RAQQA,
              event_type="Battles", sub_event_type="Non-state actor overtakes territory")
    b = claim("a", 80, when=None, place=RAQQA, event_type="Battles", sub_event_type="Government regains territory")
    assert len(fuse_claims([a, b])) == 2


def test_a_group_and_its_branch_are_one_side_but_two_branches_are_not():
    base = dict(when=APRIL_2, place=DEIR_EZZOR, event_type="Battles", sub_event_type="Armed clash",
                actor2="Military Forces of Syria")
    group = claim("art1", 0, source=AMAQ, actor1="Islamic State", **base)
    branch = claim("art1", 100, source=SOHR, actor1="Islamic State (West Africa Province)", **base)
    sibling = claim("art1", 200, source=REUTERS, actor1="Islamic State (Sahel Province)", **base)
    assert len(fuse_claims([group, branch])) == 1
    assert len(fuse_claims([branch, sibling])) == 2
    assert load_rules().related("islamic state (west africa province)", "islamic state")


def test_every_reconciled_figure_names_the_claims_that_give_it():
    from marsad.fuse.reconcile import figure_sources

    [event] = fuse_claims(headline_claims())
    by_id = {claim_key(c): c for c in event.claims}
    given = figure_sources(event)["fatalities"]
    assert {by_id[i].source.name for i in given["high"]} == {"Amaq"}  # the 40
    assert all(by_id[i].killed.low == 19 for i in given["low"] + given["best"]) and given["best"]
    assert figure_sources(event)["wounded"] == {"low": [], "best": [], "high": []}
