"""`marsad serve`: the port is taken before the banner; a busy or unusable address is one
clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import re
import selectors
import socket
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from marsad.cli import app as cli
from tests.web.conftest import TOKEN


def test_serve_on_a_busy_port_says_so_in_one_line_and_no_banner(writable_db):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--host", "127.0.0.1", "--port", str(port),
                                          "--db", f"sqlite:///{writable_db}", "--token", TOKEN])
    assert result.exit_code != 0
    assert f"error: port {port} on 127.0.0.1 is in use (" in result.output
    assert "dashboard on" not in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1, result.output
    assert not isinstance(result.exception, OSError)


@pytest.mark.parametrize(("host", "port", "says"), [("127.0.0.1", 70000, "cannot listen on 127.0.0.1 port 70000"),
                                                    ("no-such-host.invalid", 8765, "cannot listen on no-such-host")])
def test_serve_on_an_address_it_cannot_use_says_why(writable_db, host, port, says):
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", str(port), "--db", f"sqlite:///{writable_db}"])
    assert result.exit_code != 0 and f"error: {says}" in result.output, result.output
    assert "dashboard on" not in result.output and "Traceback" not in result.output


def test_serve_prints_its_banner_once_it_can_answer(writable_db):
    env = {**os.environ, "MARSAD_DB": f"sqlite:///{writable_db}", "MARSAD_TILE_URL": ""}
    proc = subprocess.Popen([sys.executable, "-u", "-c", "from marsad.cli import app; app()", "serve",
                             "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline, line = time.monotonic() + 60, b""
        while b"dashboard on" not in line and time.monotonic() < deadline and proc.poll() is None:
            if sel.select(timeout=1):
                line = proc.stdout.readline()
        assert b"dashboard on" in line, proc.stderr.read1() if proc.poll() is not None else line
        url = re.search(rb"http://127\.0\.0\.1:(\d+)/", line)
        assert url and url.group(1) != b"0"  # the port the system chose, not 0
        # Straight after the banner, with no retry: the socket was listening before it.
        r = httpx.get(f"http://127.0.0.1:{url.group(1).decode()}/events.json", params={"limit": 1}, timeout=30)
        assert r.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
