"""The dashboard in a process of its own for the benchmarks that load it over loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


@contextlib.contextmanager
def dashboard(env: dict[str, str]) -> Iterator[tuple[subprocess.Popen, str]]:
    """`marsad serve`'s app under uvicorn in a child process with `env` added to this one's
    environment (MARSAD_DB ...); yields the process and its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "import uvicorn; from marsad.settings import load_settings; from marsad.web import "
         f"create_app; uvicorn.run(create_app(load_settings()), host='127.0.0.1', port={port}, log_level='warning')"],
        env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/favicon.ico", timeout=1).status_code == 204:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=30)
