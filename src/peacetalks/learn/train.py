"""Training the learned extractor from gold records: units, labels, logistic regressions.

Each decision's units are built by the same code the extractor runs (`extract/reading.py`);
labels come from the gold records by evidence overlap (positions, agreements) or by key
(events). scikit-learn fits the classifiers; only their weights are kept, as JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peacetalks.extract import build_pipeline
from peacetalks.extract.learned import LearnedModel, Thresholds, rule_claims
from peacetalks.extract.linear import BinaryLinear
from peacetalks.extract.reading import (
    Reading,
    agreement_features,
    event_units,
    holder_units,
    issue_features,
    issue_units,
    pair_units,
    party_units,
    read_document,
    stance_features,
)
from peacetalks.extract.registry import load_registry
from peacetalks.learn.gold import Example, spans_of
from peacetalks.model import EVENT_TYPES, ISSUES, STANCES, ClaimSet
from peacetalks.pipeline import Pipeline

BASE_STAGES = ("boilerplate", "paragraphs", "sentences", "actors", "dates")


@dataclass(slots=True)
class Prepared:
    """An example read as the extractor reads it, with the gold labels of its units."""

    example: Example
    reading: Reading
    rules: ClaimSet
    stance_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    holder_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    pair_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    issue_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    issue_rank_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    agreement_rows: list[tuple[list[str], bool]] = field(default_factory=list)
    agreement_issue_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    event_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)
    party_rows: list[tuple[list[str], set[str]]] = field(default_factory=list)


def base_pipeline() -> Pipeline:
    """The stages before the learned one (segments, actors, dates)."""
    full = build_pipeline()
    stages = tuple(s for s in full.stages if s.name.split(".")[1] in BASE_STAGES)
    return Pipeline(stages)


def prepare(
    examples: Iterable[Example], *, progress: Callable[[], None] | None = None
) -> list[Prepared]:
    """Read every example and label its units."""
    pipeline = base_pipeline()
    registry = load_registry()
    prepared = []
    for example in examples:
        found = pipeline.find_claims(example.doc)
        rules = rule_claims(example.doc, found)
        reading = read_document(example.doc, found, rules, registry)
        item = Prepared(example, reading, rules)
        _label(item)
        prepared.append(item)
        if progress is not None:
            progress()
    return prepared


def _overlapping(reading: Reading, spans: list[tuple[int, int]]) -> set[int]:
    """Sentences that hold most of an evidence span, or that an evidence span mostly covers."""
    found = set()
    for i, sentence in enumerate(reading.sentences):
        s, e = sentence.span.start, sentence.span.end
        for start, end in spans:
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and overlap >= 0.5 * min(e - s, end - start):
                found.add(i)
    return found


def _label(item: Prepared) -> None:
    gold, reading = item.example.gold, item.reading
    doc = item.example.doc
    holding: dict[int, set[tuple[str, str]]] = {}
    issues_at: dict[int, set[str]] = {}
    for position in gold.get("positions", []):
        for i in _overlapping(reading, list(spans_of(doc, position.get("evidence", [])))):
            holding.setdefault(i, set()).add((position["holder"], position["stance"]))
            issues_at.setdefault(i, set()).add(position["issue"])
    for i, sentence in enumerate(reading.sentences):
        if sentence.parsed is None:
            continue
        held = holding.get(i, set())
        item.stance_rows.append((stance_features(reading, i), {stance for _, stance in held}))
        if held:
            holders = {who for who, _ in held}
            for holder, features in holder_units(reading, i):
                item.holder_rows.append((features, {"yes"} if holder in holders else set()))
            stances = {stance for _, stance in held} | {c[0] for c in sentence.cue_spans}
            for holder, stance, features in pair_units(reading, i, sorted(stances)):
                item.pair_rows.append((features, {"yes"} if (holder, stance) in held else set()))
    holders = {position["holder"] for position in gold.get("positions", [])}
    for party, features in party_units(reading):
        item.party_rows.append((features, {"yes"} if party in holders else set()))
    for i, issues in issues_at.items():
        if reading.sentences[i].parsed is not None:
            previous = reading.sentences[i - 1] if i else None
            item.issue_rows.append((issue_features(reading.sentences[i], previous), issues))
            for issue, features in issue_units(reading, i):
                item.issue_rank_rows.append((features, {"yes"} if issue in issues else set()))
    agreed: dict[int, set[str]] = {}
    for agreement in gold.get("agreements", []):
        for i in _overlapping(reading, list(spans_of(doc, agreement.get("evidence", [])))):
            agreed.setdefault(i, set()).add(agreement["issue"])
    for i, sentence in enumerate(reading.sentences):
        if sentence.parsed is None:
            continue
        item.agreement_rows.append((agreement_features(reading, i), i in agreed))
        if i in agreed:
            previous = reading.sentences[i - 1] if i else None
            item.agreement_issue_rows.append((issue_features(sentence, previous), agreed[i]))
    events = {(e.get("type"), e.get("date")) for e in gold.get("events", [])}
    for unit in event_units(reading):
        kinds: set[str] = {kind for kind in EVENT_TYPES if (kind, unit.start.isoformat()) in events}
        item.event_rows.append((unit.features, kinds))


# The decisions a model trains a classifier (or one per label) for.
DECISIONS = (
    "stance",
    "holder",
    "pair",
    "issue",
    "issue_rank",
    "agreement",
    "agreement_issue",
    "event",
    "party",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Training settings (the `[training]` table of a model's config.toml)."""

    c: float = 1.0
    class_weight: str | None = "balanced"
    min_count: int = 1  # a feature on fewer training units than this is not used
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Per decision, another class weight than `class_weight` ("balanced" or None).
    class_weights: Mapping[str, str | None] = field(default_factory=dict)

    def weight_of(self, decision: str) -> str | None:
        """The class weight the classifiers of `decision` train with."""
        return self.class_weights.get(decision, self.class_weight)


