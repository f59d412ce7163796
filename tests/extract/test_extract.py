"""Claims from sentences (rules.v1), on a small real gazetteer, then fused into events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from marsad.annotate import annotate
from marsad.extract import EXTRACTORS, UnknownExtractor, extract_claims
from marsad.extract.sentences import MAX_SENTENCE, split_sentences
from marsad.fuse import control_periods, fuse_claims, who_held
from marsad.model import Article

PUBLISHED = dt.date(2020, 4, 4)  # a Saturday


def claims_of(text, annotators, published=PUBLISHED, outlet="Test Wire"):
    article = Article(id="a1", text=text, published=published, outlet=outlet)
    return extract_claims(article, annotate(article, annotators))


def test_one_attack_three_claimants_is_one_event(annotators):
    text = (
        "Islamic State fighters attacked army checkpoints near Deir ez-Zor in Syria late on Thursday.\n"
        "The group's Amaq news agency said 40 soldiers were killed. "
        "A monitoring group put the toll at no fewer than 19 soldiers, among them a lieutenant colonel. "
        "The defence ministry said army units had killed a number of the attackers."
    )
    claims = claims_of(text, annotators)
    [event] = fuse_claims(claims)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 == "Islamic State"
    assert (event.date_start, event.time_precision) == (dt.date(2020, 4, 2), "day")
    by_kind = {c.source.kind: c for c in event.claims}
    assert (by_kind["perpetrator_media"].killed.low, by_kind["perpetrator_media"].killed.high) == (40, 40)
    assert by_kind["perpetrator_media"].source.name == "Amaq"
    assert (by_kind["monitor"].killed.low, by_kind["monitor"].killed.high) == (19, None)  # the colonel is among them
    assert by_kind["official"].killed.low == 1 and by_kind["official"].killed.high is None
    assert by_kind["independent_media"].verb == "reported" and by_kind["independent_media"].source.name == "Test Wire"
    assert event.status == "contested"  # 40 against 19


def test_every_claim_quotes_its_sentence_with_evidence(annotators):
    text = "Islamic State fighters attacked a checkpoint near Homs in Syria on Sunday. Two soldiers were killed."
    for c in claims_of(text, annotators):
        assert text[c.start:c.end] == c.quote
        assert c.extractor == "rules.v1"
        rule = c.evidence["event_type"]["rule"]
        assert rule.startswith("rules.v1:")
        s, e = c.evidence["event_type"]["span"]
        assert c.start <= s < e <= c.end


def test_background_history_gives_changes_of_territory_and_control(annotators):
    text = ("Islamic State militants overran Tiyas in Syria in June 2014, and government forces retook the town "
            "in March 2017.")
    claims = claims_of(text, annotators)
    kinds = [(c.sub_event_type, c.date_start, c.time_precision) for c in claims]
    assert kinds == [
        ("Non-state actor overtakes territory", dt.date(2014, 6, 1), "month"),
        ("Government regains territory", dt.date(2017, 3, 1), "month"),
    ]
    assert claims[1].place.name == claims[0].place.name  # "the town" is Tiyas
    assert claims[1].evidence["place"]["rule"] == "rules.v1:place_coreference"
    periods = control_periods(fuse_claims(claims))
    assert who_held(periods, claims[0].place.name, dt.date(2015, 6, 1)).actor == "Islamic State"
    assert who_held(periods, claims[0].place.name, dt.date(2018, 1, 1)).actor == "Military Forces of Syria"


@pytest.mark.parametrize("text", [
    "Analysts warned that the group could now try to attack Homs in Syria.",
    "The group is eyeing the provincial capital, Homs, officials in Syria fear.",
    "Security officials expect attacks on Homs in Syria to rise during Ramadan.",
    "The army did not attack Homs in Syria on Sunday.",
    "Analysts say the raids show Islamic State's ability to strike Homs in Syria at will.",
])
def test_forecasts_warnings_and_negations_are_not_events(annotators, text):
    assert claims_of(text, annotators) == []


@pytest.mark.parametrize("text", [
    "The army has struggled to contain the violence in Homs in Syria, which has killed thousands of people.",
    "The insurgency in Syria has killed more than 40,000 people in Homs since 2011.",
    "The war in Syria has also killed hundreds of aid workers around Homs.",
])
def test_a_conflicts_running_toll_is_not_an_event(annotators, text):
    assert claims_of(text, annotators) == []


def test_an_attack_that_has_killed_is_still_an_event(annotators):
    [claim] = claims_of("A suicide bombing that has killed at least 12 people hit a market in Homs in Syria on Sunday.",
                        annotators)
    assert claim.killed.low == 12 and claim.date_start == dt.date(2020, 3, 29)


def test_an_elaboration_without_place_date_or_figure_is_not_an_event(annotators):
    text = "Fighters attacked a post near Homs in Syria on Sunday. The fighting lasted several hours."
    claims = claims_of(text, annotators)
    assert len(claims) == 1 and claims[0].date_start == dt.date(2020, 3, 29)


def test_a_claim_of_responsibility_is_hedged(annotators):
    [claim] = claims_of("Islamic State claimed it killed 12 soldiers in Homs in Syria on Sunday.", annotators)
    assert claim.verb == "claimed" and claim.hedged
    assert (claim.killed.low, claim.killed.high) == (12, 12)


def test_killing_villagers_is_violence_against_civilians(annotators):
    [claim] = claims_of("Gunmen killed 11 villagers near Maiduguri in Nigeria on Sunday, police said.", annotators)
    assert (claim.event_type, claim.sub_event_type) == ("Violence against civilians", "Attack")
    assert claim.actor2 == "Civilians" and claim.actor1 is None  # "gunmen" names nobody
    assert claim.source.kind == "official" and claim.verb == "said"


def test_aircraft_make_an_air_strike_and_a_car_bomb_an_ied(annotators):
    [air] = claims_of("Russian aircraft struck Homs in Syria on Monday, killing four people.", annotators)
    assert air.sub_event_type == "Air/drone strike"
    [bomb] = claims_of("A car bomb exploded at a market in Afgooye in Somalia on Friday, killing five.", annotators)
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    assert "vehicle-borne IED" in bomb.weapons


def test_the_group_is_the_last_named_group(annotators):
    text = ("Islamic State has claimed several attacks this year. "
            "On Sunday the group attacked a checkpoint near Homs in Syria.")
    [claim] = [c for c in claims_of(text, annotators) if c.date_start == dt.date(2020, 3, 29)]
    assert claim.actor1 == "Islamic State"
    assert claim.evidence["actor1"]["rule"] == "rules.v1:subject"


def test_a_claimant_named_by_the_subject_of_the_clause(annotators):
    text = ("Fighters attacked a post near Homs in Syria on Sunday. The Homs Casualty Watch, a group that counts "
            "the dead, said at least six soldiers were killed.")
    figures = [c for c in claims_of(text, annotators) if c.killed.low is not None]
    [claim] = figures
    assert claim.source.kind == "monitor" and claim.source.name.endswith("Homs Casualty Watch")
    assert (claim.killed.low, claim.killed.high) == (6, None)


def test_without_a_publication_date_relative_dates_stay_unknown(annotators):
    [claim] = claims_of("Fighters attacked a post near Homs in Syria on Sunday, killing two soldiers.", annotators,
                        published=None)
    assert claim.date_start is None and claim.time_precision is None


def test_sentences_keep_abbreviations_and_cut_long_runs():
    text = "Gen. Ali said the U.S. strike hit in Oct. 2013. Then it ended!\nNew line"
    pieces = [text[s:e] for s, e in split_sentences(text)]
    assert pieces == ["Gen. Ali said the U.S. strike hit in Oct. 2013.", "Then it ended!", "New line"]
    long = "word " * 100_000
    spans = split_sentences(long)
    assert all(e - s <= MAX_SENTENCE for s, e in spans) and len(spans) > 100


def test_extractors_are_chosen_by_name(annotators):
    assert "rules.v1" in EXTRACTORS
    article = Article(id="x", text="Nothing happened.")
    with pytest.raises(UnknownExtractor, match="rules.v1"):
        extract_claims(article, annotate(article, annotators), extractor="nope")


def test_civilians_are_acted_on_never_the_actor(annotators):
    [claim] = claims_of("Villagers fled after gunmen attacked Maiduguri in Nigeria on Sunday, killing three.",
                        annotators)
    assert claim.actor1 is None and claim.actor2 == "Civilians"


def test_a_force_named_with_its_weapon_is_the_actor(annotators):
    [claim] = claims_of("Iraqi aircraft struck militant hideouts near Homs in Syria on Sunday.", annotators)
    assert claim.actor1 == "Military Forces of Iraq" and claim.sub_event_type == "Air/drone strike"


def test_the_verb_with_a_named_subject_assigns_the_roles(annotators):
    text = "Fighting continued on Sunday near Homs in Syria, when Syrian troops clashed with Islamic State fighters."
    [claim] = claims_of(text, annotators)
    assert (claim.actor1, claim.actor2) == ("Military Forces of Syria", "Islamic State")


def test_a_capitalised_name_is_no_reporting_verb(annotators):
    text = "A bomb supplied by the United States hit a base near Homs in Syria on Sunday."
    [claim] = claims_of(text, annotators)
    assert claim.source.name == "Test Wire" and claim.verb == "reported"


def test_where_the_claimant_sits_is_not_where_it_happened(annotators):
    text = ("Islamic State fighters attacked a checkpoint near Deir ez-Zor in Syria on Sunday. "
            "The defence ministry in Homs said 12 of the attackers had been killed.")
    claims = claims_of(text, annotators)
    assert all(c.place is None or c.place.name == "Deir ez-Zor" for c in claims)
    [event] = fuse_claims(claims)
    assert event.place.name == "Deir ez-Zor" and {c.source.name for c in event.claims} == {"Test Wire", "defence ministry"}


def test_a_toll_told_after_the_attack_is_the_attacks_even_when_it_counts_civilians(annotators):
    text = ("Al-Shabaab gunmen stormed a hotel near Afgooye in Somalia on Sunday, police said. "
            "A police spokesman said at least eight people had been killed. "
            "Staff at Maiduguri hospital said they had received 17 wounded people.")
    claims = claims_of(text, annotators)
    [event] = fuse_claims(claims)
    assert event.place.name == "Afgooye" and event.sub_event_type == "Armed clash"
    assert (event.fatalities_low, event.wounded_low) == (8, 17)
    assert all(c.evidence["event_type"]["rule"] == "rules.v1:refers_back" for c in claims[1:])


def test_a_dated_killing_of_civilians_is_its_own_attack(annotators):
    text = ("Islamic State fighters attacked a checkpoint near Homs in Syria on Sunday. "
            "Gunmen killed three villagers near Deir ez-Zor on Monday.")
    events = fuse_claims(claims_of(text, annotators))
    assert [(e.place.name, e.sub_event_type, e.actor2) for e in events] == [
        ("Homs", "Armed clash", None), ("Deir ez-Zor", "Attack", "Civilians")]


def test_a_place_taken_as_it_and_the_first_of_coordinated_takers(annotators):
    text = ("The town of Tiyas in Syria changed hands twice: Islamic State seized it in June 2014, and "
            "government forces and the Syrian Democratic Forces retook it in October 2015.")
    claims = claims_of(text, annotators)
    assert [(c.place.name, c.sub_event_type, c.actor1, c.date_start) for c in claims] == [
        ("Tiyās", "Non-state actor overtakes territory", "Islamic State", dt.date(2014, 6, 1)),
        ("Tiyās", "Government regains territory", "Military Forces of Syria", dt.date(2015, 10, 1))]
    assert claims[0].evidence["place"]["rule"] == "rules.v1:place_coreference"


def test_the_side_a_claimant_blames_is_the_actor(annotators):
    text = ("Gunmen killed eleven villagers near Homs in Syria on Sunday, and residents blamed "
            "Islamic State for the attack.")
    [claim] = claims_of(text, annotators)
    assert (claim.actor1, claim.actor2) == ("Islamic State", "Civilians")
    assert claim.evidence["actor1"]["rule"] == "rules.v1:blamed"
    [passive] = claims_of("Three soldiers were killed in an ambush near Homs in Syria on Sunday that was "
                          "claimed by Islamic State.", annotators)
    assert passive.actor1 == "Islamic State"


def test_claimants_an_owner_and_its_agency_and_a_phrase_no_file_names(annotators):
    [owned] = claims_of("The government's Saba news agency said troops killed 12 fighters near Homs in Syria "
                        "on Sunday.", annotators)
    assert owned.source.name == "Saba" and owned.source.kind == "state_media"
    [tail] = claims_of("A missile struck a market near Homs in Syria on Sunday, wounding five civilians, "
                       "the local authority said.", annotators)
    assert (tail.source.name, tail.verb) == ("local authority", "said")
    assert tail.evidence["source"]["rule"] == "attribution.v1:sentence_end_phrase"


def test_jets_of_a_force_and_a_place_named_in_apposition(annotators):
    [strike] = claims_of("Jets of the Syrian army struck Islamic State positions near Homs in Syria on Monday.",
                         annotators)
    assert (strike.actor1, strike.actor2) == ("Military Forces of Syria", "Islamic State")
    [taken] = claims_of("Near Homs in Syria, Islamic State seized the town, Tiyas, in June 2014.", annotators)
    assert taken.place.name == "Tiyās"


def test_nobody_claiming_is_no_claimant_and_such_killings_are_no_occurrence(annotators):
    text = ("Gunmen shot dead a teacher near Homs in Syria on Sunday. No group claimed responsibility, but such "
            "killings are usually attributed to Islamic State cells.")
    claims = claims_of(text, annotators)
    assert len(claims) == 1 and claims[0].source.name == "Test Wire"


def test_a_killing_with_burning_is_the_killing(annotators):
    [claim] = claims_of("Islamic State fighters killed seven soldiers near Homs in Syria on Sunday and set a "
                        "vehicle on fire, burning it.", annotators)
    assert claim.event_type == "Battles" and claim.killed.low == 7


def test_an_unnamed_outlet_is_its_site_or_one_per_article(annotators):
    text = "Islamic State fighters attacked a checkpoint near Homs in Syria on Sunday."
    article = Article(id="a9", text=text, published=PUBLISHED, url="https://www.example.org/news/1")
    [claim] = extract_claims(article, annotate(article, annotators))
    assert claim.source.name == "example.org" == claim.reported_by
    one = claims_of(text, annotators, outlet=None)
    other = [dataclasses.replace(c, article_id="a2") for c in claims_of(text, annotators, outlet=None)]
    [event] = fuse_claims(one + other)
    assert event.status == "corroborated"  # two outlets nobody named are not one outlet


def test_a_place_retaken_from_nobody_named_was_taken_from_its_last_taker(annotators):
    text = "Islamic State seized Tiyas in Syria in June 2014. Government forces retook the town in October 2017."
    taken, retaken = claims_of(text, annotators)
    assert (retaken.actor1, retaken.actor2) == ("Military Forces of Syria", "Islamic State")
    assert retaken.evidence["actor2"]["rule"] == "rules.v1:previous_holder"
    assert taken.actor2 is None  # nobody is said to have held it before


def test_a_support_phrase_ends_at_its_comma_and_a_span_since_separates_nothing(annotators):
    text = ("Islamic State seized Tiyas in Syria in June 2014, the first town to fall to the group since 2001, "
            "and held it for weeks before government forces, backed by allied militias, retook it in October 2015.")
    claims = claims_of(text, annotators)
    assert [(c.sub_event_type, c.date_start) for c in claims] == [
        ("Non-state actor overtakes territory", dt.date(2014, 6, 1)),
        ("Government regains territory", dt.date(2015, 10, 1))]


def test_a_tally_of_a_history_is_no_toll(annotators):
    text = ("Gunmen killed eight villagers near Homs in Syria on Sunday. Residents call the area the triangle of "
            "death, after years of massacres that have killed thousands of civilians.")
    [event] = fuse_claims(claims_of(text, annotators))
    assert (event.fatalities_low, event.fatalities_high) == (8, 8)


def test_its_fighters_are_the_claimants_side(annotators):
    text = "Militants opened fire on a patrol near Homs in Syria on Sunday. The SDF said two of its fighters were killed."
    [event] = fuse_claims(claims_of(text, annotators))
    assert event.actor2 == "Syrian Democratic Forces" and event.fatalities_low == 2


def test_a_group_speaking_through_its_agency_and_quoted_victims(annotators):
    text = ('Islamic State, in a claim published by its Amaq news agency, said its fighters had killed seven '
            '"Christians" near Homs in Syria on Sunday and set fire to a church.')
    [claim] = claims_of(text, annotators)
    assert claim.source.name == "Amaq" and claim.evidence["source"]["rule"] == "attribution.v1:own_medium"
    assert (claim.event_type, claim.actor2, claim.killed.low) == ("Violence against civilians", "Civilians", 7)
