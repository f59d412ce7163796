"""Settings: defaults < config file < environment < flags."""

from __future__ import annotations

import pytest

from marsad.settings import BadSetting, load_settings


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("MARSAD_DB")
    s = load_settings()
    assert s.db.startswith("sqlite:///") and s.db.endswith("marsad.db")
    assert s.max_input_bytes == 10_000_000


def test_file_then_environment_then_flag(monkeypatch, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('db = "sqlite:///from-file.db"\nmax_input_bytes = 5000\ncommit_every = 7\n')
    monkeypatch.setenv("MARSAD_CONFIG", str(cfg))
    monkeypatch.delenv("MARSAD_DB")
    s = load_settings()
    assert (s.db, s.max_input_bytes, s.commit_every) == ("sqlite:///from-file.db", 5000, 7)
    monkeypatch.setenv("MARSAD_DB", "sqlite:///from-env.db")
    monkeypatch.setenv("MARSAD_MAX_INPUT_BYTES", "6000")
    s = load_settings()
    assert (s.db, s.max_input_bytes, s.commit_every) == ("sqlite:///from-env.db", 6000, 7)
    s = load_settings(db="sqlite:///from-flag.db", max_input_bytes=None)
    assert (s.db, s.max_input_bytes) == ("sqlite:///from-flag.db", 6000)


@pytest.mark.parametrize(
    "content, message",
    [
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("max_input_bytes = 'lots'\n", "setting 'max_input_bytes' must be int"),
        ("db = \n", "not a valid TOML config file"),
    ],
)
def test_bad_config_file_names_the_file_and_the_problem(monkeypatch, tmp_path, content, message):
    cfg = tmp_path / "config.toml"
    cfg.write_text(content)
    monkeypatch.setenv("MARSAD_CONFIG", str(cfg))
    with pytest.raises(BadSetting, match=message) as exc:
        load_settings()
    assert str(cfg) in str(exc.value)


def test_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("MARSAD_COMMIT_EVERY", "often")
    with pytest.raises(BadSetting, match="MARSAD_COMMIT_EVERY"):
        load_settings()
