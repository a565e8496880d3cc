"""`peacetalks report`: a briefing in HTML, Markdown and PDF from the reconciled record, every
statement footnoted, charts inline, nothing fetched, untrusted text escaped (issue 13)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from peacetalks.analysis.changes import diff
from peacetalks.analysis.names import names_of
from peacetalks.analysis.positions import Window, matrix, position_lines
from peacetalks.analysis.rounds import rounds
from peacetalks.model.record import ISSUES
from peacetalks.report import build_report, has_browser
from peacetalks.report.render import render_html, render_markdown
from peacetalks.store import open_store
from tests.conftest import ROOT

PROCESS = "russia-ukraine"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    not has_browser(), reason="needs Chromium (apt-get install chromium; .ci/run installs it)"
)
HOSTILE = (
    "Russian and Ukrainian delegations met in Istanbul on Monday for talks <script>alert('x')"
    "</script>. Russia demanded that Ukraine withdraw its troops from the Donetsk region "
    "<img src=x onerror=alert(1)> | and [click](javascript:alert(2)).\n"
)


class Links(HTMLParser):
    """Every tag, and every URL an attribute or an inline style refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data", "xlink:href"):
                self.urls.append((tag, name, value or ""))
            if name == "style":
                self.urls.extend((tag, "style", u) for u in re.findall(r"url\(([^)]*)\)", value))

    def handle_data(self, data):
        if self.tags and self.tags[-1] == "style":
            self.urls.extend(("style", "css", u) for u in re.findall(r"url\(([^)]*)\)", data))
            self.urls.extend(("style", "css", u) for u in re.findall(r"@import\s+(\S+)", data))


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def footnotes_in(html: str) -> dict[int, str]:
    """{number: the text of its footnote} from the Sources list."""
    found = re.findall(r'<li id="fn-(\d+)" value="\d+">(.*?)</li>', html, flags=re.S)
    return {int(n): text for n, text in found}


@pytest.fixture
def corpus_url(corpus_store, db_url):
    """The database of corpus_store (the demo corpus and the dev set, reconciled)."""
    return db_url


def test_report_html_is_one_file_with_charts_and_nothing_fetched(cli, corpus_url, tmp_path):
    out = tmp_path / "brief.html"
    result = cli("report", "--process", PROCESS, "--format", "html", "-o", str(out),
                 "--db", corpus_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) >= 3  # timeline, fulfilment, positions over time
    for svg in svgs:
        assert 'role="img"' in svg
        assert "aria-label=" in svg
    assert len(re.findall(r"<svg\b[^>]*><title>[^<]+</title>", html)) == len(svgs)
    parsed = links_of(html)
    assert {"script", "link", "img", "iframe", "object"}.isdisjoint(parsed.tags)
    assert [u for u in parsed.urls if not u[2].startswith("#")] == []  # no document has a URL
    assert "http://" not in html
    assert "https://" not in html
    assert "@page" in html
    assert "@media print" in html


def test_report_names_each_party_demand_on_territory_with_its_sources(corpus_store):
    window = Window(PROCESS)
    report = build_report(corpus_store, window, today=dt.date(2025, 8, 1))
    html = render_html(report)
    notes = {note.number: note for note in report.footnotes}
    names = names_of(corpus_store)
    parties = matrix(corpus_store, window).parties
    assert set(parties) == {"russia", "ukraine"}
    (territory,) = [row for row in report.issues if row.issue == "Territory"]
    assert territory.compatibility == "clash"
    assert report.issues[0].compatibility == "clash"  # clashes first
    for party, cell in zip(parties, territory.cells, strict=True):
        assert cell.party == names.actor(party)
        demands = [
            line
            for line in position_lines(corpus_store, window)
            if line.holder == party and line.issue == "territory" and line.stance == "demand"
        ]
        assert demands, f"the analysis finds no demand of {party} on territory"
        cited = {(notes[n].document_id, notes[n].outlet) for e in cell.entries for n in e.refs}
        for line in demands:
            for evidence in line.evidence:
                assert (evidence.document_id, evidence.outlet) in cited
    row = re.search(r'<th scope="row">Territory</th>(.*?)</tr>', html, flags=re.S)
    assert row is not None
    shown = footnotes_in(html)
    russian = territory.cells[parties.index("russia")]
    for entry in russian.entries:
        for number in entry.refs:
            assert f'href="#fn-{number}"' in row.group(1)
            assert notes[number].outlet in shown[number]


