"""Weapons and methods: the canonical name and the ACLED type each suggests."""

from __future__ import annotations

import pytest
import yaml

from marsad.annotate.weapons import BadWeaponsLexicon, find_weapons, load_weapons

ERV = "Explosions/Remote violence"


def only(sentence: str):
    found = find_weapons(sentence)
    assert len(found) == 1, f"expected one weapon in {sentence!r}, got {[w.text for w in found]}"
    return found[0]


@pytest.mark.parametrize("sentence, text, canonical, sub_event_type", [
    # vehicle-borne IEDs
    ("A VBIED exploded at the gate.", "VBIED", "vehicle-borne IED", "Remote explosive/landmine/IED"),
    ("A car bomb exploded near the market.", "car bomb", "vehicle-borne IED", "Remote explosive/landmine/IED"),
    ("A truck bomb hit the base.", "truck bomb", "vehicle-borne IED", "Remote explosive/landmine/IED"),
    ("A booby-trapped vehicle went off.", "booby-trapped vehicle", "vehicle-borne IED",
     "Remote explosive/landmine/IED"),
    ("He drove a car packed with explosives into the post.", "car packed with explosives", "vehicle-borne IED",
     "Remote explosive/landmine/IED"),
    ("A suicide car bomb hit the checkpoint.", "suicide car bomb", "suicide vehicle-borne IED", "Suicide bomb"),
    # suicide vests
    ("The attacker wore a suicide vest.", "suicide vest", "suicide vest", "Suicide bomb"),
    ("He detonated a suicide belt.", "suicide belt", "suicide vest", "Suicide bomb"),
    ("A suicide bomber struck the mosque.", "suicide bomber", "suicide vest", "Suicide bomb"),
    # IEDs and mines
    ("A roadside bomb killed two soldiers.", "roadside bomb", "IED", "Remote explosive/landmine/IED"),
    ("The patrol hit an IED.", "IED", "IED", "Remote explosive/landmine/IED"),
    ("An improvised explosive device went off.", "improvised explosive device", "IED",
     "Remote explosive/landmine/IED"),
    ("An explosive device was planted under the bridge.", "explosive device", "IED",
     "Remote explosive/landmine/IED"),
    ("The vehicle struck a landmine.", "landmine", "landmine", "Remote explosive/landmine/IED"),
    ("Two children were killed in a mine blast.", "mine blast", "landmine", "Remote explosive/landmine/IED"),
    # anti-tank guided missiles
    ("Militants fired an ATGM at the tank.", "ATGM", "anti-tank guided missile", "Shelling/artillery/missile attack"),
    ("They used a Konkurs against the BMP.", "Konkurs", "anti-tank guided missile",
     "Shelling/artillery/missile attack"),
    ("A Kornet destroyed the vehicle.", "Kornet", "anti-tank guided missile", "Shelling/artillery/missile attack"),
    ("A TOW hit the tank.", "TOW", "anti-tank guided missile", "Shelling/artillery/missile attack"),
    ("A Fagot was fired.", "Fagot", "anti-tank guided missile", "Shelling/artillery/missile attack"),
    ("A Metis hit the truck.", "Metis", "anti-tank guided missile", "Shelling/artillery/missile attack"),
    # missiles, mortars, artillery, rockets
    ("A ballistic missile struck the city.", "ballistic missile", "guided missile",
     "Shelling/artillery/missile attack"),
    ("Mortar shells fell on the base.", "Mortar shells", "mortar", "Shelling/artillery/missile attack"),
    ("Artillery pounded the village.", "Artillery", "artillery", "Shelling/artillery/missile attack"),
    ("Heavy shelling continued overnight.", "shelling", "artillery", "Shelling/artillery/missile attack"),
    ("Grad rockets hit Kharkiv.", "Grad rockets", "rockets", "Shelling/artillery/missile attack"),
    ("Katyushas were fired at the embassy.", "Katyushas", "rockets", "Shelling/artillery/missile attack"),
    ("MLRS fire hit the town.", "MLRS", "rockets", "Shelling/artillery/missile attack"),
    # air and drone strikes
    ("An airstrike hit the market.", "airstrike", "air strike", "Air/drone strike"),
    ("An air-strike hit the market.", "air-strike", "air strike", "Air/drone strike"),
    ("An air raid hit the market.", "air raid", "air strike", "Air/drone strike"),
    ("Warplanes bombed the town.", "Warplanes", "air strike", "Air/drone strike"),
    ("Jets struck the town.", "Jets", "air strike", "Air/drone strike"),
    ("A helicopter gunship fired on the convoy.", "helicopter gunship", "air strike", "Air/drone strike"),
    ("Helicopters dropped barrel bombs on Daraya.", "barrel bombs", "air strike", "Air/drone strike"),
    ("A drone hit the car.", "drone", "drone strike", "Air/drone strike"),
    ("A UAV fired on the convoy.", "UAV", "drone strike", "Air/drone strike"),
    ("A Bayraktar destroyed the convoy.", "Bayraktar", "drone strike", "Air/drone strike"),
    ("A loitering munition hit the radar.", "loitering munition", "drone strike", "Air/drone strike"),
    ("A suicide drone hit the building.", "suicide drone", "drone strike", "Air/drone strike"),
    # the rest
    ("The beheading was filmed.", "beheading", "beheading", "Attack"),
    ("A grenade was thrown into the bar.", "grenade", "grenade", "Grenade"),
    ("Chlorine was used in the attack.", "Chlorine", "chemical weapon", "Chemical weapon"),
    ("Sarin killed dozens in Khan Shaykhun.", "Sarin", "chemical weapon", "Chemical weapon"),
    ("The school was destroyed by arson.", "arson", "arson", "Looting/property destruction"),
    ("Militants torched the market.", "torched", "arson", "Looting/property destruction"),
    ("Gunmen opened fire on worshippers.", "Gunmen opened fire", "small arms", "Armed clash"),
    ("Gunfire was heard all night.", "Gunfire", "small arms", "Armed clash"),
    ("The guards carried rifles.", "rifles", "small arms", "Armed clash"),
    ("A heavy machine gun fired from the ridge.", "heavy machine gun", "small arms", "Armed clash"),
    ("A rocket-propelled grenade hit the truck.", "rocket-propelled grenade", "rocket-propelled grenade",
     "Armed clash"),
])
def test_weapons_variants_resolve_to_their_canonical_name(sentence, text, canonical, sub_event_type):
    w = only(sentence)
    assert (w.text, w.canonical, w.suggests[1]) == (text, canonical, sub_event_type)
    assert sentence[w.start:w.end] == w.text


