"""Training the learned extractor: folders of gold records in, a model folder out.

`peacetalks train` calls `train` and `write_model_folder`. A model folder follows spaCy's
example: the weights (model.json), the settings that made them (config.toml), and beside them
the cross-validated scores (scores.json) when training was asked to measure itself.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from peacetalks import __version__
from peacetalks.errors import BadValue
from peacetalks.extract.learned import DECIDED, LearnedModel, Thresholds, save_model
from peacetalks.learn.crossval import cross_validate, score_records
from peacetalks.learn.gold import BadGold, Example, read_examples
from peacetalks.learn.train import DECISIONS, Prepared, Settings, fit, prepare
from peacetalks.model import Record
from peacetalks.model.format import record_to_dict

LEARNABLE = ("position", "agreement", "event")


@dataclass(frozen=True, slots=True)
class GoldSet:
    """One annotated collection: gold records, the documents they annotate, their metadata."""

    gold: Path
    docs: Path
    manifest: Path | None = None
    groups: Path | None = None  # CSV path,process: cross-validation holds processes out
    scored: bool = True  # False: in the folds' training, left out of the pooled score

    @property
    def name(self) -> str:
        """The collection's name: its folder's (the gold folder's parent, e.g. 'train')."""
        parent = self.gold.resolve().parent
        return parent.name if self.gold.name == "gold" else self.gold.name


@dataclass(slots=True)
class Trained:
    """A trained model and, when cross-validation ran, what it measured."""

    model: LearnedModel
    settings: Settings
    sets: tuple[GoldSet, ...]
    scores: dict[str, Any] | None = None  # {"all": {...}, "<set>": {...}}, per kind
    predictions: dict[str, list[Record]] = field(default_factory=dict)  # out-of-fold, per set


def bundled_sets(eval_dir: Path, training: Path) -> list[GoldSet]:
    """The collections training/train-bundled.sh trains the bundled model on: train, dev-multi
    and dev of the eval folder `eval_dir` (train's processes beside it, the other two's in
    `training`), and the documents written for the project in `training`/shapes, trained on and
    never scored. For the tests and benchmarks that measure that recipe."""
    groups = {
        "train": eval_dir / "train" / "processes.csv",
        "dev-multi": training / "dev-multi-processes.csv",
        "dev": training / "dev-processes.csv",
    }
    sets = [
        GoldSet(
            eval_dir / name / "gold",
            eval_dir / name / "docs",
            eval_dir / name / "manifest.csv",
            processes,
        )
        for name, processes in groups.items()
    ]
    shapes = training / "shapes"
    written = GoldSet(
        shapes / "gold", shapes / "docs", shapes / "manifest.csv", shapes / "processes.csv", False
    )
    return [*sets, written]


@dataclass(frozen=True, slots=True)
class PreparedSets:
    """Every example of some collections read and labelled (`prepare`), with the name of the
    collection each came from and whether it is scored: what a cross-validation over them
    needs."""

    prepared: list[Prepared]
    scored: list[bool]
    names: list[str]

    def pooled(self) -> list[Prepared]:
        """The scored examples."""
        return [p for p, flag in zip(self.prepared, self.scored, strict=True) if flag]

    def of(self, name: str) -> list[Prepared]:
        """The examples of one collection."""
        return [p for p, n in zip(self.prepared, self.names, strict=True) if n == name]


def prepare_sets(sets: Sequence[GoldSet]) -> PreparedSets:
    """Read and label every example of `sets` (names unique across them)."""
    pairs = read_sets(sets)
    return PreparedSets(
        prepare(example for _, example in pairs),
        [gold_set.scored for gold_set, _ in pairs],
        [gold_set.name for gold_set, _ in pairs],
    )


BUNDLED_SCORED = ("train", "dev-multi", "dev")


def missing_bundled_folders(eval_dir: Path) -> list[str]:
    """The gold and docs folders of `bundled_sets`'s scored collections that `eval_dir` lacks
    (empty when it has them all), for a clear message before any work starts."""
    return [
        str(eval_dir / name / part)
        for name in BUNDLED_SCORED
        for part in ("gold", "docs")
        if not (eval_dir / name / part).is_dir()
    ]


def read_sets(sets: Sequence[GoldSet]) -> list[tuple[GoldSet, Example]]:
    """Every example of every set, names unique across sets."""
    examples: list[tuple[GoldSet, Example]] = []
    seen: dict[str, GoldSet] = {}
    for gold_set in sets:
        for example in read_examples(
            gold_set.gold, gold_set.docs, manifest=gold_set.manifest, groups=gold_set.groups
        ):
            if example.name in seen:
                raise BadGold(
                    str(gold_set.gold),
                    f"{example.name}.json is also in {seen[example.name].gold}; names must be "
                    "unique across --gold folders",
                )
            seen[example.name] = gold_set
            examples.append((gold_set, example))
    return examples


def train(
    sets: Sequence[GoldSet],
    settings: Settings | None = None,
    *,
    crossval: int = 0,
    name: str = "peacetalks-learned",
    version: str = "0.0.0",
    progress: Callable[[str], None] | None = None,
) -> Trained:
    """A model trained on every example of `sets`; with `crossval` k >= 2, also its scores
    cross-validated in k folds of whole groups (peace processes)."""
    settings = settings or Settings()
    say = progress or (lambda _message: None)
    pairs = read_sets(sets)
    say(f"read {len(pairs)} annotated documents from {len(sets)} folder(s)")
    prepared = prepare(example for _, example in pairs)
    say("parsed and labelled them")
    meta = {
        "name": name,
        "version": version,
        "peacetalks_version": __version__,
        "sets": [s.name for s in sets],
    }
    model = fit(prepared, settings, meta, kinds=DECIDED)  # what the learned stage decides
    trained = Trained(model, settings, tuple(sets))
    if crossval >= 2:
        groups = {p.example.group for p in prepared}
        if len(groups) < 2:
            raise BadValue(
                "--crossval", str(crossval), "at least two groups (processes) in the gold"
            )
        flags = [s.scored for s, _ in pairs]
        records = cross_validate(prepared, settings, k=crossval, progress=say, scored=flags)
        trained.scores = _scores(sets, pairs, prepared, records, crossval)
        # The model's own agreement and event classifiers, which the default pipeline leaves
        # to the rules while they score lower: measured, so that the choice stays honest.
        learned = cross_validate(prepared, settings, k=crossval, kinds=LEARNABLE, scored=flags)
        scored = [p for (s, _), p in zip(pairs, prepared, strict=True) if s.scored]
        trained.scores["learned-agreements-events"] = {
            kind: score_records(scored, learned)[kind] for kind in ("agreements", "events")
        }
        for gold_set, example in pairs:
            trained.predictions.setdefault(gold_set.name, []).append(records[example.name])
    return trained


def _scores(
    sets: Sequence[GoldSet],
    pairs: Sequence[tuple[GoldSet, Example]],
    prepared: Sequence[Prepared],
    records: dict[str, Record],
    k: int,
) -> dict[str, Any]:
    by_name = {p.example.name: p for p in prepared}
    pooled = [by_name[e.name] for s, e in pairs if s.scored]
    scores: dict[str, Any] = {
        "folds": k,
        "all": score_records(pooled, records),
        "pooled": [s.name for s in sets if s.scored],
    }
    for gold_set in sets:
        members = [by_name[e.name] for s, e in pairs if s is gold_set]
        scores[gold_set.name] = score_records(members, records)
    return scores


def write_model_folder(trained: Trained, folder: Path) -> list[Path]:
    """model.json, config.toml and (after cross-validation) scores.json; returns the files."""
    written = [save_model(trained.model, folder)]
    config = folder / "config.toml"
    config.write_text(settings_toml(trained.settings, trained.sets), encoding="utf-8")
    written.append(config)
    if trained.scores is not None:
        scores = folder / "scores.json"
        scores.write_text(json.dumps(trained.scores, indent=2) + "\n", encoding="utf-8")
        written.append(scores)
    return written


def write_predictions(trained: Trained, folder: Path) -> list[Path]:
    """The out-of-fold records of each set as `<set>.jsonl` (for score.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for set_name, records in trained.predictions.items():
        path = folder / f"{set_name}.jsonl"
        lines = (json.dumps(record_to_dict(r), ensure_ascii=False) for r in records)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def settings_toml(settings: Settings, sets: Sequence[GoldSet] = ()) -> str:
    """The `[training]` and `[thresholds]` tables of a model's config.toml."""
    lines = ["# Written by 'peacetalks train'; give it back with --config to train the same way."]
    lines.append("[training]")
    lines.append(f"c = {settings.c}")
    lines.append(f'class_weight = "{settings.class_weight or "none"}"')
    lines.append(f"min_count = {settings.min_count}")
    if sets:
        lines.append("gold = [" + ", ".join(f'"{s.name}"' for s in sets) + "]")
    if settings.class_weights:
        lines.append("")
        lines.append("[training.class_weights]")
        for decision, weight in sorted(settings.class_weights.items()):
            lines.append(f'{decision} = "{weight or "none"}"')
    lines.append("")
    lines.append("[thresholds]")
    for item in fields(Thresholds):
        lines.append(f"{item.name} = {getattr(settings.thresholds, item.name)}")
    return "\n".join(lines) + "\n"


def _class_weight(value: object) -> str | None:
    if value not in ("balanced", "none"):
        raise ValueError(f'class weight {value!r} is neither "balanced" nor "none"')
    return None if value == "none" else "balanced"


def _class_weights(table: object) -> dict[str, str | None]:
    """`[training.class_weights]`: a class weight per decision, overriding `class_weight`."""
    if not isinstance(table, dict):
        raise ValueError("[training.class_weights] is not a table")
    unknown = set(table) - set(DECISIONS)
    if unknown:
        raise ValueError(
            f"class_weights for unknown decisions {', '.join(sorted(unknown))} "
            f"(known: {', '.join(DECISIONS)})"
        )
    return {decision: _class_weight(weight) for decision, weight in table.items()}


def read_settings(path: Path) -> Settings:
    """The settings of a config.toml (as `settings_toml` writes it)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        training = config.get("training", {})
        weight = str(training.get("class_weight", "balanced"))
        names = {item.name for item in fields(Thresholds)}
        given = config.get("thresholds", {})
        unknown = set(given) - names
        if unknown:
            raise ValueError(f"unknown thresholds {', '.join(sorted(unknown))}")
        return Settings(
            c=float(training.get("c", Settings().c)),
            class_weight=_class_weight(weight),
            min_count=int(training.get("min_count", Settings().min_count)),
            thresholds=Thresholds(**{k: float(v) for k, v in given.items()}),
            class_weights=_class_weights(training.get("class_weights", {})),
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, TypeError) as err:
        raise BadValue(
            "--config", str(path), f"a TOML file with [training] and [thresholds] ({err})"
        ) from err


__all__ = [
    "BUNDLED_SCORED",
    "GoldSet",
    "PreparedSets",
    "Settings",
    "Trained",
    "bundled_sets",
    "missing_bundled_folders",
    "prepare_sets",
    "read_sets",
    "read_settings",
    "settings_toml",
    "train",
    "write_model_folder",
    "write_predictions",
]
