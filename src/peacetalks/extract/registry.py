"""The actor registry: states, groups, organisations and people, with every name they go by."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from peacetalks.errors import BadValue
from peacetalks.model.record import ACTOR_TYPES, ActorType

DATA = Path(__file__).with_name("data")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NameForm = Literal["name", "alias", "demonym", "metonym"]


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

    def names(self) -> Iterator[tuple[str, NameForm]]:
        """Every surface form with how it refers: by name, alias, demonym or metonym."""
        yield self.name, "name"
        for alias in self.aliases:
            yield alias, "alias"
        for demonym in self.demonyms:
            yield demonym, "demonym"
        for metonym in self.metonyms:
            yield metonym, "metonym"


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Registry:
    """Actors by id; later files override earlier ones entry by entry."""

    entries: dict[str, Entry]

    def get(self, actor_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.entries.get(actor_id)

    def __len__(self) -> int:
        return len(self.entries)


def load_registry(extra: Iterable[Path] = ()) -> Registry:
    """The bundled registry plus user files (`--actors FILE.yaml`), the user's entries winning."""
    paths = list(extra)
    if not paths:
        return _bundled()
    entries = dict(_bundled().entries)
    for path in paths:
        entries.update({e.id: e for e in read_entries(path)})
    return Registry(entries)


@lru_cache(maxsize=1)
def _bundled() -> Registry:
    # Parsed once per process (~50 ms); the registry is read-only afterwards.
    return Registry({e.id: e for e in read_entries(DATA / "actors.yaml")})


def read_entries(path: Path) -> list[Entry]:
    """Registry entries from one YAML file (a list of mappings), each checked."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise BadValue("actor file", str(path), f"a readable YAML list of actors ({err})") from err
    if not isinstance(raw, list):
        raise BadValue("actor file", str(path), "a YAML list of actors (- id: ..., name: ...)")
    return [_entry(item, path, n) for n, item in enumerate(raw, 1)]


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
    )


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)
