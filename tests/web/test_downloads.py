"""Downloads: every view offers CSV and JSON of what it shows, equal to the API's answer for the
same filters, every page of it."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from peacetalks.api.downloads import rows_of
from peacetalks.exports import write_rows_csv

VIEWS = [
    "/positions?process=russia-ukraine",
    "/compare?a=russia&b=ukraine",
    "/diff?party=russia&since=2022-01-01",
    "/timeline?process=russia-ukraine&since=2025-05-01",
    "/rounds",
    "/deals",
    "/agreements?until=2025-06-30",
    "/discrepancies?consistent=true",
    "/documents",
    "/actors",
    "/actors/russia",
    "/review-queue",
]


def _download_link(client, path: str) -> str:
    page = client.get(path).text
    found = re.search(r'<p class="downloads[^"]*">.*?<a href="([^"]+)"[^>]*>CSV</a>', page, re.S)
    assert found, f"{path} offers no download"
    return html.unescape(found.group(1))


def _all_pages(client, url: str) -> object:
    """The API's answer, every page of it, fetched as a client would."""
    answer = client.get(url).json()
    while isinstance(answer, dict) and answer.get("next"):
        more = client.get(answer["next"]).json()
        answer["entries"] += more["entries"]
        answer["next"] = more["next"]
    return answer


def _text(value: object) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("path", VIEWS)
def test_download_csv_and_json_equal_the_api_for_the_same_filters(client, path):
    csv_url = _download_link(client, path)
    assert csv_url.endswith("&format=csv")
    api_url = csv_url.removesuffix("&format=csv")
    assert api_url.startswith("/api/")
    for name, value in (p.split("=", 1) for p in path.partition("?")[2].split("&") if p):
        assert f"{name}={value}" in api_url  # the page's filters travel with the download
    answer = _all_pages(client, api_url + ("&" if "?" in api_url else "?") + "limit=7")
    if isinstance(answer, dict) and "rows" in answer:
        # The matrix pages the positions of each cell: a download holds the largest page.
        answer = client.get(api_url + ("&" if "?" in api_url else "?") + "limit=500").json()
    got = client.get(csv_url)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(got.text)))
    expected = rows_of(answer)
    assert len(table) == len(expected)
    for row, want in zip(table, expected, strict=True):
        assert row == {k: _text(want.get(k)) for k in row}  # cells as the API gives them
    as_json = client.get(api_url + "&download=1")
    assert "attachment" in as_json.headers["content-disposition"]
    body = as_json.json()
    if isinstance(answer, dict) and "entries" in answer:
        assert body["entries"] == answer["entries"]
        assert body["total"] == answer["total"] == len(body["entries"])
    else:
        assert body == answer


def test_download_of_the_matrix_is_one_row_per_issue_and_party(client):
    answer = client.get("/api/positions").json()
    rows = rows_of(answer)
    assert len(rows) == sum(len(r["cells"]) for r in answer["rows"])
    assert {r["party"] for r in rows} == set(answer["parties"])


def test_download_keeps_errors_and_auth_as_the_api(client):
    bad = client.get("/api/compare?a=russia&b=narnia&format=csv")
    assert bad.status_code == 404
    assert "narnia" in bad.json()["error"]


def test_download_cells_are_safe_for_spreadsheets():
    rows = rows_of({"entries": [{"summary": "=HYPERLINK(1)", "targets": ["a", "b"]}]})
    assert rows == [{"summary": "=HYPERLINK(1)", "targets": "a; b"}]  # made safe when written
    out = io.StringIO()
    write_rows_csv(rows, out)
    assert "'=HYPERLINK(1)" in out.getvalue()
