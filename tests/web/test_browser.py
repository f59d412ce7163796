"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright (no
browser download), against the app served by uvicorn on loopback over the sample corpus.
Screenshots go to test-artifacts/ (or $MARSAD_TEST_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.web.conftest import TOKEN, make_settings, served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("MARSAD_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

if sync_playwright is None or CHROMIUM is None:
    reason = ("browser tests need Debian's chromium (apt-get install chromium) and the playwright package"
              f" (found chromium: {CHROMIUM}, playwright: {sync_playwright is not None})")
    if CI:
        raise RuntimeError(f"CI: {reason}")
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def server(sample_db, gaz_file, tmp_path_factory):
    """The dashboard on a copy of the sample database, with writes allowed by TOKEN."""
    from marsad.web import create_app

    db = tmp_path_factory.mktemp("browser") / "served.db"
    shutil.copy(sample_db, db)
    app = create_app(make_settings(db, gaz_file))
    with served(app) as base:
        yield base
    app.state.store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()


def markers(pg) -> int:
    return pg.locator("path.event-marker").count()


def test_map_loads_with_markers_and_filters_by_actor(page, server):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded]")
    page.wait_for_load_state("networkidle")  # the first view's fit to the events reloads the markers
    page.wait_for_function("document.querySelectorAll('path.event-marker').length > 0")
    everything = markers(page)
    assert everything > 20
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#timeline .fatality-line").count() == 1
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # the offline land layer
    page.fill('#filters input[name="actor"]', "ISIS")
    page.click('#filters button[type="submit"]')
    page.wait_for_url("**actor=ISIS**")
    page.wait_for_selector("#map[data-loaded]")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('path.event-marker').length > 0")
    filtered = markers(page)
    assert 0 < filtered < everything
    assert "events on the map" in page.inner_text("#map-status")
    assert not page.errors


def test_open_an_event_from_the_map_and_read_its_claims(page, server):
    page.goto(server + "/?status=contested")
    page.wait_for_selector("#map[data-loaded]")
    page.wait_for_load_state("networkidle")  # the first view's fit to the events reloads the markers
    from marsad.export import TYPE_COLOURS  # the server's colours reach the page (the report draws with them too)
    assert page.evaluate("marsad.TYPE_COLOURS") == TYPE_COLOURS
    page.wait_for_function("document.querySelectorAll('path.event-marker').length > 0")
    page.locator("path.event-marker").first.dispatch_event("click")
    link = page.locator(".leaflet-popup-content a").first
    link.wait_for()
    link.click()
    page.wait_for_url("**/event/**")
    rows = page.locator("#claims tbody tr")
    assert rows.count() >= 2  # contested: at least two claims
    assert all(rows.nth(i).locator("td.quote").inner_text().strip() for i in range(rows.count()))
    assert page.inner_text("#event-fields").count("contested") >= 1
    assert not page.errors


def test_moving_the_control_date_changes_a_place_colour(page, server):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded]")
    page.check('input[name="mode"][value="control"]')
    page.wait_for_selector("#map[data-control-loaded]")
    data = page.evaluate("marsad.getJSON('/control.json')")
    changed = next(p for p in data["places"] if p["changes"] >= 2)
    history = page.evaluate(f"marsad.getJSON('/control/{changed['place_id']}.json')")
    first, second = history["periods"][0]["since"], history["periods"][1]["since"]

    def colour_on(day: str) -> str:
        start = page.get_attribute("#map", "data-control-from")
        days = page.evaluate(f"Math.round((new Date('{day}T00:00:00Z') - new Date('{start}T00:00:00Z')) / 86400000)")
        page.eval_on_selector("#control-slider", f"(s) => {{ s.value = '{days}'; s.dispatchEvent(new Event('input')); }}")
        page.wait_for_selector(f'#map[data-control-loaded="{day}"]')
        return page.get_attribute(f"path.control-{changed['place_id']}", "fill")

    a, b = colour_on(first), colour_on(second)
    assert a and b and a != b
    assert page.inner_text("#control-date") == second
    assert not page.errors


def test_upload_an_article_with_the_token_and_see_its_event(page, server):
    page.goto(server + "/ingest")
    page.fill("#ingest-token", TOKEN)
    page.fill("#ingest-text", "Gunmen kill 9 villagers near Tillaberi\n\nNIAMEY, 20 April 2024 - Gunmen killed nine "
                              "villagers in an attack near Tillaberi on Friday, a local official said.\n")
    page.fill("#ingest-outlet", "Browser Test Wire")
    page.click('#ingest-form button[type="submit"]')
    page.wait_for_selector("#ingest-events li a")
    assert "1 ingested" in page.inner_text("#ingest-result")
    page.locator("#ingest-events li a").first.click()
    page.wait_for_url("**/event/**")
    assert "nine villagers" in page.inner_text("#claims")
    # Without the token: refused, and the page says why.
    page.goto(server + "/ingest")
    page.fill("#ingest-token", "not-the-token")
    page.fill("#ingest-text", "Another report entirely about a clash near Tillaberi on 2 May 2024.")
    page.click('#ingest-form button[type="submit"]')
    page.wait_for_selector("#ingest-result .error")
    assert "401" in page.inner_text("#ingest-result")
    assert not page.errors


def test_script_in_an_article_never_runs(page, server):
    import httpx

    text = ("Militants killed 6 soldiers near Tillaberi on 1 May 2024, the army said. "
            "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
            "<svg onload=\"window.__pwned = 3\"></svg>\n")
    r = httpx.post(server + "/api/ingest", json={"text": text, "title": "<script>window.__pwned=4</script>",
                                                 "outlet": "<b onmouseover=alert(1)>X</b>"},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    urls = [f"/article/{body['articles'][0]}", "/search?q=pwned", "/events", "/sources"]
    urls += [f"/event/{e}" for e in body["events"]]
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, url
    page.goto(server + urls[0])
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article-text")  # shown as text
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded]")
    page.wait_for_function("document.querySelectorAll('path.event-marker').length > 0")
    opened = page.evaluate("""() => { let n = 0;
        for (const p of document.querySelectorAll('path.event-marker')) {
            p.dispatchEvent(new MouseEvent('click', {bubbles: true})); n += 1; }
        return n; }""")
    assert opened > 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None


def test_the_api_docs_page_lists_every_operation_with_nothing_from_another_host(browser, server, request):
    """/docs was blank: Swagger UI from a CDN, blocked by the CSP and out of reach offline."""
    import httpx

    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    requested, console = [], []
    pg.on("request", lambda r: requested.append(r.url))
    pg.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.append(str(e)))
    try:
        pg.goto(server + "/docs")
        pg.wait_for_load_state("networkidle")
        spec = httpx.get(server + "/openapi.json", timeout=30).json()
        wanted = {(m.upper(), p) for p, item in spec["paths"].items() for m in item}
        shown = {(s.get_attribute("data-method"), s.get_attribute("data-path"))
                 for s in pg.locator("section.operation").all()}
        assert shown == wanted and len(wanted) >= 10
        events = pg.locator('section.operation[data-path="/events.json"]')
        assert events.locator("h2").inner_text().split() == ["GET", "/events.json"]
        assert "actor" in events.locator("table.params").inner_text()
        assert all(u.startswith(server + "/") for u in requested), [u for u in requested if not u.startswith(server)]
        assert not console, console  # no CSP violation, no script error
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        ctx.close()
