"""The actor registry: states, groups, organisations and people, with every name they go by.

Also the places (regions, cities, venues) named as territorial targets or venues of talks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from peacetalks.errors import BadValue
from peacetalks.model.record import ACTOR_TYPES, ActorType

# libyaml's loader when PyYAML was built with it: ~9x faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA = Path(__file__).with_name("data")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NameForm = Literal["name", "alias", "demonym", "metonym"]
PlaceKind = Literal["region", "city", "venue"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("region", "city", "venue")


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One actor of the registry and the names that refer to it."""

    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    party: str | None = None
    roles: tuple[str, ...] = ()
    opposes: str | None = None  # an armed group's: the state whose government it fights

    @property
    def acting_party(self) -> str | None:
        """The party this actor acts for: a person's state or group, anything else itself."""
        return self.party if self.type == "person" else self.id

    def names(self) -> Iterator[tuple[str, NameForm]]:
        """Every surface form with how it refers: by name, alias, demonym or metonym."""
        yield self.name, "name"
        for alias in self.aliases:
            yield alias, "alias"
        for demonym in self.demonyms:
            yield demonym, "demonym"
        for metonym in self.metonyms:
            yield metonym, "metonym"


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A region, city or venue and the names it goes by; `country` is an actor id or None."""

    id: str
    name: str
    kind: PlaceKind
    aliases: tuple[str, ...] = ()
    country: str | None = None

    def names(self) -> Iterator[str]:
        """The name, then every alias."""
        yield self.name
        yield from self.aliases


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Registry:
    """Actors by id (later files override earlier ones entry by entry) and places by id."""

    entries: dict[str, Entry]
    places: dict[str, Place] = field(default_factory=dict)

    def get(self, actor_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.entries.get(actor_id)

    def __len__(self) -> int:
        return len(self.entries)


def load_registry(extra: Iterable[Path] = ()) -> Registry:
    """The bundled registry plus user files (`--actors FILE.yaml`), the user's entries winning.

    A user entry replaces the bundled entry with its id, and takes its names from any other
    entry that had them, so one name still means one actor.
    """
    paths = list(extra)
    bundled = _bundled()
    if not paths:
        return bundled
    entries = dict(bundled.entries)
    for path in paths:
        for entry in read_entries(path):
            entries = _without_names(entries, entry)
            entries[entry.id] = entry
    return Registry(entries, bundled.places)


def _without_names(entries: dict[str, Entry], new: Entry) -> dict[str, Entry]:
    taken = {surface.casefold() for surface, _form in new.names()}
    kept = {}
    for actor_id, entry in entries.items():
        if actor_id != new.id and any(s.casefold() in taken for s, _f in entry.names()):
            entry = _drop_names(entry, taken)
        kept[actor_id] = entry
    return kept


def _drop_names(entry: Entry, taken: set[str]) -> Entry:
    def keep(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(n for n in names if n.casefold() not in taken)

    return Entry(
        id=entry.id,
        name=entry.name,
        type=entry.type,
        aliases=keep(entry.aliases),
        demonyms=keep(entry.demonyms),
        metonyms=keep(entry.metonyms),
        party=entry.party,
        roles=entry.roles,
        opposes=entry.opposes,
    )


@lru_cache(maxsize=1)
def _bundled() -> Registry:
    # Parsed once per process (~50 ms); the registry is read-only afterwards.
    actors = {e.id: e for e in read_entries(DATA / "actors.yaml")}
    return Registry(actors, {p.id: p for p in read_places(DATA / "places.yaml")})


@lru_cache(maxsize=8)
def read_places(path: Path) -> tuple[Place, ...]:
    """Places from one YAML file (a list of mappings with id, name, kind, aliases, country);
    read once per process (the registry and the gazetteer both want the bundled file)."""
    return tuple(_place(item, path, n) for n, item in enumerate(_yaml_list(path, "place"), 1))


def _yaml_list(path: Path, what: str) -> list[object]:
    """The YAML list a data file holds, or BadValue naming the file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as err:
        raise BadValue(
            f"{what} file", str(path), f"a readable YAML list of {what}s ({err})"
        ) from err
    if not isinstance(raw, list):
        raise BadValue(f"{what} file", str(path), f"a YAML list of {what}s (- id: ..., name: ...)")
    return raw


def _place(item: object, path: Path, n: int) -> Place:
    where = f"{path}, place {n}"
    if not isinstance(item, dict) or "id" not in item or "name" not in item:
        raise BadValue("place", where, "a mapping with at least id, name and kind")
    kind = item.get("kind", "region")
    if kind not in PLACE_KINDS:
        raise BadValue(f"place kind in {where}", str(kind), "one of " + ", ".join(PLACE_KINDS))
    country = item.get("country")
    return Place(
        id=str(item["id"]),
        name=str(item["name"]),
        kind=kind,
        aliases=_strings(item.get("aliases")),
        country=None if country is None else str(country),
    )


def read_entries(path: Path) -> list[Entry]:
    """Registry entries from one YAML file (a list of mappings), each checked."""
    return [_entry(item, path, n) for n, item in enumerate(_yaml_list(path, "actor"), 1)]


def _entry(item: object, path: Path, n: int) -> Entry:
    where = f"{path}, entry {n}"
    if not isinstance(item, dict) or "id" not in item or "name" not in item:
        raise BadValue("actor entry", where, "a mapping with at least id, name and type")
    actor_id = str(item["id"])
    if not _SLUG.match(actor_id):
        raise BadValue(f"actor id in {where}", actor_id, "a lowercase slug like 'united-states'")
    kind = item.get("type", "state")
    if kind not in ACTOR_TYPES:
        raise BadValue(f"actor type in {where}", str(kind), "one of " + ", ".join(ACTOR_TYPES))
    return Entry(
        id=actor_id,
        name=str(item["name"]),
        type=kind,
        aliases=_strings(item.get("aliases")),
        demonyms=_strings(item.get("demonyms")),
        metonyms=_strings(item.get("metonyms")),
        party=item.get("party"),
        roles=_strings(item.get("roles")),
        opposes=item.get("opposes"),
    )


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)
