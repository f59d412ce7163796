"""Temporal expressions: found, spanned and resolved against the publication date."""

from __future__ import annotations

import ast
import csv
import datetime as dt
from pathlib import Path

import pytest

from marsad.annotate import dates
from marsad.annotate.dates import DateExpr, find_dates
from marsad.model import Mention

PUB = dt.date(2021, 6, 16)  # a Wednesday
TSV = Path(__file__).resolve().parent.parent / "data" / "annotate" / "dates.tsv"


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def only(text: str, published: dt.date | None = PUB) -> DateExpr:
    found = find_dates(text, published)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


# sentence, expected span text, start, end, precision
RESOLVES = [
    ("Militants attacked the base today.", "today", "2021-06-16", "2021-06-16", "day", "today_is_the_publication_date"),
    ("Two soldiers were killed yesterday in Gao.", "yesterday", "2021-06-15", "2021-06-15", "day", "yesterday_is_the_day_before"),
    ("Clashes broke out tonight in Marib.", "tonight", "2021-06-16", "2021-06-16", "day", "tonight_is_the_publication_date"),
    ("The convoy was ambushed on Tuesday near Mopti.", "on Tuesday", "2021-06-15", "2021-06-15", "day", "weekday_is_most_recent_on_or_before"),
    ("The market was bombed on Wednesday.", "on Wednesday", "2021-06-16", "2021-06-16", "day", "weekday_of_publication_is_that_day"),
    ("The village was shelled late on Sunday.", "late on Sunday", "2021-06-13", "2021-06-13", "day", "late_on_weekday"),
    ("Jets struck the town early on Monday.", "early on Monday", "2021-06-14", "2021-06-14", "day", "early_on_weekday"),
    ("Heavy fighting continued overnight in Kherson.", "overnight", "2021-06-15", "2021-06-16", "day", "overnight_spans_two_days"),
    ("The checkpoint was overrun on 3 October last year.", "on 3 October last year", "2020-10-03", "2020-10-03", "day", "day_month_last_year"),
    ("The group seized the town last January.", "last January", "2021-01-01", "2021-01-31", "month", "last_month_name_before_publication_month"),
    ("The group seized the town last July.", "last July", "2020-07-01", "2020-07-31", "month", "last_month_name_after_publication_month_is_last_year"),
    ("The offensive began in April.", "in April", "2021-04-01", "2021-04-30", "month", "in_month_most_recent_not_after"),
    ("The offensive began in September.", "in September", "2020-09-01", "2020-09-30", "month", "in_later_month_is_last_year"),
    ("Troops withdrew in late September.", "in late September", "2020-09-21", "2020-09-30", "month", "late_month_is_days_21_to_end"),
    ("Attacks rose in early March.", "in early March", "2021-03-01", "2021-03-10", "month", "early_month_is_days_1_to_10"),
    ("The siege was lifted in mid-March.", "in mid-March", "2021-03-11", "2021-03-20", "month", "mid_month_is_days_11_to_20"),
    ("The group was weakened by mid-2019.", "mid-2019", "2019-05-01", "2019-08-31", "year", "mid_year_is_may_to_august"),
    ("The raid happened three weeks ago.", "three weeks ago", "2021-05-24", "2021-05-30", "week", "weeks_ago_is_an_iso_week"),
    ("Fighting intensified last week.", "last week", "2021-06-07", "2021-06-13", "week", "last_week_is_previous_iso_week"),
    ("Fighting intensified last month.", "last month", "2021-05-01", "2021-05-31", "month", "last_month_is_previous_calendar_month"),
    ("The group lost ground last year.", "last year", "2020-01-01", "2020-12-31", "year", "last_year_is_previous_calendar_year"),
    ("Earlier this month, gunmen killed 40 soldiers.", "Earlier this month", "2021-06-01", "2021-06-16", "month", "earlier_this_month_up_to_publication"),
    ("Strikes increased this week.", "this week", "2021-06-14", "2021-06-20", "week", "this_week_is_publication_week"),
    ("In August of this year, militants took the town.", "In August of this year", "2021-08-01", "2021-08-31", "month", "month_of_this_year"),
    ("They took the town in Oct. 2013.", "in Oct. 2013", "2013-10-01", "2013-10-31", "month", "abbreviated_month_year"),
    ("Militants overran the town in June 2014.", "in June 2014", "2014-06-01", "2014-06-30", "month", "month_year"),
    ("Mosul fell in 2014.", "in 2014", "2014-01-01", "2014-12-31", "year", "bare_year_with_preposition"),
    ("Over the past few months, attacks have increased.", "Over the past few months", "2021-03-16", "2021-06-16", "month", "past_few_months_is_an_interval"),
    ("Since 19 May, at least 30 people have died.", "Since 19 May", "2021-05-19", "2021-06-16", "day", "since_runs_to_publication"),
    ("The attack took place on 14 March 2021.", "on 14 March 2021", "2021-03-14", "2021-03-14", "day", "day_month_year"),
    ("Report dated 14/03/2021 from Kidal.", "14/03/2021", "2021-03-14", "2021-03-14", "day", "numeric_is_day_first"),
    ("The report is dated 03/14/2021.", "03/14/2021", "2021-03-14", "2021-03-14", "day", "numeric_month_first_when_only_valid"),
    ("It happened on March 14, 2021, in Idlib.", "on March 14, 2021", "2021-03-14", "2021-03-14", "day", "us_month_day_year"),
    ("The vote was held on March 3.", "on March 3", "2021-03-03", "2021-03-03", "day", "month_day_most_recent_not_after"),
    ("The bombing was on 20 June.", "on 20 June", "2020-06-20", "2020-06-20", "day", "day_month_after_publication_is_last_year"),
    ("The bodies were found two days ago.", "two days ago", "2021-06-14", "2021-06-14", "day", "days_ago"),
    ("Gunmen struck a mosque on Friday night.", "on Friday night", "2021-06-11", "2021-06-11", "day", "weekday_night_is_that_weekday"),
    ("They attacked at dawn on Saturday.", "at dawn on Saturday", "2021-06-12", "2021-06-12", "day", "at_dawn_on_weekday"),
    ("The siege was tightened in the first week of May.", "in the first week of May", "2021-05-01", "2021-05-07", "week", "first_week_of_month"),
    ("Fighting raged between 3 and 5 March.", "between 3 and 5 March", "2021-03-03", "2021-03-05", "day", "between_days_is_one_interval"),
    ("The town was held from June to August 2016.", "from June to August 2016", "2016-06-01", "2016-08-31", "month", "month_range_is_one_interval"),
    ("It was quiet last Tuesday.", "last Tuesday", "2021-06-15", "2021-06-15", "day", "last_weekday"),
    ("The airport was shelled at 3 pm on Tuesday.", "at 3 pm on Tuesday", "2021-06-15", "2021-06-15", "day", "clock_time_joins_its_day"),
    ("In the late 1990s, the group formed.", "In the late 1990s", "1997-01-01", "1999-12-31", "year", "late_decade"),
    ("In summer 2015 the group advanced.", "In summer 2015", "2015-06-01", "2015-08-31", "year", "season_of_year"),
    ("The group held Raqqa between 2014 and 2017.", "between 2014 and 2017", "2014-01-01", "2017-12-31", "year", "year_range"),
    ("Talks resumed the end of last year.", "the end of last year", "2020-09-01", "2020-12-31", "year", "end_of_last_year_is_last_third"),
    ("In the past 24 hours, 12 strikes hit the city.", "In the past 24 hours", "2021-06-15", "2021-06-16", "day", "past_24_hours"),
    ("The village was raided a few days ago.", "a few days ago", "2021-06-11", "2021-06-14", "day", "a_few_days_ago_is_2_to_5_days"),
    ("Jets struck Sanaa on the night of 3 May.", "on the night of 3 May", "2021-05-03", "2021-05-03", "day", "night_of_day_month"),
    ("The attack on Tuesday, 3 June, killed four.", "on Tuesday, 3 June", "2021-06-03", "2021-06-03", "day", "weekday_with_date_takes_the_date"),
    ("Officials met late last month.", "late last month", "2021-05-21", "2021-05-31", "month", "late_last_month"),
    ("Over the weekend, jets struck Idlib.", "Over the weekend", "2021-06-12", "2021-06-13", "day", "the_weekend_is_last_saturday_sunday"),
    ("The group was founded in 2014-15.", "in 2014-15", "2014-01-01", "2015-12-31", "year", "short_year_range"),
    ("Militants struck a fortnight ago.", "a fortnight ago", "2021-05-31", "2021-06-06", "week", "fortnight_is_two_weeks"),
    ("Attacks rose during Ramadan 2019.", "during Ramadan 2019", "2019-05-06", "2019-06-04", "month", "ramadan_of_a_year"),
    ("Gunmen struck on New Year's Eve.", "on New Year's Eve", "2020-12-31", "2020-12-31", "day", "fixed_holiday_most_recent"),
    ("Gunmen attacked on the night of 3-4 May.", "on the night of 3-4 May", "2021-05-03", "2021-05-04", "day", "night_of_a_day_range"),
    ("Al-Qaeda carried out the Sept. 11 attacks.", "Sept. 11", "2020-09-11", "2020-09-11", "day", "us_date_before_a_plural_noun"),
    ("The 3 May attack was claimed by ISWAP.", "3 May", "2021-05-03", "2021-05-03", "day", "determiner_before_a_date_is_not_part_of_it"),
    ("Protests spread in the winter of 2016.", "in the winter of 2016", "2016-12-01", "2017-02-28", "year", "winter_of_year_starts_in_december"),
]


