"""The learned extractor: decisions of linear models over the parse, the rules' items as features.

The rules stages run first (their items are features and candidates); then trained models
decide which stances each sentence reports, which party holds them and which issues the
sentence is about. A model also holds classifiers for joint agreements and dated events;
cross-validation by process does not yet show them better than the rules (docs/learned.md), so
the default pipeline keeps the rules' agreements, events and figures and `decide` can report
all kinds for `peacetalks train --crossval`. A model folder is written by `peacetalks train`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

from spacy.tokens import Token

from peacetalks.extract.agreement_terms import terms_of
from peacetalks.extract.agreements import find_agreements
from peacetalks.extract.issues import find_issue_cues
from peacetalks.extract.linear import BadModel, BinaryLinear, read_json
from peacetalks.extract.meetings import find_events
from peacetalks.extract.positions import find_positions
from peacetalks.extract.quantities import find_figures
from peacetalks.extract.reading import (
    Reading,
    Sentence,
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
from peacetalks.extract.registry import Registry, load_registry
from peacetalks.extract.summaries import governed_phrase, readable_summary, tags_in
from peacetalks.model import (
    ISSUES,
    Agreement,
    Claim,
    ClaimSet,
    Document,
    Event,
    EventType,
    Issue,
    Position,
    Precision,
    Provenance,
    Stance,
)
from peacetalks.pipeline import FunctionStage, stage

_T = TypeVar("_T")
STAGE = "peacetalks.positions.learned.v1"
FORMAT = "peacetalks-model/1"
BUNDLED = Path(__file__).with_name("models") / "peacetalks-learned"
RULE_STAGES = (find_events, find_figures, find_agreements, find_positions)
# What the learned stage itself emits; the rest stays with the rules stages before it.
DECIDED = ("position",)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds, tuned by cross-validation when the model is trained."""

    stance: float = 0.5
    holder: float = 0.5
    issue: float = 0.3
    agreement: float = 0.5
    agreement_issue: float = 0.35
    event: float = 0.5
    # A second holder or issue is kept only when its probability is at least this share of the
    # best one's: two parties of a coordinated subject score alike, a mere object scores lower.
    holder_ratio: float = 0.8
    issue_ratio: float = 0.0
    issue_rank: float = 0.5
    # A position the rules stage finds and the models do not give is kept when the stance
    # model gives the rules' stance at least this probability in its sentence: two experts
    # that miss different things (above 1: the models' positions alone, as before it existed).
    rules: float = 2.0
    # A position is kept only when the party model gives its holder at least this probability
    # of holding any position in the document (0: every holder, as before it existed).
    party: float = 0.0


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """The classifiers of every learned decision, with their thresholds and provenance."""

    stance: Mapping[str, BinaryLinear]
    holder: BinaryLinear
    issue: Mapping[str, BinaryLinear]
    # Joint agreements and dated events: fitted by cross-validation to measure them, not used
    # by the learned stage (DECIDED), so a shipped model may leave them out (None, empty).
    agreement: BinaryLinear | None = None
    agreement_issue: Mapping[str, BinaryLinear] = field(default_factory=dict)
    event: Mapping[str, BinaryLinear] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: Mapping[str, object] = field(default_factory=dict)
    # Ranks the issues a sentence names (reading.issue_units); None in models trained before
    # it existed, which decide issues with the per-issue classifiers alone.
    issue_rank: BinaryLinear | None = None
    # Decides (holder, stance) pairs (reading.pair_units); None in models trained before it
    # existed, which give every stance of a sentence the same holders.
    pair: BinaryLinear | None = None
    # Decides which parties hold any position in the document (reading.party_units); None in
    # models trained before it existed, which keep every holder.
    party: BinaryLinear | None = None

    @property
    def name(self) -> str:
        """The model's name and version, as --explain shows it."""
        return f"{self.meta.get('name', 'peacetalks-learned')}-{self.meta.get('version', '?')}"

    def to_json(self) -> dict[str, object]:
        """The model file's content."""

        def group(models: Mapping[str, BinaryLinear]) -> dict[str, object]:
            return {label: m.to_json() for label, m in sorted(models.items())}

        content: dict[str, object] = {
            "format": FORMAT,
            "meta": dict(self.meta),
            "thresholds": asdict(self.thresholds),
            "stance": group(self.stance),
            "holder": self.holder.to_json(),
            "issue": group(self.issue),
        }
        if self.agreement is not None:
            content["agreement"] = self.agreement.to_json()
            content["agreement_issue"] = group(self.agreement_issue)
        if self.event:
            content["event"] = group(self.event)
        if self.issue_rank is not None:
            content["issue_rank"] = self.issue_rank.to_json()
        if self.pair is not None:
            content["pair"] = self.pair.to_json()
        if self.party is not None:
            content["party"] = self.party.to_json()
        return content

    @classmethod
    def from_json(cls, value: Mapping[str, object], where: str) -> LearnedModel:
        """A model from its file's content, checked."""
        if value.get("format") != FORMAT:
            raise BadModel(where, f"its format is {value.get('format')!r}, not {FORMAT!r}")

        def group(key: str, *, optional: bool = False) -> dict[str, BinaryLinear]:
            models = value.get(key)
            if optional and models is None:
                return {}
            if not isinstance(models, dict):
                raise BadModel(where, f"it has no {key!r} classifiers")
            return {str(k): BinaryLinear.from_json(m, where) for k, m in models.items()}

        thresholds = value.get("thresholds") or {}
        if not isinstance(thresholds, dict):
            raise BadModel(where, "'thresholds' is not an object")
        meta = value.get("meta") or {}
        return cls(
            stance=group("stance"),
            holder=BinaryLinear.from_json(value.get("holder"), where),
            issue=group("issue"),
            agreement=(
                BinaryLinear.from_json(value["agreement"], where) if "agreement" in value else None
            ),
            agreement_issue=group("agreement_issue", optional="agreement" not in value),
            event=group("event", optional=True),
            thresholds=Thresholds(**{k: float(v) for k, v in thresholds.items()}),
            meta=meta if isinstance(meta, dict) else {},
            issue_rank=(
                BinaryLinear.from_json(value["issue_rank"], where)
                if "issue_rank" in value
                else None
            ),
            pair=BinaryLinear.from_json(value["pair"], where) if "pair" in value else None,
            party=BinaryLinear.from_json(value["party"], where) if "party" in value else None,
        )


