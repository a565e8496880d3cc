"""Places: cities, regions and venues of the bundled gazetteer found in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacetalks.errors import BadValue
from peacetalks.extract.places import Place, build_gazetteer, find_places, read_places


def _names(text: str) -> list[tuple[str, str, str]]:
    return [(text[h.start : h.end], h.place.id, h.place.kind) for h in find_places(text)]


def test_places_finds_cities_and_venues_in_order():
    text = "The delegations met at Ciragan Palace in Istanbul."
    assert _names(text) == [
        ("Ciragan Palace", "ciragan-palace", "venue"),
        ("Istanbul", "istanbul", "city"),
    ]


def test_places_finds_aliases_under_their_place():
    hits = find_places("Talks resumed at the \u00c7\u0131ra\u011fan Palace and later in Kiev.")
    assert [h.place.id for h in hits] == ["ciragan-palace", "kyiv"]
    assert hits[0].place.country == "turkey"


def test_places_prefers_the_longest_name():
    assert _names("Envoys flew to Washington, DC on Friday.") == [
        ("Washington, DC", "washington", "city")
    ]


def test_places_needs_whole_words_with_their_case():
    assert find_places("Genevan bankers and the doha round of trade talks") == []


def test_places_reads_a_file_of_its_own(tmp_path: Path):
    path = tmp_path / "places.yaml"
    path.write_text(
        "- id: sochi\n  name: Sochi\n  kind: city\n  country: russia\n"
        "- id: crimea\n  name: Crimea\n  kind: region\n  aliases: [Krym]\n",
        encoding="utf-8",
    )
    places = read_places(path)
    assert places[0] == Place(id="sochi", name="Sochi", kind="city", country="russia")
    hits = build_gazetteer(places).find("From Sochi to Krym")
    assert [h.place.id for h in hits] == ["sochi", "crimea"]


@pytest.mark.parametrize(
    "content",
    ["just text", "- id: x\n  name: X\n  kind: planet\n", "- name: no id\n", "- [unclosed\n"],
)
def test_places_refuses_a_bad_file_saying_why(tmp_path: Path, content: str):
    path = tmp_path / "places.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadValue):
        read_places(path)
