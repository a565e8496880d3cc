"""peacetalks train: gold folders in, a model folder out, used by extract --model; the
cross-validation never trains on a process it scores; bad gold is named with its fix."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from peacetalks.batch import PipelineSpec
from peacetalks.cli import main
from peacetalks.demo import CORPUS
from peacetalks.demo import MANIFEST as DEMO_MANIFEST
from peacetalks.extract import build_pipeline
from peacetalks.extract.learned import (
    STAGE,
    LearnedModel,
    Thresholds,
    _ranked_issues,
    bundled_model,
    load_model,
)
from peacetalks.extract.reading import holder_candidates, issue_units, lead_in, read_document
from peacetalks.extract.registry import load_registry
from peacetalks.learn import GoldSet, read_sets, read_settings, settings_toml
from peacetalks.learn.crossval import _share_of_groups, folds
from peacetalks.learn.gold import BadGold
from peacetalks.learn.train import Settings, base_pipeline, fit, prepare
from peacetalks.model import Document
from tests.conftest import DATA, jsonl

GOLD = DATA / "gold"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained by the CLI on the sample corpus's gold, cross-validated in 3 folds."""
    folder = tmp_path_factory.mktemp("model")
    predictions = tmp_path_factory.mktemp("predictions")
    result = CliRunner().invoke(
        main,
        [
            "train",
            "--gold",
            str(GOLD),
            "--docs",
            str(CORPUS),
            "--manifest",
            str(DEMO_MANIFEST),
            "--crossval",
            "3",
            "--predictions",
            str(predictions),
            "--name",
            "test-model",
            "--version",
            "9.9.9",
            "-o",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.output
    return folder, predictions, result


def test_train_writes_model_config_and_crossvalidated_scores(trained):
    folder, _, result = trained
    assert {p.name for p in folder.iterdir()} == {"model.json", "config.toml", "scores.json"}
    model = load_model(folder)
    assert model.name == "test-model-9.9.9"
    assert model.meta["documents"] == len(list(GOLD.glob("*.json")))
    scores = json.loads((folder / "scores.json").read_text())
    assert scores["folds"] == 3
    assert scores["pooled"] == ["data"]  # the gold folder's parent names it
    assert 0 < scores["all"]["positions"]["f1"] <= 1
    assert "Cross-validated by process, 3 folds" in result.output
    assert read_settings(folder / "config.toml") == Settings()


def test_train_predictions_are_out_of_fold_records_for_the_scorer(trained):
    _, predictions, _ = trained
    records = jsonl((predictions / "data.jsonl").read_text())
    assert len(records) == len(list(GOLD.glob("*.json")))
    assert all(r["format"] == "peacetalks/1" for r in records)
    assert {r["document"]["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0] for r in records} == {
        p.stem for p in GOLD.glob("*.json")
    }


def test_train_then_extract_with_the_model(trained, tmp_path):
    folder, _, _ = trained
    doc = tmp_path / "note.txt"
    doc.write_text(
        "Talks resume\n\nRussia demanded that Ukraine withdraw its troops from the Donetsk "
        "region before any ceasefire.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["extract", str(doc), "--model", str(folder), "--published", "2025-06-03", "--explain"],
    )
    assert result.exit_code == 0, result.output
    (record,) = jsonl(result.stdout)
    assert record["positions"]
    for position in record["positions"]:
        (why,) = position["explain"]
        assert why["stage"] == STAGE
        assert why["rule"].startswith("test-model-9.9.9: stance ")


def test_train_model_travels_to_workers_as_text(trained):
    folder, _, _ = trained
    spec = PipelineSpec.from_files(None, model=folder)
    assert spec.model == (folder / "model.json").read_text(encoding="utf-8")
    pipeline = spec.build()  # as a Dask worker does, from the text alone
    text = "Talks\n\nRussia demanded that Ukraine withdraw its troops from Donetsk.\n"
    _, claims = pipeline.run_with_claims(Document(id="d", text=text, path="d.txt"))
    rules = {c.provenance.rule for c in claims.of_kind("position")}
    assert rules
    assert all(r and r.startswith("test-model-9.9.9:") for r in rules)


def test_train_model_does_not_go_with_the_rules_backend(trained, tmp_path):
    folder, _, _ = trained
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path), "--backend", "rules", "--model", str(folder)]
    )
    assert result.exit_code == 2
    assert "--model goes with the learned backend" in result.output


def test_train_extract_with_a_folder_that_is_no_model(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Russia demanded a ceasefire.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(note), "--model", str(tmp_path)])
    assert result.exit_code == 2
    assert f"Cannot use the model at {tmp_path}: it has no model.json" in result.output


