"""Boilerplate removal: page furniture goes, the story stays."""

from __future__ import annotations

import pytest

from marsad.ingest.clean import article_id, clean_text, explain_clean

STORY = "Militants attacked checkpoints near the Omar oil field late on Sunday, killing at least 19 soldiers, a monitor said."


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Tags: Syria, ISIS, Deir Ezzor", "tags"),
        ("Filed under: Middle East", "tags"),
        ("12 Comments", "comments"),
        ("Leave a comment", "comments"),
        ("Support our journalism. Donate today.", "donation"),
        ("Subscribe to our newsletter", "donation"),
        ("Share this article", "share"),
        ("Share on Facebook", "share"),
        ("Follow us on Twitter @example", "follow"),
        ("© 2021 Horn Wire", "copyright"),
        ("Copyright 2020 Sahel Dispatch. All rights reserved.", "copyright"),
        ("Photo: Soldiers patrol Deir Ezzor (AFP)", "caption"),
        ("Soldiers patrol the outskirts of Gao (Reuters)", "caption_credit"),
        ("By Jane Doe, Staff Writer", "byline"),
        ("BY AHMED ALI | REUTERS", "byline"),
        ("World | Middle East", "section_label"),
        ("Home > World > Africa", "section_label"),
        ("Related: Five killed in Kabul blast", "related_line"),
        ("Read more: Boko Haram raids Gwoza", "related_line"),
        ("5 min read", "reading_time"),
        ("Advertisement", "advertisement"),
    ],
)
def test_furniture_line_is_dropped_with_its_rule(line, rule):
    text, dropped = explain_clean(f"{line}\n{STORY}")
    assert text == STORY
    assert [(d.line, d.rule) for d in dropped] == [(line, rule)]


@pytest.mark.parametrize(
    "prose",
    [
        "By Sunday, troops had retaken the town, the ministry said in a statement.",
        "Share prices fell in Kabul after the attack on the bank, traders said.",
        "Photographs shared online showed burned vehicles outside the base in Mocimboa da Praia.",
        "Related fighting was reported in the Lake Chad islands, where ISWAP holds several positions.",
        "Follow-up raids in Sevare led to the arrest of 14 suspected militants, the army said.",
    ],
)
def test_prose_that_starts_like_furniture_is_kept(prose):
    assert clean_text(f"{STORY}\n\n{prose}") == f"{STORY}\n\n{prose}"


def test_related_articles_headlines_never_reach_the_text():
    text = clean_text(
        f"{STORY}\n\nRelated Articles\nFive killed in Kabul blast\n\nBoko Haram attack kills 30 in Borno\n"
        "Suicide bomber strikes Mogadishu market\n\nMore from World\nTroops retake Palma"
    )
    assert text == STORY


def test_story_resumes_after_a_related_box():
    text = clean_text(f"{STORY}\nYou may also like\nFive killed in Kabul blast\n{STORY.replace('19', '20')}")
    assert "Kabul" not in text and "at least 20" in text


def test_article_id_ignores_case_spacing_and_punctuation():
    assert article_id("Seven  soldiers were KILLED, the army said.") == article_id("seven soldiers were killed the army said")
    assert article_id("Seven soldiers were killed.") != article_id("Eight soldiers were killed.")


def test_unicode_is_normalised():
    assert clean_text("Deir ez\u2011Zor\u00a0city\u200b was shelled.\r\nAgain.") == "Deir ez\u2011Zor city was shelled.\nAgain."


@pytest.mark.parametrize(
    "line, rule",
    [
        ("By Rania Haddad, Euphrates Monitor staff", "byline"),
        ("Khabour Voice newsroom", "staff_line"),
        ("Our correspondent in Gao", "staff_line"),
        ("Share this article Follow us on Twitter Print", "share"),
        ("---", "rule_line"),
        ("* * *", "rule_line"),
    ],
)
def test_more_furniture_from_real_pages(line, rule):
    text, dropped = explain_clean(f"{line}\n{STORY}")
    assert text == STORY and [(d.line, d.rule) for d in dropped] == [(line, rule)]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Burkina Faso — Security", "section_label"),
        ("Great Lakes Wire — Beni, North Kivu", "section_label"),
        ("Tigris Courier — Kirkuk bureau", "section_label"),
        ("Africa › Nigeria", "section_label"),
        ("Sahel Dispatch — by Aisha Mustapha in Maiduguri", "outlet_byline"),
        ("Arabia Desk — by Salem bin Sahl", "outlet_byline"),
    ],
)
def test_outlet_and_section_lines_above_the_story(line, rule):
    text, dropped = explain_clean(f"{line}\n{STORY}")
    assert text == STORY and [(d.line, d.rule) for d in dropped] == [(line, rule)]


@pytest.mark.parametrize("prose", ["Troops — and the militia — held the town.", "Gao, Mali — Gunmen attacked a convoy on Monday, killing five soldiers."])
def test_dashes_in_prose_are_not_section_labels(prose):
    assert clean_text(prose) == prose


def test_byline_with_a_place_in_it():
    text, dropped = explain_clean(f"By Hassan Said in the Homs countryside\n{STORY}")
    assert text == STORY and dropped[0].rule == "byline"


def test_furniture_after_a_related_list_keeps_its_own_reason():
    _, dropped = explain_clean(f"{STORY}\nRelated Articles\nFive killed in Kabul blast\nTags: Syria\n84 Comments")
    assert [d.rule for d in dropped] == ["related_header", "related_headline", "tags", "comments"]
