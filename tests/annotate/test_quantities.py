"""Quantities: the phrase, the range it asserts, what it counts and what happened to them."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from marsad.annotate.quantities import (
    BadConventions,
    Quantity,
    find_quantities,
    load_conventions,
    number_value,
)

GOLD = Path(__file__).resolve().parent.parent / "data" / "annotate" / "quantities.tsv"
ACCURACY_FLOOR = 0.97  # floors only go up; lowering one needs a reason in the commit


def only(sentence: str) -> Quantity:
    found = find_quantities(sentence)
    assert len(found) == 1, f"expected one quantity in {sentence!r}, got {[q.text for q in found]}"
    return found[0]


def summary(q: Quantity) -> tuple:
    return (q.as_written, q.low, q.high, q.category)


# -- numbers as written -------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, as_written, value", [
    ("40 soldiers were killed.", "40", 40),
    ("Officials said 1,200 civilians had been killed.", "1,200", 1200),
    ("Gunmen killed seven villagers.", "seven", 7),
    ("The strike killed twenty-one people.", "twenty-one", 21),
    ("The strike killed twenty one people.", "twenty one", 21),
    ("A hundred fighters surrendered.", "A hundred", 100),
    ("Two hundred families fled.", "Two hundred", 200),
    ("Two hundred and fifty families fled.", "Two hundred and fifty", 250),
    ("A dozen soldiers were wounded.", "A dozen", 12),
    ("Two dozen fighters defected.", "Two dozen", 24),
    ("Half a dozen soldiers were wounded.", "Half a dozen", 6),
    ("The fighting displaced 1.5 million people.", "1.5 million", 1_500_000),
    ("Some 3 million people need aid.", "Some 3 million", 3_000_000),
])
def test_quantities_read_numbers_in_digits_and_words(sentence, as_written, value):
    q = only(sentence)
    assert q.as_written == as_written
    assert (q.low, q.high) == (value, value)
    assert sentence[q.start:q.end] == q.text


@pytest.mark.parametrize("words, value", [
    ("seventeen", 17), ("ninety-nine", 99), ("a thousand", 1000), ("three thousand", 3000),
    ("two hundred and five", 205), ("12,000", 12000), ("2.5 million", 2_500_000), ("2.5", None),
])
def test_number_value_parses_written_numbers(words, value):
    assert number_value(words) == value


# -- bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, as_written, low, high", [
    ("A monitoring group put the toll at no fewer than 19.", "no fewer than 19", 19, None),
    ("The blast killed at least 12 people.", "at least 12", 12, None),
    ("More than 30 civilians were wounded.", "More than 30", 31, None),
    ("Over 30 civilians were wounded.", "Over 30", 31, None),
    ("Up to 80 people may have been killed.", "Up to 80", None, 80),
    ("As many as 80 fighters were killed.", "As many as 80", None, 80),
    ("Nearly 40 fighters were killed.", "Nearly 40", None, 39),
    ("Almost 40 people died.", "Almost 40", None, 39),
    ("Fewer than 20 soldiers survived the attack.", "Fewer than 20", None, 19),
    ("Thirty or more fighters were killed.", "Thirty or more", 30, None),
    ("30+ fighters were killed.", "30+", 30, None),
    ("More than a dozen villagers were abducted.", "More than a dozen", 13, None),
    ("At least a dozen people were wounded.", "At least a dozen", 12, None),
    ("At least one person was killed.", "At least one", 1, None),
])
def test_quantities_bound_words_make_open_ranges(sentence, as_written, low, high):
    assert summary(only(sentence))[:3] == (as_written, low, high)


@pytest.mark.parametrize("sentence, as_written, value", [
    ("Around 40 Houthi fighters were killed.", "Around 40", 40),
    ("About 40 soldiers were killed.", "About 40", 40),
    ("Some 40 militants were killed.", "Some 40", 40),
    ("Roughly 150 people were killed.", "Roughly 150", 150),
    ("An estimated 300 civilians were killed.", "An estimated 300", 300),
    ("About a dozen fighters were killed.", "About a dozen", 12),
    ("Forty or so fighters were killed.", "Forty or so", 40),
])
def test_quantities_approximate_words_keep_the_figure_and_flag_it(sentence, as_written, value):
    q = only(sentence)
    assert (q.as_written, q.low, q.high, q.approximate) == (as_written, value, value, True)
    assert q.rule == "quantities.v1:approximately"


@pytest.mark.parametrize("sentence, as_written, low, high", [
    ("Between 10 and 15 soldiers were wounded.", "Between 10 and 15", 10, 15),
    ("Residents said 10 to 15 bodies were pulled from the rubble.", "10 to 15", 10, 15),
    ("Local sources reported 10-15 dead after the shelling.", "10-15", 10, 15),
    ("Two or three attackers were killed by the guards.", "Two or three", 2, 3),
    ("The militants were said to number between 300 and 400.", "between 300 and 400", 300, 400),
])
def test_quantities_ranges_give_both_bounds(sentence, as_written, low, high):
    assert summary(only(sentence))[:3] == (as_written, low, high)


@pytest.mark.parametrize("sentence, as_written, rule", [
    ("About 2000 fighters were deployed.", "About 2000", "quantities.v1:approximately"),
    ("2014 soldiers were deployed.", "2014", "quantities.v1:exact"),
])
def test_quantities_a_year_shaped_number_that_counts_people_is_a_count(sentence, as_written, rule):
    q = only(sentence)
    assert (q.as_written, q.rule) == (as_written, rule)


def test_quantities_rising_toll_gives_the_new_figure_only():
    assert summary(only("The toll rose from 10 to 15 overnight.")) == ("15", 15, 15, "killed")


# -- vague words -------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, as_written, low", [
    ("The army said it killed a number of the attackers.", "a number of", 1),
    ("Several civilians were injured by shrapnel.", "Several", 3),
    ("Dozens of soldiers were killed.", "Dozens", 24),
    ("Scores of civilians were killed.", "Scores", 40),
    ("Hundreds of people were killed.", "Hundreds", 200),
    ("Tens of fighters were captured.", "Tens of", 20),
    ("A handful of soldiers were wounded.", "A handful of", 2),
    ("Many villagers were abducted.", "Many", 2),
    ("A few soldiers were wounded.", "A few", 2),
    ("Thousands of people fled.", "Thousands", 2000),
    ("Tens of thousands of civilians fled.", "Tens of thousands", 20000),
    ("Several hundred fighters took part.", "Several hundred", 300),
    ("Troops killed an unknown number of militants.", "an unknown number of", 1),
])
def test_quantities_vague_words_have_a_floor_and_no_ceiling(sentence, as_written, low):
    q = only(sentence)
    assert (q.as_written, q.low, q.high, q.vague) == (as_written, low, None, True)


def test_vague_words_in_the_data_file_never_invent_a_high_bound():
    conventions = load_conventions()
    assert conventions.vague, "no vague words loaded"
    assert all(word.high is None for word in conventions.vague.values())
    assert conventions.vague["a number of"].low == 1  # DESIGN §6


@pytest.mark.parametrize("sentence", ["Many reports say the town has fallen.", "How many were there is unclear."])
def test_quantities_many_counts_only_people(sentence):
    assert find_quantities(sentence) == []


# -- what is counted and what happened to them ---------------------------------------------------


@pytest.mark.parametrize("sentence, as_written, category", [
    ("40 soldiers were killed at the checkpoints.", "40", "killed"),
    ("Gunmen stormed the village, killing seven.", "seven", "killed"),
    ("The death toll rose to 12 on Tuesday.", "12", "killed"),
    ("The clashes left 19 dead.", "19", "killed"),
    ("Local sources reported 19 dead.", "19", "killed"),
    ("Witnesses counted 14 bodies in the streets.", "14", "killed"),
    ("The explosion left 5 wounded.", "5", "wounded"),
    ("The rockets hit a market, injuring at least 12 people.", "at least 12", "wounded"),
    ("Police said 9 people were hurt.", "9", "wounded"),
    ("Gunmen abducted 30 passengers from a bus.", "30", "captured"),
    ("Al-Shabaab fighters captured 15 soldiers.", "15", "captured"),
    ("Seven soldiers were taken prisoner.", "Seven", "captured"),
    ("The rebels took 15 soldiers hostage.", "15", "captured"),
    ("Bandits kidnapped 20 students.", "20", "captured"),
    ("The insurgents seized 12 aid workers.", "12", "captured"),
    ("At least 70 people have died in the fighting.", "At least 70", "killed"),
    ("About 60 soldiers were feared dead.", "About 60", "killed"),
    ("ADF fighters hacked 14 people to death.", "14", "killed"),
    ("The army said 20 terrorists had been neutralised.", "20", "killed"),
    ("The battalion lost at least 60 men.", "at least 60", "killed"),
    ("The police said two suspects were arrested.", "two", None),
    ("A military source said 5 troops were missing.", "5", None),
    ("The blast killed or wounded 35 people.", "35", None),
    ("Abu Sayyaf militants are holding 4 hostages.", "4", "captured"),
    ("The army said the raid freed 12 hostages.", "12", None),
])
def test_quantities_category_comes_from_the_verb_or_noun_nearby(sentence, as_written, category):
    q = only(sentence)
    assert (q.as_written, q.category) == (as_written, category)


def test_quantities_each_phrase_takes_its_own_verb():
    found = find_quantities("The jihadists killed three soldiers and wounded five others.")
    assert [summary(q) for q in found] == [("three", 3, 3, "killed"), ("five", 5, 5, "wounded")]


def test_quantities_killed_and_wounded_in_one_breath():
    found = find_quantities("40 soldiers were killed and 12 wounded, the statement said.")
    assert [summary(q) for q in found] == [("40", 40, 40, "killed"), ("12", 12, 12, "wounded")]


def test_quantities_coordinated_phrases_share_a_predicate():
    found = find_quantities("At least 12 soldiers and three civilians were killed.")
    assert [q.category for q in found] == ["killed", "killed"]


def test_quantities_subject_of_an_active_verb_is_not_its_victim():
    found = find_quantities("50 militants killed 12 soldiers.")
    assert [summary(q) for q in found] == [("50", 50, 50, None), ("12", 12, 12, "killed")]


def test_quantities_a_predicate_after_a_coordinated_phrase_still_counts():
    assert summary(only("Officials said 40 soldiers and members of allied militias were killed.")) == (
        "40", 40, 40, "killed")


def test_quantities_a_later_verb_of_another_clause_is_not_a_predicate():
    found = find_quantities("The fighters killed 17 policemen, and posted photographs of seized weapons.")
    assert [summary(q) for q in found] == [("17", 17, 17, "killed")]


def test_quantities_another_verb_in_between_cuts_the_category():
    found = find_quantities("Gunmen raided the camps, killing dozens of civilians and driving hundreds of families.")
    assert [summary(q) for q in found] == [("dozens", 24, None, "killed"), ("hundreds", 200, None, None)]


def test_quantities_including_shares_the_category_of_the_total():
    found = find_quantities("At least eight people had been killed, including three of the attackers.")
    assert [summary(q) for q in found] == [("At least eight", 8, None, "killed"), ("three", 3, 3, "killed")]


@pytest.mark.parametrize("sentence", [
    "Troops killed a number of militants, a provincial government spokesman said.",
    "Troops killed a number of militants, one elder said.",
])
def test_quantities_a_speaker_is_not_a_casualty(sentence):
    assert [q.as_written for q in find_quantities(sentence)] == ["a number of"]


def test_quantities_martyrs_are_the_dead():
    assert summary(only("The statement said three martyrs fell.")) == ("three", 3, 3, "killed")


@pytest.mark.parametrize("sentence, noun", [
    ("Police said 25 displaced people were killed.", "people"),
    ("The islands are contested by two jihadist factions.", "factions"),
    ("The attack left 17 wounded soldiers.", "soldiers"),
])
def test_quantities_a_person_word_used_as_an_adjective_is_not_the_noun(sentence, noun):
    assert only(sentence).noun == noun


def test_quantities_a_year_before_a_name_is_not_a_count():
    assert find_quantities("In the 2020 Euphrates offensive, the group lost ground.") == []


def test_quantities_things_get_no_casualty_category():
    assert summary(only("The NDF said it captured two villages.")) == ("two", 2, 2, None)


@pytest.mark.parametrize("sentence, noun", [
    ("40 soldiers were killed.", "soldiers"),
    ("Seven Nigerian troops were killed.", "troops"),
    ("Eleven policemen were killed.", "police"),
    ("Two police officers were killed.", "police"),
    ("Twelve persons were killed.", "people"),
    ("Dozens of civilians were killed.", "civilians"),
    ("The army killed a number of the attackers.", "attackers"),
    ("Israeli strikes killed 45 Palestinians.", "palestinians"),
    ("Russian forces fired 30 Grad rockets.", "rockets"),
    ("The bombing killed seven.", None),
])
def test_quantities_name_the_counted_noun_in_lower_case(sentence, noun):
    assert only(sentence).noun == noun


# -- one person, and a person with companions --------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "A soldier was killed by sniper fire.",
    "Gunmen killed a herder and stole his cattle.",
    "A 45-year-old man was shot dead at a checkpoint.",
    "The blast killed a police officer.",
])
def test_quantities_a_person_in_a_casualty_context_counts_one(sentence):
    q = only(sentence)
    assert (q.low, q.high, q.category, q.rule) == (1, 1, "killed", "quantities.v1:article")


def test_quantities_one_civilian_counts_one():
    assert summary(only("One civilian was killed in the shelling.")) == ("One", 1, 1, "killed")


def test_quantities_a_person_outside_a_casualty_context_is_not_counted():
    assert find_quantities("A soldier stands guard at the entrance of the ministry.") == []


@pytest.mark.parametrize("sentence, phrase, total, category", [
    ("A colonel and two of his guards were killed when their vehicle hit a bomb.",
     "A colonel and two of his guards", 3, "killed"),
    ("The shelling killed a woman and her two sons.", "a woman and her two sons", 3, "killed"),
    ("A local chief and his two sons were abducted.", "A local chief and his two sons", 3, "captured"),
])
def test_quantities_a_person_and_companions_are_summed(sentence, phrase, total, category):
    q = only(sentence)
    assert (q.text, q.as_written, q.low, q.high, q.category) == (phrase, phrase, total, total, category)
    assert q.rule == "quantities.v1:person_and_companions"


def test_quantities_a_person_and_one_companion_make_two():
    q = only("Gunmen shot and killed a tribal elder and his son in Bajaur.")
    assert (q.text, q.low, q.high, q.category) == ("a tribal elder and his son", 2, 2, "killed")


def test_quantities_separate_people_are_not_summed():
    found = find_quantities("The separatists abducted a teacher and four pupils.")
    assert [summary(q) for q in found] == [("a", 1, 1, "captured"), ("four", 4, 4, "captured")]


# -- what is not a count --------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The attack happened in 2014, when the group controlled the city.",
    "The 2019 attack on the camp was the deadliest.",
    "On 3 March, militants attacked a police post.",
    "On March 3, militants attacked a police post.",
    "The convoy was ambushed at 3 pm.",
    "The attack took place at around 3:30 in the morning.",
    "Fighting broke out at 0600 local time.",
    "The convoy was ambushed about 20 km north of Gao.",
    "The village lies 35 kilometres south-east of Maiduguri.",
    "Turnout fell by 40 percent.",
    "Turnout fell by 40%.",
    "The government pledged $5 million for reconstruction.",
    "A 45-year-old man was arrested.",
    "The cleric, 62, was shot dead outside his home.",
    "Soldiers of the 5th Division clashed with militants.",
    "Fighters from Brigade 93 were deployed to the front line.",
    "The UN Security Council passed Resolution 2254.",
    "Traffic on Highway 4 was suspended.",
    "The 17th Division headquarters fell to the militants.",
    "It was one of the deadliest attacks in the country this year.",
    "One day later, the militants returned.",
    "No one was killed in the attack.",
    "Resolution 2401 called for a 30-day ceasefire.",
    "Rebels shot down a Sukhoi Su-24 near Idlib.",
    "M23 rebels seized the town.",
    "Five years after the massacre, families still wait.",
    "Between 2014 and 2017, the city changed hands three times.",
    "The Wagner group's 5,000-strong force was withdrawn.",
])
def test_quantities_dates_units_ages_and_labels_are_not_counts(sentence):
    assert find_quantities(sentence) == []


# -- the returned objects ----------------------------------------------------------------------------


def test_quantity_text_is_the_whole_phrase_and_offsets_point_into_the_text():
    sentence = "A monitoring group said no fewer than 19 soldiers were killed."
    q = only(sentence)
    assert (q.text, q.as_written, q.noun) == ("no fewer than 19 soldiers", "no fewer than 19", "soldiers")
    assert sentence[q.start:q.end] == q.text
    assert q.rule == "quantities.v1:at_least"


def test_quantity_to_mention_carries_the_range_and_the_rule():
    mention = only("Dozens of soldiers were killed.").to_mention()
    assert mention.kind == "quantity"
    assert mention.text == "Dozens of soldiers"
    assert mention.evidence == "quantities.v1:vague"
    assert {k: mention.resolved[k] for k in ("low", "high", "noun", "category", "vague")} == {
        "low": 24, "high": None, "noun": "soldiers", "category": "killed", "vague": True}


def test_quantities_in_a_paragraph_come_in_order_with_offsets():
    text = ("The group's news agency said 40 soldiers were killed. A monitoring group put the toll at "
            "no fewer than 19. The defence ministry said it killed a number of the attackers.")
    found = find_quantities(text)
    assert [summary(q) for q in found] == [("40", 40, 40, "killed"), ("no fewer than 19", 19, None, "killed"),
                                           ("a number of", 1, None, "killed")]
    assert all(text[q.start:q.end] == q.text for q in found)


def test_quantities_empty_text_has_none():
    assert find_quantities("") == []


# -- the conventions file is data -----------------------------------------------------------------------


def test_conventions_are_loaded_once():
    assert load_conventions() is load_conventions()


def test_conventions_from_an_edited_file_change_the_figures(tmp_path):
    path = tmp_path / "vague.yaml"
    path.write_text(yaml.safe_dump({
        "vague": {"several": {"low": 2, "high": None, "comment": "house style"}},
        "before": {"at_least": ["at least"]},
        "after": {},
    }))
    conventions = load_conventions(path)
    q = find_quantities("Several civilians were injured.", conventions)[0]
    assert (q.low, q.high) == (2, None)
    assert find_quantities("Dozens of civilians were injured.", conventions) == []


@pytest.mark.parametrize("content, complaint", [
    ({"vague": {"dozens": {"high": None}}}, "needs an integer 'low'"),
    ({"vague": {"dozens": {"low": 24, "high": 10}}}, "'high' must be null"),
    ({"before": {"roughly": ["roughly"]}}, "unknown bound 'roughly'"),
])
def test_conventions_file_mistakes_are_named(tmp_path, content, complaint):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(content))
    with pytest.raises(BadConventions, match=complaint):
        load_conventions(path)


# -- the gold set ---------------------------------------------------------------------------------------


def read_gold(path: Path = GOLD) -> dict[str, list[tuple]]:
    """sentence -> expected (as_written lower-cased, low, high, category) in order."""
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        gold: dict[str, list[tuple]] = {}
        for row in rows:
            expected = gold.setdefault(row["sentence"], [])
            if row["as_written"]:
                expected.append((row["as_written"].lower(), int(row["low"]) if row["low"] else None,
                                 int(row["high"]) if row["high"] else None, row["category"] or None))
    return gold


def test_gold_set_is_large_and_varied():
    gold = read_gold()
    assert len(gold) >= 160
    assert sum(1 for expected in gold.values() if not expected) >= 20  # sentences with no quantity


def test_quantities_gold_accuracy_meets_the_floor():
    """A sentence is right when its quantities (as_written, low, high, category) are exactly the gold ones."""
    gold = read_gold()
    misses = []
    for sentence, expected in gold.items():
        got = [(q.as_written.lower(), q.low, q.high, q.category) for q in find_quantities(sentence)]
        if Counter(got) != Counter(expected):
            misses.append((sentence, expected, got))
    accuracy = 1 - len(misses) / len(gold)
    for sentence, expected, got in misses:
        print(f"MISS {sentence}\n  expected {expected}\n  got      {got}")
    print(f"quantities gold accuracy {accuracy:.3f} ({len(gold) - len(misses)}/{len(gold)} sentences)")
    assert accuracy >= ACCURACY_FLOOR
