"""A model's answer read into claims: quotes grounded, ids mapped to the registry, values checked.

Nothing the model says is stored as it said it. Evidence offsets come from grounding; a
holder, party or participant becomes a registry id when the registry knows the name (a
person's side when the model named a person); an issue, stance, measure or status outside
the spec's lists refuses the item; a date after the publication date is refused where the
item must have happened by then. Each refusal is counted by its reason.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from peacetalks.errors import BadValue
from peacetalks.extract.people import slug
from peacetalks.extract.registry import Registry
from peacetalks.llm.grounding import FoldedText, Grounded, find_quote, fold
from peacetalks.model import (
    Agreement,
    Claim,
    ClaimKind,
    Document,
    Event,
    Figure,
    Position,
    Provenance,
    Span,
)
from peacetalks.model.format import ItemKind, item_from_dict

ITEM_CLAIMS: dict[ItemKind, ClaimKind] = {
    "events": "event",
    "positions": "position",
    "agreements": "agreement",
    "figures": "figure",
}
QUOTE_MISSING = "quote not in the text"
ADDRESSED = "quote from text addressed to a model"
# Text that speaks to a model instead of reporting the talks (an injection): a quote from it
# is no evidence, whatever it claims.
_TO_A_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|prompts?)\b|"
    r"\b(?:ignore|disregard)\s+(?:all\s+|everything\s+)?(?:the\s+)?above\b|"
    r"\bsystem prompt\b|\b(?:language model|AI model|AI assistant|automated reader|chatbot)s?\b",
    re.IGNORECASE,
)
_SENTENCE_EDGE = re.compile(r"[.!?\n]")
# Events that must have happened by the time of writing; meetings may be scheduled ahead.
_PAST_EVENTS = frozenset({"call", "exchange", "military_action"})
_SCHEDULED_AHEAD = dt.timedelta(days=366)


@dataclass(slots=True)
class Tally:
    """What grounding kept and dropped over a run, shared by threads."""

    kept: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    grounded: Counter[str] = field(default_factory=Counter)  # exact / folded / fuzzy quotes
    new_actors: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, other: Tally) -> None:
        """Add another tally (one document's) to this one."""
        with self._lock:
            self.kept.update(other.kept)
            self.dropped.update(other.dropped)
            self.grounded.update(other.grounded)
            self.new_actors |= other.new_actors


class ActorNames:
    """Registry ids by every name, alias, demonym and metonym (folded)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.by_name: dict[str, str] = {}
        for entry in registry.entries.values():
            for name, _form in entry.names():
                self.by_name.setdefault(fold(name), entry.id)

    def resolve(self, name: str) -> str | None:
        """The registry id of a name or id the model wrote, or None when it is unknown."""
        if self.registry.get(name) is not None:
            return name
        found = self.by_name.get(fold(name))
        if found is not None:
            return found
        as_slug = slug(name)
        return as_slug if self.registry.get(as_slug) is not None else None

    def party(self, actor_id: str) -> str:
        """The side an actor acts for: a registry person's party, else the actor itself."""
        entry = self.registry.get(actor_id)
        if entry is not None and entry.type == "person" and entry.party:
            return entry.party
        return actor_id


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerContext:
    """What reading one answer needs: the document, its folded text, where the part starts."""

    doc: Document
    folded: FoldedText
    names: ActorNames
    kinds: frozenset[str]
    stage: str
    rule: str
    near: int = 0  # the part's first character: a repeated quote is taken from the part


def read_answer(answer: Mapping[str, Any], context: AnswerContext) -> tuple[list[Claim], Tally]:
    """The claims of one answer (one document or part of it), and what was dropped and why."""
    tally = Tally()
    aliases, actor_claims = _read_actors(answer.get("actors"), context, tally)
    claims = list(actor_claims)
    for kind, claim_kind in ITEM_CLAIMS.items():
        if kind not in context.kinds:
            continue
        for raw in _list(answer.get(kind)):
            item = _read_item(kind, raw, context, aliases, tally)
            if item is None:
                continue
            value, how = item
            tally.kept[kind] += 1
            rule = f"{context.rule}; quote {how}"
            span = value.evidence[0]
            claims.append(
                Claim(
                    kind=claim_kind,
                    value=value,
                    provenance=Provenance(context.doc.id, span, context.stage, rule),
                )
            )
    return claims, tally


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _read_actors(
    raw: object, context: AnswerContext, tally: Tally
) -> tuple[dict[str, str], list[Claim]]:
    """The answer's actors mapped to registry ids (ids the model used -> ours), as claims."""
    aliases: dict[str, str] = {}
    claims: list[Claim] = []
    for found in _list(raw):
        if not isinstance(found, Mapping) or not found.get("id") or not found.get("name"):
            tally.dropped["actor without an id or name"] += 1
            continue
        names = [str(found["name"]), *(str(m) for m in _list(found.get("mentions")))]
        mentions = tuple(dict.fromkeys(n for n in names if _named(n, context.folded)))
        if not mentions:
            tally.dropped["actor not named in the text"] += 1
            continue
        model_id = str(found["id"])
        known = next(
            (r for r in map(context.names.resolve, [model_id, *names]) if r is not None), None
        )
        actor_id = known or slug(model_id) or slug(str(found["name"]))
        aliases[model_id] = actor_id
        try:
            # The record's own reader checks the type against the spec's list.
            actor = item_from_dict(
                "actors",
                {
                    "id": actor_id,
                    "name": str(found["name"]),
                    "type": found.get("type"),
                    "party": _party(found.get("party"), context, aliases),
                    "roles": [str(r) for r in _list(found.get("roles"))],
                    "mentions": list(mentions),
                },
            )
        except BadValue as err:
            tally.dropped[_reason(err)] += 1
            continue
        rule = context.rule if known else f"{context.rule}; not in the registry"
        if not known:
            tally.new_actors.add(actor_id)
        tally.kept["actors"] += 1
        where = find_quote(mentions[0], context.folded, near=context.near)
        span = where.span if where is not None else context.doc.span(0, 0)
        provenance = Provenance(context.doc.id, span, context.stage, rule)
        claims.append(Claim(kind="actor", value=actor, provenance=provenance))
    return aliases, claims


def _named(name: str, folded: FoldedText) -> bool:
    wanted = fold(name)
    return len(wanted) >= 2 and wanted in folded.folded


def _party(value: object, context: AnswerContext, aliases: Mapping[str, str]) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return _actor_id(value, context, aliases)


def _actor_id(value: str, context: AnswerContext, aliases: Mapping[str, str]) -> str:
    mapped = aliases.get(value)
    if mapped is not None:
        return mapped
    return context.names.resolve(value) or slug(value)


def _parties(values: object, context: AnswerContext, aliases: Mapping[str, str]) -> list[str]:
    """Ids of the sides named: people stand for their side, each side once."""
    out: list[str] = []
    for value in _list(values):
        if isinstance(value, str) and value.strip():
            party = context.names.party(_actor_id(value, context, aliases))
            if party and party not in out:
                out.append(party)
    return out


def _read_item(
    kind: ItemKind,
    raw: object,
    context: AnswerContext,
    aliases: Mapping[str, str],
    tally: Tally,
) -> tuple[Event | Position | Agreement | Figure, str] | None:
    if not isinstance(raw, Mapping):
        tally.dropped[f"{kind[:-1]} not an object"] += 1
        return None
    found = [_ground(q, context) for q in _quotes(raw.get("evidence"))]
    grounded = [g for g in found if g is not None]
    if not grounded:
        tally.dropped[QUOTE_MISSING] += 1
        return None
    grounded = [g for g in grounded if not _addresses_a_model(g.span, context.doc.text)]
    if not grounded:
        tally.dropped[ADDRESSED] += 1
        return None
    for g in grounded:
        tally.grounded[g.how] += 1
    spans = tuple(dict.fromkeys(g.span for g in grounded))
    obj = {**raw, "evidence": [{"start": s.start, "end": s.end, "text": s.text} for s in spans]}
    try:
        obj = _with_ids(kind, obj, context, aliases)
        obj = _with_dates(kind, obj, context.doc.published)
        item = item_from_dict(kind, obj)
    except BadValue as err:
        tally.dropped[_reason(err)] += 1
        return None
    except (KeyError, TypeError, ValueError) as err:
        tally.dropped[f"{kind[:-1]} with a missing or malformed field ({err})"] += 1
        return None
    if isinstance(item, Position) and not item.holder:
        tally.dropped["position without a holder"] += 1
        return None
    worst = max((g.how for g in grounded), key=("exact", "folded", "fuzzy").index)
    return cast(Event | Position | Agreement | Figure, item), worst


def _addresses_a_model(span: Span, text: str) -> bool:
    """Whether the sentence around a span speaks to a model (an injection, not a report)."""
    before = [m.end() for m in _SENTENCE_EDGE.finditer(text, max(0, span.start - 300), span.start)]
    start = before[-1] if before else max(0, span.start - 300)
    after = _SENTENCE_EDGE.search(text, max(span.start, span.end - 1))
    end = after.end() if after else len(text)
    return bool(_TO_A_MODEL.search(text, start, end))


def _quotes(evidence: object) -> Iterable[str]:
    if isinstance(evidence, str):
        yield evidence
        return
    for entry in _list(evidence):
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, Mapping) and isinstance(entry.get("text"), str):
            yield entry["text"]


