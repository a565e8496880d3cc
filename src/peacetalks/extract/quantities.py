"""Figures: counts, durations, percentages, money, days and ages the text states."""

from __future__ import annotations

from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.pipeline import stage

STAGE = "peacetalks.figures.v1"


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"figure"})
def find_figures(doc: Document, found: ClaimSet) -> list[Claim]:
    """Not written yet (issue #3): finds nothing."""
    return []
