"""--db mistakes: reading commands refuse a database that does not exist or is not marsad's,
in one line naming it, and create nothing; writing commands never write into someone else's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import StoreError, open_store

READING = {
    "events": ["events"],
    "event": ["event", "ev_123"],
    "articles": ["articles"],
    "article": ["article", "3f9a"],
    "control": ["control", "Raqqa", "--at", "2015-06-01"],
    "export": ["export", "--format", "jsonl", "--out", "{tmp}/out.jsonl"],
    "report": ["report", "--out", "{tmp}/report.html"],
    "trends": ["trends"],
    "serve": ["serve", "--port", "0"],
}


def bad_databases(tmp: Path) -> dict[str, tuple[str, str]]:
    """name -> (--db value, what the refusal says)."""
    (tmp / "notes.md").write_text("# not a database\n")
    (tmp / "empty.db").write_bytes(b"")
    foreign = sqlite3.connect(tmp / "foreign.db")
    foreign.execute("CREATE TABLE customers (name TEXT)")
    foreign.commit()
    foreign.close()
    return {
        "misspelt path": (str(tmp / "no" / "such" / "marsad.db"), "no database at"),
        "a text file": (str(tmp / "notes.md"), "is not a SQLite file, not a marsad database"),
        "an empty file": (str(tmp / "empty.db"), "is an empty file, not a marsad database"),
        "someone else's SQLite": (str(tmp / "foreign.db"), "is not a marsad database: it holds other tables (customers)"),
    }


@pytest.mark.parametrize("command", list(READING))
@pytest.mark.parametrize("case", ["misspelt path", "a text file", "an empty file", "someone else's SQLite"])
def test_reading_commands_refuse_a_bad_database_in_one_line(command, case, tmp_path):
    db, words = bad_databases(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    args = [a.replace("{tmp}", str(tmp_path)) for a in READING[command]]
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
    assert words in result.stderr and Path(db).name in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created, not even a folder


def test_ingest_creates_a_database_but_never_writes_into_someone_elses(tmp_path):
    dbs = bad_databases(tmp_path)
    report = tmp_path / "r.txt"
    report.write_text("Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said.")
    new = tmp_path / "new" / "marsad.db"
    assert CliRunner().invoke(app, ["ingest", str(report), "--db", str(new), "--no-extract"]).exit_code == 0
    assert new.exists()
    foreign = CliRunner().invoke(app, ["ingest", str(report), "--db", dbs["someone else's SQLite"][0]])
    assert foreign.exit_code == 2 and "holds other tables (customers)" in foreign.stderr
    tables = sqlite3.connect(tmp_path / "foreign.db").execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("customers",)]


def test_an_empty_file_becomes_a_database_when_ingesting(tmp_path):
    (tmp_path / "new.db").write_bytes(b"")  # what `touch new.db` leaves
    open_store(str(tmp_path / "new.db")).close()
    open_store(str(tmp_path / "new.db"), create=False).close()


@pytest.mark.postgres
def test_reading_an_empty_postgresql_database_is_refused(pg_url):
    with pytest.raises(StoreError, match="is empty, not a marsad database"):
        open_store(pg_url, create=False)
    result = CliRunner().invoke(app, ["events", "--db", pg_url])
    name = pg_url.rsplit("/", 1)[1]
    assert result.exit_code == 2 and f"{name} is empty, not a marsad database" in result.stderr
    open_store(pg_url).close()  # ingest's way in: the schema is made, and reading works
    assert CliRunner().invoke(app, ["events", "--db", pg_url]).exit_code == 0