def fit(
    prepared: Sequence[Prepared],
    settings: Settings,
    meta: dict[str, Any],
    kinds: Sequence[str] = ("position", "agreement", "event"),
) -> LearnedModel:
    """A model trained on the prepared examples, with classifiers for the `kinds` (positions'
    are always fitted)."""
    stance_rows = [row for p in prepared for row in p.stance_rows]
    holder_rows = [row for p in prepared for row in p.holder_rows]
    pair_rows = [row for p in prepared for row in p.pair_rows]
    issue_rows = [row for p in prepared for row in p.issue_rows]
    issue_rank_rows = [row for p in prepared for row in p.issue_rank_rows]
    agreement_rows = [(f, {"yes"} if y else set()) for p in prepared for f, y in p.agreement_rows]
    agreement_issue_rows = [row for p in prepared for row in p.agreement_issue_rows]
    event_rows = [row for p in prepared for row in p.event_rows]
    party_rows = [row for p in prepared for row in p.party_rows]
    agreed = "agreement" in kinds
    return LearnedModel(
        stance=_fit_labels(stance_rows, STANCES, settings, "stance"),
        holder=_fit_labels(holder_rows, ("yes",), settings, "holder")["yes"],
        pair=_fit_labels(pair_rows, ("yes",), settings, "pair")["yes"],
        issue=_fit_labels(issue_rows, ISSUES, settings, "issue"),
        issue_rank=_fit_labels(issue_rank_rows, ("yes",), settings, "issue_rank")["yes"],
        agreement=(
            _fit_labels(agreement_rows, ("yes",), settings, "agreement")["yes"] if agreed else None
        ),
        agreement_issue=(
            _fit_labels(agreement_issue_rows, ISSUES, settings, "agreement_issue") if agreed else {}
        ),
        event=(_fit_labels(event_rows, EVENT_TYPES, settings, "event") if "event" in kinds else {}),
        party=_fit_labels(party_rows, ("yes",), settings, "party")["yes"],
        thresholds=settings.thresholds,
        meta={**meta, "trained": dt.date.today().isoformat(), "documents": len(prepared)},
    )


def _fit_labels(
    rows: list[tuple[list[str], set[str]]],
    labels: Sequence[str],
    settings: Settings,
    decision: str,
) -> dict[str, BinaryLinear]:
    """One logistic regression per label over the rows' features (a label never seen: bias
    only), with the class weight of `decision`."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for features, _ in rows for f in set(features))
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    pointers = [0]
    for features, _ in rows:
        columns = {
            vocabulary.setdefault(f, len(vocabulary))
            for f in features
            if counts[f] >= settings.min_count
        }
        indices.extend(sorted(columns))
        pointers.append(len(indices))
    matrix = csr_matrix(
        ([1.0] * len(indices), indices, pointers), shape=(len(rows), max(1, len(vocabulary)))
    )
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    models = {}
    for label in labels:
        y = [label in wanted for _, wanted in rows]
        if not any(y) or all(y):
            models[label] = BinaryLinear(-10.0 if not any(y) else 10.0, {})
            continue
        classifier = LogisticRegression(
            C=settings.c,
            class_weight=settings.weight_of(decision),
            solver="liblinear",
            max_iter=200,
            random_state=0,  # liblinear shuffles: the same gold gives the same model
        )
        classifier.fit(matrix, y)
        weights = {name: float(w) for name, w in zip(names, classifier.coef_[0], strict=True) if w}
        models[label] = BinaryLinear(float(classifier.intercept_[0]), weights)
    return models