def load_model(folder: Path) -> LearnedModel:
    """The model saved in `folder` (its model.json)."""
    path = folder / "model.json"
    if not path.is_file():
        raise BadModel(str(folder), "it has no model.json")
    return LearnedModel.from_json(read_json(path), str(path))


def save_model(model: LearnedModel, folder: Path) -> Path:
    """Write the model to `folder`/model.json; returns the file."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "model.json"
    path.write_text(json.dumps(model.to_json(), separators=(",", ":")), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def bundled_model() -> LearnedModel:
    """The model shipped with peacetalks, loaded once per process."""
    return load_model(BUNDLED)


def rule_claims(doc: Document, found: ClaimSet) -> ClaimSet:
    """What the rules stages read in `doc` (features of the learned decisions); stages whose
    kind `found` already holds are not run again."""
    rules = found
    for step in RULE_STAGES:
        if not step.provides & rules.kinds():
            rules = rules.plus(step(doc, rules))
    return ClaimSet(c for c in rules if c.kind in ("event", "figure", "agreement", "position"))


def make_learned_stage(
    model: LearnedModel | None = None, registry: Registry | None = None
) -> FunctionStage:
    """The learned stage with a given model (None: the bundled one, loaded at first use)."""

    def find_learned(doc: Document, found: ClaimSet) -> list[Claim]:
        """Positions decided by the learned models over the parse and the rules' items."""
        chosen = model if model is not None else bundled_model()
        rules = rule_claims(doc, found)
        reading = read_document(
            doc, found, rules, registry or load_registry(), dated="event" in DECIDED
        )
        return decide(chosen, reading, rules, DECIDED)

    return stage(
        STAGE,
        requires={"sentence", "mention", "actor", "date", "event", "agreement"},
        provides=set(DECIDED),
    )(find_learned)


find_learned = make_learned_stage()


def decide(
    model: LearnedModel,
    reading: Reading,
    rules: ClaimSet,
    kinds: Sequence[str] = ("position", "agreement", "event"),
) -> list[Claim]:
    """The `kinds` as the models decide them (only those are computed); the stage asks for
    DECIDED, cross-validation for more."""
    claims: list[Claim] = []
    if "position" in kinds:
        features: dict[int, list[str]] = {}  # each sentence's stance features, read once
        positions = _positions(model, reading, features)
        positions += _rules_kept(model, reading, rules, positions, features)
        claims += _parties_kept(model, reading, positions)
    if "agreement" in kinds and model.agreement is not None:
        claims += _agreements(model, reading)
    if "event" in kinds and model.event:
        claims += _events(model, reading, rules)
    return claims