@pytest.mark.parametrize(
    "sentence, text, start, end, precision",
    [pytest.param(*c[:5], id=c[5]) for c in RESOLVES],
)
def test_resolves_expression(sentence, text, start, end, precision):
    found = only(sentence)
    assert found.text == text
    assert sentence[found.start : found.end] == text
    assert (found.date_start, found.date_end, found.precision, found.resolved) == (d(start), d(end), precision, True)


# anaphora: (text, which expression, expected start, end)
ANAPHORA = [
    (
        "He was detained on 14 June of last year and released on 2 July of the same year.",
        1, "2020-07-02", "2020-07-02", "the_same_year_is_year_of_previous_expression",
    ),
    ("The convoy left on 3 June. The previous day, a bomb exploded.", 1, "2021-06-02", "2021-06-02", "previous_day_after_a_day_date"),
    ("A bomb exploded on 3 June. Gunmen had attacked the day before.", 1, "2021-06-02", "2021-06-02", "day_before_after_a_day_date"),
    ("Militants attacked on 3 June. A day earlier, a drone strike hit.", 1, "2021-06-02", "2021-06-02", "a_day_earlier_after_a_day_date"),
    ("Officials said the checkpoint was hit the previous day.", 0, "2021-06-15", "2021-06-15", "previous_day_without_earlier_date_is_published_minus_one"),
    ("Clashes erupted in 2015 and again in March of the same year.", 1, "2015-03-01", "2015-03-31", "month_of_the_same_year"),
    ("Fighting began on 3 May 2019. Two days later the town fell.", 1, "2019-05-05", "2019-05-05", "days_later_from_previous_day"),
    ("The army entered Raqqa on 17 October 2017. The next day it declared victory.", 1, "2017-10-18", "2017-10-18", "next_day_after_a_day_date"),
    ("They were arrested in March 2016 and released later that year.", 1, "2016-01-01", "2016-12-31", "later_that_year"),
]


