"""Review: a person confirms, corrects or rejects a fact; corrections are checked first.

Every review goes to the audit log (`store/reviews.py`) with who, when, and the values before
and after. Readers apply only a fact's latest review, so a correction's `after` holds every
field corrected so far, not only the fields changed this time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from sqlalchemy.engine import Engine

from peacetalks.errors import BadValue, UnknownActor
from peacetalks.model.facts import REVIEW_ACTIONS, Fact
from peacetalks.model.record import AGREEMENT_STATUSES, EVENT_TYPES, ISSUES, STANCES
from peacetalks.store.facts import known_actors
from peacetalks.store.reviews import ReviewEntry, add_review, read_fact

MAX_TEXT = 500


def _text(value: object) -> str:
    text = " ".join(str(value).split())
    if not text or len(text) > MAX_TEXT:
        raise ValueError(f"1 to {MAX_TEXT} characters")
    return text


def _slug(value: object) -> str:
    text = _text(value).lower()
    if not all(c.isalnum() or c in "-_" for c in text):
        raise ValueError("an actor id such as 'russia' or 'volodymyr-zelensky'")
    return text


def _slugs(value: object) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    return [_slug(item) for item in items if str(item).strip()]


def _texts(value: object) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    return [_text(item) for item in items if str(item).strip()]


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("a number")
    number = float(str(value).replace(",", "")) if not isinstance(value, int | float) else value
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("a finite number")
    return float(number)


def _date(value: object) -> str:
    return dt.date.fromisoformat(str(value).strip()).isoformat()


def _one_of(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in options:
            raise ValueError("one of " + ", ".join(options))
        return str(value)

    return check


@dataclass(frozen=True, slots=True)
class Field:
    """A field a reviewer may correct: its name, how to check a value, a choice list if any."""

    name: str
    check: Callable[[object], Any]
    choices: tuple[str, ...] = ()
    is_list: bool = False


def _choice(name: str, options: tuple[str, ...]) -> Field:
    return Field(name, _one_of(options), options)


# What each kind of fact lets a reviewer correct (issue, stance, holder, summary, values).
EDITABLE: dict[str, tuple[Field, ...]] = {
    "position": (
        Field("holder", _slug),
        _choice("issue", ISSUES),
        _choice("stance", STANCES),
        Field("summary", _text),
        Field("targets", _texts, is_list=True),
    ),
    "agreement": (
        Field("parties", _slugs, is_list=True),
        _choice("issue", ISSUES),
        _choice("status", AGREEMENT_STATUSES),
        Field("summary", _text),
    ),
    "figure": (Field("value", _number), Field("unit", _text), _choice("issue", ISSUES)),
    "event": (
        _choice("type", EVENT_TYPES),
        Field("date", _date),
        Field("place", _text),
        Field("participants", _slugs, is_list=True),
    ),
    "actor": (Field("name", _text), Field("party", _slug)),
}


def check_changes(kind: str, changes: Mapping[str, object]) -> dict[str, Any]:
    """The changes with each value checked and normalised; BadValue names the first bad one."""
    fields = {f.name: f for f in EDITABLE.get(kind, ())}
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        rule = fields.get(name)
        if rule is None:
            raise BadValue(f"field of a {kind} fact", name, "one of " + ", ".join(fields))
        try:
            checked[name] = rule.check(value)
        except (ValueError, TypeError) as err:
            raise BadValue(f"{kind} {name}", str(value), str(err) or "a valid value") from err
    return checked


# Corrected fields that name actors: each id must be one the stored facts know.
_ACTOR_FIELDS = ("holder", "parties", "participants", "party")


def _check_actors(
    engine: Engine, checked: Mapping[str, Any], *, create: bool = False
) -> tuple[str, ...]:
    """The actor ids the correction names that nobody knows yet: UnknownActor for the first,
    unless `create` (the reviewer asked for new actors), which returns them to be stored."""
    named = {
        name: [value] if isinstance(value, str) else list(value)
        for name, value in checked.items()
        if name in _ACTOR_FIELDS and value
    }
    if not named:
        return ()
    known = known_actors(engine)
    unknown: list[str] = []
    for name, ids in named.items():
        for actor in ids:
            if actor not in known:
                if not create:
                    close = get_close_matches(actor, sorted(known), n=3, cutoff=0.6)
                    raise UnknownActor(name, actor, close)
                unknown.append(actor)
    return tuple(dict.fromkeys(unknown))


def prior_corrections(fact: Fact) -> dict[str, Any]:
    """The fields corrected so far, as the fact's latest review leaves them."""
    review = fact.review
    if review is None or review.action == "reject" or not review.after:
        return {}
    return dict(review.after)


def review_fact(
    engine: Engine,
    key: str,
    action: str,
    *,
    reviewer: str,
    changes: Mapping[str, object] | None = None,
    note: str | None = None,
    new_actors: bool = False,
) -> ReviewEntry:
    """Record a review of the fact `key`; BadValue for an unknown action or a bad correction.

    A correction naming an actor nobody knows is refused (UnknownActor, with close matches)
    unless `new_actors`: the reviewer creates it explicitly, and it is stored flagged as new
    (`store.reviews.list_new_actors`) and named in the audit note."""
    if action not in REVIEW_ACTIONS:
        raise BadValue("review action", action, "one of " + ", ".join(REVIEW_ACTIONS))
    fact = read_fact(engine, key)
    corrected = prior_corrections(fact)
    current = {**fact.payload, **corrected}
    if action == "reject":
        shown = [f.name for f in EDITABLE.get(fact.kind, ())]
        before = {name: current.get(name) for name in shown}
        return add_review(
            engine, fact, "reject", before=before, after=None, reviewer=reviewer, note=note
        )
    if action == "confirm":
        # Readers apply the latest review only, so a confirmation carries the corrections it
        # confirms: confirming a corrected fact keeps the correction.
        return add_review(
            engine,
            fact,
            "confirm",
            before=None,
            after=dict(corrected) or None,
            reviewer=reviewer,
            note=note,
        )
    checked = check_changes(fact.kind, changes or {})
    created = _check_actors(engine, checked, create=new_actors)
    changed = {k: v for k, v in checked.items() if current.get(k) != v}
    if not changed:
        raise BadValue("correction", str(dict(changes or {})), "at least one changed field")
    after = {**corrected, **changed}
    before = {name: current.get(name) for name in after}
    if created:
        flag = f"new actor(s), to be checked: {', '.join(created)}"
        note = f"{note}; {flag}" if note else flag
    return add_review(
        engine,
        fact,
        "correct",
        before=before,
        after=after,
        reviewer=reviewer,
        note=note,
        created=created,
    )