def _ground(quote: str, context: AnswerContext) -> Grounded | None:
    return find_quote(quote, context.folded, near=context.near)


def _with_ids(
    kind: ItemKind, obj: dict[str, Any], context: AnswerContext, aliases: Mapping[str, str]
) -> dict[str, Any]:
    if kind == "positions":
        holders = _parties([obj.get("holder")], context, aliases)
        addressee = _parties([obj.get("addressee")], context, aliases)
        return {
            **obj,
            "holder": holders[0] if holders else "",
            "addressee": addressee[0] if addressee else None,
            "targets": [slug(str(t)) for t in _list(obj.get("targets")) if slug(str(t))],
        }
    if kind == "agreements":
        return {**obj, "parties": _parties(obj.get("parties"), context, aliases)}
    if kind == "events":
        return {
            **obj,
            **{
                k: _parties(obj.get(k), context, aliases)
                for k in ("participants", "hosts", "mediators")
            },
        }
    return obj


def _with_dates(kind: ItemKind, obj: dict[str, Any], published: dt.date | None) -> dict[str, Any]:
    """Dates read as ISO (a bare month or year gives its precision) and checked in time."""
    if kind == "events":
        date, precision = _iso(obj.get("date"))
        if date is None:
            raise BadValue("event date", str(obj.get("date")), "a date the text gives")
        end, _ = _iso(obj.get("end_date"))
        if published is not None:
            ahead = date - published
            if ahead > _SCHEDULED_AHEAD or (ahead.days > 0 and obj.get("type") in _PAST_EVENTS):
                raise BadValue("event date", date.isoformat(), "a date by the publication date")
        return {
            **obj,
            "date": date.isoformat(),
            "end_date": end.isoformat() if end is not None and end >= date else None,
            "date_precision": obj.get("date_precision") or precision,
        }
    key = {"positions": "as_of", "agreements": "date"}.get(kind)
    if key is None:
        return obj
    date, _ = _iso(obj.get(key))
    if date is not None and published is not None and date > published:
        date = None  # a position held or a deal made after the report is a misreading
    return {**obj, key: date.isoformat() if date is not None else None}