@pytest.mark.parametrize("sentence, i, start, end", [pytest.param(*c[:4], id=c[4]) for c in ANAPHORA])
def test_resolves_anaphora_against_earlier_expression(sentence, i, start, end):
    found = find_dates(sentence, PUB)[i]
    assert (found.date_start, found.date_end, found.resolved) == (d(start), d(end), True)


NO_DATES = [
    ("Officials said the militants may return to the area.", "may_the_verb"),
    ("May God protect them, he said.", "may_capitalised_at_sentence_start"),
    ("Thousands vowed to march on the capital.", "march_the_verb"),
    ("March on the capital, the rebels told their men.", "march_capitalised_at_sentence_start"),
    ("The group said 40 soldiers were killed.", "a_count_of_soldiers"),
    ("The Security Council adopted Resolution 2254.", "resolution_number"),
    ("Gunmen blocked Highway 4 near Tal Tamr.", "highway_number"),
    ("The explosion happened at 3 pm.", "clock_time_alone"),
    ("The blast at 10:30 shook the district.", "bare_clock_time"),
    ("The floods resulted in 2000 deaths.", "year_like_count"),
    ("Worshippers gathered after Friday prayers.", "friday_prayers"),
    ("The newsletter on the Levant comes out every Sunday.", "recurring_weekday"),
    ("The unit lost 1,200 men and 12 tanks.", "counts_with_thousands_separator"),
    ("The Ramadan offensive stalled near Marib.", "holiday_name_without_context"),
    ("In May 12 soldiers were killed.", "month_then_count_keeps_only_the_month"),
]


