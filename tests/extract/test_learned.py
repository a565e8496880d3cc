"""The learned backend's decisions on sentences written for the project, one shape each.

Each test runs the default pipeline (the bundled model) on a short document and checks the
decisions the issue names: the stance, its holder (subject, passive agent, quoted speaker,
the author of a listed memorandum, both sides), the issue, and what is no party's position
(analysts' forecasts, a party put under pressure). Known misses are strict xfails: when a
retrained model gets them right, the suite says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from peacetalks.extract import build_pipeline
from peacetalks.extract.learned import BUNDLED, STAGE, bundled_model, load_model
from peacetalks.extract.linear import BadModel, BinaryLinear
from peacetalks.extract.parser import ParserMissing
from peacetalks.model import Document, Position, Record

PASSIVE = "The Qatari offer of a humanitarian pause was turned down by Israel on Sunday."
QUOTE = (
    '"We are willing to hand over all the bodies we hold," the Russian negotiator '
    "Vladimir Medinsky told reporters."
)
PRESSURE = "Ukraine is under heavy pressure to accept the ceasefire terms drawn up in Washington."


@pytest.fixture(scope="module")
def learned():
    return build_pipeline()


def _record(pipeline, text: str) -> Record:
    body = "Talks update\n\n" + text.strip() + "\n"
    doc = Document(
        id="t", text=body, path="t.txt", published=dt.date(2025, 6, 3), title="Talks update"
    )
    return pipeline.run(doc)


def _found(record: Record, needle: str) -> set[tuple[str, str, str]]:
    """(holder, issue, stance) of the positions whose evidence holds `needle`."""
    return {
        (p.holder, p.issue, p.stance)
        for p in record.positions
        if any(needle in span.text for span in p.evidence)
    }


def test_learned_subject_demand_with_its_issue(learned):
    record = _record(
        learned,
        "Moscow demanded that Kyiv pull its forces out of the Zaporizhzhia region before any "
        "truce.",
    )
    assert ("russia", "territory", "demand") in _found(record, "Moscow demanded")
    assert not any(h == "ukraine" for h, _, _ in _found(record, "Moscow demanded"))


def test_learned_passive_agent_holds_the_rejection(learned):
    record = _record(learned, PASSIVE)
    assert ("israel", "humanitarian", "reject") in _found(record, "turned down")


@pytest.mark.xfail(reason="the offer's author still scores 0.54 as holder of its rejection")
def test_learned_passive_agent_only(learned):
    record = _record(learned, PASSIVE)
    assert {h for h, _, _ in _found(record, "turned down")} == {"israel"}


def test_learned_accepting_anothers_proposal_gives_each_party_its_own_stance(learned):
    # Two parties, two stances in one sentence: the one who accepts, the one who proposed.
    record = _record(learned, "Kyiv accepted a US proposal for a 30-day ceasefire on Tuesday.")
    found = _found(record, "Kyiv accepted")
    assert ("ukraine", "ceasefire", "accept") in found
    assert ("united-states", "ceasefire", "demand") in found
    assert ("united-states", "ceasefire", "accept") not in found


def test_learned_quoted_speaker_holds_the_offer(learned):
    record = _record(learned, QUOTE)
    found = _found(record, "hand over")
    assert {(h, s) for h, _, s in found} == {("russia", "offer")}


def test_learned_quoted_offer_of_bodies_is_about_remains(learned):
    record = _record(learned, QUOTE)
    assert ("russia", "remains", "offer") in _found(record, "hand over")


def test_learned_pressure_to_accept_is_not_the_pressed_partys_acceptance(learned):
    record = _record(learned, PRESSURE)
    assert not any(s == "accept" for _, _, s in _found(record, "pressure"))


def test_learned_pressure_to_accept_gives_the_pressed_party_nothing(learned):
    record = _record(learned, PRESSURE)
    assert not any(h == "ukraine" for h, _, _ in _found(record, "pressure"))


def test_learned_analysts_forecast_is_no_partys_position(learned):
    record = _record(
        learned,
        "Moscow and Kyiv met in Istanbul on Monday.\n\n"
        "Analysts predict that Russia will demand a veto over Ukraine's future alliances.",
    )
    assert _found(record, "Analysts predict") == set()
    rules = _record(
        build_pipeline(backend="rules"),
        "Analysts predict that Russia will demand a veto over Ukraine's future alliances.",
    )
    assert _found(rules, "Analysts predict") == set(), "the rules' own position is kept"


def test_learned_arrow_bullet_memorandum_list_gives_the_authors_demands(learned):
    record = _record(
        learned,
        "Ukraine's memorandum listed these proposals:\n"
        "\u2192 a full and unconditional ceasefire;\n"
        "\u2192 the return of deported children;\n"
        "\u2192 an all-for-all exchange of prisoners.",
    )
    assert ("ukraine", "ceasefire", "demand") in _found(record, "unconditional ceasefire")
    assert ("ukraine", "children", "demand") in _found(record, "deported children")
    assert ("ukraine", "prisoners", "demand") in _found(record, "all-for-all")
    rules = _record(
        build_pipeline(backend="rules"),
        "Ukraine's memorandum listed these proposals:\n\u2192 a full and unconditional ceasefire;",
    )
    assert not rules.positions, "the rules gave no position for an arrow list"


def test_learned_both_sides_each_hold_the_demand(learned):
    record = _record(
        learned, "Both Armenia and Azerbaijan called for an early signing of the peace treaty."
    )
    found = _found(record, "called for")
    assert ("armenia", "process", "demand") in found
    assert ("azerbaijan", "process", "demand") in found


def test_learned_explain_names_the_model_and_its_top_features(learned):
    text = "Talks\n\nMoscow demanded that Kyiv pull its forces out of the Zaporizhzhia region.\n"
    doc = Document(id="t", text=text, path="t.txt", published=dt.date(2025, 6, 3))
    record, claims = learned.run_with_claims(doc)
    assert record.positions
    made = list(claims.of_kind("position"))
    assert all(c.provenance.stage == STAGE for c in made)
    rule = made[0].provenance.rule or ""
    assert rule.startswith(f"{bundled_model().name}: stance ")
    # probabilities print with two decimals: 0.97, or 1.00 once rounded
    assert re.search(r"stance [01]\.\d\d \(\S+ [+-]\d\.\d\d, ", rule), rule
    assert re.search(r"; holder [01]\.\d\d;", rule), rule
    assert re.search(r"; issue [01]\.\d\d \(", rule), rule
    assert "(ranked among the issues it names); party " in rule, rule
    assert re.search(r"; party [01]\.\d\d$", rule), rule
    assert isinstance(made[0].value, Position)
    assert 0 < (made[0].value.confidence or 0) <= 1


def test_learned_bundled_model_names_its_version_and_training_sets():
    model = bundled_model()
    assert model.name.startswith("peacetalks-learned-")
    assert {"train", "dev-multi", "dev"} <= set(model.meta["sets"])  # type: ignore[arg-type]


def test_learned_model_folder_without_model_json_is_refused(tmp_path):
    with pytest.raises(BadModel, match=r"it has no model\.json"):
        build_pipeline(model=tmp_path)


def test_learned_model_that_is_not_json_is_refused(tmp_path):
    (tmp_path / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BadModel, match="not a readable JSON file") as caught:
        load_model(tmp_path)
    assert str(tmp_path / "model.json") in str(caught.value)
    assert "peacetalks train" in str(caught.value)


def test_learned_model_of_another_format_is_refused(tmp_path):
    (tmp_path / "model.json").write_text(json.dumps({"format": "sklearn-pickle"}))
    with pytest.raises(BadModel, match="'sklearn-pickle', not 'peacetalks-model/1'"):
        load_model(tmp_path)


def test_learned_model_with_a_bad_weight_is_refused(tmp_path):
    value = bundled_model().to_json()
    value["holder"] = {"bias": 0.1, "weights": {"h_first": "__import__('os')"}}
    (tmp_path / "model.json").write_text(json.dumps(value))
    with pytest.raises(BadModel, match="a weight is not a number"):
        load_model(tmp_path)


def test_learned_linear_classifier_round_trips_and_ranks_features():
    model = BinaryLinear(-1.0, {"a": 2.0, "b": -0.5, "tiny": 0.001})
    again = BinaryLinear.from_json(json.loads(json.dumps(model.to_json())), "here")
    assert again.weights == {"a": 2.0, "b": -0.5}  # weights under SMALLEST are not saved
    assert again.probability(["a"]) == pytest.approx(1 / (1 + 2.718281828**-1.0), rel=1e-6)
    assert again.probability(["a"]) > again.probability([]) > again.probability(["b"])
    assert again.top_features(["b", "a", "unknown"], n=1) == [("a", 2.0)]


def test_learned_parser_missing_says_how_to_install_it_or_use_the_rules(monkeypatch):
    from peacetalks.extract import parser

    monkeypatch.setattr(parser, "PACKAGE", "no_such_parser_package")
    parser.english_parser.cache_clear()
    try:
        with pytest.raises(ParserMissing) as caught:
            parser.english_parser()
    finally:
        parser.english_parser.cache_clear()
    message = str(caught.value)
    assert "it is not installed" in message
    assert "pip install 'no-such-parser-package==3.8.0'" in message
    assert "--backend rules" in message


def test_learned_parser_with_changed_weights_is_refused(monkeypatch):
    from peacetalks.extract import parser

    weights = dict(parser.WEIGHTS, **{"parser/model": "0" * 64})
    monkeypatch.setattr(parser, "WEIGHTS", weights)
    parser.english_parser.cache_clear()
    try:
        with pytest.raises(ParserMissing, match="not the pinned release's 0000"):
            parser.english_parser()
    finally:
        parser.english_parser.cache_clear()


def test_learned_model_file_is_small_and_plain_json():
    folder = BUNDLED
    path = folder / "model.json"
    assert path.stat().st_size < 20_000_000
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "peacetalks-model/1"
    assert (folder / "config.toml").is_file()
    assert (folder / "scores.json").is_file()


def _silenced_model(tmp_path, rules: float):
    """The bundled model with stance models that never fire, keeping the rules' positions
    whose stance they give at least `rules`."""
    value = bundled_model().to_json()
    value["stance"] = {s: {"bias": -30.0, "weights": {}} for s in value["stance"]}
    value["thresholds"]["rules"] = rules
    (tmp_path / "model.json").write_text(json.dumps(value))
    return build_pipeline(model=tmp_path)


def test_learned_keeps_the_rules_positions_the_models_do_not_give(tmp_path):
    text = "Moscow demanded that Kyiv pull its forces out of the Zaporizhzhia region."
    record, claims = _silenced_model(tmp_path, 0.0).run_with_claims(
        Document(id="t", text=f"Talks\n\n{text}\n", path="t.txt", published=dt.date(2025, 6, 3))
    )
    assert ("russia", "territory", "demand") in _found(record, "Moscow demanded")
    kept = list(claims.of_kind("position"))
    assert kept
    assert all(c.provenance.stage == STAGE for c in kept)
    assert all((c.provenance.rule or "").startswith("rules: ") for c in kept)
    assert all("; kept by peacetalks-learned-" in (c.provenance.rule or "") for c in kept)


def test_learned_rules_positions_are_kept_only_above_the_threshold(tmp_path):
    text = "Moscow demanded that Kyiv pull its forces out of the Zaporizhzhia region."
    record = _record(_silenced_model(tmp_path, 0.5), text)
    assert record.positions == ()


def test_learned_models_without_the_rules_threshold_keep_their_own_positions_only(tmp_path):
    value = bundled_model().to_json()
    del value["thresholds"]["rules"]
    (tmp_path / "model.json").write_text(json.dumps(value))
    assert load_model(tmp_path).thresholds.rules > 1


def test_learned_bundled_model_carries_only_what_the_stage_decides():
    """Agreement and event classifiers are fitted to measure them (scores.json), not shipped."""
    model = bundled_model()
    assert model.agreement is None
    assert not model.event
    assert "agreement" not in model.to_json()


def test_learned_model_with_agreement_and_event_classifiers_still_loads(tmp_path):
    value = bundled_model().to_json()
    value["agreement"] = {"bias": -1.0, "weights": {"rules_agreement": 2.5}}
    value["agreement_issue"] = {"ceasefire": {"bias": 0.0, "weights": {}}}
    value["event"] = {"meeting": {"bias": -2.0, "weights": {"date=week": 1.0}}}
    (tmp_path / "model.json").write_text(json.dumps(value))
    model = load_model(tmp_path)
    assert model.agreement is not None
    assert model.agreement.weights == {"rules_agreement": 2.5}
    assert set(model.event) == {"meeting"}
    assert load_model(tmp_path).to_json()["agreement_issue"] == value["agreement_issue"]


def test_learned_each_stance_of_a_sentence_keeps_the_issues_of_its_own_clause(learned):
    record = _record(
        learned,
        "Kyiv sought a full ceasefire and the return of all prisoners of war, and it ruled out "
        "any limits on the size of its army.",
    )
    found = _found(record, "Kyiv sought")
    assert {("ukraine", "ceasefire", "demand"), ("ukraine", "military_limits", "reject")} <= found
    assert ("ukraine", "military_limits", "demand") not in found  # the refusal's, not asked


def test_learned_a_cue_in_the_list_of_what_was_asked_cuts_nothing(learned):
    record = _record(
        learned,
        "Washington asked Kyiv to give up territory, reduce its army and agree to stay out of "
        "NATO.",
    )
    assert ("united-states", "alliances", "demand") in _found(record, "Washington asked")


def _reading(text: str):
    """The learned stage's reading of a short document (as extraction builds it)."""
    from peacetalks.extract.learned import rule_claims
    from peacetalks.extract.reading import read_document
    from peacetalks.extract.registry import load_registry
    from peacetalks.learn.train import base_pipeline

    doc = Document(id="t", text=f"Talks\n\n{text.strip()}\n", path="t.txt")
    found = base_pipeline().find_claims(doc)
    return read_document(doc, found, rule_claims(doc, found), load_registry(), dated=False)


