"""Agreements: what two or more parties agreed together, with formula terms and status."""

from __future__ import annotations

from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.pipeline import stage

STAGE = "peacetalks.agreements.v1"


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"agreement"})
def find_agreements(doc: Document, found: ClaimSet) -> list[Claim]:
    """Not written yet (issue #3): finds nothing."""
    return []
