"""Positions: what each party demands, offers, rejects or accepts, one issue at a time."""

from __future__ import annotations

from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.pipeline import stage

STAGE = "peacetalks.positions.v1"


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"position"})
def find_positions(doc: Document, found: ClaimSet) -> list[Claim]:
    """Not written yet (issue #3): finds nothing."""
    return []
