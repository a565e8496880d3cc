"""The peacetalks/1 record: documents, actors, events, positions, agreements, figures, evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

FORMAT = "peacetalks/1"

Issue = Literal[
    "ceasefire",
    "territory",
    "alliances",
    "security_guarantees",
    "military_limits",
    "foreign_military",
    "nuclear",
    "governance",
    "sanctions",
    "justice",
    "identity_rights",
    "economic_relations",
    "prisoners",
    "remains",
    "children",
    "humanitarian",
    "monitoring",
    "process",
    "other",
]
Stance = Literal["demand", "offer", "reject", "accept"]
ActorType = Literal["state", "armed_group", "organization", "person"]
EventType = Literal["meeting", "call", "exchange", "military_action"]
Precision = Literal["day", "month", "year"]
AgreementStatus = Literal["agreed", "implementing", "implemented", "stalled", "violated"]
# How far a deal goes, after PA-X's stages: talks about talks and confidence-building measures,
# a ceasefire, a framework or declaration of principles, a comprehensive settlement, or an
# agreement implementing or renewing an earlier one.
DealStage = Literal["pre-negotiation", "ceasefire", "framework", "comprehensive", "implementation"]
Measure = Literal["count", "duration_minutes", "percent", "money_usd", "days", "age"]
DocumentKind = Literal["news", "analysis", "memorandum", "statement", "agreement", "other"]

ISSUES: tuple[Issue, ...] = get_args(Issue)
STANCES: tuple[Stance, ...] = get_args(Stance)
ACTOR_TYPES: tuple[ActorType, ...] = get_args(ActorType)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
PRECISIONS: tuple[Precision, ...] = get_args(Precision)
AGREEMENT_STATUSES: tuple[AgreementStatus, ...] = get_args(AgreementStatus)
DEAL_STAGES: tuple[DealStage, ...] = get_args(DealStage)
MEASURES: tuple[Measure, ...] = get_args(Measure)
DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: a slice of a document's clean text, `text == clean_text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One ingested document: its clean text and what is known about where it came from."""

    id: str
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    kind: DocumentKind | None = None

    def span(self, start: int, end: int) -> Span:
        """The evidence span `start:end` of this document's clean text."""
        return Span(start, end, self.text[start:end])


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A state, armed group, organisation or person that acts in the talks."""

    id: str
    name: str
    type: ActorType
    party: str | None = None
    roles: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    @property
    def acting_party(self) -> str | None:
        """The party this actor acts for: a person's state or group, anything else itself."""
        return self.party if self.type == "person" else self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A meeting, call, exchange or military action, dated as precisely as the text allows."""

    type: EventType
    date: dt.date | None
    evidence: tuple[Span, ...]
    end_date: dt.date | None = None
    date_precision: Precision | None = None
    place: str | None = None
    venue: str | None = None
    round: int | None = None
    participants: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    duration_minutes: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """What one party demands, offers, rejects or accepts on one issue."""

    holder: str
    issue: Issue
    stance: Stance
    summary: str
    evidence: tuple[Span, ...]
    targets: tuple[str, ...] = ()
    addressee: str | None = None
    as_of: dt.date | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Terms:
    """The terms of an agreement: a formula such as `1000-for-1000`, a quantity, a group."""

    formula: str | None = None
    quantity: int | None = None
    unit: str | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Deal:
    """The deal an agreement is a provision of, as one document tells it (optional field).

    `id` groups the provisions of one deal within the document ("d1"); across documents,
    deals are matched by process and date. Signatories are people's actor ids; mediators and
    guarantors are actor ids of any type.
    """

    id: str
    name: str | None = None
    stage: DealStage | None = None
    signatories: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """What two or more parties agreed together, and how far it was carried out."""

    parties: tuple[str, ...]
    issue: Issue
    summary: str
    status: AgreementStatus
    evidence: tuple[Span, ...]
    terms: Terms = field(default_factory=Terms)
    date: dt.date | None = None
    deal: Deal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A number a source states: a count, a duration in minutes, a percentage, money, days, age."""

    issue: Issue
    measure: Measure
    value: float
    evidence: tuple[Span, ...]
    unit: str | None = None
    qualifier: str | None = None
    about: str | None = None


RecordItem = Actor | Event | Position | Agreement | Figure


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Everything extracted from one document, in the peacetalks/1 shape."""

    document: Document
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    positions: tuple[Position, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def item_count(self) -> int:
        """How many items the record holds, all kinds together."""
        return (
            len(self.actors)
            + len(self.events)
            + len(self.positions)
            + len(self.agreements)
            + len(self.figures)
        )
