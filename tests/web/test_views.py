"""The picture pages: matrix, compare, diff, timeline, agreements, discrepancies, with sources."""

from __future__ import annotations

import html
import re

import pytest

from peacetalks.review import review_fact
from peacetalks.store import open_store


@pytest.mark.parametrize(
    "path",
    [
        "/positions",
        "/compare",
        "/diff",
        "/timeline",
        "/deals",
        "/actors",
        "/actors/russia",
        "/agreements",
        "/discrepancies",
        "/reviews",
    ],
)
def test_views_pages_open(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert "<h1>" in page.text


def test_views_matrix_cells_hold_their_source_sentences(client):
    matrix = client.get("/api/positions").json()
    page = html.unescape(client.get("/positions").text)
    assert matrix["rows"]
    for row in matrix["rows"]:
        assert f'data-issue="{row["issue"]}"' in page
        assert f"compat-{row['compatibility'].split()[0]}" in page
        for cell in row["cells"].values():
            # A cell shows its five best-sourced positions, three sentences each; its own page
            # has them all.
            for position in cell["positions"][:5]:
                assert f"/facts/{position['key']}" in page.replace("%3A", ":")
                for evidence in position["evidence"][:3]:
                    assert evidence["text"] in page


def test_views_cell_page_lists_every_position_of_the_cell(client):
    row = client.get("/api/positions").json()["rows"][0]
    for party, cell in row["cells"].items():
        query = {"issue": row["issue"], "party": party}
        page = html.unescape(client.get("/positions/cell", params=query).text)
        assert f'<span class="count">{cell["positions_total"]}</span>' in page
        for position in cell["positions"]:
            assert position["evidence"][0]["text"] in page


def test_views_api_matrix_pages_the_positions_of_each_cell(client):
    whole = client.get("/api/positions", params={"limit": 500}).json()
    cells = [(row["issue"], p, c) for row in whole["rows"] for p, c in row["cells"].items()]
    assert any(c["positions_total"] > 1 for _, _, c in cells)  # or paging proves nothing
    first = client.get("/api/positions", params={"limit": 1}).json()
    second = client.get("/api/positions", params={"limit": 1, "offset": 1}).json()
    assert (first["limit"], first["offset"], second["offset"]) == (1, 0, 1)
    for page, at in ((first, 0), (second, 1)):
        paged = {(row["issue"], p): c for row in page["rows"] for p, c in row["cells"].items()}
        for issue, party, cell in cells:
            mine = paged[(issue, party)]
            assert mine["positions_total"] == cell["positions_total"] == len(cell["positions"])
            assert mine["positions"] == cell["positions"][at : at + 1]
    # Each position carries its first few source sentences and how many there are.
    for _, _, cell in cells:
        for position in cell["positions"]:
            assert len(position["evidence"]) <= min(position["evidence_count"], 5)


def test_views_compare_puts_clashes_first(client):
    compared = client.get("/api/compare", params={"a": "russia", "b": "ukraine"}).json()
    order = {"clash": 0, "partial overlap": 1, "one-sided": 2, "agreed": 3}
    ranks = [order[row["compatibility"]] for row in compared["rows"]]
    assert ranks == sorted(ranks)
    page = client.get("/compare", params={"a": "russia", "b": "ukraine"}).text
    assert "<h1>Compare Russia and Ukraine</h1>" in page


def test_views_timeline_chart_has_a_dot_per_dated_entry(client):
    entries = client.get("/api/timeline", params={"limit": 500}).json()["entries"]
    page = client.get("/timeline").text
    dated = [e for e in entries if e["date"]]
    assert dated
    assert page.count("<circle ") == len(dated)
    assert f'<h1>Timeline <span class="count">{len(entries)}</span></h1>' in page


def test_views_agreements_show_fulfilment_bars(client):
    lines = client.get("/api/agreements", params={"limit": 500}).json()["entries"]
    page = client.get("/agreements").text
    with_bars = [a for a in lines if a["fulfilment"]]
    assert with_bars
    widths = re.findall(r'<span style="width: (\d+)%"></span>', page)
    assert sorted(int(w) for w in widths) == sorted(
        round(a["fulfilment"]["ratio"] * 100) for a in with_bars
    )


def test_views_deals_show_each_deal_with_its_provisions_and_exchanges(client):
    found = client.get("/api/deals", params={"limit": 500}).json()["entries"]
    page = html.unescape(client.get("/deals").text)
    assert found
    assert f'<h1>Deals <span class="count">{len(found)}</span></h1>' in page
    named = [d for d in found if d["name"]]
    assert named, "the demo's Washington agreement has a name"
    for deal in found:
        assert (deal["name"] or f"Deal of {deal['date'] or 'unknown date'}") in page
        for provision in deal["provisions"]:
            assert f"/facts/{provision['agreement']['key']}" in page.replace("%3A", ":")
            for tranche in provision["tranches"]:
                assert f"/facts/{tranche['event']}" in page.replace("%3A", ":")
    bodies = [
        p["agreement"]
        for d in found
        for p in d["provisions"]
        if p["agreement"]["formula"] == "6000-for-6000"
    ]
    assert bodies
    assert bodies[0]["fulfilment"]["carried_out"] == 1212
    assert "1,212 of 6,000" in page


def test_views_actor_page_shows_roles_rounds_and_what_they_said(client):
    listed = client.get("/api/actors", params={"limit": 500}).json()["entries"]
    person = next(a for a in listed if a["id"] == "vladimir-medinsky")
    page = html.unescape(client.get("/actors/vladimir-medinsky").text)
    detail = client.get("/api/actors/vladimir-medinsky").json()
    assert f"<h1>{person['name']}</h1>" in page
    for role in detail["roles"]:
        assert role["role"] in page
    for attended in detail["rounds"]:
        assert f"/facts/{attended['key']}" in page.replace("%3A", ":")
    assert detail["said"]
    assert detail["said"][0]["evidence"][0]["text"] in page
    rounds = client.get("/rounds").text
    assert 'href="/actors/vladimir-medinsky"' in rounds  # delegates link to their page


def test_views_unknown_actor_is_404_with_close_matches(client):
    answer = client.get("/api/actors/vladimir-medinski")
    assert answer.status_code == 404
    assert "vladimir-medinsky" in answer.json()["error"]
    assert client.get("/actors/vladimir-medinski").status_code == 404


def test_views_discrepancies_list_each_value_with_sources(client):
    lines = client.get("/api/discrepancies", params={"consistent": True}).json()["entries"]
    page = html.unescape(client.get("/discrepancies", params={"consistent": True}).text)
    assert lines
    for line in lines:
        for value in line["values"]:
            assert f"<b>{value['label']}</b>" in page


def test_views_diff_lists_changes(client):
    found = client.get("/api/diff", params={"party": "russia", "since": "2022-01-01"}).json()
    page = client.get("/diff", params={"party": "russia", "since": "2022-01-01"}).text
    assert page.count('<tr class="change change-') == len(found["changes"])


@pytest.mark.parametrize(
    ("view", "query", "check"),
    [
        ("agreements", {"issue": "prisoners"}, lambda e: e["issue"] == "prisoners"),
        ("agreements", {"party": "hamas"}, lambda e: "hamas" in e["parties"]),
        ("deals", {"party": "rwanda"}, lambda e: "rwanda" in e["parties"]),
        ("rounds", {"party": "turkey"}, lambda e: "turkey" in (e["participants"] + e["hosts"]
                                                               + e["mediators"])),
        ("timeline", {"outlet": "Peacetalks Demo Wire (sample outlet)"},
         lambda e: "Peacetalks Demo Wire (sample outlet)" in e["outlets"]),
        ("agreements", {"review": "unreviewed"}, lambda e: e["review"] is None),
    ],
)  # fmt: skip
def test_views_lists_filter_by_party_issue_review_and_outlet(client, view, query, check):
    everything = client.get(f"/api/{view}", params={"limit": 500}).json()["entries"]
    chosen = client.get(f"/api/{view}", params={"limit": 500, **query}).json()["entries"]
    assert chosen, f"{view} {query} selects nothing"
    assert all(check(e) for e in chosen)
    assert len(chosen) <= len(everything)
    assert len(chosen) == sum(1 for e in everything if check(e))
    page = client.get(f"/{view}", params=query).text
    assert f'<span class="count">{len(chosen)}</span>' in page
    _name, value = next(iter(query.items()))
    assert f'<option value="{html.escape(value)}" selected>' in page  # the form shows it


def test_views_filter_by_review_state_follows_a_review(client, demo_url):
    line = client.get("/api/agreements").json()["entries"][0]
    store = open_store(demo_url)
    try:
        review_fact(store.engine, line["key"], "confirm", reviewer="ana")
    finally:
        store.close()
    confirmed = client.get("/api/agreements", params={"review": "confirmed"}).json()["entries"]
    assert [e["key"] for e in confirmed] == [line["key"]]
    rest = client.get("/api/agreements", params={"review": "unreviewed"}).json()["entries"]
    assert line["key"] not in {e["key"] for e in rest}
    assert client.get("/api/agreements", params={"issue": "narnia"}).status_code == 422


@pytest.mark.parametrize("path", ["/agreements", "/timeline", "/deals", "/documents", "/rounds"])
def test_views_a_form_sent_with_blank_dates_is_no_error(client, path):
    page = client.get(path, params={"process": "", "since": "", "until": ""})
    assert page.status_code == 200
    assert client.get(path, params={"since": "2 June"}).status_code in (400, 422)
