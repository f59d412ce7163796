"""Docs stay honest: every command is documented with its summary, options and example."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import typer

from marsad.cli import app

ROOT = Path(__file__).parent.parent


def _commands() -> dict:
    """Every command by its full name, sub-commands of groups included ("gazetteer import")."""
    out = {}
    for name, cmd in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out.update({f"{name} {n}": c for n, c in sub.items()})
        else:
            out[name] = cmd
    return out


COMMANDS = _commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_docs_cli_with_its_help(name):
    doc = (ROOT / "docs" / "cli.md").read_text()
    cmd = COMMANDS[name]
    section = doc.split(f"## marsad {name}\n", 1)
    assert len(section) == 2, f"docs/cli.md has no section '## marsad {name}'"
    body = section[1].split("\n## ", 1)[0]
    summary, *_ = inspect.cleandoc(cmd.help or "").split("\n")
    assert summary in body
    example = re.search(r"Example: (.+)", cmd.help or "")
    assert example, f"the help of marsad {name} ends without an example"
    assert example.group(1).strip() in body
    for param in cmd.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in body, f"docs/cli.md does not mention {opt} of marsad {name}"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    assert "./run test" in readme and "./run demo" in readme
    assert "./run test" in (ROOT / ".ci" / "run").read_text()
