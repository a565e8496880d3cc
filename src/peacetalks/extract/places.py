"""Places: cities, regions and venues named in a stretch of text, from data/places.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from peacetalks.errors import BadValue

PLACES = Path(__file__).with_name("data") / "places.yaml"
PlaceKind = Literal["city", "region", "venue"]
_KINDS: tuple[PlaceKind, ...] = ("city", "region", "venue")


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A city, region or venue; `country` is the actor id of its state, None where disputed."""

    id: str
    name: str
    kind: PlaceKind
    country: str | None = None
    aliases: tuple[str, ...] = ()


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


def build_gazetteer(places: list[Place]) -> Gazetteer:
    """A gazetteer over `places`; names keep their case, as place names are written."""
    by_name: dict[str, Place] = {}
    for place in places:
        for name in (place.name, *place.aliases):
            by_name.setdefault(name, place)
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    return Gazetteer(by_name, pattern)


def read_places(path: Path) -> list[Place]:
    """Places from one YAML file (a list of mappings with id, name, kind, aliases, country)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise BadValue("places file", str(path), f"a readable YAML list of places ({err})") from err
    if not isinstance(raw, list):
        raise BadValue("places file", str(path), "a YAML list of places (- id: ..., name: ...)")
    return [_place(item, f"{path}, entry {n}") for n, item in enumerate(raw, 1)]


def _place(item: object, where: str) -> Place:
    if not isinstance(item, dict) or "id" not in item or "name" not in item:
        raise BadValue("place entry", where, "a mapping with at least id, name and kind")
    kind = item.get("kind", "city")
    if kind not in _KINDS:
        raise BadValue(f"place kind in {where}", str(kind), "one of " + ", ".join(_KINDS))
    country = item.get("country")
    return Place(
        id=str(item["id"]),
        name=str(item["name"]),
        kind=kind,
        country=None if country is None else str(country),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
    )
