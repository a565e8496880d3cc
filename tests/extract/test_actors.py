"""Actors: registry names and their spellings, people named by title, traps, venues, --actors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peacetalks.errors import BadValue
from peacetalks.extract import build_pipeline
from peacetalks.extract.actors import find_actors, make_actors_stage
from peacetalks.extract.boilerplate import find_boilerplate
from peacetalks.extract.people import slug
from peacetalks.extract.registry import load_registry
from peacetalks.model import Actor, Claim, ClaimSet, Document, Mention


def _claims(text: str) -> list[Claim]:
    doc = Document(id="d", text=text)
    found = ClaimSet(find_boilerplate(doc, ClaimSet()))
    claims = find_actors(doc, found)
    for claim in claims:
        span = claim.provenance.span
        assert text[span.start : span.end] == span.text
        assert claim.provenance.stage == "peacetalks.actors.v1"
    return claims


def _mentions(text: str) -> list[tuple[str, str, str | None]]:
    """(actor id, surface, rule) of each mention."""
    return [
        (c.value.actor_id, c.value.surface, c.provenance.rule)
        for c in _claims(text)
        if isinstance(c.value, Mention)
    ]


def _ids(text: str) -> set[str]:
    return {m[0] for m in _mentions(text) if m[2] != "place"}


def _actors(text: str) -> dict[str, Actor]:
    """Actor claims merged by id, roles and party joined, as the record does."""
    merged: dict[str, Actor] = {}
    for claim in _claims(text):
        if isinstance(claim.value, Actor):
            actor = claim.value
            seen = merged.get(actor.id)
            if seen is not None:
                roles = seen.roles + tuple(r for r in actor.roles if r not in seen.roles)
                actor = Actor(
                    id=actor.id,
                    name=seen.name,
                    type=seen.type,
                    party=seen.party or actor.party,
                    roles=roles,
                )
            merged[actor.id] = actor
    return merged


@pytest.mark.parametrize(
    ("spellings", "actor_id"),
    [
        (["Zelensky", "Zelenskiy", "Zelenskyy", "Volodymyr Zelenskyy"], "volodymyr-zelensky"),
        (["Medinsky", "Medinskiy", "Vladimir Medinskiy"], "vladimir-medinsky"),
        (["Kyiv", "Kiev"], "ukraine"),
        (["Turkey", "T\u00fcrkiye", "Turkiye"], "turkey"),
    ],
)
def test_actors_transliterations_map_to_one_id(spellings, actor_id):
    for spelling in spellings:
        assert _ids(f"On Monday {spelling} said the talks were useful.") == {actor_id}


WITH_PLACES = make_actors_stage(with_places=True)


@pytest.mark.parametrize("spelling", ["Zaporizhzhia", "Zaporozhye", "Zaporizhia"])
def test_actors_place_spellings_map_to_one_place(spelling):
    doc = Document(id="d", text=f"The memorandum named {spelling} among the regions.")
    claims = WITH_PLACES(doc, ClaimSet())
    assert [(c.value.actor_id, c.provenance.rule) for c in claims] == [("zaporizhzhia", "place")]


def test_actors_places_get_mentions_but_no_actor_claims_and_only_when_asked():
    doc = Document(id="d", text="The delegations met in Istanbul.")
    claims = WITH_PLACES(doc, ClaimSet())
    assert [(c.kind, c.provenance.rule) for c in claims] == [("mention", "place")]
    assert find_actors(doc, ClaimSet()) == []


def test_actors_new_person_from_a_title_with_side_and_surname():
    actors = _actors(
        "Ukrainian Defence Minister Petro Vasylenko led the talks. Vasylenko said they were useful."
    )
    person = actors["petro-vasylenko"]
    assert (person.type, person.party, person.roles) == ("person", "ukraine", ("defence minister",))
    found = _mentions("Ukrainian Defence Minister Petro Vasylenko led. Later Vasylenko spoke.")
    assert ("petro-vasylenko", "Vasylenko", "surname") in found
    assert ("petro-vasylenko", "Petro Vasylenko", "title") in found


@pytest.mark.parametrize(
    ("text", "actor_id", "party", "role"),
    [
        (
            "Talks went on, said presidential aide Ivan Sidorenko.",
            "ivan-sidorenko",
            None,
            "presidential aide",
        ),
        (
            "Ukraine's foreign minister, Olena Marchenko, said so.",
            "olena-marchenko",
            "ukraine",
            "foreign minister",
        ),
        ("Hamas official Yusuf al-Hadidi said so.", "yusuf-al-hadidi", "hamas", "official"),
        (
            "The head of the Russian delegation, Pavel Orlov, said so.",
            "pavel-orlov",
            "russia",
            "head of delegation",
        ),
        (
            "Pavel Orlov, Russia's chief negotiator, said so.",
            "pavel-orlov",
            "russia",
            "chief negotiator",
        ),
        (
            "The agreement was signed by Qatar's minister of state, Khalid bin Nasser.",
            "khalid-bin-nasser",
            "qatar",
            "minister of state",
        ),
    ],
)
def test_actors_title_patterns(text, actor_id, party, role):
    person = _actors(text)[actor_id]
    assert person.party == party
    assert role in person.roles


def test_actors_delegation_led_by_gives_head_of_delegation_and_side():
    actors = _actors("The Russian delegation was led by presidential aide Pavel Orlov.")
    assert actors["pavel-orlov"].roles == ("presidential aide", "head of delegation")
    assert actors["pavel-orlov"].party == "russia"


def test_actors_appositives_in_a_list_belong_to_the_name_before():
    actors = _actors(
        "The Russian team included Ivan Belov, deputy foreign minister, Oleg Chernov, "
        "head of military intelligence, and Petr Lisov."
    )
    assert actors["ivan-belov"].roles == ("deputy foreign minister",)
    assert actors["oleg-chernov"].roles == ("head of military intelligence",)
    assert actors["ivan-belov"].party == "russia"
    assert "petr-lisov" not in actors


def test_actors_registry_person_gets_roles_from_the_text_only():
    assert _actors("Turkish Foreign Minister Hakan Fidan opened the session.")[
        "hakan-fidan"
    ].roles == ("foreign minister",)
    assert _actors("Hakan Fidan opened the session.")["hakan-fidan"].roles == ()


def test_actors_title_case_headline_makes_no_person():
    assert "meets-ukrainian-envoy" not in _actors("Defence Minister Meets Ukrainian Envoy Abroad\n")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Growth in Latin America slowed, as it did in South America.", "united-states"),
        ("Peace came to Northern Ireland in 1998.", "ireland"),
        ("The report was first published by the Washington Post on Sunday.", "united-states"),
        ("A statue of George Washington stood there.", "united-states"),
        ("Voters in the US state of Georgia went to the polls.", "georgia"),
        ("He later met Jordan Bardella in a hotel.", "jordan"),
    ],
)
def test_actors_names_inside_other_names_are_not_actors(text, absent):
    assert absent not in _ids(text)


def test_actors_capitals_and_states_named_as_places_are_venues():
    found = _mentions("The talks in Doha ended. Doha said the talks went well.")
    assert found[0] == ("qatar", "Doha", "venue")
    assert ("qatar", "Doha", "registry") in found
    venue = _mentions("They met in Jeddah, Saudi Arabia, on Tuesday.")
    assert ("saudi-arabia", "Saudi Arabia", "venue") in venue
    assert ("russia", "Moscow", "registry") in _mentions("He spoke in Moscow's name.")


@pytest.mark.parametrize(
    ("capital", "actor_id"),
    [
        ("Khartoum", "sudan"),
        ("Nairobi", "kenya"),
        ("Bamako", "mali"),
        ("Beirut", "lebanon"),
        ("Oslo", "norway"),
    ],
)
def test_actors_a_capital_stands_for_its_state(capital, actor_id):
    text = f"{capital} rejected the proposal on Monday."
    assert (actor_id, capital, "registry") in _mentions(text)


def test_actors_a_possessive_capital_stands_for_its_state():
    found = _mentions("Khartoum's plan centres on an inclusive national dialogue.")
    assert ("sudan", "Khartoum", "registry") in found


def test_actors_skip_boilerplate_but_read_captions():
    body = (
        "Negotiators from both sides met in Geneva on Tuesday for a third round of talks. "
        "They agreed to exchange prisoners and to meet again before the end of the month."
    )
    text = (
        "Ilham Aliyev greets delegates at the venue. (AP Photo/Jane Roe)\n\n"
        f"{body}\n{body}\n\nRelated Articles\nXi Jinping visits Paris"
    )
    ids = _ids(text)
    assert "ilham-aliyev" in ids
    assert "xi-jinping" not in ids


def test_actors_slug_is_lowercase_ascii():
    assert slug("Th\u00e9r\u00e8se Kayikwamba Wagner") == "therese-kayikwamba-wagner"
    assert slug("Taher al-Nunu") == "taher-al-nunu"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


USER_ACTORS = """\
- id: ivan-testov
  name: Ivan Testov
  type: person
  aliases: [Testov]
  party: russia
