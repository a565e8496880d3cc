"""Frozen domain types of peacetalks and their peacetalks/1 JSON form. No I/O."""

from peacetalks.model.claims import Claim, ClaimKind, ClaimSet, Mention, Provenance, Segment
from peacetalks.model.record import (
    FORMAT,
    ISSUES,
    STANCES,
    Actor,
    Agreement,
    Document,
    Event,
    Figure,
    Issue,
    Position,
    Record,
    RecordItem,
    Span,
    Stance,
    Terms,
)

__all__ = [
    "FORMAT",
    "ISSUES",
    "STANCES",
    "Actor",
    "Agreement",
    "Claim",
    "ClaimKind",
    "ClaimSet",
    "Document",
    "Event",
    "Figure",
    "Issue",
    "Mention",
    "Position",
    "Provenance",
    "Record",
    "RecordItem",
    "Segment",
    "Span",
    "Stance",
    "Terms",
]