def test_weapons_suggest_acled_event_types():
    assert only("An airstrike hit the market.").suggests == (ERV, "Air/drone strike")
    assert only("The beheading was filmed.").suggests == ("Violence against civilians", "Attack")
    assert only("Gunfire was heard.").suggests == ("Battles", "Armed clash")


def test_weapons_an_unspecified_bomb_suggests_no_sub_event_type():
    assert only("A bomb went off in the market.").suggests == (ERV, None)


@pytest.mark.parametrize("sentence, texts", [
    ("Regime helicopters dropped barrel bombs on the town.", ["barrel bombs"]),
    ("A suicide car bomb exploded.", ["suicide car bomb"]),
    ("A suicide drone hit the depot.", ["suicide drone"]),
    ("A rocket-propelled grenade hit the truck.", ["rocket-propelled grenade"]),
    ("The TOW missile hit the tank.", ["TOW missile"]),
    ("Mortar shells fell.", ["Mortar shells"]),
])
def test_weapons_longest_variant_wins(sentence, texts):
    assert [w.text for w in find_weapons(sentence)] == texts


@pytest.mark.parametrize("sentence", [
    "Trucks tow the broken car away.",
    "The grad student wrote about the war.",
    "He works at a gold mine; the car is mine.",
    "The gunmen fled on motorbikes.",
    "Bombardier is a company.",
    "The jetty was damaged.",
])
def test_weapons_need_whole_words_and_exact_case_for_acronyms(sentence):
    assert find_weapons(sentence) == []


def test_weapons_match_case_insensitively_and_in_plural():
    found = find_weapons("AIRSTRIKES, air strikes and Drones")
    assert [(w.text, w.canonical) for w in found] == [
        ("AIRSTRIKES", "air strike"), ("air strikes", "air strike"), ("Drones", "drone strike")]


def test_weapons_several_in_one_sentence_in_order():
    text = "Militants used a car bomb, mortars and small arms in the attack."
    assert [w.canonical for w in find_weapons(text)] == ["vehicle-borne IED", "mortar", "small arms"]


def test_weapon_to_mention():
    mention = only("A VBIED exploded.").to_mention()
    assert (mention.kind, mention.text, mention.evidence) == ("weapon", "VBIED", "weapons.v1")
    assert mention.resolved == {"canonical": "vehicle-borne IED", "event_type": ERV,
                                "sub_event_type": "Remote explosive/landmine/IED"}


def test_weapons_lexicon_is_loaded_once():
    assert load_weapons() is load_weapons()


def test_weapons_lexicon_from_an_edited_file(tmp_path):
    path = tmp_path / "weapons.yaml"
    path.write_text(yaml.safe_dump({"groups": [{
        "event_type": ERV, "sub_event_type": "Air/drone strike",
        "weapons": [{"canonical": "drone strike", "variants": ["Mohajer"]}]}]}))
    found = find_weapons("A Mohajer hit the car; a drone too.", load_weapons(path))
    assert [(w.text, w.canonical) for w in found] == [("Mohajer", "drone strike")]


@pytest.mark.parametrize("content, complaint", [
    ({"groups": [{"weapons": []}]}, "needs an event_type"),
    ({"groups": [{"event_type": ERV, "weapons": [{"variants": ["x"]}]}]}, "canonical name"),
    ({"groups": [{"event_type": ERV, "weapons": [{"canonical": "x"}]}]}, "no variants"),
])
def test_weapons_lexicon_mistakes_are_named(tmp_path, content, complaint):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(content))
    with pytest.raises(BadWeaponsLexicon, match=complaint):
        load_weapons(path)
