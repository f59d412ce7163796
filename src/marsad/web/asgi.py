"""HTTP plumbing under the routes: HEAD answered as GET, and request bodies read with a cap."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Answer HEAD on every GET page and JSON answer (FastAPI routes take only the methods
    they name; without this, `HEAD /` was 405): the request runs as GET, the status and
    headers go out as they are, the body does not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class TooLarge(HTTPException):
    """413: a request body over the limit (named in the message, with how to change it)."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__(413, f"{what} is larger than the limit of {limit:,} bytes (setting max_input_bytes, "
                              "MARSAD_MAX_INPUT_BYTES)")


async def read_body(request: Request, cap: int, limit: int) -> bytes:
    """The request's body, refused with 413 as soon as it passes `cap` bytes: a declared
    Content-Length over the cap is refused before a byte is read, and a body sent without
    one (chunked) is counted as it arrives, so at most `cap` bytes (plus one network chunk)
    are ever held. `limit` is the setting the message names."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise TooLarge(limit, f"the upload ({int(declared):,} bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise TooLarge(limit, "the upload")
        chunks.append(chunk)
    return b"".join(chunks)


def replayed(request: Request, body: bytes) -> Request:
    """A request whose body is `body`, already read (for Starlette's form parser)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
