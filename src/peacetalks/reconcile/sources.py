"""What reconciliation reads: each record's items with their document's date, outlet and process."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from peacetalks.model import Actor, Agreement, Event, Figure, Position, Record
from peacetalks.model.facts import SourcedItem

KINDS = ("actors", "events", "positions", "agreements", "figures")
# Weights of the evidence that a party is a side of the document's talks: holding a position or
# signing an agreement says more than taking part in an event (mediators and hosts take part too).
_WEIGHTS = {"positions": 2, "agreements": 2, "events": 1}


def process_of(record: Record) -> str | None:
    """The document's process: the slugs of its two main parties, sorted and joined by '-'.

    The main parties are those that hold positions, sign agreements and take part in events
    most often in the document; hosts and mediators are left out. One party alone gives its own
    slug; none gives None.
    """
    helpers = {a for event in record.events for a in (*event.hosts, *event.mediators)}
    people = {actor.id for actor in record.actors if actor.type == "person"}
    weight: Counter[str] = Counter()
    for position in record.positions:
        weight[position.holder] += _WEIGHTS["positions"]
    for agreement in record.agreements:
        for party in agreement.parties:
            weight[party] += _WEIGHTS["agreements"]
    for event in record.events:
        for party in event.participants:
            weight[party] += _WEIGHTS["events"]
    ranked = sorted(
        (party for party in weight if party not in helpers and party not in people),
        key=lambda party: (-weight[party], party),
    )
    if not ranked:
        return None
    return "-".join(sorted(ranked[:2]))


def sourced_items(record: Record) -> list[SourcedItem]:
    """Every item of `record` with its document's metadata and process."""
    process = process_of(record)
    doc = record.document
    found: list[SourcedItem] = []
    for kind in KINDS:
        for seq, item in enumerate(getattr(record, kind)):
            found.append(
                SourcedItem(
                    document_id=doc.id,
                    kind=kind,
                    seq=seq,
                    item=item,
                    process=process,
                    published=doc.published,
                    publisher=doc.publisher,
                    wording=_duration_wording(record, item) if isinstance(item, Event) else None,
                )
            )
    return found


def _duration_wording(record: Record, event: Event) -> tuple[str, str] | None:
    """The wording of the event's duration: ("barely", "lasting barely an hour") or None."""
    if event.duration_minutes is None:
        return None
    start = event.evidence[0].start if event.evidence else 0
    candidates = [
        figure
        for figure in record.figures
        if figure.measure == "duration_minutes"
        and figure.value == event.duration_minutes
        and figure.evidence
    ]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda f: (abs(f.evidence[0].start - start), f.evidence[0].start))
    return nearest.qualifier or "", nearest.evidence[0].text


def block_of(sourced: SourcedItem) -> str:
    """The match block of an item: items are only ever compared within one block.

    Everything reconciliation derives from an item (its fact, a discrepancy, an agreement's
    history, a position's dates) depends only on the items of its block, so re-reconciling the
    blocks a new document touches gives what a full run gives.
    """
    item = sourced.item
    process = sourced.process or "-"
    if isinstance(item, Actor):
        return f"actor:{surname_key(item.name)}"
    if isinstance(item, Event):
        return f"event:{process}:{item.type}:{item.date.isoformat() if item.date else '-'}"
    if isinstance(item, Position):
        return f"position:{process}:{item.holder}:{item.issue}"
    if isinstance(item, Agreement):
        return f"agreement:{process}:{item.issue}"
    assert isinstance(item, Figure)  # the record holds no other kind
    return f"figure:{process}:{item.issue}:{item.measure}"


def short_hash(*parts: str) -> str:
    """A 12-hex-digit digest of the parts: stable across runs, platforms and orders of input."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:12]


# Transliteration variants of one name (Zelensky / Zelenskiy / Zelenskyy; Kyslytsya / Kyslytsia):
# fold the letters that systems of romanisation write differently. Never fuzzy: Zelenska (his
# wife) must stay apart from Zelensky (STACK.md), and she does (final a vs y).
_FOLDS = (
    ("iy", "y"),
    ("yy", "y"),
    ("ii", "y"),
    ("ij", "y"),
    ("yj", "y"),
    ("kh", "h"),
    ("ya", "a"),
    ("ia", "a"),
    ("yu", "u"),
    ("iu", "u"),
    ("ye", "e"),
    ("ie", "e"),
    ("ks", "x"),
    ("w", "v"),
    ("g", "h"),
    ("i", "y"),
)


def fold_name(name: str) -> str:
    """A key shared by transliteration variants of a name: ASCII, lowercase, letters folded."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z ]", "", ascii_name.lower())
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text).strip()


def surname_key(name: str) -> str:
    """The folded last word of a name: the block of actors that may be one person."""
    words = fold_name(name).split()
    return words[-1] if words else ""