def test_train_gold_without_its_document_names_the_fix(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(GOLD / "gaza-ceasefire-deal.json", gold)
    docs = tmp_path / "docs"
    docs.mkdir()
    result = CliRunner().invoke(
        main, ["train", "--gold", str(gold), "--docs", str(docs), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "no document named gaza-ceasefire-deal" in result.output
    assert "Give --gold a folder of peacetalks/1 JSON files" in result.output
    assert not (tmp_path / "m").exists()


def test_train_gold_that_is_not_json_names_the_file(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(BadGold, match="it is not readable JSON") as caught:
        read_sets([GoldSet(gold, CORPUS)])
    assert str(gold / "broken.json") in str(caught.value)


def test_train_same_name_in_two_gold_folders_is_refused(tmp_path):
    other = tmp_path / "gold"
    other.mkdir()
    shutil.copy(GOLD / "gaza-ceasefire-deal.json", other)
    with pytest.raises(BadGold, match="names must be unique"):
        read_sets([GoldSet(GOLD, CORPUS, DEMO_MANIFEST), GoldSet(other, CORPUS, DEMO_MANIFEST)])


def test_train_usage_errors(tmp_path):
    runner = CliRunner()
    twice = ["train", "--gold", str(GOLD), "--gold", str(GOLD), "--docs", str(CORPUS)]
    result = runner.invoke(main, [*twice, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "one --docs per --gold" in result.output
    base = ["train", "--gold", str(GOLD), "--docs", str(CORPUS), "-o", str(tmp_path)]
    result = runner.invoke(main, [*base, "--predictions", str(tmp_path / "p")])
    assert "--predictions needs --crossval" in result.output
    result = runner.invoke(main, [*base, "--not-scored", "elsewhere"])
    assert "--not-scored elsewhere: no such collection" in result.output


def test_train_settings_round_trip_through_config_toml(tmp_path):
    settings = Settings(c=0.5, class_weight=None, thresholds=Thresholds(stance=0.6))
    path = tmp_path / "config.toml"
    path.write_text(settings_toml(settings), encoding="utf-8")
    assert read_settings(path) == settings


def test_train_settings_with_class_weights_per_decision_round_trip(tmp_path):
    settings = Settings(class_weights={"issue_rank": None, "stance": "balanced"})
    path = tmp_path / "config.toml"
    path.write_text(settings_toml(settings), encoding="utf-8")
    assert "[training.class_weights]" in path.read_text(encoding="utf-8")
    assert read_settings(path) == settings
    assert settings.weight_of("issue_rank") is None
    assert settings.weight_of("pair") == "balanced"  # the [training] class_weight


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[training.class_weights]\nissue_ranks = "none"\n', "unknown decisions issue_ranks"),
        ('[training.class_weights]\nstance = "heavy"\n', "'heavy' is neither"),
        ('[training]\nclass_weight = "heavy"\n', "'heavy' is neither"),
    ],
)
def test_train_config_with_an_unknown_class_weight_is_refused(tmp_path, table, message):
    path = tmp_path / "config.toml"
    path.write_text(table, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["train", "--gold", str(GOLD), "--docs", str(CORPUS), "--config", str(path), "-o", "x"],
    )
    assert result.exit_code == 2
    assert message in result.output


def test_a_decisions_own_class_weight_changes_its_classifiers_alone():
    prepared = prepare(
        [example for _, example in read_sets([GoldSet(GOLD, CORPUS, DEMO_MANIFEST)])]
    )
    balanced = fit(prepared, Settings(), {}, kinds=("position",))
    unweighted = fit(prepared, Settings(class_weights={"issue_rank": None}), {}, kinds=())
    assert unweighted.issue_rank is not None
    assert balanced.issue_rank is not None
    # Unweighted, the rarer "yes" of the ranker starts lower than balanced weights put it.
    assert unweighted.issue_rank.bias < balanced.issue_rank.bias
    assert unweighted.stance == balanced.stance
    assert unweighted.pair == balanced.pair


def test_train_config_with_an_unknown_threshold_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[thresholds]\nstances = 0.5\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["train", "--gold", str(GOLD), "--docs", str(CORPUS), "--config", str(path), "-o", "x"],
    )
    assert result.exit_code == 2
    assert "unknown thresholds stances" in result.output


def test_train_folds_never_train_on_a_process_they_score():
    examples = [example for _, example in read_sets([GoldSet(GOLD, CORPUS, DEMO_MANIFEST)])]
    examples = [
        type(e)(e.name, e.doc, e.gold, "drc" if e.name.startswith("drc") else f"g{i % 4}")
        for i, e in enumerate(examples)
    ]
    prepared = prepare(examples)
    seen = []
    for train, test in folds(prepared, 3):
        assert not {prepared[i].example.group for i in train} & {
            prepared[i].example.group for i in test
        }
        seen += test
    assert sorted(seen) == list(range(len(prepared)))


def test_train_folds_are_dealt_by_scored_documents_only():
    """Documents trained on but never scored (training/shapes) go with their process and leave
    the folds of the scored ones as they were."""
    from types import SimpleNamespace

    def items(groups):
        return [SimpleNamespace(example=SimpleNamespace(group=g)) for g in groups]

    scored = ["a", "a", "a", "b", "b", "c", "c", "d"]
    alone = [sorted(scored[i] for i in test) for _train, test in folds(items(scored), 3)]
    extra = [*scored, "d", "d", "d", "c"]  # written documents of two processes
    flags = [True] * len(scored) + [False] * 4
    dealt = list(folds(items(extra), 3, flags))
    assert [sorted(extra[i] for i in test if flags[i]) for _train, test in dealt] == alone
    unweighted = [sorted(extra[i] for i in t if flags[i]) for _, t in folds(items(extra), 3)]
    assert unweighted != alone  # counted as documents, they would reshuffle the folds


def test_train_folds_drawn_from_a_seed_are_other_partitions_of_whole_processes():
    """bench/crossval_spread.py scores several partitions: each seed deals the processes in
    another order, every partition still holds each process out whole, and no seed gives
    the partition of `peacetalks train` (seed None) back unchanged for all seeds."""
    from types import SimpleNamespace

    groups = list("aabbbccddeeffgghhij")
    items = [SimpleNamespace(example=SimpleNamespace(group=g)) for g in groups]

    def partition(seed):
        dealt = list(folds(items, 4, seed=seed))
        for train, test in dealt:
            assert not {groups[i] for i in train} & {groups[i] for i in test}
        assert sorted(i for _train, test in dealt for i in test) == list(range(len(groups)))
        return sorted(tuple(sorted({groups[i] for i in test})) for _train, test in dealt)

    bundled = partition(None)
    assert partition(None) == bundled  # the default partition does not move
    assert partition(1) == partition(1)  # a seed gives the same partition each time
    assert {tuple(partition(seed)) for seed in range(1, 6)} - {tuple(bundled)}


def test_train_share_of_groups_keeps_whole_processes():
    """A learning curve trains each fold on a share of its processes, never on part of one."""
    import random
    from types import SimpleNamespace

    groups = list("aaabbcdddeffgh")
    items = [SimpleNamespace(example=SimpleNamespace(group=g)) for g in groups]
    indices = list(range(len(groups)))
    half = _share_of_groups(items, indices, 0.5, random.Random(3))
    kept = {groups[i] for i in half}
    assert len(kept) == 4  # half of the 8 processes
    assert half == [i for i in indices if groups[i] in kept]  # each kept process whole
    assert _share_of_groups(items, indices, 0.01, random.Random(3))  # at least one process
    assert _share_of_groups(items, indices, 1.0, random.Random(3)) == indices


def test_train_labels_list_items_under_their_lead_in():
    (pair,) = [
        p
        for p in read_sets([GoldSet(GOLD, CORPUS, DEMO_MANIFEST)])
        if p[1].name == "russian-memorandum-summary"
    ]
    (prepared,) = prepare([pair[1]])
    # Each demand of the memorandum's list is a labelled stance row of a list item.
    items = [s for s in prepared.reading.sentences if s.is_list_item]
    assert len(items) >= 10
    labelled = {frozenset(labels) for _features, labels in prepared.stance_rows}
    assert frozenset({"demand"}) in labelled


def test_reading_arrow_bullets_are_list_items_that_hang_from_their_lead_in():
    text = (
        "Terms\n\nThe Russian memorandum set out these conditions:\n"
        "\u2192 the withdrawal of Ukrainian forces from four regions;\n"
        "\u27a2 the lifting of sanctions;\n"
        "> a ban on foreign troops.\n\nAfter the list, a new paragraph.\n"
    )
    doc = Document(id="r", text=text, path="r.txt")
    found = base_pipeline().find_claims(doc)
    reading = read_document(doc, found, found.__class__(), load_registry())
    texts = [s.text for s in reading.sentences]
    items = [i for i, s in enumerate(reading.sentences) if s.is_list_item]
    assert [texts[i][:2] for i in items] == ["\u2192 ", "\u27a2 ", "> "]
    for i in items:
        lead = lead_in(reading, i)
        assert lead is not None
        assert lead.text.startswith("The Russian memorandum")
        assert "russia" in holder_candidates(reading, i)
    last = len(reading.sentences) - 1
    assert lead_in(reading, last) is None


SETTING = (
    "During the ceasefire talks in Doha, Hamas demanded the release of all Palestinian prisoners."
)


def _reading_of(text: str):
    doc = Document(id="i", text=f"Talks update\n\n{text}\n", path="i.txt", title="Talks update")
    found = base_pipeline().find_claims(doc)
    reading = read_document(doc, found, found.__class__(), load_registry())
    i = next(n for n, s in enumerate(reading.sentences) if "demanded" in s.text)
    return reading, i


def test_issue_units_tell_the_object_from_the_setting():
    reading, i = _reading_of(SETTING)
    units = dict(issue_units(reading, i))
    assert {"prisoners", "ceasefire"} <= set(units)
    assert "object" in units["prisoners"]
    assert "object" not in units["ceasefire"]
    assert "at=pobj:during" in units["ceasefire"]
    assert "issue=prisoners:object" in units["prisoners"]
    # The verb each hangs from, and how: what is demanded, or when.
    assert {"at=verb=demand", "at=via=dobj"} <= set(units["prisoners"])
    assert "at=via=prep:during" in units["ceasefire"]
    assert "at=via=dobj" not in units["ceasefire"]


def test_the_bundled_ranker_puts_what_is_demanded_before_where():
    reading, i = _reading_of(SETTING)
    ranked = _ranked_issues(bundled_model(), reading, i)
    assert ranked[0][0] == "prisoners"
    assert dict(ranked).get("ceasefire", 0.0) < ranked[0][1]


def test_a_model_without_an_issue_ranker_still_loads_and_decides(tmp_path):
    content = bundled_model().to_json()
    assert "issue_rank" in content
    del content["issue_rank"]
    (tmp_path / "model.json").write_text(json.dumps(content), encoding="utf-8")
    older = load_model(tmp_path)
    assert older.issue_rank is None
    reading, i = _reading_of(SETTING)
    assert _ranked_issues(older, reading, i) == []
    record = build_pipeline(model=tmp_path).run(reading.doc)
    assert any(p.issue == "prisoners" for p in record.positions)
    again = LearnedModel.from_json(bundled_model().to_json(), "bundled")
    assert again.issue_rank == bundled_model().issue_rank


def test_prepare_sets_keeps_each_example_s_collection_and_whether_it_is_scored():
    from peacetalks.learn import GoldSet, prepare_sets
    from tests.conftest import ROOT

    shapes = ROOT / "training" / "shapes"
    unscored = GoldSet(
        shapes / "gold", shapes / "docs", shapes / "manifest.csv", shapes / "processes.csv", False
    )
    data = prepare_sets([unscored])
    assert data.prepared
    assert data.names == ["shapes"] * len(data.prepared)
    assert data.scored == [False] * len(data.prepared)
    assert data.pooled() == []
    assert data.of("shapes") == data.prepared
    assert data.of("train") == []


def test_missing_bundled_folders_names_each_absent_gold_and_docs_folder(tmp_path):
    from peacetalks.learn import missing_bundled_folders

    eval_dir = tmp_path / "eval"
    for name in ("train", "dev-multi", "dev"):
        for part in ("gold", "docs"):
            (eval_dir / name / part).mkdir(parents=True)
    assert missing_bundled_folders(eval_dir) == []
    (eval_dir / "dev-multi" / "docs").rmdir()
    assert missing_bundled_folders(eval_dir) == [str(eval_dir / "dev-multi" / "docs")]


def test_bundled_sets_follow_the_recipe(tmp_path):
    """The collections training/train-bundled.sh names, in its order: three scored eval sets
    (train's processes beside it, the others' in training/) and the written shapes, never
    scored."""
    from peacetalks.learn import bundled_sets

    training = tmp_path / "training"
    sets = bundled_sets(tmp_path / "eval", training)
    assert [(s.name, s.scored) for s in sets] == [
        ("train", True),
        ("dev-multi", True),
        ("dev", True),
        ("shapes", False),
    ]
    assert [s.groups for s in sets] == [
        tmp_path / "eval" / "train" / "processes.csv",
        training / "dev-multi-processes.csv",
        training / "dev-processes.csv",
        training / "shapes" / "processes.csv",
    ]