def test_learned_party_units_set_a_side_at_the_table_apart_from_a_host():
    from peacetalks.extract.reading import party_units

    reading = _reading(
        "Russia and Ukraine met in Istanbul on Monday, hosted by Turkey. "
        "Russia demanded that Ukraine withdraw from four regions. "
        "Ukraine rejected the demand and called for a ceasefire. "
        "Russia said it would hand over the bodies of 6,000 soldiers."
    )
    units = dict(party_units(reading))
    assert {"russia", "ukraine", "turkey"} <= set(units)
    assert "rank=0" in units["russia"]
    assert "sentences<=4" in units["russia"]
    assert "sentences<=1" in units["turkey"]
    assert any(f.startswith("path=") for f in units["ukraine"])
    assert not any(f.startswith("path=") for f in units["turkey"])
    assert "rules_positions<=0" in units["turkey"]


def test_learned_party_model_drops_the_positions_of_an_unlikely_holder(tmp_path):
    text = "Moscow demanded that Kyiv pull its forces out of the Zaporizhzhia region."
    value = bundled_model().to_json()
    # A party model that takes Russia (the document's most named party) for no holder at all.
    value["party"] = {"bias": 0.0, "weights": {"rank=0": -30.0}}
    value["thresholds"]["party"] = 0.5
    (tmp_path / "model.json").write_text(json.dumps(value))
    record, claims = build_pipeline(model=tmp_path).run_with_claims(
        Document(id="t", text=f"Talks\n\n{text}\n", path="t.txt", published=dt.date(2025, 6, 3))
    )
    assert not any(p.holder == "russia" for p in record.positions)
    assert all("; party " in (c.provenance.rule or "") for c in claims.of_kind("position"))
    bundled = _found(_record(build_pipeline(), text), "Moscow demanded")
    assert ("russia", "territory", "demand") in bundled  # the bundled model keeps it