- id: kyiv-city-council
  name: Kyiv City Council
  type: organization
  aliases: [Kyiv]
"""


def test_registry_user_file_extends_and_takes_names_over(tmp_path):
    registry = load_registry([_write(tmp_path / "mine.yaml", USER_ACTORS)])
    assert registry.entries["ivan-testov"].party == "russia"
    assert "Kyiv" not in registry.entries["ukraine"].metonyms
    assert "Kiev" in registry.entries["ukraine"].metonyms
    assert "ivan-testov" not in load_registry().entries


def test_build_pipeline_with_user_actors_keeps_the_stage_name(tmp_path):
    pipeline = build_pipeline(actors=[_write(tmp_path / "mine.yaml", USER_ACTORS)])
    assert "peacetalks.actors.v1" in [s.name for s in pipeline.stages]
    record = pipeline.run(Document(id="d", text="Testov said Kyiv had agreed."))
    assert {a.id for a in record.actors} == {"ivan-testov", "kyiv-city-council"}


def test_make_actors_stage_uses_the_registry_it_is_given(tmp_path):
    stage = make_actors_stage(load_registry([_write(tmp_path / "mine.yaml", USER_ACTORS)]))
    claims = stage(Document(id="d", text="Testov spoke."), ClaimSet())
    assert {c.value.actor_id for c in claims if isinstance(c.value, Mention)} == {"ivan-testov"}


def test_registry_bad_user_file_names_the_file(tmp_path):
    bad = _write(tmp_path / "bad.yaml", "- id: Not A Slug\n  name: X\n  type: person\n")
    with pytest.raises(BadValue, match=r"bad\.yaml"):
        load_registry([bad])


def test_cli_extract_with_user_actors(cli, tmp_path):
    actors = _write(tmp_path / "mine.yaml", USER_ACTORS)
    doc = _write(tmp_path / "talk.txt", "Ivan Testov met the envoys. Testov said little.")
    result = cli("extract", "--actors", str(actors), str(doc))
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    testov = next(a for a in record["actors"] if a["id"] == "ivan-testov")
    assert testov["party"] == "russia"
    assert testov["mentions"] == ["Ivan Testov", "Testov"]


def test_cli_ingest_with_user_actors(cli, tmp_path, db_url):
    actors = _write(tmp_path / "mine.yaml", USER_ACTORS)
    doc = _write(tmp_path / "talk.txt", "Ivan Testov met the envoys.")
    result = cli("ingest", "--actors", str(actors), str(doc), "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr


def test_cli_bad_actor_file_is_a_clear_error(cli, tmp_path):
    bad = _write(tmp_path / "broken.yaml", "- id: [unclosed\n")
    doc = _write(tmp_path / "talk.txt", "Talks went on.")
    result = cli("extract", "--actors", str(bad), str(doc))
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_text_over_spacys_million_characters_is_read_in_pieces():
    from peacetalks.extract.actors import find_registry_actors, text_chunks
    from peacetalks.extract.registry import load_registry
    from peacetalks.model import Document

    filler = ("The weather was mild and the markets were calm that week.\n" * 20_000)[:1_100_000]
    text = filler + (
        "In a separate report, delegations of Ukraine and Russia met in Istanbul on Monday to "
        "discuss an exchange of prisoners and a ceasefire along the front line.\n"
    )
    doc = Document(id="x" * 16, text=text)
    claims = find_registry_actors(doc, load_registry())
    mentions = [c for c in claims if c.kind == "mention"]
    assert {text[c.provenance.span.start : c.provenance.span.end] for c in mentions} >= {
        "Ukraine",
        "Russia",
    }
    pieces = list(text_chunks(text))
    assert len(pieces) > 5
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("The MNDAA said it would hand back the town.", "mndaa"),
        ("Renamo fighters began to disarm on Monday.", "renamo"),
        ("The New People's Army rejected the offer.", "npa"),
        ("The Turkish Cypriot side asked for sovereign equality.", "turkish-cypriots"),
        ("Hargeisa said Somaliland would attend only as an equal.", "somaliland"),
        ("The East African Community sent a facilitator.", "east-african-community"),
    ],
)
def test_actors_registry_knows_parties_of_many_processes(text, actor_id):
    assert actor_id in _ids(text)


def test_a_name_of_letters_and_digits_is_found_with_a_hyphen_too():
    found = _mentions("The M-23 delegation left Nairobi; M23 fighters held the town.")
    assert {m[0] for m in found if m[2] == "registry"} == {"m23"}
    assert ("kenya", "Nairobi", "venue") in found  # a capital the delegation left is a place
    assert _mentions("M-23 leaders met the envoy.")[0][:2] == ("m23", "M-23")


def test_a_states_army_named_by_the_possessive_is_its_armed_forces():
    # In Sudan the army is a party of its own, apart from the state it claims to govern.
    assert _ids("Sudan's army rejected the truce.") == {"sudanese-armed-forces"}
    assert _ids("Sudan\u2019s military is studying the proposal.") == {"sudanese-armed-forces"}
