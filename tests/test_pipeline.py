"""The pipeline: configuration resolves stage names, and a bad order is refused before running."""

from __future__ import annotations

import pytest

from peacetalks.errors import BadPipeline, BadValue, UnknownStage
from peacetalks.extract import BUILTIN_STAGES, build_pipeline, stage_registry
from peacetalks.model import Claim, ClaimSet, Document, Provenance, Segment
from peacetalks.pipeline import Pipeline, stage


def test_pipeline_backends_share_every_stage_but_the_one_deciding_positions():
    learned = [s.name for s in build_pipeline().stages]
    rules = [s.name for s in build_pipeline(backend="rules").stages]
    assert learned[-1] == "peacetalks.positions.learned.v1"
    assert rules[-1] == "peacetalks.positions.v1"
    assert learned[:-1] == rules[:-1]
    assert set(learned) | set(rules) == {s.name for s in BUILTIN_STAGES}


def test_pipeline_unknown_backend_names_the_choices():
    with pytest.raises(BadValue, match="learned, rules"):
        build_pipeline(backend="neural")


def test_pipeline_unknown_stage_suggests_the_close_name(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text('[pipeline]\nstages = ["peacetalks.paragraph.v1"]\n')
    with pytest.raises(UnknownStage) as caught:
        build_pipeline(config)
    message = str(caught.value)
    assert "Did you mean 'peacetalks.paragraphs.v1'?" in message
    assert "Known stages:" in message
    assert str(config) in message


def test_pipeline_refuses_stage_before_what_it_requires(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text(
        '[pipeline]\nstages = ["peacetalks.sentences.v1", "peacetalks.paragraphs.v1"]\n'
    )
    with pytest.raises(BadPipeline, match="requires paragraph"):
        build_pipeline(config)


def test_pipeline_refuses_config_without_stage_list(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text("[other]\n")
    with pytest.raises(BadPipeline, match="no \\[pipeline\\] stages"):
        build_pipeline(config)


def test_pipeline_runs_a_custom_stage_after_builtin_ones():
    @stage("test.shouting.v1", requires={"sentence"}, provides={"paragraph"})
    def find_shouting(doc: Document, found: ClaimSet) -> list[Claim]:
        return [
            Claim(kind="paragraph", value=Segment(span=c.provenance.span), provenance=c.provenance)
            for c in found.of_kind("sentence")
            if c.provenance.span.text.isupper()
        ]

    registry = stage_registry()
    pipeline = Pipeline(
        (registry["peacetalks.paragraphs.v1"], registry["peacetalks.sentences.v1"], find_shouting)
    )
    doc = Document(id="d", text="Calm words here.\n\nSTOP THE WAR.")
    found = pipeline.find_claims(doc)
    shouted = [
        c
        for c in found
        if c.provenance == Provenance("d", doc.span(18, 31), "peacetalks.sentences.v1")
    ]
    assert [c.kind for c in shouted] == ["sentence", "paragraph"]


def test_pipeline_fingerprint_changes_with_stages():
    registry = stage_registry()
    one = Pipeline((registry["peacetalks.paragraphs.v1"],))
    two = Pipeline((registry["peacetalks.paragraphs.v1"], registry["peacetalks.sentences.v1"]))
    assert one.fingerprint != two.fingerprint
