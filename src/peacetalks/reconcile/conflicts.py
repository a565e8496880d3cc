"""Figures from many sources: which state the same quantity, and whether they can all hold.

A stated figure is read as an interval ("more than 300" is (300, 400), "about 400" is
[360, 440], "barely an hour" is [51, 60]) and a scope (per side, total of both sides, or not said).
Figures are grouped by single linkage on a per-side scale (a total counts at half its value),
sorted once: O(n log n). A group is consistent when one value lies in every figure's interval
under some reading of each unsaid scope (12,000 in total is 6,000 per side); otherwise it is a
discrepancy, listing each value with the sources that gave it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Scope = Literal["per_side", "total", "unknown", "none"]  # none: not a count of both sides
Status = Literal["single", "consistent", "conflict"]

LINK_GAP = 0.10  # figures whose intervals lie within 10% of each other state one quantity
_OPEN = 1e-9  # how far an open bound moves inward, relative to the value

# "over" is left to "at least": news uses "over three days" for "during three days" as well.
_MORE = ("more than", "above", "exceed", "upwards of", "in excess of", "plus")
_AT_LEAST = ("at least", "no fewer than", "no less than", "minimum", "over")
_LESS = ("less than", "under", "below", "fewer than", "just under", "short of")
_BARELY = ("barely", "almost", "nearly", "close to", "hardly", "not quite")
_UP_TO = ("up to", "at most", "as many as", "no more than", "maximum")
_ABOUT = ("about", "around", "approximately", "roughly", "some", "estimated", "or so", "circa")
_TOTAL = ("total", "in all", "combined", "altogether", "both sides", "overall")
_PER_SIDE = ("per side", "each", "apiece", "from each side")
# A part of a quantity, not the whole: "another 3,000", "the last 303", "a further 1,200".
_PART = ("another", "further", "additional", "last", "remaining", "first", "extra", "new")


@dataclass(frozen=True, slots=True)
class Stated:
    """One source's figure: the interval it allows, its scope, and how it put it."""

    low: float
    high: float
    scope: Scope
    label: str
    document_id: str


@dataclass(frozen=True, slots=True)
class Group:
    """Figures that state one quantity, and whether they agree."""

    members: tuple[int, ...]  # indices into the list given to group_figures
    status: Status
    value: float | None  # a value every member allows (per side), when consistent
    reading: str | None  # how the members reconcile, when consistent and not trivially so


def step_of(value: float) -> float:
    """How far a rounded figure may be from the truth: 300 is rounded to 100s, 60 to 15 or so."""
    if value <= 0:
        return 1.0
    if value != int(value):
        return value * 0.25
    power = 10 ** int(math.log10(value))
    while power > 1 and int(value) % power:
        power //= 10
    return max(float(power), value * 0.25)


def is_part(qualifier: str | None) -> bool:
    """True for a qualifier that makes a figure part of a quantity ("another", "the last")."""
    words = (qualifier or "").lower().split()
    return any(word in _PART for word in words)


def scope_of(qualifier: str | None) -> Scope:
    """Per side, a total of both sides, or not said."""
    text = (qualifier or "").lower()
    if any(cue in text for cue in _PER_SIDE):
        return "per_side"
    if any(cue in text for cue in _TOTAL):
        return "total"
    return "unknown"


def interval_of(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows, given its qualifier; closed, open ends moved in slightly."""
    text = (qualifier or "").lower()
    step = step_of(value)
    eps = max(abs(value), 1.0) * _OPEN
    if any(cue in text for cue in _AT_LEAST):
        return value, value + step
    if any(cue in text for cue in _MORE):
        return value + eps, value + step - eps
    if any(cue in text for cue in _UP_TO):
        return 0.0, value
    if any(cue in text for cue in _BARELY):
        return value * 0.85, value
    if any(cue in text for cue in _LESS):
        return max(value - step, 0.0) + eps, value - eps
    if any(cue in text for cue in _ABOUT):
        return value * 0.9, value * 1.1
    return value, value


def group_figures(stated: Sequence[Stated]) -> list[Group]:
    """Group figures that state one quantity and judge each group; groups in input-free order."""
    parent = list(range(len(stated)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    points = sorted(
        (low, high, i) for i, s in enumerate(stated) for low, high in _per_side_readings(s)
    )
    anchor, reach = -1, -math.inf
    for low, high, i in points:
        if anchor >= 0 and low <= reach * (1 + LINK_GAP):
            parent[find(i)] = find(anchor)
            reach = max(reach, high)
        else:
            anchor, reach = i, high
    members: dict[int, list[int]] = {}
    for i in range(len(stated)):
        members.setdefault(find(i), []).append(i)
    groups = [_judge([stated[i] for i in sorted(m)], tuple(sorted(m))) for m in members.values()]
    return sorted(groups, key=lambda g: g.members)


def judge_together(stated: Sequence[Stated]) -> Group:
    """Judge figures known to state one quantity (the durations given for one meeting)."""
    return _judge(list(stated), tuple(range(len(stated))))


def _per_side_readings(s: Stated, *, as_stated: bool = False) -> list[tuple[float, float]]:
    """The figure's interval on the per-side scale under each reading of its scope."""
    if s.scope in ("per_side", "none") or (as_stated and s.scope == "unknown"):
        return [(s.low, s.high)]
    if s.scope == "total":
        return [(s.low / 2, s.high / 2)]
    return [(s.low, s.high), (s.low / 2, s.high / 2)]


def _judge(found: list[Stated], members: tuple[int, ...]) -> Group:
    if len({s.document_id for s in found}) < 2:
        return Group(members, "single", None, None)
    # The plain reading first (an unsaid scope is as stated), then unsaid scopes as totals.
    for as_stated in (True, False):
        value = _common_value(found, as_stated=as_stated)
        if value is not None:
            return Group(members, "consistent", value, _reading(found, value))
    return Group(members, "conflict", None, None)


def _common_value(found: list[Stated], *, as_stated: bool) -> float | None:
    """The smallest value inside every figure's interval under some reading; sweep, n log n."""
    events: list[tuple[float, int, int]] = []  # (position, 0 = opens / 1 = closes, figure)
    for i, s in enumerate(found):
        for low, high in _merged(_per_side_readings(s, as_stated=as_stated)):
            events.append((low, 0, i))
            events.append((high, 1, i))
    events.sort()
    open_now = 0
    for position, kind, _ in events:
        if kind == 0:
            open_now += 1
            if open_now == len(found):
                return position
        else:
            open_now -= 1
    return None


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    ordered = sorted(intervals)
    out = [ordered[0]]
    for low, high in ordered[1:]:
        if low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _reading(found: list[Stated], value: float) -> str | None:
    """Why the figures agree: totals that are twice the per-side value, ranges that overlap."""
    as_totals = sorted(
        {s.label for s in found if s.scope in ("total", "unknown") and not s.low <= value <= s.high}
    )
    labels = sorted({s.label for s in found})
    if as_totals:
        return (
            f"{' and '.join(as_totals)} read as the total of both sides: every figure holds at "
            f"{_number(value)} per side"
        )
    if len(labels) > 1:
        return f"{' and '.join(labels)} all hold at {_number(value)}"
    return None


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
