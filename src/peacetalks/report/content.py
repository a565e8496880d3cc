"""What a briefing holds: frozen dataclasses, names already resolved, every statement with the
numbers of its footnotes.

`build.py` fills them from the analysis API; `render.py` and `charts.py` only read them. Dates
stay ISO strings (YYYY-MM-DD) here; renderers write them as people do ("2 June 2025").
"""

from __future__ import annotations

from dataclasses import dataclass

Refs = tuple[int, ...]  # footnote numbers, ascending


@dataclass(frozen=True, slots=True)
class Footnote:
    """One source sentence: the document's outlet, title, date and link, and the quoted text."""

    number: int
    document_id: str
    outlet: str
    title: str | None
    published: str | None
    url: str | None  # http(s) only: any other scheme is left out, never linked
    text: str


@dataclass(frozen=True, slots=True)
class Mark:
    """How far a fact can be trusted: its review state and whether it is low-confidence."""

    confidence: float = 1.0
    review: str | None = None  # "confirmed", "corrected" (by whom is in the app)
    low: bool = False  # unreviewed and below analysis.confidence.LOW: shown as unconfirmed


@dataclass(frozen=True, slots=True)
class Delegation:
    """One side's people at a round, heads first."""

    party: str
    heads: tuple[str, ...]
    others: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundRow:
    """One round of talks: when, where, who, how long."""

    date: str | None
    end_date: str | None
    place: str | None  # the city
    venue: str | None
    number: int | None
    sides: tuple[str, ...]
    hosts: tuple[str, ...]
    mediators: tuple[str, ...]
    delegations: tuple[Delegation, ...]
    minutes: float | None
    refs: Refs
    mark: Mark = Mark()

    @property
    def where(self) -> str:
        """Venue and city ("Ciragan Palace, Istanbul"), or ""."""
        return ", ".join(x for x in (self.venue, self.place) if x)


@dataclass(frozen=True, slots=True)
class PositionEntry:
    """One position a party holds on an issue."""

    stance: str
    summary: str
    targets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    refs: Refs
    mark: Mark = Mark()


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One change in a party's positions since the report's start date."""

    party: str
    kind: str  # added, dropped, hardened, softened
    issue: str
    stance: str
    before: str | None
    summary: str
    date: str | None
    refs: Refs


@dataclass(frozen=True, slots=True)
class PartyCell:
    """What one party holds on one issue, and what changed there."""

    party: str
    stances: str  # "demand (4), offer"
    entries: tuple[PositionEntry, ...]
    changes: tuple[str, ...] = ()  # kinds of change on this issue since --since


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue: the main parties' cells and how their positions relate."""

    issue: str
    compatibility: str  # clash, partial overlap, one-sided, agreed
    cells: tuple[PartyCell, ...]


@dataclass(frozen=True, slots=True)
class PartyPositions:
    """A party's positions issue by issue (for the parties beside the two main ones, and for
    the chart of positions over time)."""

    party: str
    issues: tuple[tuple[str, tuple[PositionEntry, ...]], ...]


@dataclass(frozen=True, slots=True)
class TrancheRow:
    """One exchange carried out under a provision."""

    date: str
    quantity: int | None
    refs: Refs


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One provision of a deal, with its status and how far it was carried out."""

    issue: str
    terms: str
    status: str
    history: tuple[tuple[str, str | None], ...]  # (status, since)
    agreed: int | None
    carried_out: int | None
    tranches: tuple[TrancheRow, ...]
    refs: Refs
    mark: Mark = Mark()


@dataclass(frozen=True, slots=True)
class DealSection:
    """One deal: its name (when the sources give one), date, place, stage, status, who made
    it, and its provisions."""

    name: str | None
    date: str | None
    place: str | None
    stage: str
    status: str
    parties: tuple[str, ...]
    signatories: tuple[str, ...]
    mediators: tuple[str, ...]
    guarantors: tuple[str, ...]
    provisions: tuple[ProvisionRow, ...]


@dataclass(frozen=True, slots=True)
class DisputedValue:
    """One value sources gave for a disputed quantity, and who gave it."""

    label: str
    outlets: tuple[str, ...]
    refs: Refs


@dataclass(frozen=True, slots=True)
class DisputeRow:
    """A quantity the sources disagree on."""

    subject: str
    values: tuple[DisputedValue, ...]
    reading: str | None
    mark: Mark = Mark()


@dataclass(frozen=True, slots=True)
class CheckRow:
    """A statement of the report resting on an unreviewed, low-confidence fact."""

    kind: str  # position, round, provision, dispute
    label: str
    confidence: float
    refs: Refs


@dataclass(frozen=True, slots=True)
class ChronologyRow:
    """A dated event or agreement milestone."""

    date: str | None
    end_date: str | None
    kind: str  # meeting, call, exchange, agreement agreed, ...
    title: str
    refs: Refs


@dataclass(frozen=True, slots=True)
class Report:
    """The whole briefing, ready to render."""

    title: str
    process: str | None  # the slug; None for every process
    process_name: str
    since: str | None
    until: str | None
    generated: str
    first_date: str | None  # the earliest and latest dates the report covers
    last_date: str | None
    parties: tuple[str, ...]  # the two main parties, by name
    rounds: tuple[RoundRow, ...]
    upcoming: tuple[RoundRow, ...]
    issues: tuple[IssueRow, ...]
    others: tuple[PartyPositions, ...]
    held: tuple[PartyPositions, ...]  # every party's positions, for the chart over time
    changes: tuple[ChangeRow, ...]
    deals: tuple[DealSection, ...]
    disputes: tuple[DisputeRow, ...]
    checks: tuple[CheckRow, ...]
    chronology: tuple[ChronologyRow, ...]
    footnotes: tuple[Footnote, ...]
    cited_facts: int = 0
    unreviewed_facts: int = 0

    @property
    def clashes(self) -> tuple[IssueRow, ...]:
        """The issues on which the main parties clash."""
        return tuple(row for row in self.issues if row.compatibility == "clash")
