"""End to end in a real headless chromium (Debian's; nothing downloaded) against `peacetalks serve`.

Opens every page, opens a matrix cell and sees its source sentence, signs in, corrects a fact,
sees the audit entry, re-ingests and re-reconciles, and sees the correction kept. Screenshots of
the main pages go to artifacts/screenshots/ (the matrix one is the issue's test artifact).
"""

from __future__ import annotations

import pytest

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.demo import MANIFEST
from peacetalks.store import open_store
from tests.conftest import ROOT
from tests.web.browser import CHROMIUM, chromium, running_server
from tests.web.conftest import READER
from tests.web.harness import add_user, ingest

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)",
)
SHOTS = ROOT / "artifacts" / "screenshots"
PAGES = {
    "overview": "/",
    "positions": "/positions",
    "compare": "/compare?a=russia&b=ukraine",
    "diff": "/diff?party=russia&since=2022-01-01",
    "timeline": "/timeline",
    "deals": "/deals",
    "actor": "/actors/vladimir-medinsky",
    "agreements": "/agreements",
    "discrepancies": "/discrepancies?consistent=true",
    "documents": "/documents",
    "search": "/search?q=prisoners",
    "audit": "/reviews",
    "queue": "/review-queue",
}
NEW_REPORT = (
    "Russia and Ukraine held talks in Istanbul on 2 June 2025. Russia demanded that Ukraine "
    "withdraw its forces from four regions, and Ukraine rejected the demand. The two delegations "
    "agreed to exchange all seriously wounded prisoners.\n"
)


@pytest.fixture
def site(demo_url):
    add_user(demo_url, *READER)
    with running_server(demo_url) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        yield base, page, errors
        page.close()


def test_browser_every_page_opens(site):
    base, page, errors = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        response = page.goto(base + path)
        assert response is not None
        assert response.ok, f"{path}: {response.status}"
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.goto(base + "/documents")
    page.locator("table.list a[href^='/documents/']").first.click()
    assert page.locator("article.text a.hl").count() > 0
    page.screenshot(path=str(SHOTS / "document.png"))
    assert errors == []


def test_browser_matrix_cell_shows_its_source_sentence(site):
    base, page, errors = site
    page.goto(base + "/positions")
    cell = page.locator("details.cell").first
    sentence = cell.locator(".source-sentence").first
    assert not sentence.is_visible()
    cell.locator("summary").click()
    assert sentence.is_visible()
    assert len(sentence.inner_text()) > 20
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "matrix.png"), full_page=True)
    assert errors == []


def test_browser_correction_is_audited_and_survives_reingest(site, demo_url, tmp_path):
    base, page, errors = site
    page.goto(base + "/signin")
    page.fill("input[name=name]", READER[0])
    page.fill("input[name=password]", READER[1])
    page.click("form.narrow button[type=submit]")
    assert page.locator("span[title='signed in']").inner_text() == READER[0]

    page.goto(base + "/positions")
    page.locator("details.cell summary").first.click()
    page.locator("details.cell[open] a.fact").first.click()
    fact_url = page.url
    summary = page.locator("input[name=field_summary]")
    summary.fill("Corrected in the browser")
    page.locator("form.correct button[type=submit]").click()
    assert page.locator("td.value-summary").inner_text() == "Corrected in the browser"
    entry = page.locator("tr.audit-entry").first
    assert READER[0] in entry.inner_text()
    assert "Corrected in the browser" in entry.inner_text()

    report = tmp_path / "new-round.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    ingest(demo_url, "--manifest", str(MANIFEST))  # the same documents again: a no-op
    ingest(demo_url, str(report), "--published", "2025-06-03")
    store = open_store(demo_url)
    try:
        assert reconcile_store(store, full=True).facts > 0
    finally:
        store.close()

    page.goto(fact_url)
    assert page.locator("td.value-summary").inner_text() == "Corrected in the browser"
    page.goto(base + "/reviews")
    assert page.locator("tr.audit-entry").count() == 1
    assert errors == []


def test_browser_review_queue_keyboard_confirms_and_moves_on(site):
    base, page, errors = site
    page.goto(base + "/signin")
    page.fill("input[name=name]", READER[0])
    page.fill("input[name=password]", READER[1])
    page.click("form.narrow button[type=submit]")
    page.goto(base + "/review-queue")
    total = int(page.locator("h1 .count").inner_text())
    first = page.locator("#queue tbody tr").first.get_attribute("data-key")
    page.keyboard.press("j")
    assert "selected" in (page.locator("#queue tbody tr").nth(1).get_attribute("class") or "")
    page.keyboard.press("k")
    with page.expect_navigation():  # the form posts, then comes back to the queue
        page.keyboard.press("c")  # confirm the selected (first) fact
    page.wait_for_load_state()
    assert int(page.locator("h1 .count").inner_text()) == total - 1
    assert page.locator(f"#queue tbody tr[data-key='{first}']").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "queue.png"))
    assert errors == []


def test_browser_api_docs_render_without_the_network(site):
    base, page, errors = site
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/api/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)
    assert page.locator(".opblock").count() > 5
    assert outside == []
    assert errors == []


# The main pages, checked with axe-core (bundled by axe-playwright-python, no download).
# /api/docs is Swagger UI's own page: its operation buttons nest links (nested-interactive)
# and its method badges lack contrast, which only Swagger UI can change.
A11Y_PAGES = (
    "/", "/positions", "/compare?a=russia&b=ukraine", "/timeline", "/rounds", "/deals",
    "/agreements", "/discrepancies", "/documents", "/actors/vladimir-medinsky",
    "/search?q=prisoners", "/review-queue", "/signin",
)  # fmt: skip


def test_browser_main_pages_have_no_serious_accessibility_finding(site):
    from axe_playwright_python.sync_playwright import Axe

    base, page, errors = site
    axe = Axe()
    found = []
    for path in A11Y_PAGES:
        page.goto(base + path)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                where = violation["nodes"][0]["html"][:120]
                found.append(f"{path}: {violation['id']} ({violation['impact']}) at {where}")
    assert found == []
    assert errors == []


def test_browser_pages_fit_a_400_pixel_screen(site):
    base, page, errors = site
    page.set_viewport_size({"width": 400, "height": 800})
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("positions", "/positions"), ("deals", "/deals"), ("rounds", "/rounds"),
                       ("timeline", "/timeline"), ("overview", "/")):  # fmt: skip
        page.goto(base + path)
        # nothing makes the page itself wider than the screen: wide tables scroll in their box
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{path} is {width} px wide at 400 px"
        page.screenshot(path=str(SHOTS / f"{name}-400.png"), full_page=True)
    page.goto(base + "/positions")
    # the matrix is one card per issue, each cell labelled with its party's name
    row = page.locator("table.matrix tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    label = row.locator("td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label.strip('"') in ("Russia", "Ukraine")
    page.select_option("select[name=parties]", ["russia", "ukraine"])  # the picker works
    assert errors == []
