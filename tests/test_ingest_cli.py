"""`marsad ingest` end to end: summaries, idempotence, and every kind of bad input.

Each bad input is refused with a message naming it and the reason, and the good
inputs of the same batch still go in.
"""

from __future__ import annotations

import re

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.resolve.gazetteer import open_gazetteer
from marsad.store import open_store

DATA = Path(__file__).parent / "data" / "ingest"
GOOD = "Gunmen attacked a checkpoint near Gao\n\nGunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said."


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def stored(db: str) -> int:
    s = open_store(db)
    try:
        return s.count("articles")
    finally:
        s.close()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "ingest.db")


def test_ingesting_the_test_data_twice_changes_nothing(db):
    first = run("ingest", str(DATA), "--db", db)
    assert "10 ingested, 0 unchanged, 1 refused" in first.stdout  # wire.jsonl line 3 is malformed
    assert first.exit_code == 1
    second = run("ingest", str(DATA), "--db", db, "--format", "json")
    summary = json.loads(second.stdout)
    assert (len(summary["ingested"]), len(summary["unchanged"]), len(summary["refused"])) == (0, 10, 1)
    assert stored(db) == 10


def test_the_same_story_from_another_file_is_unchanged(db, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.md").write_text("---\noutlet: Other\n---\n" + GOOD.upper())
    assert "1 ingested" in run("ingest", str(tmp_path / "a.txt"), "--db", db).stdout
    again = run("ingest", str(tmp_path / "b.md"), "--db", db, "-v")
    assert "0 ingested, 1 unchanged" in again.stdout and "unchanged" in again.stdout.splitlines()[0]
    assert again.exit_code == 0


def bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    """name -> (paths to ingest, expected reason) for every bad input the issue lists."""
    (tmp / "empty-dir").mkdir()
    (tmp / "empty-dir" / "notes.yaml").write_text("nothing to ingest")
    (tmp / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp / "blob.txt").write_bytes(b"abc\x00\x01\x02" * 100)
    (tmp / "empty.txt").write_text("")
    (tmp / "blank.md").write_text("  \n\n \t\n")
    (tmp / "big.txt").write_text("Fighting near Gao. " * 2000)
    (tmp / "garbage.txt").write_bytes(bytes(b for b in range(0x80, 0x100) if b not in (0x85, 0xA0)) * 40)
    (tmp / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav><footer>© 2021</footer></body></html>")
    (tmp / "lines.jsonl").write_text(
        json.dumps({"title": "ok", "text": "Clashes in Kidal killed five fighters on Monday, a local source said."})
        + '\n{"title": "broken", "text": \n'
        + json.dumps({"title": "ok2", "text": "A drone strike hit a convoy near Marib on Tuesday, tribal sources said."})
        + "\n"
    )
    (tmp / "fake.rss").write_text("this is not a feed at all, just words pretending")
    (tmp / "furniture.txt").write_text("Share this article\nTags: Syria\n12 Comments\n")
    (tmp / "bad-date.md").write_text("---\npublished: 2021-14-25\ntitle: Clashes\n---\n" + GOOD.replace("Gao", "Kidal"))
    (tmp / "deep.md").write_text("---\ntitle: " + "[" * 5000 + "\n---\n" + GOOD.replace("Gao", "Kidal"))
    laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    (tmp / "laughs.md").write_text("---\n" + "\n".join(laughs) + "\n---\n" + GOOD.replace("Gao", "Kidal"))
    (tmp / "dated.jsonl").write_text(
        json.dumps({"title": "bad", "published": "2021-02-30", "text": "Clashes in Kidal killed five fighters."}) + "\n"
        + json.dumps({"title": "ok", "published": "2021-02-03", "text": "A drone strike hit a convoy near Marib."})
        + "\n"
    )
    return {
        "missing path": ([str(tmp / "nope.txt")], "no such file or directory"),
        "directory with no inputs": ([str(tmp / "empty-dir")], "directory with no inputs"),
        "binary file (magic)": ([str(tmp / "image.txt")], "binary file (a PNG image)"),
        "binary file (NUL bytes)": ([str(tmp / "blob.txt")], "binary file, not text"),
        "empty file": ([str(tmp / "empty.txt")], "empty file"),
        "blank file": ([str(tmp / "blank.md")], "empty file"),
        "too large": ([str(tmp / "big.txt"), "--max-input-bytes", "10000"], "file too large (38,000 bytes; the limit is 10,000"),
        "undecodable": ([str(tmp / "garbage.txt")], "undecodable text"),
        "html without text": ([str(tmp / "nav.html")], "HTML with no article text"),
        "malformed json line": ([str(tmp / "lines.jsonl")], "lines.jsonl:2: malformed JSON line"),
        "not a feed": ([str(tmp / "fake.rss")], "not an RSS or Atom feed"),
        "only furniture": ([str(tmp / "furniture.txt")], "no article text after cleaning"),
        "bad date in front matter": ([str(tmp / "bad-date.md")], "published '2021-14-25' is not a date"),
        "front matter nested too deeply": ([str(tmp / "deep.md")], "front matter"),
        "front matter of YAML aliases (billion laughs)": ([str(tmp / "laughs.md")], "front matter uses a YAML alias"),
        "bad date in a record": ([str(tmp / "dated.jsonl")], "dated.jsonl:1: published '2021-02-30' is not a date"),
    }


@pytest.mark.parametrize("case", [
    "missing path", "directory with no inputs", "binary file (magic)", "binary file (NUL bytes)", "empty file",
    "blank file", "too large", "undecodable", "html without text", "malformed json line", "not a feed",
    "only furniture", "bad date in front matter", "front matter nested too deeply", "bad date in a record",
    "front matter of YAML aliases (billion laughs)",
])
def test_bad_input_is_refused_with_its_reason_and_the_rest_goes_in(case, db, tmp_path):
    paths, reason = bad_inputs(tmp_path)[case]
    (tmp_path / "good.txt").write_text(GOOD)
    result = run("ingest", str(tmp_path / "good.txt"), *paths, "--db", db)
    assert result.exit_code == 1, result.output
    refusals = [ln for ln in result.stderr.splitlines() if ln.startswith("refused:")]
    assert len(refusals) == 1 and reason in refusals[0], result.stderr
    assert paths[0].split("/")[-1] in refusals[0]  # the message names the input
    # the other lines of that file still go in
    good = {"malformed json line": 3, "bad date in a record": 2}.get(case, 1)
    assert f"{good} ingested, 0 unchanged, 1 refused" in result.stdout
    # Running again is safe: nothing new, nothing lost, the same refusal.
    again = run("ingest", str(tmp_path / "good.txt"), *paths, "--db", db)
    assert f"0 ingested, {good} unchanged, 1 refused" in again.stdout and again.exit_code == 1
    assert stored(db) == good


@pytest.mark.parametrize("case", ["bad date in front matter", "bad date in a record", "binary file (magic)"])
def test_extract_refuses_a_bad_input_by_name_and_reports_the_rest(case, tmp_path):
    paths, reason = bad_inputs(tmp_path)[case]
    (tmp_path / "good.txt").write_text(GOOD)
    result = run("extract", str(tmp_path / "good.txt"), *paths, "--format", "json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    refusals = [ln for ln in result.stderr.splitlines() if ln.startswith("refused:")]
    assert len(refusals) == 1 and reason in refusals[0], result.stderr
    assert any("Gao" in json.dumps(e) for e in json.loads(result.stdout))  # the good file's event is there


def test_an_article_that_breaks_extraction_is_refused_by_name_and_the_batch_goes_on(db, tmp_path, monkeypatch):
    """Fault injection: whatever an extractor raises on one article costs that article only."""
    import marsad.pipeline

    real = marsad.pipeline.extract_claims

    def fragile(article, annotation, *args):
        if "Kidal" in article.text:
            raise IndexError("list index out of range")
        return real(article, annotation, *args)

    monkeypatch.setattr(marsad.pipeline, "extract_claims", fragile)
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "kidal.txt").write_text(GOOD.replace("Gao", "Kidal"))
    result = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "kidal.txt"), "--db", db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    [refusal] = [ln for ln in result.stderr.splitlines() if ln.startswith("refused:")]
    assert "kidal.txt" in refusal and "failed in extraction (IndexError" in refusal
    assert "1 ingested, 0 unchanged, 1 refused" in result.stdout and stored(db) == 1


def test_standard_input_with_dash(db):
    result = run("ingest", "-", "--db", db, "--outlet", "Pasted", input=GOOD)
    assert "1 ingested" in result.stdout
    [a] = open_store(db).list_articles()
    assert a.outlet == "Pasted" and a.origin == "-"


def test_bad_published_flag_is_a_usage_error(db):
    result = run("ingest", str(DATA), "--db", db, "--published", "last tuesday")
    assert result.exit_code == 2 and "not a date" in result.output


def test_bad_database_url_is_one_clear_line(tmp_path):
    result = run("ingest", str(DATA), "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open the database") and "Traceback" not in result.output


def test_articles_and_article_read_back(db):
    run("ingest", str(DATA / "front-matter.md"), str(DATA / "feed.rss"), "--db", db)
    listed = [json.loads(line) for line in run("articles", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert [a["title"] for a in listed][:1] == ["Taliban say they killed ISKP cell in Nangarhar"]
    assert set(listed[0]) >= {"id", "url", "outlet", "title", "published", "text"}
    only = run("articles", "--db", db, "--outlet", "horn wire", "--format", "json")
    [horn] = json.loads(only.stdout)
    shown = json.loads(run("article", horn["id"][:10], "--db", db, "--format", "json").stdout)
    assert shown["id"] == horn["id"] and shown["text"].startswith("A vehicle-borne IED")
    table = run("article", horn["id"][:10], "--db", db)
    assert "Horn Wire" in table.stdout and "vehicle-borne IED" in table.stdout
    missing = run("article", "ffffffffff", "--db", db)
    assert missing.exit_code == 1 and "no article with id" in missing.stderr
    since = json.loads(run("articles", "--db", db, "--since", "2021-10-01", "--format", "json").stdout)
    assert len(since) == 2


def test_db_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.db"))
    run("ingest", str(DATA / "front-matter.md"))
    assert stored(str(tmp_path / "env.db")) == 1


def test_demo_ingests_the_sample_corpus(tmp_path):
    corpus = Path(__file__).parent.parent / "src" / "marsad" / "data" / "samples" / "corpus"
    if not corpus.is_dir() or not any(corpus.iterdir()):
        pytest.skip("the sample corpus is not there yet")
    db = str(tmp_path / "demo.db")
    gaz = tmp_path / "g.sqlite"
    g = open_gazetteer(gaz, build=False)
    g.import_file(Path(__file__).parent / "data" / "gazetteer" / "XX.txt")
    g.close()
    result = run("demo", "--db", db, "--gazetteer", str(gaz), "--no-serve")
    assert result.exit_code == 0, result.output
    assert "refused" in result.stdout and stored(db) >= 30
    assert re.search(r"\b\d{2,} events from 35 articles", result.stdout)  # the whole path, to events
    assert "0 ingested" in run("demo", "--db", db, "--gazetteer", str(gaz), "--no-serve").stdout


def test_bytes_that_are_not_utf8_are_named_in_a_note_and_the_article_goes_in(db, tmp_path):
    (tmp_path / "mixed.txt").write_bytes(GOOD.encode("utf-8").replace(b"Gao", "Gaoé".encode("utf-8"))
                                         + " Le café".encode("latin-1"))
    result = run("ingest", str(tmp_path / "mixed.txt"), "--db", db)
    assert result.exit_code == 0 and "1 ingested" in result.stdout
    assert "note: " in result.stderr and "mixed.txt: 1 byte that is not UTF-8 replaced with U+FFFD" in result.stderr


def test_after_the_demo_the_next_command_shows_its_events(tmp_path, monkeypatch):
    """README's first two commands connect: `marsad demo`, then `marsad events` (no --db)."""
    monkeypatch.delenv("MARSAD_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    gaz = tmp_path / "g.sqlite"
    g = open_gazetteer(gaz, build=False)
    g.import_file(Path(__file__).parent / "data" / "gazetteer" / "XX.txt")
    g.close()
    monkeypatch.setenv("MARSAD_GAZETTEER", str(gaz))
    demo = run("demo", "--no-serve")
    assert demo.exit_code in (0, 1), demo.output
    assert "Next: marsad events --format jsonl" in demo.stdout  # no --db needed
    events = run("events", "--format", "jsonl")
    assert events.exit_code == 0 and len(events.stdout.splitlines()) >= 10
    assert "showing the demo's" in events.stderr and "demo.db" in events.stderr
    # Once the user has a database of their own, that is what the reading commands read.
    (tmp_path / "r.txt").write_text(GOOD)
    assert run("ingest", str(tmp_path / "r.txt")).exit_code == 0
    mine = run("events", "--format", "jsonl")
    assert mine.exit_code == 0 and len(mine.stdout.splitlines()) == 1 and "demo" not in mine.stderr
