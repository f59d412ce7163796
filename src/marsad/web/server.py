"""Serving the app: the listening socket is made first, so a busy port is known before
anything says the dashboard is up, and then uvicorn serves on that very socket."""

from __future__ import annotations

import errno
import socket

from fastapi import FastAPI


class CannotListen(Exception):
    """The dashboard cannot listen on the address it was given (port taken, no permission,
    no such address); the message says which and what to do."""


def listen(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A socket bound to `host`:`port` and listening (connections wait in its backlog until
    the server accepts them), or CannotListen. Like uvicorn's own: IPv6 when the host has a
    colon, SO_REUSEADDR so a restart need not wait out TIME_WAIT (a port another program
    listens on is still refused)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except (OSError, OverflowError) as exc:  # OverflowError: a port outside 0-65535
        sock.close()
        code = getattr(exc, "errno", None)
        if code == errno.EADDRINUSE:
            raise CannotListen(f"port {port} on {host} is in use (another program, perhaps another marsad serve, "
                               f"listens there: stop it or choose another port with --port)") from None
        if code == errno.EACCES:
            raise CannotListen(f"port {port} on {host} needs privileges (ports below 1024 do): choose another "
                               "with --port") from None
        reason = getattr(exc, "strerror", None) or str(exc)
        raise CannotListen(f"cannot listen on {host} port {port} ({reason}): check --host and --port") from None
    sock.set_inheritable(True)
    return sock


def serve(app: FastAPI, sock: socket.socket) -> None:
    """Serve `app` on the listening socket `sock` until interrupted (Ctrl-C, SIGTERM)."""
    import uvicorn

    host, port = sock.getsockname()[:2]
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning")).run(sockets=[sock])
