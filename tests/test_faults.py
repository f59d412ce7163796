"""A killed ingest and two writers on one SQLite file leave a consistent database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PLACES = ["Gao", "Kidal", "Mopti", "Menaka", "Timbuktu", "Djibo", "Dori", "Tillaberi", "Diffa", "Maiduguri"]


def write_corpus(folder: Path, n: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        place = PLACES[i % len(PLACES)]
        (folder / f"r{i:05d}.txt").write_text(
            f"Attack number {i} near {place}\n\n"
            f"Gunmen attacked a position near {place} on Monday, killing {i % 40 + 1} people in incident {i}, "
            "a local official said. Residents reported heavy gunfire through the night.\n"
        )


def marsad(*args: str, db: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", *args, "--db", str(db), "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env},
    )


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def assert_events_consistent(db: Path, min_claims: int) -> None:
    """Every article extracted, every claim in exactly one event, no event without claims."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles where extracted_by is null").fetchone()[0] == 0
        claims = conn.execute("select count(*) from claims").fetchone()[0]
        links = conn.execute("select count(*), count(distinct claim_id) from event_claims").fetchone()
        orphans = conn.execute("select count(*) from events e where not exists "
                               "(select 1 from event_claims l where l.event_id = e.id)").fetchone()[0]
    assert claims >= min_claims and links == (claims, claims) and orphans == 0


@pytest.mark.slow
def test_killing_an_ingest_midway_then_rerunning_finishes_the_batch(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "k.db"
    write_corpus(corpus, 3000)
    proc = marsad("ingest", str(corpus), db=db, MARSAD_COMMIT_EVERY="25")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.exists() and proc.poll() is None:
            try:
                if count(db) >= 100:
                    break
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert integrity(db) == "ok"
    partial = count(db)
    assert 100 <= partial < 3000
    rerun = marsad("ingest", str(corpus), db=db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert len(summary["unchanged"]) == partial
    assert len(summary["ingested"]) == 3000 - partial
    assert count(db) == 3000 and integrity(db) == "ok"
    assert_events_consistent(db, min_claims=3000)


@pytest.mark.slow
def test_two_processes_ingesting_into_one_sqlite_file_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"
    write_corpus(tmp_path / "a", 600, start=0)
    write_corpus(tmp_path / "b", 600, start=300)  # 300 articles in common
    procs = [marsad("ingest", str(tmp_path / d), db=db, MARSAD_COMMIT_EVERY="10") for d in "ab"]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
    summaries = [json.loads(out) for out, _ in results]
    assert sum(len(s["ingested"]) for s in summaries) == 900
    assert sum(len(s["unchanged"]) for s in summaries) == 300
    assert count(db) == 900 and integrity(db) == "ok"
    assert_events_consistent(db, min_claims=900)
