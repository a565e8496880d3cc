"""Event facts: reports of one meeting, call or exchange merged; their durations compared."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Event
from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.reconcile.conflicts import judge_together
from peacetalks.reconcile.evidence import fact_source
from peacetalks.reconcile.figures import stated_of
from peacetalks.reconcile.sources import fold_name, short_hash

_PRECISION = {"day": 0, "month": 1, "year": 2}


def event_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """Events of one block (process, type, date) matched into one fact per event.

    Reports that name a place are one event per place: two meetings on the same day in the
    same city between the same parties are one meeting. A report without a place joins the
    placed event sharing most participants (ties: the first place in alphabetical order);
    undated reports join only reports with the same place and participants.
    """
    ordered = sorted(found, key=lambda s: (s.document_id, s.seq))
    dated = not block.endswith(":-")
    clusters: dict[str, list[SourcedItem]] = {}
    unplaced: list[SourcedItem] = []
    for sourced in ordered:
        event = _event(sourced)
        if not dated:
            place = fold_name(event.place or "")
            clusters.setdefault(f"{place}|{','.join(sorted(event.participants))}", []).append(
                sourced
            )
        elif event.place:
            clusters.setdefault(fold_name(event.place), []).append(sourced)
        else:
            unplaced.append(sourced)
    placed = sorted(clusters)
    for sourced in unplaced:
        if dated and placed:
            clusters[_best_place(_event(sourced), placed, clusters)].append(sourced)
        else:
            clusters.setdefault("", []).append(sourced)
    facts: list[Fact] = []
    for name in sorted(clusters):
        facts.extend(_facts(block, name, clusters[name]))
    return facts


def _event(sourced: SourcedItem) -> Event:
    assert isinstance(sourced.item, Event)  # event blocks hold events only
    return sourced.item


def _best_place(event: Event, placed: list[str], clusters: dict[str, list[SourcedItem]]) -> str:
    wanted = set(event.participants)

    def overlap(name: str) -> int:
        return len(wanted & {p for s in clusters[name] for p in _event(s).participants})

    return min(placed, key=lambda name: (-overlap(name), name))


def _facts(block: str, name: str, members: list[SourcedItem]) -> list[Fact]:
    events = [_event(s) for s in members]
    key = f"{block}:{short_hash(name)}"
    payload: dict[str, Any] = {
        "type": events[0].type,
        "date": _iso(min((e.date for e in events if e.date), default=None)),
        "end_date": _iso(max((e.end_date for e in events if e.end_date), default=None)),
        "date_precision": min(
            (e.date_precision for e in events if e.date_precision),
            key=lambda p: _PRECISION[p],
            default=None,
        ),
        "place": _most_common([e.place for e in events]),
        "venue": _most_common([e.venue for e in events]),
        "round": _most_common([e.round for e in events]),
        "participants": sorted({p for e in events for p in e.participants}),
        "hosts": sorted({p for e in events for p in e.hosts}),
        "mediators": sorted({p for e in events for p in e.mediators}),
        "duration_minutes": None,
    }
    fact = Fact(
        key=key,
        kind="event",
        block=block,
        payload=payload,
        sources=tuple(fact_source(s) for s in members),
        process=members[0].process,
        date=min((e.date for e in events if e.date), default=None),
        end_date=max((e.end_date for e in events if e.end_date), default=None),
    )
    timed = [s for s in members if _event(s).duration_minutes is not None]
    if not timed:
        return [fact]
    duration = _duration_fact(fact, timed)
    payload["duration_minutes"] = duration.payload["value"]
    payload["duration_status"] = duration.payload["status"]
    return [fact, duration]


def _duration_fact(event: Fact, timed: list[SourcedItem]) -> Fact:
    """The durations the reports give, as one figure fact, with a discrepancy where they differ."""
    stated = []
    for sourced in timed:
        qualifier, _ = sourced.wording or ("", "")
        minutes = _event(sourced).duration_minutes
        assert minutes is not None  # only timed reports come here
        stated.append(stated_of(sourced, minutes, qualifier or None, count=False))
    judged = judge_together(stated)
    value = judged.value
    if judged.status == "single" and len({one.label for one in stated}) == 1:
        value = stated[0].low
    values: dict[str, dict[str, Any]] = {}
    for sourced, one in zip(timed, stated, strict=True):
        label = f"{one.label} min"
        entry = values.setdefault(label, {"label": label, "low": one.low, "high": one.high})
        entry.setdefault("documents", []).append(sourced.document_id)
        if sourced.wording:
            entry.setdefault("wording", []).append(sourced.wording[1])
    place = event.payload["place"] or "?"
    return Fact(
        key=f"{event.key}:duration",
        kind="figure",
        block=event.block,
        payload={
            "issue": "process",
            "measure": "duration_minutes",
            "unit": "minutes",
            "status": judged.status,
            "value": value,
            "reading": judged.reading,
            "about": [
                f"duration of the {event.payload['type']} on {event.payload['date']} in {place}"
            ],
            "values": sorted(values.values(), key=lambda v: (v["low"], v["label"])),
            "event": event.key,
        },
        sources=tuple(fact_source(s) for s in timed),
        process=event.process,
        date=event.date,
    )


def _most_common(values: list[Any]) -> Any:  # noqa: ANN401 (str or int, as given)
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], str(v)))


def _iso(value: Any) -> str | None:  # noqa: ANN401 (a date or None)
    return value.isoformat() if value is not None else None
