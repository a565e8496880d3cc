"""What is still to check: each cited fact's review state and confidence, and the statements of
the report that rest on an unreviewed, low-confidence fact.

Confidence is analysis/confidence.py's (the review queue's): a reviewed fact is certain, an
unreviewed one below LOW is marked "unconfirmed" wherever the report shows it.
"""

from __future__ import annotations

from peacetalks.analysis.confidence import confidence, is_low
from peacetalks.analysis.facts import REVIEW_STATES, facts_of
from peacetalks.report.content import CheckRow, Mark, Refs
from peacetalks.store import SqlStore

KINDS = ("event", "position", "agreement", "figure")


class Checks:
    """The marks of a process's facts, and which of them the report cited."""

    def __init__(self, marks: dict[str, Mark]) -> None:
        self._marks = marks
        self._cited: dict[str, tuple[str, str, Refs]] = {}

    @classmethod
    def of(cls, store: SqlStore, process: str | None) -> Checks:
        """The marks of every shown fact of the process (every process for None)."""
        marks = {}
        for kind in KINDS:
            for fact in facts_of(store, kind, process=process):
                review = REVIEW_STATES[fact.review.action] if fact.review else None
                marks[fact.key] = Mark(round(confidence(fact), 3), review, is_low(fact))
        return cls(marks)

    def mark(self, key: str, kind: str, label: str, refs: Refs) -> Mark:
        """The fact's mark; the fact counts as cited by the report from now on."""
        self._cited.setdefault(key, (kind, label, refs))
        return self._marks.get(key, Mark())

    @property
    def cited(self) -> int:
        """How many facts the report cites."""
        return len(self._cited)

    @property
    def unreviewed(self) -> int:
        """How many of the cited facts no reviewer has confirmed or corrected yet."""
        return sum(1 for key in self._cited if self._marks.get(key, Mark()).review is None)

    def rows(self) -> tuple[CheckRow, ...]:
        """The cited facts that are unreviewed and low-confidence, least confident first."""
        found = []
        for key, (kind, label, refs) in self._cited.items():
            mark = self._marks.get(key, Mark())
            if mark.low:
                found.append(CheckRow(kind, label, mark.confidence, refs))
        return tuple(sorted(found, key=lambda row: (row.confidence, row.kind, row.label)))
