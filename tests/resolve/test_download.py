"""marsad gazetteer download against a real HTTP server on 127.0.0.1: whole downloads are
imported with their province and district names, a broken one resumes where it stopped,
and a short or damaged file is refused without touching the gazetteer."""

from __future__ import annotations

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.resolve.download import DownloadError, download, dump_name
from marsad.resolve.gazetteer import open_gazetteer

DATA = Path(__file__).parent.parent / "data" / "gazetteer"


def geonames_line(gid, name, lat, lon, fcode, admin1, admin2="", alts="", pop=0):
    """One line of a GeoNames dump: the 19 tab-separated columns."""
    cols = [str(gid), name, name, alts, str(lat), str(lon), "P" if fcode.startswith("PPL") else "A", fcode, "SY", "",
            admin1, admin2, "", "", str(pop), "", "200", "Asia/Damascus", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


DUMP = (
    geonames_line(990001, "Qaryat Tajriba", 35.1, 40.2, "PPL", "07", "990100", "Tajribah,Tadjriba", 1200)
    + geonames_line(990002, "Tall Mithal", 35.3, 40.5, "PPL", "07", "990100")
    + geonames_line(990003, "Ayn Namudhaj", 34.9, 38.9, "PPL", "11", "", "", 450)
)
ADMIN1 = "SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792\nSY.11\tHoms\tHoms\t169576\n"
ADMIN2 = "SY.07.990100\tAbu Kamal District\tAbu Kamal District\t990100\n"


def zipped(text: str, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("SY.txt", text)
        zf.writestr("readme.txt", "GeoNames readme")
    return buf.getvalue()


class Dumps(BaseHTTPRequestHandler):
    """GeoNames' export folder: files by name, Range honoured, and faults on request."""

    files: dict[str, bytes] = {}
    mode = "range"  # "range" | "ignore-range" | "truncate"
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).requests.append({"path": self.path, "range": self.headers.get("Range")})
        body = self.files.get(self.path.lstrip("/"))
        if body is None:
            self.send_error(404)
            return
        rng = self.headers.get("Range")
        if rng and self.mode != "ignore-range":
            start = int(rng.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            body = body[start:]
        else:
            self.send_response(200)
        if self.mode == "truncate":
            # Announce the whole file, send half, hang up: a dropped connection.
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (Dumps,), {"files": {}, "mode": "range", "requests": []})
    handler.files.update({"SY.zip": zipped(DUMP), "admin1CodesASCII.txt": ADMIN1.encode(),
                          "admin2Codes.txt": ADMIN2.encode()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def gaz_path(tmp_path):
    """A small gazetteer of its own (the test dump), so that "unchanged" means something."""
    path = tmp_path / "g.sqlite"
    g = open_gazetteer(path, build=False)
    g.import_file(DATA / "XX.txt")
    g.close()
    return path


def stats(path: Path) -> dict:
    g = open_gazetteer(path, build=False)
    try:
        return {**g.stats(), "admin2": g.conn.execute("SELECT count(*) FROM admin2").fetchone()[0]}
    finally:
        g.close()


def run(*args):
    return CliRunner().invoke(app, ["gazetteer", "download", *args])


def test_download_imports_the_dump_with_province_and_district_names(server, gaz_path):
    handler, url = server
    result = run("sy", "--url", url, "--gazetteer", str(gaz_path))
    assert result.exit_code == 0, result.output
    assert "SY.zip: 3 places imported" in result.stdout
    assert [r["path"] for r in handler.requests] == ["/admin1CodesASCII.txt", "/admin2Codes.txt", "/SY.zip"]
    g = open_gazetteer(gaz_path, build=False)
    [c] = g.candidates("Tajribah")
    assert c.place.geonameid == 990001 and c.place.admin1 == "Deir ez-Zor"
    assert c.place.admin2 == "Abu Kamal District"  # the district's name, not its code
    g.close()
    downloads = gaz_path.parent / "downloads"
    assert (downloads / "SY.zip").read_bytes() == handler.files["SY.zip"]
    assert not list(downloads.glob("*.part*"))


def test_several_countries_and_no_admin(server, gaz_path):
    handler, url = server
    handler.files["IQ.zip"] = zipped(geonames_line(990011, "Qaryat Ukhra", 33.1, 44.2, "PPL", "08").replace("\tSY\t", "\tIQ\t"))
    result = run("SY", "IQ", "--no-admin", "--url", url, "--gazetteer", str(gaz_path))
    assert result.exit_code == 0, result.output
    assert "SY.zip: 3 places imported" in result.stdout and "IQ.zip: 1 places imported" in result.stdout
    assert [r["path"] for r in handler.requests] == ["/SY.zip", "/IQ.zip"]


def test_a_partial_download_resumes_with_a_range_request(server, tmp_path):
    handler, url = server
    whole = handler.files["SY.zip"]
    dest = tmp_path / "downloads" / "SY.zip"
    dest.parent.mkdir()
    (tmp_path / "downloads" / "SY.zip.part").write_bytes(whole[:200])
    seen = []
    assert download(url + "SY.zip", dest, lambda done, total: seen.append((done, total))) == dest
    assert dest.read_bytes() == whole
    assert handler.requests[-1]["range"] == "bytes=200-"
    assert seen[0] == (200, len(whole)) and seen[-1] == (len(whole), len(whole))


def test_a_server_that_ignores_range_gets_a_whole_download(server, tmp_path):
    handler, url = server
    handler.mode = "ignore-range"
    dest = tmp_path / "SY.zip"
    (tmp_path / "SY.zip.part").write_bytes(b"stale bytes of another day's dump")
    download(url + "SY.zip", dest)
    assert handler.requests[-1]["range"] == "bytes=33-"
    assert dest.read_bytes() == handler.files["SY.zip"]


def test_a_part_that_was_already_whole_is_finished_without_downloading_again(server, tmp_path):
    handler, url = server
    dest = tmp_path / "SY.zip"
    (tmp_path / "SY.zip.part").write_bytes(handler.files["SY.zip"])
    download(url + "SY.zip", dest)  # the server answers 416: nothing left to send
    assert dest.read_bytes() == handler.files["SY.zip"] and not (tmp_path / "SY.zip.part").exists()


def test_a_truncated_download_is_refused_and_the_next_run_resumes_it(server, gaz_path):
    handler, url = server
    handler.mode = "truncate"
    before = stats(gaz_path)
    result = run("SY", "--url", url, "--gazetteer", str(gaz_path))
    assert result.exit_code == 1
    assert f"refused: {url}SY.zip: truncated" in result.stderr
    assert "bytes arrived; run the command again to resume from" in result.stderr
    assert stats(gaz_path) == before  # no places, no admin names: nothing landed
    downloads = gaz_path.parent / "downloads"
    assert not (downloads / "SY.zip").exists() and (downloads / "SY.zip.part").stat().st_size > 0

    handler.mode = "range"
    handler.requests.clear()
    result = run("SY", "--url", url, "--gazetteer", str(gaz_path))
    assert result.exit_code == 0, result.output
    resumed = {r["path"]: r["range"] for r in handler.requests}
    assert resumed["/SY.zip"] == f"bytes={len(handler.files['SY.zip']) // 2}-"
    assert (downloads / "SY.zip").read_bytes() == handler.files["SY.zip"]
    assert stats(gaz_path)["places"] == before["places"] + 3


def test_a_damaged_zip_is_refused_deleted_and_the_gazetteer_unchanged(server, gaz_path):
    handler, url = server
    good = zipped(DUMP, zipfile.ZIP_STORED)
    at = good.index(b"Tall Mithal")
    handler.files["SY.zip"] = good[:at] + b"Tall Mithax" + good[at + 11:]  # same length, wrong CRC
    before = stats(gaz_path)
    result = run("SY", "--no-admin", "--url", url, "--gazetteer", str(gaz_path))
    assert result.exit_code == 1
    assert f"{url}SY.zip: damaged download, SY.txt in the zip fails its checksum" in result.stderr
    assert stats(gaz_path) == before
    assert not list((gaz_path.parent / "downloads").glob("SY.zip*"))


def test_an_http_error_names_the_url(server, tmp_path):
    _, url = server
    with pytest.raises(DownloadError, match=rf"^{url}XY.zip: the server answered 404"):
        download(url + "XY.zip", tmp_path / "XY.zip")


@pytest.mark.parametrize("given, name", [("sy", "SY.zip"), ("SY", "SY.zip"), ("allCountries", "allCountries.zip"),
                                         ("cities500", "cities500.zip"), ("SY.zip", "SY.zip")])
def test_dump_names(given, name):
    assert dump_name(given) == name