def _positions(model: LearnedModel, reading: Reading, read: dict[int, list[str]]) -> list[Claim]:
    """Per sentence: the stances it reports, the parties holding them, the issues it is about;
    each sentence's stance features are left in `read`."""
    doc = reading.doc
    claims: list[Claim] = []
    th = model.thresholds
    for i, sentence in enumerate(reading.sentences):
        if sentence.parsed is None:
            continue
        features = read[i] = stance_features(reading, i)
        stances = [
            (stance, p, classifier)
            for stance, classifier in model.stance.items()
            for p in [classifier.probability(features)]
            if p >= th.stance
        ]
        if not stances:
            continue
        holders_of = _holders_by_stance(model, reading, i, [s for s, _, _ in stances])
        previous = reading.sentences[i - 1] if i else None
        issues = _ranked_issues(model, reading, i)
        decider = "ranked among the issues it names"
        if not issues:
            issues = _issues(model.issue, issue_features(sentence, previous), th)
            decider = "per-issue models"
        for stance, p, classifier in stances:
            why = ", ".join(f"{f} {w:+.2f}" for f, w in classifier.top_features(features))
            scoped = _in_scope(sentence, stance, issues)
            for holder, h in holders_of[stance]:
                for issue, q in scoped:
                    summary = readable_summary(
                        [
                            _summary(sentence.positions, holder, issue),
                            _governed(sentence, stance, issue),
                            sentence.text,
                        ],
                        issue,
                        tags=tags_in(sentence.parsed),
                    )
                    position = Position(
                        holder=holder,
                        issue=issue,
                        stance=cast(Stance, stance),
                        summary=summary,
                        evidence=(sentence.span,),
                        as_of=_as_of(sentence.positions, issue) or doc.published,
                        confidence=round(p * h * q, 3),
                    )
                    rule = (
                        f"{model.name}: stance {p:.2f} ({why}); holder {h:.2f}; "
                        f"issue {q:.2f} ({decider})"
                    )
                    claims.append(_claim(doc, "position", position, sentence.span, rule))
    return claims


def _rules_kept(
    model: LearnedModel,
    reading: Reading,
    rules: ClaimSet,
    decided: list[Claim],
    features: dict[int, list[str]],
) -> list[Claim]:
    """The rules' positions the models did not give, where the stance model gives the rules'
    stance at least `thresholds.rules` in the sentence they come from (each of their
    evidence sentences is kept: the record joins them into one position)."""
    threshold = model.thresholds.rules
    if threshold > 1:
        return []
    given = {_key(cast(Position, c.value)) for c in decided if c.kind == "position"}
    starts = [s.span.start for s in reading.sentences]
    kept = []
    for claim in rules.of_kind("position"):
        position = cast(Position, claim.value)
        if _key(position) in given:
            continue
        i = bisect_right(starts, claim.provenance.span.start) - 1
        classifier = model.stance.get(position.stance)
        if i < 0 or reading.sentences[i].parsed is None or classifier is None:
            continue
        if i not in features:
            features[i] = stance_features(reading, i)
        p = classifier.probability(features[i])
        if p < threshold:
            continue
        why = claim.provenance.rule or "positions"
        rule = f"rules: {why}; kept by {model.name}: stance {p:.2f}"
        position = replace(position, confidence=round(p, 3))
        kept.append(_claim(reading.doc, "position", position, claim.provenance.span, rule))
    return kept


def _parties_kept(model: LearnedModel, reading: Reading, positions: list[Claim]) -> list[Claim]:
    """The positions whose holder the party model takes for one who holds positions in this
    document at all (`thresholds.party`), each rule naming that probability."""
    if model.party is None or not positions:
        return positions
    party = model.party
    likely = {holder: party.probability(f) for holder, f in party_units(reading)}
    kept = []
    for claim in positions:
        holder = cast(Position, claim.value).holder
        p = likely.get(holder)
        if p is not None and p < model.thresholds.party:
            continue
        # A holder no sentence names (the rules' reading of a title, say) is no unit the
        # party model was trained on: it keeps its positions.
        shown = "unnamed" if p is None else f"{p:.2f}"
        rule = f"{claim.provenance.rule}; party {shown}"
        kept.append(replace(claim, provenance=replace(claim.provenance, rule=rule)))
    return kept


def _key(position: Position) -> tuple[str, str, str]:
    return (position.holder, position.issue, position.stance)


