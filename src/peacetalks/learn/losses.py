"""Where positions are lost: each gold position a record misses and each position it gives that
the gold does not hold, put in one kind of loss, so that a change can be aimed at the largest
(bench/crossval_losses.py counts them over out-of-fold records).

Keys are the scorer's: (holder, issue, stance) per document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

Key = tuple[str, str, str]

# A gold position not given, by what was given instead.
MISSES = (
    "another stance",  # the holder and issue were given, with another stance only
    "holder and issue apart",  # the holder was given other issues, the issue other holders
    "issue not for this holder",  # the holder was given other issues; the issue nobody
    "holder given nothing",  # the holder is named in the document and was given no position
    "holder not named",  # the actor stages did not find the holder in the document at all
)
# A position given that the gold does not hold, by how near it came.
FALSE = (
    "extra stance",  # the gold holds the holder and issue with another stance, also given
    "wrong stance",  # the gold holds the holder and issue with another stance, not given
    "issue of another holder",  # the holder holds other issues; the issue is another's
    "issue not in the gold",  # the holder holds other issues; nobody holds this one
    "holder holds nothing",  # the gold gives the holder no position in the document
)


def miss_kind(key: Key, given: set[Key], named: set[str]) -> str:
    """Why the gold position `key` is not among `given` (a document's given positions);
    `named` are the parties the document's actor stages found. A key that was given is
    'found'."""
    holder, issue, _stance = key
    if key in given:
        return "found"
    if any(h == holder and i == issue for h, i, _s in given):
        return "another stance"
    holder_given = any(h == holder for h, _i, _s in given)
    if holder_given:
        if any(i == issue for _h, i, _s in given):
            return "holder and issue apart"
        return "issue not for this holder"
    return "holder given nothing" if holder in named else "holder not named"


def false_kind(key: Key, gold: set[Key], given: set[Key]) -> str:
    """Why the given position `key` is not in `gold` (a document's gold positions); 'true'
    when it is."""
    holder, issue, _stance = key
    if key in gold:
        return "true"
    stances = {s for h, i, s in gold if h == holder and i == issue}
    if stances:
        also = any((holder, issue, s) in given for s in stances)
        return "extra stance" if also else "wrong stance"
    if not any(h == holder for h, _i, _s in gold):
        return "holder holds nothing"
    if any(i == issue for _h, i, _s in gold):
        return "issue of another holder"
    return "issue not in the gold"


def tally(
    documents: Iterable[tuple[set[Key], set[Key], set[str]]],
) -> tuple[Counter[str], Counter[str]]:
    """Misses and false positives by kind over (gold, given, named) per document; the first
    counter also counts 'found', the second 'true'."""
    misses: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for gold, given, named in documents:
        misses.update(miss_kind(key, given, named) for key in gold)
        false.update(false_kind(key, gold, given) for key in given)
    return misses, false