def test_report_footnotes_are_numbered_in_reading_order_once_per_sentence(corpus_store):
    report = build_report(corpus_store, Window(PROCESS), today=dt.date(2025, 8, 1))
    html = render_html(report)
    keys = [(note.document_id, note.text) for note in report.footnotes]
    assert len(keys) == len(set(keys))
    assert [note.number for note in report.footnotes] == list(range(1, len(keys) + 1))
    body = html.split('<section id="sources">')[0]
    first_seen = list(dict.fromkeys(int(n) for n in re.findall(r'href="#fn-(\d+)"', body)))
    assert first_seen == sorted(first_seen)
    assert set(first_seen) == set(range(1, len(keys) + 1))  # every footnote is cited


def test_report_shows_names_not_slugs(corpus_store):
    html = render_html(build_report(corpus_store, Window(PROCESS), today=dt.date(2025, 8, 1)))
    text = re.sub(r'<li id="fn-.*', "", html, flags=re.S)  # quotes may hold anything
    text = re.sub(r'(class|id|href|style)="[^"]*"', "", text)
    for issue in ISSUES:
        if "_" in issue:
            assert issue not in text
    for actor in names_of(corpus_store).actors:
        if "-" in actor:
            assert actor not in text, actor
    assert "Russia \u2013 Ukraine" in html


def test_report_markdown_has_pipe_tables_and_footnotes(cli, corpus_url, tmp_path):
    out = tmp_path / "brief.md"
    result = cli("report", "--process", PROCESS, "-o", str(out), "--since", "2025-06-01",
                 "--db", corpus_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Russia \u2013 Ukraine talks: briefing\n")
    assert "| Issue | Russia | Ukraine | Relation |\n|---|---|---|---|" in text
    assert "### What changed since 1 June 2025" in text
    assert "<svg" not in text
    body, _, notes = text.partition("\n## Sources\n")
    defined = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", notes, flags=re.M)]
    used = {int(n) for n in re.findall(r"\[\^(\d+)\]", body)}
    assert defined == list(range(1, len(defined) + 1))
    assert used == set(defined)


def test_report_markdown_rows_have_as_many_cells_as_their_header(corpus_store):
    text = render_markdown(build_report(corpus_store, Window(PROCESS), today=dt.date(2025, 8, 1)))
    width = None
    for line in text.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.split(r"(?<!\\)\|", line)) - 2
        if width is None:
            width = cells
        assert cells == width, line


def test_report_changes_since_are_each_party_diff(corpus_store):
    since = dt.date(2025, 6, 1)
    report = build_report(corpus_store, Window(PROCESS, since), today=dt.date(2025, 8, 1))
    holders = {line.holder for line in position_lines(corpus_store, Window(PROCESS))}
    expected = sum(len(diff(corpus_store, p, since, process=PROCESS).changes) for p in holders)
    assert expected > 0
    assert len(report.changes) == expected
    assert any(cell.changes for row in report.issues for cell in row.cells)
    assert all(r.date is None or r.date >= since.isoformat() for r in report.rounds)


def test_report_lists_later_rounds_as_what_is_next(corpus_store):
    until = dt.date(2025, 6, 30)
    report = build_report(corpus_store, Window(PROCESS, None, until), today=dt.date(2025, 8, 1))
    held = rounds(corpus_store, Window(PROCESS))
    later = [r.date for r in held if r.date and r.date > until.isoformat()]
    assert later, "the corpus has a round after June 2025"
    assert [r.date for r in report.upcoming] == later
    assert all(r.date and r.date <= until.isoformat() for r in report.rounds)
    assert "Next round: 23 July 2025" in render_html(report)


