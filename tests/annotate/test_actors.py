"""Actor mentions: names and spellings, country scoping, generic and descriptive words, unknown groups."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from marsad.annotate.actors import ACTOR_KINDS, ActorDataError, ActorMention, load_actors, phrase_key, read_actors_data


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def mention_of(found: list[ActorMention], text: str) -> ActorMention:
    """The mention whose text is `text` (a leading "the" aside)."""
    for m in found:
        if m.text == text or m.text.lower().removeprefix("the ") == text.lower().removeprefix("the "):
            return m
    raise AssertionError(f"no mention {text!r} in {[m.text for m in found]}")


# (sentence, article countries, mention as written, canonical actor)
NAMES = [
    # Islamic State and its provinces
    ("ISIS fighters stormed the village at dawn.", ["SY"], "ISIS fighters", "Islamic State"),
    ("The attack was claimed by ISIL.", ["IQ"], "ISIL", "Islamic State"),
    ("Daesh remnants still roam the desert.", ["IQ"], "Daesh remnants", "Islamic State"),
    ("Da'esh claimed the bombing through its channels.", ["IQ"], "Da'esh", "Islamic State"),
    ("An IS attack on the checkpoint killed four.", ["SY"], "IS", "Islamic State"),
    ("The Islamic State group said it was behind the blast.", ["SY"], "The Islamic State group", "Islamic State"),
    ("Residents lived for three years under the so-called caliphate.", ["SY"], "the so-called caliphate", "Islamic State"),
    ("Under the rule of l'État islamique, the town emptied.", ["ML"], "État islamique", "Islamic State"),
    ("ISWAP overran the base in Marte.", ["NG"], "ISWAP", "Islamic State (West Africa Province)"),
    ("Fighters of Islamic State West Africa Province stormed Marte.", ["NG"], "Islamic State West Africa Province",
     "Islamic State (West Africa Province)"),
    ("The Islamic State's West Africa Province claimed the raid.", ["NG"], "The Islamic State's West Africa Province",
     "Islamic State (West Africa Province)"),
    ("The Islamic State in the Greater Sahara killed villagers near Menaka.", ["ML"],
     "The Islamic State in the Greater Sahara", "Islamic State (Sahel Province)"),
    ("ISGS fighters attacked the convoy.", ["NE"], "ISGS fighters", "Islamic State (Sahel Province)"),
    ("Islamic State Sahel Province claimed the ambush near Tillaberi.", ["NE"], "Islamic State Sahel Province",
     "Islamic State (Sahel Province)"),
    ("ISIS-K claimed the bombing at the Kabul airport.", ["AF"], "ISIS-K", "Islamic State (Khorasan Province)"),
    ("IS-K gunmen attacked a Hazara school.", ["AF"], "IS-K gunmen", "Islamic State (Khorasan Province)"),
    ("ISKP said its fighters carried out the attack.", ["AF"], "ISKP", "Islamic State (Khorasan Province)"),
    ("ISCAP claimed the massacre near Beni.", ["CD"], "ISCAP", "Islamic State (Central Africa Province)"),
    # Boko Haram / JAS
    ("Boko Haram abducted dozens of girls.", ["NG"], "Boko Haram", "Boko Haram (JAS)"),
    ("JAS fighters killed the fishermen.", ["NG"], "JAS fighters", "Boko Haram (JAS)"),
    ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad fighters attacked Kukawa.", ["NG"],
     "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad fighters", "Boko Haram (JAS)"),
    ("Jamaatu Ahlis Sunna Liddaawati Wal Jihad, known as Boko Haram, struck again.", ["NG"],
     "Jamaatu Ahlis Sunna Liddaawati Wal Jihad", "Boko Haram (JAS)"),
    ("Fighters loyal to the Bakura faction hold the islands.", ["NG"], "the Bakura faction", "Boko Haram (Bakura faction)"),
    # JNIM
    ("JNIM claimed the attack on the convoy.", ["ML"], "JNIM", "JNIM"),
    ("Jama'at Nusrat al-Islam wal-Muslimin blockaded the town.", ["BF"], "Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"),
    ("Jamaat Nusrat al-Islam wal Muslimin fighters killed soldiers.", ["BF"],
     "Jamaat Nusrat al-Islam wal Muslimin fighters", "JNIM"),
    ("The GSIM, al-Qaeda's Sahel branch, claimed it.", ["ML"], "The GSIM", "JNIM"),
    ("Katiba Macina fighters besieged the village.", ["ML"], "Katiba Macina fighters", "Katiba Macina"),
    # al-Shabaab, and the other al-Shabaab
    ("al-Shabaab claimed the hotel siege.", ["SO"], "al-Shabaab", "al-Shabaab"),
    ("al Shabaab militants attacked the base.", ["SO"], "al Shabaab militants", "al-Shabaab"),
    ("Al-Shabab said it killed nine soldiers.", ["SO"], "Al-Shabab", "al-Shabaab"),
    ("Harakat al-Shabaab al-Mujahideen issued a statement.", ["SO"], "Harakat al-Shabaab al-Mujahideen", "al-Shabaab"),
    ("The government calls the group Khawarij.", ["SO"], "Khawarij", "al-Shabaab"),
    ("Insurgents known locally as al-Shabaab raided Macomia.", ["MZ"], "al-Shabaab", "Ahlu Sunnah wal Jamaah"),
    ("Ahlu Sunnah wal Jamaah fighters beheaded villagers.", ["MZ"], "Ahlu Sunnah wal Jamaah fighters",
     "Ahlu Sunnah wal Jamaah"),
    ("ASWJ fighters took Mocimboa da Praia.", ["MZ"], "ASWJ fighters", "Ahlu Sunnah wal Jamaah"),
    ("ASWJ militiamen fought al-Shabaab in Galmudug.", ["SO"], "ASWJ militiamen", "Ahlu Sunna Waljama'a (Somalia)"),
    # Syria
    ("HTS took over Idlib.", ["SY"], "HTS", "Hayat Tahrir al-Sham"),
    ("Hay'at Tahrir al-Sham fighters shelled the village.", ["SY"], "Hay'at Tahrir al-Sham fighters", "Hayat Tahrir al-Sham"),
    ("The SNA attacked SDF positions near Manbij.", ["SY"], "The SNA", "Syrian National Army"),
    ("The SNA retook the town from al-Shabaab.", ["SO"], "The SNA", "Military Forces of Somalia"),
    ("Turkish-backed factions shelled the town.", ["SY"], "Turkish-backed factions", "Syrian National Army"),
    ("The SDF said it captured five IS members.", ["SY"], "The SDF", "Syrian Democratic Forces"),
    ("The Kurdish-led Syrian Democratic Forces raided a house.", ["SY"], "The Kurdish-led Syrian Democratic Forces",
     "Syrian Democratic Forces"),
    ("Kurdish forces repelled the attack near Hasakah.", ["SY"], "Kurdish forces", "Syrian Democratic Forces"),
    ("Kurdish forces repelled the attack near Makhmour.", ["IQ"], "Kurdish forces", "Peshmerga"),
    ("YPG fighters withdrew from the border.", ["SY"], "YPG fighters", "People's Protection Units"),
    ("The Syrian Arab Army advanced on the town.", ["SY"], "The Syrian Arab Army", "Military Forces of Syria"),
    ("The SAA shelled rebel positions.", ["SY"], "The SAA", "Military Forces of Syria"),
    ("The Syrian army said it repelled the attack.", ["SY"], "The Syrian army", "Military Forces of Syria"),
    ("Members of the National Defence Forces militia were killed.", ["SY"], "the National Defence Forces militia",
     "National Defence Forces"),
    ("Fatemiyoun fighters guard the crossing at Albu Kamal.", ["SY"], "Fatemiyoun fighters", "Fatemiyoun Brigade"),
    ("Liwa Fatemiyoun positions were struck overnight.", ["SY"], "Liwa Fatemiyoun positions", "Fatemiyoun Brigade"),
    ("Hezbollah fighters crossed the border.", ["SY"], "Hezbollah fighters", "Hezbollah"),
    ("Iran-backed militias fired rockets at the base.", ["SY"], "Iran-backed militias", "Iran-backed militias"),
    ("The US-led coalition struck the town.", ["SY"], "The US-led coalition", "US-led coalition"),
    ("CJTF-OIR said no civilians were harmed.", ["IQ"], "CJTF-OIR", "US-led coalition"),
    ("The coalition said its aircraft hit an IS hideout.", ["IQ"], "The coalition", "US-led coalition"),
    ("The coalition said its aircraft hit a Houthi drone site.", ["YE"], "The coalition", "Saudi-led coalition"),
    ("U.S. forces raided a compound in Deir ez-Zor.", ["SY"], "U.S. forces", "Military Forces of the United States"),
    ("A Turkish drone struck a car near Sinjar.", ["IQ"], "Turkish drone", "Military Forces of Turkey"),
    ("Russian jets bombed the market.", ["SY"], "Russian jets", "Military Forces of Russia"),
    # Iraq
    ("Hashd al-Shaabi units deployed to the desert.", ["IQ"], "Hashd al-Shaabi units", "Popular Mobilization Forces"),
    ("Hashd al-Sha'abi fighters manned the checkpoint.", ["IQ"], "Hashd al-Sha'abi fighters", "Popular Mobilization Forces"),
    ("The PMF said two of its fighters died.", ["IQ"], "The PMF", "Popular Mobilization Forces"),
    ("Kata'ib Hizballah denied involvement.", ["IQ"], "Kata'ib Hizballah", "Kataib Hezbollah"),
    ("Kataib Hezbollah fighters were hit near al-Qaim.", ["IQ"], "Kataib Hezbollah fighters", "Kataib Hezbollah"),
    ("The PKK said its camp was bombed.", ["IQ"], "The PKK", "Kurdistan Workers' Party"),
    ("YBS fighters clashed with the army in Sinjar.", ["IQ"], "YBS fighters", "Sinjar Resistance Units"),
    ("Peshmerga forces repelled the attack.", ["IQ"], "Peshmerga forces", "Peshmerga"),
    ("Iraqi troops deployed along the border.", ["IQ"], "Iraqi troops", "Military Forces of Iraq"),
    # Yemen
    ("The Houthis fired a missile at Marib.", ["YE"], "The Houthis", "Houthis (Ansar Allah)"),
    ("Ansar Allah denied the claim.", ["YE"], "Ansar Allah", "Houthis (Ansar Allah)"),
    ("AQAP militants attacked an army post in Abyan.", ["YE"], "AQAP militants", "al-Qaeda in the Arabian Peninsula"),
    ("STC forces took over the port.", ["YE"], "STC forces", "Southern Transitional Council"),
    # Afghanistan
    ("Taliban fighters seized the district centre.", ["AF"], "Taliban fighters", "Taliban"),
    ("The Afghan National Army retreated from the base.", ["AF"], "The Afghan National Army", "Military Forces of Afghanistan"),
    ("The NRF said it ambushed a Taliban convoy in Panjshir.", ["AF"], "The NRF", "National Resistance Front"),
    # Somalia and AU forces
    ("Somali forces retook the town.", ["SO"], "Somali forces", "Military Forces of Somalia"),
    ("Somali police arrested three suspects.", ["SO"], "Somali police", "Police Forces of Somalia"),
    ("Danab commandos raided the village.", ["SO"], "Danab commandos", "Military Forces of Somalia"),
    ("AMISOM troops withdrew from the base.", ["SO"], "AMISOM troops", "AMISOM"),
    ("ATMIS handed the base to the army.", ["SO"], "ATMIS", "ATMIS"),
    ("AU troops guarded the road.", ["SO"], "AU troops", "AMISOM"),
    ("Kenyan troops shelled the village.", ["SO"], "Kenyan troops", "Military Forces of Kenya"),
    # Nigeria and the Lake Chad basin
    ("Nigerian troops repelled the attack on Marte.", ["NG"], "Nigerian troops", "Military Forces of Nigeria"),
    ("The Nigerian Air Force said scores of terrorists died.", ["NG"], "The Nigerian Air Force", "Military Forces of Nigeria"),
    ("Nigeria's military said it rescued the girls.", ["NG"], "Nigeria's military", "Military Forces of Nigeria"),
    ("CJTF members guided the troops.", ["NG"], "CJTF members", "Civilian Joint Task Force"),
    ("The MNJTF said it cleared the islands.", ["NG"], "The MNJTF", "Multinational Joint Task Force"),
    ("Chadian soldiers were killed on the island.", ["TD"], "Chadian soldiers", "Military Forces of Chad"),
    ("Nigerien troops pursued the attackers.", ["NE"], "Nigerien troops", "Military Forces of Niger"),
    ("Cameroonian soldiers burned the village.", ["CM"], "Cameroonian soldiers", "Military Forces of Cameroon"),
    ("ADF separatists attacked a school in Bamenda.", ["CM"], "ADF", "Ambazonian separatists"),
    # The Sahel
    ("Malian soldiers and Wagner mercenaries entered the village.", ["ML"], "Malian soldiers", "Military Forces of Mali"),
    ("FAMa units patrolled the road.", ["ML"], "FAMa units", "Military Forces of Mali"),
    ("Wagner Group fighters executed villagers.", ["ML"], "Wagner Group fighters", "Wagner Group"),
    ("The Africa Corps took over from Wagner.", ["ML"], "The Africa Corps", "Africa Corps"),
    ("MINUSMA peacekeepers were hit by a mine.", ["ML"], "MINUSMA peacekeepers", "MINUSMA"),
    ("Barkhane troops killed a senior commander.", ["ML"], "Barkhane troops", "Operation Barkhane"),
    ("The VDP repelled the attack on Djibo.", ["BF"], "The VDP", "Volunteers for the Defence of the Homeland"),
    ("Burkinabé soldiers were ambushed near Arbinda.", ["BF"], "Burkinabé soldiers", "Military Forces of Burkina Faso"),
    ("The FLA said it shot down a drone near Kidal.", ["ML"], "The FLA", "Azawad Liberation Front"),
    # Mozambique, DR Congo
    ("Rwandan troops retook Palma.", ["MZ"], "Rwandan troops", "Military Forces of Rwanda"),
    ("SAMIM forces withdrew in 2024.", ["MZ"], "SAMIM forces", "SAMIM"),
    ("The ADF killed 40 villagers near Beni.", ["CD"], "The ADF", "Allied Democratic Forces"),
    ("M23 rebels entered Goma.", ["CD"], "M23 rebels", "M23"),
    ("FARDC soldiers fled the town.", ["CD"], "FARDC soldiers", "Military Forces of the Democratic Republic of Congo"),
    ("CODECO militiamen attacked the displaced persons camp.", ["CD"], "CODECO militiamen", "CODECO"),
    ("Wazalendo militias fought the M23.", ["CD"], "Wazalendo militias", "Wazalendo"),
    # Libya
    ("The LNA shelled Tripoli's suburbs.", ["LY"], "The LNA", "Libyan National Army"),
    ("Haftar's forces withdrew from Gharyan.", ["LY"], "Haftar's forces", "Libyan National Army"),
    ("GNU forces took the airport.", ["LY"], "GNU forces", "Military Forces of Libya (Government of National Unity)"),
    # Ukraine
    ("Russian Armed Forces struck Kharkiv overnight.", ["UA"], "Russian Armed Forces", "Military Forces of Russia"),
    ("Ukrainian Armed Forces recaptured the village.", ["UA"], "Ukrainian Armed Forces", "Military Forces of Ukraine"),
    ("Russian forces shelled Kherson.", ["UA"], "Russian forces", "Military Forces of Russia"),
    # Myanmar
    ("The Tatmadaw bombed a school in Sagaing.", ["MM"], "The Tatmadaw", "Military Forces of Myanmar"),
    ("The Myanmar military denied the strike.", ["MM"], "The Myanmar military", "Military Forces of Myanmar"),
    ("PDF fighters ambushed a convoy.", ["MM"], "PDF fighters", "People's Defence Force"),
    ("The Arakan Army captured the town.", ["MM"], "The Arakan Army", "Arakan Army"),
    ("The KIA seized a military base.", ["MM"], "The KIA", "Kachin Independence Army"),
    ("Junta troops burned the village.", ["MM"], "Junta troops", "Military Forces of Myanmar"),
    ("The junta bombed a school.", ["MM"], "The junta", "Military Forces of Myanmar"),
    # Civilians
    ("Twelve civilians were killed.", ["NG"], "civilians", "Civilians"),
]


@pytest.mark.parametrize(("sentence", "countries", "span", "actor"), NAMES, ids=[n[2] + "/" + "".join(n[1]) for n in NAMES])
def test_actors_name_families_resolve_to_canonical_names(actors, sentence, countries, span, actor):
    assert mention_of(actors.find(sentence, countries), span).actor == actor


GENERIC = [
    ("Government forces repelled the attack near Palmyra.", ["SY"], "Government forces", "Military Forces of Syria"),
    ("Government forces repelled the attack near Marte.", ["NG", "TD"], "Government forces", "Military Forces of Nigeria"),
    ("Regime forces shelled Idlib.", ["SY"], "Regime forces", "Military Forces of Syria"),
    ("Troops pursued the attackers into the forest.", ["ML"], "Troops", "Military Forces of Mali"),
    ("The army said it killed 20 militants.", ["BF"], "The army", "Military Forces of Burkina Faso"),
    ("Security forces cordoned off the area.", ["IQ"], "Security forces", "Military Forces of Iraq"),
    ("The police arrested two suspects.", ["SO"], "The police", "Police Forces of Somalia"),
    ("Gendarmes were killed at the post.", ["BF"], "Gendarmes", "Police Forces of Burkina Faso"),
    ("The junta ordered an offensive.", ["ML"], "The junta", "Military Forces of Mali"),
    ("Soldiers opened fire on the crowd.", ["CD", "RW"], "Soldiers", "Military Forces of the Democratic Republic of Congo"),
]


@pytest.mark.parametrize(("sentence", "countries", "span", "actor"), GENERIC,
                         ids=[f"{g[2]}/{''.join(g[1])}" for g in GENERIC])
def test_actors_generic_words_resolve_by_article_country(actors, sentence, countries, span, actor):
    found = mention_of(actors.find(sentence, countries), span)
    assert (found.actor, found.descriptive, found.country) == (actor, True, countries[0])


@pytest.mark.parametrize("sentence, span", [
    ("Government forces repelled the attack.", "Government forces"),
    ("Troops were deployed to the area.", "Troops"),
    ("The army said the road was reopened.", "The army"),
])
def test_actors_generic_words_without_country_stay_descriptive(actors, sentence, span):
    found = mention_of(actors.find(sentence), span)
    assert (found.actor, found.descriptive, found.rule) == (None, True, "actors.v1:generic_unresolved")


DESCRIPTIVE = [
    ("The jihadists withdrew into the desert.", "The jihadists", None),
    ("Gunmen on motorbikes killed six herders.", "Gunmen", None),
    ("Unidentified gunmen abducted a village chief.", "Unidentified gunmen", None),
    ("Suspected militants planted the bomb.", "Suspected militants", None),
    ("Insurgents torched the market.", "Insurgents", None),
    ("The militants fled before reinforcements arrived.", "The militants", None),
    ("Bandits kidnapped 30 students in Zamfara.", "Bandits", None),
    ("IS cells remain active in the Badia.", "IS cells", "Islamic State"),
    ("Suspected Boko Haram fighters burned the village.", "Suspected Boko Haram fighters", "Boko Haram (JAS)"),
    ("IS-linked militants attacked the checkpoint.", "IS-linked militants", "Islamic State"),
    ("Villagers fled to Maiduguri.", "Villagers", "Civilians"),
    ("Fishermen were killed near Baga.", "Fishermen", "Civilians"),
]


@pytest.mark.parametrize(("sentence", "span", "actor"), DESCRIPTIVE, ids=[d[1] for d in DESCRIPTIVE])
def test_actors_descriptive_references_are_marked_descriptive(actors, sentence, span, actor):
    found = mention_of(actors.find(sentence, ["IQ"]), span)
    assert (found.actor, found.descriptive) == (actor, True)


def test_actors_named_reference_is_not_descriptive(actors):
    assert mention_of(actors.find("Islamic State claimed the attack.", ["SY"]), "Islamic State").descriptive is False


UNKNOWN = [
    ("Fighters of Liwa al-Quds were killed near Palmyra.", "Liwa al-Quds"),
    ("The Hamza Brigade shelled the village.", "Hamza Brigade"),
    ("The Sudan Liberation Movement clashed with the army.", "Sudan Liberation Movement"),
    ("Rapid Support Forces looted the town.", "Rapid Support Forces"),
    ("Jaysh al-Izza fighters attacked regime positions.", "Jaysh al-Izza"),
    ("Harakat Nour al-Din al-Zenki merged with other groups.", "Harakat Nour al-Din al-Zenki"),
]


@pytest.mark.parametrize(("sentence", "name"), UNKNOWN, ids=[u[1] for u in UNKNOWN])
def test_actors_unknown_organisations_come_through_as_written(actors, sentence, name):
    found = mention_of(actors.find(sentence, ["SY"]), name)
    assert (found.actor, found.kind, found.rule) == (name, None, "actors.v1:unknown_organisation")


@pytest.mark.parametrize("sentence", [
    "The Army Chief of Staff visited the troops.",
    "The UN Security Council met on Monday.",
    "Islamic State Attack On Army Posts South Of Deir Ezzor Leaves Conflicting Tolls",
])
def test_actors_titles_and_headlines_are_not_unknown_organisations(actors, sentence):
    assert not [m for m in actors.find(sentence, ["SY"]) if m.rule == "actors.v1:unknown_organisation"]


@pytest.mark.parametrize("sentence, countries", [
    ("THIS IS WHY THE ROAD WAS CLOSED", ["IQ"]),     # "IS" in a headline in capitals
    ("The town is quiet again.", ["IQ"]),            # "is" in lower case
    ("Download the PDF report here.", ["US"]),       # "PDF" means a militia only in Myanmar
    ("Soldiers of the KIA were wounded.", ["UA"]),   # nor "KIA" outside Myanmar
])
def test_actors_acronyms_need_capitals_and_their_country(actors, sentence, countries):
    acronyms = {"IS", "PDF", "KIA"}
    assert not [m for m in actors.find(sentence, countries) if m.text in acronyms]


def test_actors_ambiguous_acronym_without_country_resolves_to_nothing(actors):
    found = mention_of(actors.find("The SNA retook the town."), "The SNA")
    assert (found.actor, found.rule) == (None, "actors.v1:ambiguous_alias")


def test_actors_longest_name_wins(actors):
    found = actors.find("Islamic State Khorasan Province claimed it.", ["AF"])
    assert [(m.text, m.actor) for m in found] == [("Islamic State Khorasan Province", "Islamic State (Khorasan Province)")]


def test_actors_mention_offsets_point_into_the_text(actors):
    text = "On Monday, al-Shabaab fighters attacked Somali troops."
    for m in actors.find(text, ["SO"]):
        assert text[m.start:m.end] == m.text


def test_actors_to_mention_records_rule_and_resolution(actors):
    m = mention_of(actors.find("Government forces advanced.", ["SY"]), "Government forces").to_mention()
    assert (m.kind, m.resolved["actor"], m.resolved["descriptive"], m.evidence) == (
        "actor", "Military Forces of Syria", True, "actors.v1:generic_by_country")


@pytest.mark.parametrize("name, canonical", [
    ("Boko Haram", "Boko Haram (JAS)"),
    ("Syrian Arab Army", "Military Forces of Syria"),
    ("Hashd al-Shaabi", "Popular Mobilization Forces"),
    ("al Shabab", "al-Shabaab"),
    ("Military Forces of Iraq (Kurdistan Regional Government)", "Peshmerga"),
    ("Islamic State", "Islamic State"),
])
def test_actors_get_finds_canonical_name_or_alias(actors, name, canonical):
    assert actors.get(name).name == canonical


def test_actors_get_returns_none_for_ambiguous_or_unknown_names(actors):
    assert (actors.get("SNA"), actors.get("Kurdish forces"), actors.get("Jaysh al-Izza")) == (None, None, None)


def test_actors_find_runs_on_a_long_text(actors):
    """The speed of `find` is measured outside the tests; this checks a 5,000-word text goes through."""
    sentence = ("Islamic State fighters attacked Syrian army checkpoints near Deir ez-Zor late on Thursday, "
                "and government forces said they repelled the attack. ")
    text = sentence * (5000 // len(sentence.split()))
    assert len(actors.find(text, ["SY"])) == 3 * (5000 // len(sentence.split()))


# ── The data file ─────────────────────────────────────────────────────────────


def test_actors_file_has_the_main_actors_of_every_theatre(actors):
    countries = {a.country for a in actors.actors.values()}
    assert len(actors.actors) >= 80
    assert {"SY", "IQ", "YE", "AF", "SO", "NG", "NE", "TD", "CM", "ML", "BF", "MZ", "CD", "LY", "UA", "MM"} <= countries


def test_actors_file_kinds_and_parents_are_valid():
    data = read_actors_data()
    names = {a["name"] for a in data["actors"]}
    for actor in data["actors"]:
        assert actor["kind"] in ACTOR_KINDS, actor["name"]
        assert actor.get("parent") is None or actor["parent"] in names, actor["name"]


def test_actors_file_no_alias_names_two_actors_in_the_same_country(actors):
    by_key = defaultdict(list)
    for entry in actors.entries:
        by_key[phrase_key(entry.alias)].append(entry)
    clashes = []
    for key, entries in by_key.items():
        for i, a in enumerate(entries):
            for b in entries[i + 1:]:
                if (a.type, a.target) == (b.type, b.target):
                    continue
                if (a.countries is None and b.countries is None) or (a.countries and b.countries and a.countries & b.countries):
                    clashes.append((" ".join(key), a.target, b.target))
    assert clashes == []


def test_actors_every_state_role_has_its_forms(actors):
    assert actors.get("Malian troops").name == actors.for_role("ML").name == "Military Forces of Mali"


# ── Loading ───────────────────────────────────────────────────────────────────


def test_actors_load_from_a_small_hand_made_file(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({
        "actors": [
            {"name": "Islamic State", "kind": "rebel_group", "country": None, "parent": None, "aliases": ["IS", "Daesh"]},
            {"name": "Military Forces of Syria", "kind": "state_forces", "country": "SY", "parent": None,
             "role": "military", "aliases": ["Syrian army"]},
        ],
        "generic": [{"role": "military", "aliases": ["government forces"]}],
    }))
    index = load_actors(path)
    found = index.find("Government forces fought Daesh.", ["SY"])
    assert [(m.text, m.actor) for m in found] == [("Government forces", "Military Forces of Syria"),
                                                   ("Daesh", "Islamic State")]


def test_actors_unknown_parent_is_refused_with_its_name(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({"actors": [
        {"name": "Katiba X", "kind": "rebel_group", "country": "ML", "parent": "JNIM", "aliases": []}]}))
    with pytest.raises(ActorDataError, match="Katiba X.*JNIM"):
        load_actors(path)


def test_actors_unknown_kind_is_refused(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({"actors": [{"name": "X", "kind": "terrorists", "aliases": []}]}))
    with pytest.raises(ActorDataError, match="kind 'terrorists'"):
        load_actors(path)
