"""The stage of a deal, after PA-X's stages: read from its name, its wording, then its issues."""

from __future__ import annotations

import re
from collections.abc import Sequence

from peacetalks.model.record import DealStage, Issue

# The stage words: (stage, pattern, read in the name only). A ceasefire mentioned in passing
# ("no headway on a ceasefire") says nothing of the deal; a deal about one has that issue.
_STAGE_WORDS: tuple[tuple[DealStage, re.Pattern[str], bool], ...] = (
    (
        "implementation",
        re.compile(
            r"\bimplement(?:ation|ing)\s+(?:protocol|agreement|plan)|\brenew(?:al|ed)\b"
            r"|\bextension\s+of\b",
            re.I,
        ),
        False,
    ),
    (
        "framework",
        re.compile(
            r"\bframework\s+(?:agreement|deal|accord)|\bdeclaration\s+of\s+principles\b"
            r"|\broad\s?map\b",
            re.I,
        ),
        False,
    ),
    ("framework", re.compile(r"\bframework\b|\bprinciples\b", re.I), True),
    (
        "comprehensive",
        re.compile(
            r"\bpeace\s+(?:agreement|accords?|treaty|deal|settlement)\b|\bcomprehensive\b"
            r"|\baccords\b",
            re.I,
        ),
        False,
    ),
    ("ceasefire", re.compile(r"\bcease-?fire\b|\btruce\b|\barmistice\b", re.I), True),
)
_SUBSTANTIVE: frozenset[Issue] = frozenset(
    {
        "territory",
        "governance",
        "security_guarantees",
        "military_limits",
        "alliances",
        "justice",
        "identity_rights",
        "economic_relations",
        "nuclear",
        "foreign_military",
    }
)


def stage_of(name: str | None, wording: str, issues: Sequence[Issue]) -> DealStage:
    """The deal's stage: from its name, then its wording, then the issues it covers.

    A deal covering three or more substantive issues is comprehensive; one about a ceasefire is
    a ceasefire agreement; exchanges, talks about talks and other confidence-building
    measures are pre-negotiation.
    """
    for text, is_name in ((name or "", True), (wording, False)):
        for stage, pattern, name_only in _STAGE_WORDS:
            if stage == "comprehensive" and len(set(issues) & _SUBSTANTIVE) < 2:
                continue
            if (is_name or not name_only) and pattern.search(text):
                return stage
    if len(set(issues) & _SUBSTANTIVE) >= 3:
        return "comprehensive"
    if "ceasefire" in issues:
        return "ceasefire"
    return "pre-negotiation"