def _iso(value: object) -> tuple[dt.date | None, str | None]:
    if not isinstance(value, str) or not value.strip():
        return None, None
    text = value.strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1), "year"
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01"), "month"
        return dt.date.fromisoformat(text[:10]), "day"
    except ValueError as err:
        raise BadValue("date", text, "YYYY-MM-DD") from err


def _reason(err: BadValue) -> str:
    """The refusal's reason without the offending value, so that reasons count together."""
    return f"{err.what} refused"


def merge_claims(claims: Iterable[Claim]) -> list[Claim]:
    """Claims of overlapping parts made one: the same item from the same quote is kept once,
    and the same position, agreement or figure quoted in two places keeps both quotes."""
    merged: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        key = _identity(claim)
        seen = merged.get(key)
        if seen is None:
            merged[key] = claim
            continue
        if claim.kind == "actor":
            continue  # assemble_record merges actors by id
        evidence = tuple(dict.fromkeys((*_evidence(seen), *_evidence(claim))))
        item = cast(Event | Position | Agreement | Figure, seen.value)
        merged[key] = replace(seen, value=replace(item, evidence=evidence))
    return list(merged.values())


def _evidence(claim: Claim) -> tuple[Span, ...]:
    return cast(tuple[Span, ...], getattr(claim.value, "evidence", ()))


def _identity(claim: Claim) -> tuple[object, ...]:
    value = claim.value
    if isinstance(value, Position):
        return ("position", value.holder, value.issue, value.stance, value.summary.lower())
    if isinstance(value, Agreement):
        return ("agreement", value.issue, value.parties, value.terms, value.summary.lower())
    if isinstance(value, Figure):
        return ("figure", value.issue, value.measure, value.value, _evidence(claim)[:1])
    if isinstance(value, Event):
        return ("event", value.type, value.date, _evidence(claim)[:1])
    return (claim.kind, id(claim))
