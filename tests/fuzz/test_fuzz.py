"""The fuzz targets: every seed (each crash a fuzzer found is kept as one), then each target
under atheris for a bounded time (MARSAD_FUZZ_SECONDS, default 10; CI runs them all)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS

HERE = Path(__file__).resolve().parent
SEEDS = sorted((t, p) for t in TARGETS for p in (HERE / "seeds" / t).iterdir())


@pytest.mark.parametrize("target, seed", SEEDS, ids=[f"{t}/{p.name}" for t, p in SEEDS])
def test_every_seed_is_read_without_a_finding(target, seed):
    TARGETS[target](seed.read_bytes())


def test_every_target_has_seeds():
    assert {t for t, _ in SEEDS} == set(TARGETS)


@pytest.mark.fuzz
@pytest.mark.parametrize("target", list(TARGETS))
def test_target_survives_coverage_guided_fuzzing(target, tmp_path):
    try:
        import atheris  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI needs atheris (pip install -e '.[test]')")
        pytest.skip("atheris is not installed (pip install -e '.[test]')")
    seconds = int(os.environ.get("MARSAD_FUZZ_SECONDS", "10"))
    done = subprocess.run([sys.executable, str(HERE / "run.py"), target, "--seconds", str(seconds)],
                          capture_output=True, text=True, timeout=seconds + 300)
    tail = "\n".join(done.stderr.splitlines()[-25:])
    assert done.returncode == 0, f"the fuzzer found a crash in {target}:\n{tail}"
    assert "Done " in done.stderr, tail
