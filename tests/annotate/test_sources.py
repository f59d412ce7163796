"""Source mentions: outlets, agencies, monitors, officials and local sources, and guesses for unknown claimants."""

from __future__ import annotations

import pytest
import yaml

from marsad.annotate.actors import read_actors_data
from marsad.annotate.sources import SourceDataError, SourceMention, load_sources, read_sources_data
from marsad.model import SOURCE_KINDS


@pytest.fixture(scope="module")
def sources():
    return load_sources()


def mention_of(found: list[SourceMention], text: str) -> SourceMention:
    """The mention whose text is `text` (a leading article aside)."""
    def bare(s: str) -> str:
        for article in ("the ", "a ", "an "):
            if s.lower().startswith(article):
                return s[len(article):]
        return s
    for m in found:
        if m.text == text or bare(m.text) == bare(text):
            return m
    raise AssertionError(f"no mention {text!r} in {[m.text for m in found]}")


# (sentence, mention as written, source name, kind, affiliation)
KNOWN = [
    # perpetrator media
    ("The group's Amaq news agency said 40 soldiers were killed.", "Amaq news agency", "Amaq", "perpetrator_media",
     "Islamic State"),
    ("Amaq said the fighters withdrew safely.", "Amaq", "Amaq", "perpetrator_media", "Islamic State"),
    ("In its weekly al-Naba newsletter, the group listed 20 attacks.", "al-Naba newsletter", "al-Naba",
     "perpetrator_media", "Islamic State"),
    ("Islamic State's news agency said the attackers killed 13.", "Islamic State's news agency",
     "Islamic State's news agency", "perpetrator_media", "Islamic State"),
    ("IS's propaganda outlet published photos of the dead.", "IS's propaganda outlet", "IS's propaganda outlet",
     "perpetrator_media", "Islamic State"),
    ("The group's propaganda arm claimed the bombing.", "The group's propaganda arm", "group's propaganda arm",
     "perpetrator_media", None),
    ("Al-Kataib released a video of the raid.", "Al-Kataib", "al-Kataib", "perpetrator_media", "al-Shabaab"),
    ("The group said on Andalus radio that it killed nine.", "Andalus radio", "Radio Andalus", "perpetrator_media",
     "al-Shabaab"),
    ("JNIM's az-Zallaqa media said it seized weapons.", "az-Zallaqa media", "az-Zallaqa", "perpetrator_media", "JNIM"),
    ("Thabat news agency listed the attack.", "Thabat news agency", "Thabat", "perpetrator_media", "al-Qaeda"),
    # state and partisan media
    ("The state news agency SANA said the army repelled the attack.", "SANA", "SANA", "state_media",
     "Government of Syria"),
    ("Syrian state television showed the wreckage.", "Syrian state television", "Syrian TV", "state_media",
     "Government of Syria"),
    ("Malian state television said 20 terrorists were neutralised.", "Malian state television",
     "Malian state television", "state_media", "Government of Mali"),
    ("IRNA reported the strike.", "IRNA", "IRNA", "state_media", None),
    ("The News Agency of Nigeria reported the attack.", "The News Agency of Nigeria", "NAN", "state_media",
     "Government of Nigeria"),
    ("NAN quoted the police.", "NAN", "NAN", "state_media", "Government of Nigeria"),
    ("Al-Masirah said the coalition struck a market.", "Al-Masirah", "Al-Masirah", "partisan_media",
     "Houthis (Ansar Allah)"),
    ("TASS quoted the Russian defence ministry.", "TASS", "TASS", "state_media", "Government of Russia"),
    ("RIA Novosti said the drones were shot down.", "RIA Novosti", "RIA Novosti", "state_media", "Government of Russia"),
    ("The PMF media office said two fighters died.", "The PMF media office", "PMF media office", "partisan_media",
     "Popular Mobilization Forces"),
    # monitors
    ("The Syrian Observatory for Human Rights said 13 died.", "The Syrian Observatory for Human Rights",
     "Syrian Observatory for Human Rights", "monitor", None),
    ("SOHR put the toll at 19.", "SOHR", "Syrian Observatory for Human Rights", "monitor", None),
    ("The Britain-based war monitor said dozens died.", "The Britain-based war monitor",
     "Syrian Observatory for Human Rights", "monitor", None),
    ("Deir ez-Zor 24 reported the raid.", "Deir ez-Zor 24", "Deir ez-Zor 24", "monitor", None),
    ("A monitoring group put the toll at no fewer than 19.", "A monitoring group", "monitoring group", "monitor", None),
    ("ACLED recorded 300 events in the region.", "ACLED", "ACLED", "monitor", None),
    ("Airwars said civilians died in the strike.", "Airwars", "Airwars", "monitor", None),
    # UN, NGOs
    ("OCHA said 10,000 people fled.", "OCHA", "OCHA", "ngo", None),
    ("The UN refugee agency said camps were full.", "The UN refugee agency", "UNHCR", "ngo", None),
    ("UNAMA documented 50 civilian casualties.", "UNAMA", "UNAMA", "official", None),
    ("MINUSMA said its convoy hit a mine.", "MINUSMA", "MINUSMA", "official", "MINUSMA"),
    ("The International Committee of the Red Cross said the hospital was hit.",
     "The International Committee of the Red Cross", "ICRC", "ngo", None),
    ("Doctors Without Borders treated 40 wounded.", "Doctors Without Borders", "MSF", "ngo", None),
    ("Human Rights Watch said the strike was unlawful.", "Human Rights Watch", "Human Rights Watch", "ngo", None),
    ("Amnesty said as many as 2,000 people may have died.", "Amnesty", "Amnesty International", "ngo", None),
    ("The White Helmets pulled three bodies from the rubble.", "The White Helmets", "Syria Civil Defence", "ngo", None),
    # wires and independent media
    ("Reuters could not verify the claim.", "Reuters", "Reuters", "wire", None),
    ("AFP counted 12 bodies.", "AFP", "AFP", "wire", None),
    ("The Associated Press reported the attack.", "The Associated Press", "AP", "wire", None),
    ("Anadolu Agency said Turkish jets struck.", "Anadolu Agency", "Anadolu", "state_media", "Government of Turkey"),
    ("Xinhua reported the blast.", "Xinhua", "Xinhua", "wire", None),
    ("The BBC spoke to survivors.", "The BBC", "BBC", "independent_media", None),
    ("Al Jazeera's correspondent saw the bodies.", "Al Jazeera", "Al Jazeera", "independent_media", None),
    ("Garowe Online said the base was overrun.", "Garowe Online", "Garowe Online", "independent_media", None),
    ("HumAngle reported the abductions.", "HumAngle", "HumAngle", "independent_media", None),
    ("Sahara Reporters quoted a soldier.", "Sahara Reporters", "Sahara Reporters", "independent_media", None),
    # officials
    ("The defence ministry said the attack had been repelled.", "The defence ministry", "defence ministry", "official",
     None),
    ("Turkey's defence ministry said it neutralised four militants.", "Turkey's defence ministry",
     "Turkey's defence ministry", "official", "Government of Turkey"),
    ("The interior ministry said five policemen died.", "The interior ministry", "interior ministry", "official", None),
    ("Iraq's interior ministry said the attackers fled.", "Iraq's interior ministry", "Iraq's interior ministry",
     "official", "Government of Iraq"),
    ("A military source said 11 soldiers were killed.", "A military source", "military source", "official", None),
    ("A security source told reporters the road was cut.", "A security source", "security source", "official", None),
    ("Police said the bomber was a teenager.", "Police", "Police", "official", None),
    ("The governor said the town was secure.", "The governor", "governor", "official", None),
    ("A spokesman for the army said two soldiers died.", "A spokesman for the army", "spokesman for the army",
     "official", None),
    ("The Nigerian army said it killed 20 terrorists.", "The Nigerian army", "Nigerian army", "official",
     "Government of Nigeria"),
    ("The coalition said no civilians were harmed.", "The coalition", "coalition", "official", None),
    ("The Pentagon confirmed the strike.", "The Pentagon", "Pentagon", "official", "Government of the United States"),
    ("The Security Media Cell said two soldiers died.", "The Security Media Cell", "Security Media Cell", "official",
     "Government of Iraq"),
    ("A local official said three people died.", "A local official", "local official", "official", None),
    ("Captain Mohamed Ali told reporters four soldiers died.", "Captain Mohamed Ali", "Captain Mohamed Ali", "official",
     None),
    ("A spokesperson for the Borno State government said nine died.",
     "A spokesperson for the Borno State government", "spokesperson for the Borno State government", "official",
     "Government of Nigeria"),
    # local sources
    ("Residents said the fighting lasted hours.", "Residents", "Residents", "local_source", None),
    ("Witnesses said the gunmen wore uniforms.", "Witnesses", "Witnesses", "local_source", None),
    ("Local sources said the convoy was ambushed.", "Local sources", "Local sources", "local_source", None),
    ("Activists said the strike hit a bakery.", "Activists", "Activists", "local_source", None),
    ("A medic at the hospital said six were wounded.", "A medic", "medic", "local_source", None),
    ("Hospital sources said 14 bodies arrived.", "Hospital sources", "Hospital sources", "local_source", None),
    ("Tribal elders said the men were shepherds.", "Tribal elders", "Tribal elders", "local_source", None),
    # social media
    ("A Telegram channel that tracks jihadist activity said the group claimed it.",
     "A Telegram channel that tracks jihadist activity", "Telegram channel that tracks jihadist activity",
     "social_media", None),
    ("Posts on X (formerly Twitter) showed the convoy burning.", "Posts on X (formerly Twitter)", "X (Twitter)",
     "social_media", None),
    ("A video shared online showed the bodies.", "A video shared online", "video shared online", "social_media", None),
]


