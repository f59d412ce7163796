"""Each input kind becomes clean articles with its metadata."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from marsad.ingest import IngestOptions, UnreadableInput, read_articles

DATA = Path(__file__).parent.parent / "data" / "ingest"


def articles(*names: str, **opts):
    items = list(read_articles([str(DATA / n) for n in names], IngestOptions(**opts)))
    return [i for i in items if not isinstance(i, UnreadableInput)], [i for i in items if isinstance(i, UnreadableInput)]


def test_plain_text_takes_title_and_dateline_and_drops_boilerplate():
    [a], refused = articles("dateline-report.txt")
    assert refused == []
    assert a.title == "Gunmen kill seven at a checkpoint outside Mopti"
    assert a.published == dt.date(2020, 4, 4)
    assert a.text.startswith("Gunmen on motorbikes attacked an army checkpoint")
    assert a.text.endswith("has not claimed the attack.")
    for furniture in ("Related Articles", "Mogadishu market", "Maiduguri", "Tags:", "Comments", "Share", "Staff Writer",
                      "Photo:", "Donate", "World | Africa", "18:59"):
        assert furniture not in a.text
    assert a.language == "en"


def test_markdown_front_matter_gives_metadata_and_markup_goes():
    [a], _ = articles("front-matter.md")
    assert (a.url, a.outlet, a.title, a.published) == (
        "https://example.org/somalia/afgooye", "Horn Wire", "Car bomb hits base near Afgoye", dt.date(2021, 3, 14),
    )
    assert a.text.startswith("A vehicle-borne IED struck a military base near Afgoye late on Saturday.")
    assert "**" not in a.text and "](" not in a.text and "Read more" not in a.text


def test_html_gives_main_text_title_date_and_site_name():
    [a], _ = articles("page.html")
    assert a.outlet == "Euphrates Monitor"
    assert a.published == dt.date(2020, 4, 4)
    assert "Omar field checkpoints" in a.title
    assert "no fewer than 19" in a.text and "driven out in March 2017" in a.text
    for furniture in ("Kabul blast", "Borno", "Donate", "All rights reserved", "Home"):
        assert furniture not in a.text


def test_jsonl_records_become_articles_and_a_bad_line_costs_only_itself():
    good, refused = articles("wire.jsonl")
    assert [a.title for a in good] == ["ISWAP attack on Monguno base", "Boko Haram abducts farmers near Maiduguri",
                                       "Troops retake Marte"]
    assert good[0].published == dt.date(2021, 6, 12) and good[0].outlet == "Lake Chad Wire"
    [bad] = refused
    assert bad.origin.endswith("wire.jsonl:3") and "malformed JSON line" in bad.reason


def test_a_jsonl_file_of_any_size_is_read_record_by_record(tmp_path):
    import json

    body = "Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said. " * 8
    lines = [json.dumps({"title": f"Report {i}", "text": f"Report number {i}. {body}"}) for i in range(60)]
    lines[7] = json.dumps({"title": "Huge", "text": "x " * 5000})
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    assert path.stat().st_size > 5 * 8000  # far over the limit, which holds per record
    items = list(read_articles([str(path)], IngestOptions(max_input_bytes=8000)))
    good = [i for i in items if not isinstance(i, UnreadableInput)]
    refused = [i for i in items if isinstance(i, UnreadableInput)]
    assert len(good) == 59 and good[0].title == "Report 0"
    [big] = refused
    assert big.origin.endswith("many.jsonl:8") and f"record too large ({len(lines[7]):,} bytes; the limit is 8,000" in big.reason


def test_rss_items_become_articles_with_full_content():
    good, refused = articles("feed.rss")
    assert refused == []
    assert [a.title for a in good] == ["Blast hits mosque in Kunduz", "Taliban say they killed ISKP cell in Nangarhar"]
    assert good[0].outlet == "Kabul Dispatch" and good[0].published == dt.date(2021, 10, 8)
    assert "at least 46 worshippers" in good[0].text and "explosive vest" in good[0].text
    assert good[0].url == "https://example.org/kunduz-blast"
    assert good[1].origin.endswith("feed.rss: item 2")


def test_atom_entries_become_articles():
    [a], _ = articles("feed.atom")
    assert a.title == "Insurgents attack Palma" and a.published == dt.date(2021, 3, 27)
    assert a.text.startswith("Insurgents attacked the town of Palma on Wednesday")


def test_directory_is_walked_recursively(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "sub" / "one.txt").write_text("Clashes near Kidal\n\nClashes near Kidal killed five fighters on Monday, a local source said.")
    (tmp_path / "sub" / ".hidden" / "two.txt").write_text("ignored")
    (tmp_path / "notes.yaml").write_text("not an input kind")
    items = list(read_articles([str(tmp_path)], IngestOptions()))
    assert [i.origin for i in items] == [str(tmp_path / "sub" / "one.txt")]


def test_standard_input_is_read_with_dash(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"Shelling in Idlib\n\nShelling killed three civilians in Idlib on Tuesday, rescuers said."))
    monkeypatch.setattr("sys.stdin", fake)
    [a] = list(read_articles(["-"], IngestOptions()))
    assert a.title == "Shelling in Idlib" and a.origin == "-"


def test_flags_override_what_the_input_says():
    [a], _ = articles("front-matter.md", published=dt.date(2022, 1, 1), outlet="Override", title="Mine")
    assert (a.published, a.outlet, a.title) == (dt.date(2022, 1, 1), "Override", "Mine")


def test_non_utf8_text_is_decoded_by_detection():
    [a], refused = articles("latin1-report.txt")
    assert refused == []
    assert "zwölf Soldaten getötet" in a.text


def test_same_story_in_another_format_has_the_same_id(tmp_path):
    [html] = [a for a in articles("page.html")[0]]
    (tmp_path / "copy.txt").write_text("Title line here\n\n" + html.text.replace("\n\n", "\n\n  "))
    [txt] = list(read_articles([str(tmp_path / "copy.txt")], IngestOptions()))
    assert txt.id == html.id


@pytest.mark.parametrize(
    "line, date",
    [
        ("2020/04/04", dt.date(2020, 4, 4)),
        ("April 4, 2020", dt.date(2020, 4, 4)),
        ("04.04.2020 | 18:59", dt.date(2020, 4, 4)),
        ("Published: 5 April 2020 10:30 GMT", dt.date(2020, 4, 5)),
        ("Sunday, 5th of April, 2020", dt.date(2020, 4, 5)),
        ("Updated Apr. 6 2020 at 08:00 am", dt.date(2020, 4, 6)),
        ("2021-03-14T09:00:00+03:00", dt.date(2021, 3, 14)),
        ("03.04.2020", dt.date(2020, 4, 3)),
    ],
)
def test_dateline_at_the_top_becomes_the_publication_date(tmp_path, line, date):
    (tmp_path / "a.txt").write_text(f"Headline of the story here\n{line}\n\nFighting near Gao left five dead on Monday, officials said.")
    [a] = list(read_articles([str(tmp_path / "a.txt")], IngestOptions()))
    assert a.published == date
    assert line not in a.text


def test_a_date_inside_a_sentence_is_not_a_dateline(tmp_path):
    (tmp_path / "a.txt").write_text("Militants overran the town on 10 June 2014, killing dozens, the army said later.")
    [a] = list(read_articles([str(tmp_path / "a.txt")], IngestOptions()))
    assert a.published is None


def test_a_feed_whose_declared_encoding_is_not_text_is_refused_by_name(tmp_path):
    """Found by fuzzing: feedparser raised UnicodeDecodeError on bytes in encoding="..."."""
    path = tmp_path / "broken.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="utf-\xff\xff8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                     b"<entry><title>Attack</title><content>Gunmen attacked Palma.</content></entry></feed>")
    [refusal] = list(read_articles([str(path)], IngestOptions()))
    assert isinstance(refusal, UnreadableInput) and "not a readable RSS or Atom feed" in str(refusal)
    assert str(refusal).startswith(str(path))


def test_a_feed_entry_without_content_or_summary_costs_that_item_only():
    """Found by fuzzing (the seed tests/fuzz/seeds/feed/crash-none-content.xml): an entry whose
    summary feedparser gives as None crashed the whole feed."""
    seed = Path(__file__).parent.parent / "fuzz" / "seeds" / "feed" / "crash-none-content.xml"
    [item] = list(read_articles([str(seed)], IngestOptions()))
    assert isinstance(item, UnreadableInput) and "feed item has no text" in item.reason


def test_escaped_surrogates_in_json_and_front_matter_become_text(tmp_path):
    """Found by the property suite: "\\ud83d\\ude00" in a JSON record or YAML front matter gave
    lone surrogates, which no database or file can store (the record was lost)."""
    (tmp_path / "a.jsonl").write_text('{"title": "Gao \\ud83d\\ude00", "text": "Gunmen attacked Gao \\udc00 on Monday."}\n')
    (tmp_path / "b.md").write_text('---\ntitle: "Kidal \\ud800"\n---\nGunmen attacked Kidal on Monday.\n')
    a, b = list(read_articles([str(tmp_path / "a.jsonl"), str(tmp_path / "b.md")], IngestOptions()))
    assert (a.title, a.text) == ("Gao \U0001F600", "Gunmen attacked Gao \ufffd on Monday.")
    assert b.title == "Kidal \ufffd"


def test_a_json_lines_file_whose_first_line_is_an_array_keeps_its_records(tmp_path):
    """Found by the property suite: a first line "[1, 2]" made the whole file one bad JSON value."""
    (tmp_path / "w.jsonl").write_text('[1, 2]\n{"text": "Gunmen attacked Gao on Monday."}\n')
    bad, good = list(read_articles([str(tmp_path / "w.jsonl")], IngestOptions()))
    assert isinstance(bad, UnreadableInput) and bad.origin.endswith("w.jsonl:1")
    assert good.text == "Gunmen attacked Gao on Monday."


def test_a_nul_byte_in_a_json_line_costs_that_line_only(tmp_path):
    """Found by the property suite: one NUL byte made a JSON Lines file 'binary' and lost every record."""
    (tmp_path / "w.jsonl").write_bytes(b'{"text": "Gunmen attacked Gao."}\n\x00\n{"text": "Troops retook Marte."}\n')
    items = list(read_articles([str(tmp_path / "w.jsonl")], IngestOptions()))
    assert [i.text for i in items if not isinstance(i, UnreadableInput)] == ["Gunmen attacked Gao.", "Troops retook Marte."]
    data = (tmp_path / "w.jsonl").read_bytes()
    from marsad.ingest import read_data
    assert len([d for d in read_data(data, "upload.jsonl", IngestOptions()) if not isinstance(d, UnreadableInput)]) == 2


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_page_nested_deeper_than_the_html_parser_reads_keeps_its_story(tmp_path, depth):
    """libxml2 stops at about 255 nested elements; the story inside such 'div soup' was refused as a
    page with no article text."""
    story = "<p>Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said.</p>"
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * depth + story + "</div>" * depth + "</body></html>")
    [a] = list(read_articles([str(tmp_path / "deep.html")], IngestOptions()))
    assert not isinstance(a, UnreadableInput), a
    assert a.text == "Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said."


def test_finishing_a_draft_twice_gives_the_same_article():
    """Found by fuzzing: finish() changed the draft it was given (title, dateline, text), so a
    second finish of the same draft made another article."""
    from marsad.ingest import finish, read_data

    data = b"Gunmen kill seven near Mopti\n\nMOPTI, 2020/04/04 - Gunmen killed seven soldiers on Saturday.\n"
    [draft] = list(read_data(data, "r.txt", IngestOptions()))
    before = (draft.text, draft.title, draft.published)
    first, second = finish(draft, IngestOptions()), finish(draft, IngestOptions())
    assert first == second and first.title == "Gunmen kill seven near Mopti"
    assert (draft.text, draft.title, draft.published) == before


@pytest.mark.parametrize("html, text", [
    ("<p>Gunmen attacked Gao.</p><script>alert(1)</script><p>Five died.</p>", "Gunmen attacked Gao.\n\n Five died.\n\n"),
    ("<p>Gunmen attacked Gao.</p><STYLE>p {}</style ><p>Five died.</p>", "Gunmen attacked Gao.\n\n Five died.\n\n"),
    ("<p>Gunmen attacked Gao.</p><script>never closed <p>hidden</p>", "Gunmen attacked Gao.\n\n"),
])
def test_a_feed_items_scripts_and_styles_are_dropped_and_an_unclosed_one_runs_to_the_end(html, text):
    """One pass: unclosed <script> tags each scanned to the end of the item before (quadratic)."""
    from marsad.ingest.formats import fragment_text

    assert fragment_text(html) == text


def test_a_line_of_spaces_before_a_date_is_read_at_once():
    """Found by fuzzing: the dateline pattern's separators could match one space two ways, so a
    line of 50 spaces (here NEL, U+0085) that failed at its end backtracked 2^50 ways (a hang)."""
    from marsad.ingest.dateline import dateline_date

    assert dateline_date("published: " + "\x85" * 50 + "2021-03-1r-t\x02...") is None
    assert dateline_date("Published: " + " \t" * 20 + "14.03.2021 | 10:00 GMT") == dt.date(2021, 3, 14)
