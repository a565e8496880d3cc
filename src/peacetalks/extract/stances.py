"""Stance cues: the words with which reports say a party demands, offers, rejects or accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from peacetalks.extract.registry import SAFE_LOADER
from peacetalks.model.record import Stance

# How the cue relates to its holder: "active" (holder is the subject before it), "passive"
# (holder follows "by"), "modal" (holder is whoever sets the terms, not the subject: "Ukraine
# must withdraw" in a Russian memorandum), "judgement" (an adjective the speaker applies:
# "called the terms unacceptable"), "noun" (a demand or proposal as a thing: "Russia's demands").
CueForm = Literal["active", "passive", "modal", "judgement", "noun"]


@dataclass(frozen=True, slots=True)
class Cue:
    """One stance cue found in a sentence, with its offsets in that sentence."""

    stance: Stance
    form: CueForm
    start: int
    end: int
    rule: str


LEXICON = Path(__file__).with_name("data") / "stances.yaml"


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[re.Pattern[str], Stance, CueForm, str, tuple[str, ...]], ...]:
    """The cue lexicon, compiled once per process."""
    entries = yaml.load(LEXICON.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return tuple(
        (
            re.compile(e["pattern"], re.IGNORECASE),
            e["stance"],
            e["form"],
            e["rule"],
            tuple(e.get("hints") or ()),
        )
        for e in entries
    )


@lru_cache(maxsize=1)
def _hints() -> frozenset[str]:
    return frozenset(hint for entry in _lexicon() for hint in entry[4])


def find_cues(sentence: str) -> list[Cue]:
    """Stance cues of a sentence, in order; an earlier lexicon entry wins an overlap."""
    taken: list[tuple[int, int]] = []
    cues: list[Cue] = []
    lowered = sentence.lower()
    # Each distinct hint is looked for once per sentence (~100 substring tests), not per rule.
    present = {hint for hint in _hints() if hint in lowered}
    for pattern, stance, form, rule, hints in _lexicon():
        if hints and present.isdisjoint(hints):
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            text = match.group(0)
            start += len(text) - len(text.lstrip())
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            cues.append(Cue(stance, form, start, end, rule))
    return sorted(cues, key=lambda c: c.start)