@pytest.mark.parametrize(("sentence", "span", "name", "kind", "affiliation"), KNOWN, ids=[k[1] for k in KNOWN])
def test_sources_known_claimants_get_name_kind_and_affiliation(sources, sentence, span, name, kind, affiliation):
    found = mention_of(sources.find(sentence), span)
    assert (found.source.name, found.source.kind, found.source.affiliation, found.known) == (name, kind, affiliation, True)


@pytest.mark.parametrize("sentence", [
    "Sana'a residents heard the explosions.",       # not SANA
    "THE SITE OF THE ATTACK WAS SEALED OFF",         # not SITE Intelligence Group
    "A Malian army convoy hit a mine.",              # an institution word after "a" is no claimant
])
def test_sources_words_that_only_look_like_claimants_are_not_matched(sources, sentence):
    assert [m.text for m in sources.find(sentence) if m.source.kind != "local_source"] == []


GUESSED = [
    ("Khabour Voice", "independent_media"),
    ("Tigris Courier", "independent_media"),
    ("Euphrates Monitor", "independent_media"),     # a newspaper's name, capitalised
    ("Syria Casualty Watch", "monitor"),
    ("Deir ez-Zor Monitoring Centre", "monitor"),
    ("the Syrian Desert Observatory", "monitor"),
    ("the militants' agency", "perpetrator_media"),
    ("mayor of Sinuni", "official"),
    ("Borno State Emergency Management Agency spokesman", "official"),
    ("a resident of Baga", "local_source"),
    ("witnesses in Mogadishu", "local_source"),
    ("a pro-IS Telegram account", "social_media"),
    ("Shabelle Media Network", "independent_media"),
    ("Radio Kulmiye", "independent_media"),
]


