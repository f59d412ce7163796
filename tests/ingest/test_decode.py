"""One decoding policy: UTF-8 first; damaged UTF-8 keeps its good characters and says what was
replaced; a legacy encoding is detected and named; nothing is decoded silently."""

from __future__ import annotations

import pytest

from marsad.ingest import IngestOptions, UnreadableInput, read_articles
from marsad.ingest.inputs import decode

FR = "Des hommes armés ont attaqué un café à Gao lundi, tuant cinq personnes, selon la police."


def test_clean_utf8_has_no_note():
    assert decode(FR.encode("utf-8"), "a.txt") == (FR, None)


def test_a_utf8_bom_is_dropped():
    assert decode(b"\xef\xbb\xbf" + FR.encode("utf-8"), "a.txt") == (FR, None)


def test_mostly_utf8_keeps_its_characters_and_names_the_replaced_bytes():
    data = "Le café « Sahel » à Gao.\nLe ".encode("utf-8") + "café".encode("latin-1") + " était fermé.".encode("utf-8")
    text, note = decode(data, "a.txt")
    assert text == "Le café « Sahel » à Gao.\nLe caf\ufffd était fermé."
    assert note == "1 byte that is not UTF-8 replaced with U+FFFD (the first, 0xE9, at line 2, column 7)"


def test_utf8_cut_in_the_middle_of_a_character_is_kept_with_a_note():
    data = FR.encode("utf-8") + "é".encode("utf-8")[:1]
    text, note = decode(data, "a.txt")
    assert text == FR + "\ufffd" and "1 byte that is not UTF-8" in note


def test_a_legacy_encoding_is_detected_and_named():
    text, note = decode(FR.encode("cp1252") * 3, "a.txt")
    assert "café" in text and "attaqué" in text
    assert note.startswith("not UTF-8: decoded as ")


def test_a_broken_utf16_file_is_refused_by_name():
    with pytest.raises(UnreadableInput, match="a.txt: starts with a utf-16 byte-order mark"):
        decode(b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00", "a.txt")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_every_input_kind_carries_the_decoding_note_to_its_article(tmp_path, suffix):
    body = "Gunmen attacked a café in Gao on Monday, killing five people, police said. Le ".encode("utf-8")
    body += "café".encode("latin-1") + " était fermé.".encode("utf-8")
    path = tmp_path / f"report{suffix}"
    if suffix == ".html":
        body = b"<html><body><article><p>" + body + b"</p></article></body></html>"
    elif suffix == ".jsonl":
        body = b'{"title": "Gao", "text": "' + body + b'"}\n'
    path.write_bytes(body)
    [article] = list(read_articles([str(path)], IngestOptions()))
    assert not isinstance(article, UnreadableInput), article
    assert "café in Gao" in article.text and "\ufffd" in article.text
    assert article.notes and "not UTF-8 replaced with U+FFFD" in article.notes[0]