def test_learned_models_without_a_party_model_keep_every_holder(tmp_path):
    value = bundled_model().to_json()
    del value["party"]
    del value["thresholds"]["party"]
    (tmp_path / "model.json").write_text(json.dumps(value))
    model = load_model(tmp_path)
    assert model.party is None
    assert model.thresholds.party == 0.0
    assert bundled_model().party is not None
    assert bundled_model().thresholds.party > 0


def test_learned_a_holder_no_sentence_names_keeps_its_positions():
    """The party model scores the parties a document names; a holder it never saw as a unit
    (named nowhere in the sentences) is not dropped for it."""
    import dataclasses

    from peacetalks.extract.learned import _claim, _parties_kept
    from peacetalks.model import Span

    reading = _reading("Moscow demanded that Kyiv pull its forces out of the Zaporizhzhia region.")
    model = bundled_model()
    strict = dataclasses.replace(model, thresholds=dataclasses.replace(model.thresholds, party=1.0))
    span = Span(0, 5, "Talks")
    claims = [
        _claim(
            reading.doc,
            "position",
            Position(holder=h, issue="territory", stance="demand", summary="x", evidence=(span,)),
            span,
            "test",
        )
        for h in ("russia", "european-union")
    ]
    kept = _parties_kept(strict, reading, claims)
    assert [c.value.holder for c in kept] == ["european-union"]
    assert kept[0].provenance.rule == "test; party unnamed"
    assert len(_parties_kept(model, reading, claims)) == 2


def test_learned_holder_units_know_the_author_of_the_plan_a_sentence_speaks_of():
    from peacetalks.extract.reading import holder_units

    reading = _reading(
        "Egypt presented a three-stage plan to Hamas and Israel on Monday. "
        "Hamas said it would study it. "
        "Israel's cabinet met on Tuesday. "
        "Under the first stage, hostages would be freed within a week."
    )
    last = len(reading.sentences) - 1
    assert reading.sentences[last].plan_authors == ["egypt"]
    units = dict(holder_units(reading, last))
    # Egypt is named three sentences back, beyond the two sentences candidates come from,
    # and still a candidate holder: the author of the plan whose terms are spoken of.
    assert "egypt" in units
    assert "h_plan_author" in units["egypt"]
    assert "h_plan_author" not in units["israel"]
    named = next(i for i, s in enumerate(reading.sentences) if s.plan_owners)
    assert reading.sentences[named].text.startswith("Egypt presented")
    assert "h_owns_plan_here" in dict(holder_units(reading, named))["egypt"]