def _holders_by_stance(
    model: LearnedModel, reading: Reading, i: int, stances: list[str]
) -> dict[str, list[tuple[str, float]]]:
    """For each stance of sentence i, the parties taking it: the geometric mean of the holder
    model's and the pair model's probabilities, or for models without a pair model the same
    holders for every stance."""
    th = model.thresholds
    if model.pair is None:
        holders = _holders(model.holder, reading, i, th.holder, th.holder_ratio)
        return dict.fromkeys(stances, holders)
    # A product of experts: is this party a holder here at all, and of this stance.
    units = holder_units(reading, i)
    alone = {holder: model.holder.probability(f) for holder, f in units}
    scored: dict[str, list[tuple[str, float]]] = {stance: [] for stance in stances}
    for holder, stance, features in pair_units(reading, i, stances, units):
        q = (model.pair.probability(features) * alone[holder]) ** 0.5
        scored[stance].append((holder, q))
    return {stance: _best(pairs, th.holder, th.holder_ratio) for stance, pairs in scored.items()}


def _holders(
    classifier: BinaryLinear, reading: Reading, i: int, threshold: float, ratio: float
) -> list[tuple[str, float]]:
    """The candidates above the threshold and near the best, else the single most likely."""
    scored = [(holder, classifier.probability(f)) for holder, f in holder_units(reading, i)]
    return _best(scored, threshold, ratio)


def _issues(
    models: Mapping[str, BinaryLinear],
    features: list[str],
    th: Thresholds,
    threshold: float | None = None,
) -> list[tuple[Issue, float]]:
    """The issues above the threshold and near the best, else the single best one."""
    scored = [(cast(Issue, issue), m.probability(features)) for issue, m in models.items()]
    return _best(scored, th.issue if threshold is None else threshold, th.issue_ratio)


def _ranked_issues(model: LearnedModel, reading: Reading, i: int) -> list[tuple[Issue, float]]:
    """The issues the sentence names, ranked (empty when it names none: the per-issue
    classifiers decide then)."""
    if model.issue_rank is None:
        return []
    rank = model.issue_rank
    scored = [(cast(Issue, issue), rank.probability(f)) for issue, f in issue_units(reading, i)]
    return _best(scored, model.thresholds.issue_rank, model.thresholds.issue_ratio)


def _best(scored: list[tuple[_T, float]], threshold: float, ratio: float) -> list[tuple[_T, float]]:
    ranked = sorted(scored, key=lambda pair: -pair[1])
    if not ranked:
        return []
    floor = max(threshold, ranked[0][1] * ratio)
    return [pair for pair in ranked if pair[1] >= floor] or ranked[:1]


def _in_scope(
    sentence: Sentence, stance: str, issues: list[tuple[Issue, float]]
) -> list[tuple[Issue, float]]:
    """The issues a stance of the sentence is about. A sentence with cues of several stances
    ("It sought a ceasefire and a swap of prisoners, and it ruled out any limits on its army")
    is cut where one stance's cue gives way to another's, and each stance reaches over its own
    parts: an issue the sentence names only outside them is another stance's. Only a cue with
    a subject of its own cuts, and none inside an earlier cue's object ("asked Ukraine to ...
    agree to stay out of NATO": what was asked includes NATO). Issues the sentence does not
    name (from its lead-in or the sentence before), or a stance whose parts name none of the
    issues, keep the sentence's issues."""
    if sentence.parsed is None:
        return issues
    cues = sorted((start, end, cue_stance) for cue_stance, start, end in sentence.cue_spans)
    if len({cue_stance for _s, _e, cue_stance in cues}) < 2:
        return issues
    roots = [_cue_root(sentence, start, end) for start, end, _stance in cues]
    cuts: list[tuple[int, str]] = [(0, cues[0][2])]
    for n, (start, _end, cue_stance) in enumerate(cues[1:], 1):
        if (
            cue_stance == cuts[-1][1]
            or not _has_subject(roots[n])
            or any(_inside(roots[n], roots[m]) for m in range(n) if cues[m][2] != cue_stance)
        ):
            continue
        cuts.append((start, cue_stance))
    ends = [at for at, _stance in cuts[1:]] + [len(sentence.text)]
    reach = [(at, end) for (at, run), end in zip(cuts, ends, strict=True) if run == stance]
    if not reach:
        return issues
    named: dict[Issue, list[int]] = {}
    for hit in find_issue_cues(sentence.text):
        named.setdefault(hit.issue, []).append(hit.start)
    kept = [
        (issue, q)
        for issue, q in issues
        if issue not in named or any(a <= at < b for at in named[issue] for a, b in reach)
    ]
    return kept if any(issue in named for issue, _q in kept) else issues


