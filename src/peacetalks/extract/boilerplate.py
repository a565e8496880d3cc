"""Boilerplate: scraped text that is not the article (related links, comments, share lines)."""

from __future__ import annotations

from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.pipeline import stage

STAGE = "peacetalks.boilerplate.v1"


@stage(STAGE, provides={"boilerplate"})
def find_boilerplate(doc: Document, found: ClaimSet) -> list[Claim]:
    """Not written yet (issue #3): finds nothing."""
    return []