@pytest.mark.parametrize(("name", "kind"), GUESSED, ids=[g[0] for g in GUESSED])
def test_sources_unknown_claimants_keep_their_name_with_a_guessed_kind(sources, name, kind):
    source = sources.classify(name)
    expected_name = name.removeprefix("the ").removeprefix("a ")
    assert (source.name, source.kind) == (expected_name, kind)


def test_sources_guess_is_recorded_in_the_rule(sources):
    text = "Syria Casualty Watch put the toll at 19."
    m = sources.mention(text, 0, len("Syria Casualty Watch"))
    assert (m.known, m.rule, m.to_mention().evidence) == (False, "sources.v1:guess:monitor", "sources.v1:guess:monitor")


def test_sources_claimant_without_any_clue_has_no_kind(sources):
    assert (sources.classify("Jane Doe").kind, sources.mention("Jane Doe", 0, 8).rule) == (None, "sources.v1:unknown")


def test_sources_classify_knows_known_names(sources):
    assert sources.classify("the Amaq news agency").name == "Amaq"


def test_sources_mention_offsets_point_into_the_text(sources):
    text = "The defence ministry, in a statement carried by SANA, said residents fled."
    for m in sources.find(text):
        assert text[m.start:m.end] == m.text


def test_sources_to_mention_records_resolution(sources):
    m = mention_of(sources.find("SANA said seven soldiers died."), "SANA").to_mention()
    assert (m.kind, m.resolved["name"], m.resolved["kind"], m.resolved["affiliation"], m.evidence) == (
        "source", "SANA", "state_media", "Government of Syria", "sources.v1:alias")


# ── The data file ─────────────────────────────────────────────────────────────


def test_sources_file_has_at_least_100_entries_and_patterns():
    data = read_sources_data()
    assert len(data["sources"]) + len(data["patterns"]) >= 100


def test_sources_file_kinds_are_the_design_kinds():
    data = read_sources_data()
    kinds = [s["kind"] for s in data["sources"]] + [p["kind"] for p in data["patterns"]]
    kinds += [o["kind"] for o in data["group_media"]["owners"]] + [g["kind"] for g in data["guess"]]
    assert set(kinds) <= set(SOURCE_KINDS)


def test_sources_file_every_affiliation_names_an_actor():
    actors = {a["name"] for a in read_actors_data()["actors"]}
    data = read_sources_data()
    affiliations = {s.get("affiliation") for s in data["sources"]}
    affiliations |= {p.get("affiliation") for p in data["patterns"]}
    affiliations |= {o.get("affiliation") for o in data["group_media"]["owners"]}
    affiliations |= set(data["state_prefixes"])
    assert affiliations - {None} - actors == set()


def test_sources_file_no_alias_names_two_sources(sources):
    assert {" ".join(key): names for key, names in sources.aliases.items() if len(set(names)) > 1} == {}


def test_sources_load_from_a_small_hand_made_file(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [
        {"name": "Amaq", "kind": "perpetrator_media", "affiliation": "Islamic State", "aliases": ["Amaq news agency"]}]}))
    found = load_sources(path).find("Amaq news agency said.")
    assert [(m.text, m.source.name) for m in found] == [("Amaq news agency", "Amaq")]


def test_sources_unknown_kind_is_refused_with_its_name(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [{"name": "Amaq", "kind": "propaganda", "aliases": []}]}))
    with pytest.raises(SourceDataError, match="Amaq.*propaganda"):
        load_sources(path)
