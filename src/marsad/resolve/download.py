"""Downloads the user asked for (GeoNames dumps): streamed to disk, resumable, checked.

    path = download("https://download.geonames.org/export/dump/SY.zip", downloads / "SY.zip")

A dump is written to `<dest>.part` as it arrives and renamed to `dest` only when it is
whole, so a dropped connection costs nothing already received: the next run asks for
the rest with an HTTP Range request. allCountries.zip is about 400 MB, too much to hold
in memory or to fetch again from the start. A file that arrives short (fewer bytes than
the server announced) or a zip that fails its checksums is refused, and never reaches
the gazetteer.

Only `marsad gazetteer download` calls this, and only when the user runs it.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

GEONAMES_URL = "https://download.geonames.org/export/dump/"
# Province and district names, published beside the dumps.
ADMIN_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt")
USER_AGENT = "marsad (+https://example.org/marsad)"
CHUNK = 256 * 1024
# Progress: called with (bytes on disk, total bytes or None when the server does not say).
Progress = Callable[[int, int | None], None]


class DownloadError(Exception):
    """A download failed or arrived damaged; the message names the URL and the reason."""


def dump_name(name: str) -> str:
    """The file GeoNames publishes for a country code or dump name: "sy" -> "SY.zip",
    "allCountries" -> "allCountries.zip", "cities500" -> "cities500.zip"."""
    name = name.strip()
    if "." in name:
        return name  # already a file name: SY.zip, admin1CodesASCII.txt
    return f"{name.upper()}.zip" if len(name) == 2 else f"{name}.zip"


def download(url: str, dest: Path, progress: Progress | None = None, timeout: float = 60) -> Path:
    """Fetch `url` to `dest` through `dest.part`, resuming a .part left by an earlier run.

    The resume is sent with If-Range (the ETag or date the first response gave), so a
    dump republished since then is fetched whole instead of being spliced onto old bytes.
    A short download keeps its .part for the next run; a damaged zip is deleted.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    validator = dest.with_name(dest.name + ".part.validator")
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
        if validator.exists():
            headers["If-Range"] = validator.read_text(encoding="utf-8").strip()
    try:
        resp = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)  # noqa: S310 - the user's own request
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have and _whole_size(exc.headers.get("Content-Range")) == have:
            exc.close()
            return _finish(url, part, dest, validator)  # the last run had it all but not the rename
        exc.close()
        raise DownloadError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DownloadError(f"{url}: cannot fetch ({reason})") from None
    with resp:
        if resp.status == 206:
            start = _range_start(resp.headers.get("Content-Range"))
            if start != have:
                raise DownloadError(f"{url}: the server resumed at byte {start}, not at {have} as asked; "
                                    f"delete {part} to download it whole")
            mode = "ab"
        else:
            have, mode = 0, "wb"  # the server ignored Range (or the file changed): start again
            if tag := resp.headers.get("ETag") or resp.headers.get("Last-Modified"):
                validator.write_text(tag, encoding="utf-8")
            else:
                validator.unlink(missing_ok=True)
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        done = have
        if progress:
            progress(done, total)
        try:
            with open(part, mode) as fh:
                while chunk := resp.read(CHUNK):
                    fh.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        except (http.client.IncompleteRead, TimeoutError, OSError) as exc:
            raise DownloadError(f"{url}: the connection broke after {done:,} of {_of(total)} bytes ({exc!r}); "
                                f"run the command again to resume from {part}") from None
    if total is not None and done < total:
        raise DownloadError(f"{url}: truncated, {done:,} of {total:,} bytes arrived; "
                            f"run the command again to resume from {part}")
    return _finish(url, part, dest, validator)


def _finish(url: str, part: Path, dest: Path, validator: Path) -> Path:
    """Check a complete .part (a zip must pass its checksums) and rename it to `dest`."""
    if dest.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(part) as zf:
                bad = zf.testzip()
                reason = f"{bad} in the zip fails its checksum" if bad else None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            reason = f"not a readable zip ({exc})"
        if reason:
            part.unlink(missing_ok=True)
            validator.unlink(missing_ok=True)
            raise DownloadError(f"{url}: damaged download, {reason}; deleted it, run the command again")
    part.replace(dest)
    validator.unlink(missing_ok=True)
    return dest


def _range_start(content_range: str | None) -> int | None:
    """First byte of "bytes 100-199/200"."""
    try:
        return int((content_range or "").split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def _whole_size(content_range: str | None) -> int | None:
    """Size of the file in "bytes */200" (a 416 answer) or "bytes 0-99/200"."""
    try:
        return int((content_range or "").rsplit("/", 1)[1])
    except (IndexError, ValueError):
        return None


def _of(total: int | None) -> str:
    return f"{total:,}" if total is not None else "an unknown number of"
