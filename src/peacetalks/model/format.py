"""Conversion between record objects and peacetalks/1 JSON dicts, both ways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar, cast

from peacetalks.errors import BadValue
from peacetalks.model.record import (
    ACTOR_TYPES,
    AGREEMENT_STATUSES,
    DEAL_STAGES,
    DOCUMENT_KINDS,
    EVENT_TYPES,
    FORMAT,
    ISSUES,
    MEASURES,
    PRECISIONS,
    STANCES,
    Actor,
    Agreement,
    Deal,
    Document,
    Event,
    Figure,
    Position,
    Record,
    RecordItem,
    Span,
    Terms,
)

JSON = dict[str, Any]
ItemKind = Literal["actors", "events", "positions", "agreements", "figures"]
ITEM_KINDS: tuple[ItemKind, ...] = ("actors", "events", "positions", "agreements", "figures")
_L = TypeVar("_L", bound=str)


def record_to_dict(record: Record) -> JSON:
    """The record as a peacetalks/1 JSON object (key order as in spec/RECORD.md)."""
    return {
        "format": FORMAT,
        "document": document_to_dict(record.document),
        "actors": [item_to_dict(a) for a in record.actors],
        "events": [item_to_dict(e) for e in record.events],
        "positions": [item_to_dict(p) for p in record.positions],
        "agreements": [item_to_dict(a) for a in record.agreements],
        "figures": [item_to_dict(f) for f in record.figures],
    }


def document_to_dict(doc: Document) -> JSON:
    """The `document` member of a record (the clean text is not part of the format)."""
    return {
        "id": doc.id,
        "path": doc.path,
        "url": doc.url,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": _iso(doc.published),
        "kind": doc.kind,
    }


def item_to_dict(item: RecordItem) -> JSON:
    """One actor, event, position, agreement or figure as JSON."""
    if isinstance(item, Actor):
        return {
            "id": item.id,
            "name": item.name,
            "type": item.type,
            "party": item.party,
            "roles": list(item.roles),
            "mentions": list(item.mentions),
        }
    if isinstance(item, Event):
        return {
            "type": item.type,
            "date": _iso(item.date),
            "end_date": _iso(item.end_date),
            "date_precision": item.date_precision,
            "place": item.place,
            "venue": item.venue,
            "round": item.round,
            "participants": list(item.participants),
            "hosts": list(item.hosts),
            "mediators": list(item.mediators),
            "duration_minutes": item.duration_minutes,
            "evidence": _spans_to_list(item.evidence),
        }
    if isinstance(item, Position):
        out: JSON = {
            "holder": item.holder,
            "issue": item.issue,
            "stance": item.stance,
            "summary": item.summary,
            "targets": list(item.targets),
            "addressee": item.addressee,
            "as_of": _iso(item.as_of),
            "evidence": _spans_to_list(item.evidence),
        }
        if item.confidence is not None:
            out["confidence"] = item.confidence
        return out
    if isinstance(item, Agreement):
        agreement: JSON = {
            "parties": list(item.parties),
            "issue": item.issue,
            "summary": item.summary,
            "terms": {
                "formula": item.terms.formula,
                "quantity": item.terms.quantity,
                "unit": item.terms.unit,
                "group": item.terms.group,
            },
            "status": item.status,
            "date": _iso(item.date),
            "evidence": _spans_to_list(item.evidence),
        }
        if item.deal is not None:
            agreement["deal"] = deal_to_dict(item.deal)
        return agreement
    return {
        "issue": item.issue,
        "measure": item.measure,
        "value": item.value,
        "unit": item.unit,
        "qualifier": item.qualifier,
        "about": item.about,
        "evidence": _spans_to_list(item.evidence),
    }


def deal_to_dict(deal: Deal) -> JSON:
    """An agreement's optional `deal` member (an extension of peacetalks/1)."""
    return {
        "id": deal.id,
        "name": deal.name,
        "stage": deal.stage,
        "signatories": list(deal.signatories),
        "mediators": list(deal.mediators),
        "guarantors": list(deal.guarantors),
    }


def deal_from_dict(obj: Mapping[str, Any]) -> Deal:
    """The `deal` member read back; its stage is checked against the list."""
    return Deal(
        id=str(obj["id"]),
        name=obj.get("name") or None,
        stage=_choice_or_none(obj.get("stage"), DEAL_STAGES, "deal stage"),
        signatories=tuple(obj.get("signatories") or ()),
        mediators=tuple(obj.get("mediators") or ()),
        guarantors=tuple(obj.get("guarantors") or ()),
    )


