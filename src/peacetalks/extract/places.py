"""Places: cities, regions and venues named in a stretch of text, from data/places.yaml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from peacetalks.extract.registry import Place, read_places

PLACES = Path(__file__).with_name("data") / "places.yaml"


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """One place named in a text, at `start:end`."""

    place: Place
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Gazetteer:
    """Places by every name they go by, with one compiled pattern over all the names."""

    by_name: dict[str, Place]
    pattern: re.Pattern[str]

    def find(self, text: str) -> list[PlaceHit]:
        """Every place named in `text`, longest name first where names overlap, in text order."""
        return [
            PlaceHit(self.by_name[m.group()], m.start(), m.end())
            for m in self.pattern.finditer(text)
        ]


def find_places(text: str) -> list[PlaceHit]:
    """The places of the bundled gazetteer named in `text`."""
    return gazetteer().find(text)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer (parsed and compiled once per process, ~20 ms)."""
    return build_gazetteer(read_places(PLACES))


def build_gazetteer(places: Sequence[Place]) -> Gazetteer:
    """A gazetteer over `places`; names keep their case, as place names are written."""
    by_name: dict[str, Place] = {}
    for place in places:
        for name in (place.name, *place.aliases):
            by_name.setdefault(name, place)
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    return Gazetteer(by_name, pattern)


__all__ = [
    "Gazetteer",
    "Place",
    "PlaceHit",
    "build_gazetteer",
    "find_places",
    "gazetteer",
    "read_places",
]