@pytest.mark.parametrize("sentence", [pytest.param(c[0], id=c[1]) for c in NO_DATES[:-1]])
def test_finds_no_false_positive(sentence):
    assert find_dates(sentence, PUB) == []


def test_a_count_after_a_month_is_not_a_day():
    assert [f.text for f in find_dates(NO_DATES[-1][0], PUB)] == ["In May"]


UNRESOLVED = [
    ("The convoy was ambushed on Tuesday.", "on_weekday"),
    ("Militants attacked the base today.", "today"),
    ("The offensive began in April.", "month_without_year"),
    ("The town fell three weeks ago.", "weeks_ago"),
    ("Officials said the base was hit the previous day.", "previous_day_without_anchor"),
    ("The group lost ground last year.", "last_year"),
    ("Since 19 May, at least 30 people have died.", "since_day_month"),
    ("He was detained on 14 June of last year.", "day_month_last_year"),
    ("Heavy fighting continued overnight.", "overnight"),
]


@pytest.mark.parametrize("sentence", [pytest.param(c[0], id=c[1]) for c in UNRESOLVED])
def test_relative_expression_without_publication_is_unresolved_not_guessed(sentence):
    found = only(sentence, None)
    assert (found.resolved, found.date_start, found.date_end, found.precision) == (False, None, None, None)


ABSOLUTE = [
    ("The attack took place on 14 March 2021.", "2021-03-14", "2021-03-14", "day_month_year"),
    ("Militants overran the town in June 2014.", "2014-06-01", "2014-06-30", "month_year"),
    ("Mosul fell in 2014.", "2014-01-01", "2014-12-31", "year"),
    ("The town was held from June to August 2016.", "2016-06-01", "2016-08-31", "month_range"),
    ("Report dated 14/03/2021.", "2021-03-14", "2021-03-14", "numeric"),
]


@pytest.mark.parametrize("sentence, start, end", [pytest.param(*c[:3], id=c[3]) for c in ABSOLUTE])
def test_absolute_expression_resolves_without_publication(sentence, start, end):
    found = only(sentence, None)
    assert (found.resolved, found.date_start, found.date_end) == (True, d(start), d(end))


def test_same_year_resolves_from_an_absolute_antecedent_without_publication():
    found = find_dates("He was held on 14 June 2019 and freed on 2 July of the same year.", None)
    assert [(f.text, f.date_start) for f in found] == [
        ("on 14 June 2019", dt.date(2019, 6, 14)),
        ("on 2 July of the same year", dt.date(2019, 7, 2)),
    ]