def test_report_escapes_untrusted_text_and_links_only_web_addresses(cli, db_url, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(HOSTILE)
    (docs / "b.txt").write_text(HOSTILE.replace("Donetsk", "Luhansk"))
    (docs / "manifest.csv").write_text(
        "path,published,publisher,title,kind,url\n"
        'a.txt,2025-06-03,<b>Wire</b>,"<script>alert(3)</script> talks",news,javascript:alert(4)\n'
        "b.txt,2025-06-04,Daily,Talks,news,https://example.org/talks?a=1&b=2\n"
    )
    result = cli("ingest", "--manifest", str(docs / "manifest.csv"), "--backend", "rules",
                 "--db", db_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html_file, md_file = tmp_path / "r.html", tmp_path / "r.md"
    for out in (html_file, md_file):
        done = cli("report", "-o", str(out), "--db", db_url)
        assert done.exit_code == 0, done.stderr
    html = html_file.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html  # the title, in a footnote
    assert "&lt;b&gt;Wire&lt;/b&gt;" in html
    assert "<script" not in html
    assert "<img" not in html
    web = {u for u in links_of(html).urls if not u[2].startswith("#")}
    assert web == {("a", "href", "https://example.org/talks?a=1&b=2")}  # b.txt's footnotes
    md = md_file.read_text(encoding="utf-8")
    assert "<script" not in md
    assert "&lt;script&gt;" in md
    assert "<https://example.org/talks?a=1&b=2>" in md
    assert "\\[click\\](javascript:" in md  # shown as text, never a link
    assert " [click](" not in md


def test_report_unknown_process_lists_the_known_ones(cli, corpus_url, tmp_path):
    result = cli("report", "--process", "atlantis", "-o", str(tmp_path / "r.html"),
                 "--db", corpus_url)  # fmt: skip
    assert result.exit_code == 2
    assert "atlantis" in result.stderr
    assert "russia-ukraine" in result.stderr
    assert "'all'" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_report_pdf_without_chromium_says_how_to_get_one(cli, corpus_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PEACETALKS_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = cli("report", "-o", str(tmp_path / "r.pdf"), "--db", corpus_url)
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.stderr
    assert "--format html" in result.stderr
    assert "Traceback" not in result.stderr


@needs_chromium
def test_report_pdf_holds_the_parties_and_the_deals(cli, corpus_url, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    out = tmp_path / "brief.pdf"
    result = cli("report", "--process", PROCESS, "--format", "pdf", "-o", str(out),
                 "--db", corpus_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("Russia \u2013 Ukraine talks: briefing", "Russia", "Ukraine", "Territory"):
        assert expected in text
    assert "Deal of 2 June 2025" in text
    assert "1,212 of 6,000" in text
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) > 1


def test_report_web_page_and_downloads_match_the_cli(cli, client, demo_url, tmp_path):
    page = client.get("/report")
    assert page.status_code == 200
    assert "<svg" in page.text
    assert 'class="toolbar"' in page.text
    assert 'href="/report/download?format=md&amp;process=russia-ukraine"' in page.text
    for format_ in ("html", "md"):
        got = client.get(f"/report/download?format={format_}&process=russia-ukraine")
        assert got.status_code == 200
        disposition = got.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert f".{format_}" in disposition
        out = tmp_path / f"cli.{format_}"
        done = cli("report", "--process", "russia-ukraine", "-o", str(out), "--db", demo_url)
        assert done.exit_code == 0, done.stderr
        assert got.content == out.read_bytes()
    assert 'class="toolbar"' not in client.get("/report/download?format=html").text


def test_report_web_rejects_unknown_process_and_format(client):
    assert client.get("/report?process=atlantis").status_code == 400
    assert "russia-ukraine" in client.get("/report?process=atlantis").text
    assert client.get("/report/download?format=docx").status_code == 400


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_report_in_a_browser_requests_nothing_outside_the_file(corpus_store, tmp_path):
    from tests.web.browser import chromium

    report = build_report(corpus_store, Window(PROCESS, dt.date(2025, 6, 1)))
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(report), encoding="utf-8")
    shots = ROOT / "artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.is_visible()
        assert page.locator("svg[role=img]").count() >= 3
        page.screenshot(path=str(shots / "report.png"), full_page=True)
        page.close()
    assert [url for url in asked if not url.startswith("file://")] == []


def test_report_builds_from_a_store_opened_again(corpus_url):
    store = open_store(corpus_url)
    try:
        report = build_report(store, Window(), today=dt.date(2025, 8, 1))
    finally:
        store.close()
    assert report.process is None
    assert report.title == "Peace talks: briefing"
    assert report.generated == "2025-08-01"
