"""Claims: what one stage read in one document, each tied to its source by a Provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from peacetalks.model.record import Actor, Agreement, Event, Figure, Position, Precision, Span

ClaimKind = Literal[
    "boilerplate",
    "paragraph",
    "sentence",
    "mention",
    "date",
    "actor",
    "event",
    "position",
    "agreement",
    "figure",
]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a claim came from: the document, the span, and the stage (and rule) that read it."""

    document_id: str
    span: Span
    stage: str
    rule: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A stretch of text naming an actor (or a place) in the registry."""

    actor_id: str
    span: Span
    surface: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A paragraph or a sentence of the clean text."""

    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """A stated time: a range of days and how precise the wording was, never a guessed midnight.

    "May 23-25" is 23..25 May (day); "March 2022" is 1..31 March (month); "in 2022" is the year.
    """

    start: dt.date
    end: dt.date
    precision: Precision
    text: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"When ends before it starts: {self.start} > {self.end}")


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A date or span stated in the text, resolved against the publication date."""

    when: When
    span: Span


ClaimValue = Segment | Mention | DateMention | Actor | Event | Position | Agreement | Figure


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One statement a stage found in one document; provenance has no default."""

    kind: ClaimKind
    value: ClaimValue
    provenance: Provenance


class ClaimSet:
    """The claims found so far in one document, in the order the stages produced them."""

    __slots__ = ("_claims",)

    def __init__(self, claims: Iterable[Claim] = ()) -> None:
        self._claims: tuple[Claim, ...] = tuple(claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def of_kind(self, kind: ClaimKind) -> list[Claim]:
        """The claims of one kind, in order."""
        return [c for c in self._claims if c.kind == kind]

    def kinds(self) -> set[str]:
        """Which kinds of claim are present."""
        return {c.kind for c in self._claims}

    def plus(self, claims: Iterable[Claim]) -> ClaimSet:
        """A new set with `claims` appended."""
        return ClaimSet((*self._claims, *claims))