def record_from_dict(obj: Mapping[str, Any], *, text: str = "") -> Record:
    """A record from peacetalks/1 JSON; `text` is the document's clean text when known."""
    if obj.get("format") != FORMAT:
        raise BadValue("record format", str(obj.get("format")), repr(FORMAT))
    meta = obj.get("document") or {}
    doc = Document(
        id=str(meta.get("id", "")),
        text=text,
        path=meta.get("path"),
        url=meta.get("url"),
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        published=_date(meta.get("published")),
        kind=_choice_or_none(meta.get("kind"), DOCUMENT_KINDS, "document kind"),
    )
    return Record(
        document=doc,
        actors=tuple(cast(Actor, item_from_dict("actors", a)) for a in obj.get("actors", [])),
        events=tuple(cast(Event, item_from_dict("events", e)) for e in obj.get("events", [])),
        positions=tuple(
            cast(Position, item_from_dict("positions", p)) for p in obj.get("positions", [])
        ),
        agreements=tuple(
            cast(Agreement, item_from_dict("agreements", a)) for a in obj.get("agreements", [])
        ),
        figures=tuple(cast(Figure, item_from_dict("figures", f)) for f in obj.get("figures", [])),
    )


def item_from_dict(kind: ItemKind, obj: Mapping[str, Any]) -> RecordItem:
    """One record item of the given kind from its JSON form; enum values are checked."""
    if kind == "actors":
        return Actor(
            id=str(obj["id"]),
            name=str(obj["name"]),
            type=_choice(obj["type"], ACTOR_TYPES, "actor type"),
            party=obj.get("party"),
            roles=tuple(obj.get("roles") or ()),
            mentions=tuple(obj.get("mentions") or ()),
        )
    evidence = _spans_from_list(obj.get("evidence") or ())
    if kind == "events":
        return Event(
            type=_choice(obj["type"], EVENT_TYPES, "event type"),
            date=_date(obj.get("date")),
            end_date=_date(obj.get("end_date")),
            date_precision=_choice_or_none(obj.get("date_precision"), PRECISIONS, "precision"),
            place=obj.get("place"),
            venue=obj.get("venue"),
            round=obj.get("round"),
            participants=tuple(obj.get("participants") or ()),
            hosts=tuple(obj.get("hosts") or ()),
            mediators=tuple(obj.get("mediators") or ()),
            duration_minutes=obj.get("duration_minutes"),
            evidence=evidence,
        )
    if kind == "positions":
        return Position(
            holder=str(obj["holder"]),
            issue=_choice(obj["issue"], ISSUES, "issue"),
            stance=_choice(obj["stance"], STANCES, "stance"),
            summary=str(obj.get("summary", "")),
            targets=tuple(obj.get("targets") or ()),
            addressee=obj.get("addressee"),
            as_of=_date(obj.get("as_of")),
            confidence=obj.get("confidence"),
            evidence=evidence,
        )
    if kind == "agreements":
        terms = obj.get("terms") or {}
        return Agreement(
            parties=tuple(obj.get("parties") or ()),
            issue=_choice(obj["issue"], ISSUES, "issue"),
            summary=str(obj.get("summary", "")),
            status=_choice(obj["status"], AGREEMENT_STATUSES, "agreement status"),
            terms=Terms(
                formula=terms.get("formula"),
                quantity=terms.get("quantity"),
                unit=terms.get("unit"),
                group=terms.get("group"),
            ),
            date=_date(obj.get("date")),
            evidence=evidence,
            deal=deal_from_dict(obj["deal"]) if obj.get("deal") else None,
        )
    return Figure(
        issue=_choice(obj["issue"], ISSUES, "issue"),
        measure=_choice(obj["measure"], MEASURES, "measure"),
        value=float(obj["value"]),
        unit=obj.get("unit"),
        qualifier=obj.get("qualifier"),
        about=obj.get("about"),
        evidence=evidence,
    )


def items_of(record: Record, kind: ItemKind) -> tuple[RecordItem, ...]:
    """The record's items of one kind."""
    items: tuple[RecordItem, ...] = getattr(record, kind)
    return items


def _spans_to_list(spans: Iterable[Span]) -> list[JSON]:
    return [{"start": s.start, "end": s.end, "text": s.text} for s in spans]


def _spans_from_list(spans: Iterable[Mapping[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(int(s["start"]), int(s["end"]), str(s["text"])) for s in spans)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise BadValue("date", str(value), "YYYY-MM-DD") from err


def _choice(value: object, allowed: tuple[_L, ...], what: str) -> _L:
    for option in allowed:
        if value == option:
            return option
    raise BadValue(what, str(value), "one of " + ", ".join(allowed))


def _choice_or_none(value: object, allowed: tuple[_L, ...], what: str) -> _L | None:
    return None if value is None else _choice(value, allowed, what)