def test_longest_match_wins_over_overlapping_shorter_ones():
    found = only("The town was held from June to August 2016, officials said.")
    assert found.text == "from June to August 2016"
    found = only("The checkpoint was overrun on 3 October last year.")
    assert found.text == "on 3 October last year"


def test_several_expressions_come_back_in_text_order_with_offsets():
    text = "Militants overran the town in June 2014 and were driven out in March 2017."
    found = find_dates(text, PUB)
    assert [(f.text, f.start, f.end) for f in found] == [("in June 2014", 27, 39), ("in March 2017", 60, 73)]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_rule_names_the_pattern_and_version():
    assert only("Mosul fell in 2014.").rule == "dates.v1:year"
    assert only("Since 19 May, 30 died.").rule == "dates.v1:day_month+since"


def test_to_mention_carries_the_interval_and_rule():
    m = only("The bodies were found two days ago.").to_mention()
    assert isinstance(m, Mention)
    assert (m.kind, m.text, m.evidence) == ("date", "two days ago", "dates.v1:ago")
    assert m.resolved == {"start": "2021-06-14", "end": "2021-06-14", "precision": "day", "resolved": True}
    m = only("The bodies were found two days ago.", None).to_mention()
    assert m.resolved == {"start": None, "end": None, "precision": None, "resolved": False}


def test_accepts_a_datetime_as_publication():
    assert only("Clashes erupted yesterday.", dt.datetime(2021, 6, 16, 23, 5)).date_start == dt.date(2021, 6, 15)


def test_module_does_not_use_dateparser_and_compiles_patterns_once():
    tree = ast.parse(Path(dates.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "dateparser" not in imported
    assert dates._SPECS and all(hasattr(s.regex, "finditer") for s in dates._SPECS)


# --------------------------------------------------------------------------- gold data


def load_gold(path: Path = TSV) -> list[dict]:
    """Rows of the gold TSV, grouped per (published, sentence) in file order."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    groups: dict[tuple[str, str], dict] = {}
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (r["published"], r["sentence"])
        g = groups.setdefault(key, {"published": r["published"], "sentence": r["sentence"], "expected": []})
        if r["expected_text"]:
            g["expected"].append(
                (r["expected_text"], r["expected_start"], r["expected_end"], r["expected_precision"] or None)
            )
    return list(groups.values())


def score_gold(groups: list[dict]) -> tuple[float, list[str]]:
    """Exact accuracy: an expected expression is hit when text, interval and precision all match;
    a found expression that matches nothing expected is a false positive (counted as a miss)."""
    hits = total = 0
    misses: list[str] = []
    for g in groups:
        pub = dt.date.fromisoformat(g["published"]) if g["published"] else None
        found = [
            (f.text, f.date_start.isoformat() if f.date_start else "", f.date_end.isoformat() if f.date_end else "", f.precision)
            for f in find_dates(g["sentence"], pub)
        ]
        expected = [(t, s, e, p) for t, s, e, p in g["expected"]]
        for exp in expected:
            total += 1
            if exp in found:
                hits += 1
                found.remove(exp)
            else:
                misses.append(f"MISS {g['published']} {g['sentence']!r}: expected {exp}")
        for extra in found:
            total += 1
            misses.append(f"FALSE {g['published']} {g['sentence']!r}: found {extra}")
    return (hits / total if total else 1.0), misses


def test_gold_data_is_large_and_varied():
    groups = load_gold()
    assert len(groups) >= 160
    assert sum(not g["expected"] for g in groups) >= 15  # sentences without dates


def test_gold_accuracy_is_at_least_97_percent():
    acc, misses = score_gold(load_gold())
    print(f"\naccuracy {acc:.4f}")
    for m in misses:
        print(m)
    assert acc >= 0.97, "\n".join(misses)
