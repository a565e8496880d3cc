"""Events: meetings and rounds, calls, exchanges carried out, and military actions, with dates."""

from __future__ import annotations

from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.pipeline import stage

STAGE = "peacetalks.events.v1"


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"event"})
def find_events(doc: Document, found: ClaimSet) -> list[Claim]:
    """Not written yet (issue #3): finds nothing."""
    return []