def _cue_root(sentence: Sentence, start: int, end: int) -> Token | None:
    """The head word of a cue in the sentence's parse."""
    assert sentence.parsed is not None
    span = sentence.parsed.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _has_subject(token: Token | None) -> bool:
    """Whether a cue opens a clause of its own ("and it ruled out"), not one more verb of the
    same list ("to give up territory, reduce its military and agree to ...")."""
    if token is None:
        return False
    return any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children)


def _inside(token: Token | None, head: Token | None) -> bool:
    """Whether `token` stands in the object or complement of `head`, not merely in a clause
    joined to it ("sought ..., and it ruled out ...": a conjunct is no part of the seeking)."""
    if token is None or head is None or token == head:
        return False
    child = token
    while child.head != child:
        if child.head == head:
            return child.dep_ not in ("conj", "cc", "parataxis")
        child = child.head
    return False


def _governed(sentence: Sentence, stance: str, issue: Issue) -> str | None:
    """What the sentence's cue of this stance governs, the part naming the issue first."""
    if sentence.parsed is None:
        return None
    hits = [(h.start, h.end) for h in find_issue_cues(sentence.text) if h.issue == issue]
    for cue_stance, start, end in sentence.cue_spans:
        if cue_stance == stance:
            found = governed_phrase(sentence.parsed, start, end, hits)
            if found:
                return found
    return None


def _summary(positions: list[Position], holder: str, issue: Issue) -> str | None:
    for position in positions:
        if position.issue == issue and position.holder == holder:
            return position.summary
    for position in positions:
        if position.issue == issue:
            return position.summary
    return None


def _as_of(positions: list[Position], issue: Issue) -> dt.date | None:
    return next((p.as_of for p in positions if p.issue == issue and p.as_of), None)


def _agreements(model: LearnedModel, reading: Reading) -> list[Claim]:
    doc = reading.doc
    claims: list[Claim] = []
    assert model.agreement is not None  # decide() asks only a model that has it
    for i, sentence in enumerate(reading.sentences):
        if sentence.parsed is None:
            continue
        features = agreement_features(reading, i)
        p = model.agreement.probability(features)
        if p < model.thresholds.agreement:
            continue
        previous = reading.sentences[i - 1] if i else None
        for issue, q in _issues(
            model.agreement_issue,
            issue_features(sentence, previous),
            model.thresholds,
            model.thresholds.agreement_issue,
        ):
            known = next((a for a in sentence.agreements if a.issue == issue), None)
            parties = (
                known.parties if known else tuple(dict.fromkeys(p.party for p in sentence.parties))
            )
            agreement = Agreement(
                parties=parties,
                issue=issue,
                summary=(known.summary if known else sentence.text.strip())[:200],
                status=known.status if known else "agreed",
                evidence=(sentence.span,),
                terms=known.terms if known else terms_of(sentence.text, issue),
                date=known.date if known else None,
            )
            rule = f"{model.name} agreement {p:.2f} issue {q:.2f}"
            claims.append(_claim(doc, "agreement", agreement, sentence.span, rule))
    return claims


def _events(model: LearnedModel, reading: Reading, rules: ClaimSet) -> list[Claim]:
    doc = reading.doc
    known = {
        (cast(Event, c.value).type, cast(Event, c.value).date): c for c in rules.of_kind("event")
    }
    claims: list[Claim] = []
    seen: set[tuple[str, dt.date]] = set()
    for unit in event_units(reading):
        sentence = reading.sentences[unit.index]
        for kind, classifier in model.event.items():
            p = classifier.probability(unit.features)
            key = (kind, unit.start)
            if p < model.thresholds.event or key in seen:
                continue
            seen.add(key)
            rule = f"{model.name} event {p:.2f}"
            if key in known:
                claims.append(_claim(doc, "event", known[key].value, sentence.span, rule))
                continue
            event = Event(
                type=cast(EventType, kind),
                date=unit.start,
                end_date=unit.end if unit.end != unit.start else None,
                date_precision=cast(Precision, unit.precision),
                evidence=(sentence.span,),
                participants=tuple(dict.fromkeys(p.party for p in sentence.parties)),
            )
            claims.append(_claim(doc, "event", event, sentence.span, rule))
    return claims


def _claim(doc: Document, kind: str, value: object, span: object, rule: str) -> Claim:
    return Claim(
        kind=kind,  # type: ignore[arg-type]  # one of the four kinds this stage provides
        value=value,  # type: ignore[arg-type]
        provenance=Provenance(doc.id, span, STAGE, rule=rule),  # type: ignore[arg-type]
    )


__all__ = ["ISSUES", "LearnedModel", "load_model", "make_learned_stage", "save_model"]
