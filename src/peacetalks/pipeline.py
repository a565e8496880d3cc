"""Stages and the Pipeline: ordered extraction stages with declared contracts, checked up front."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, cast

from peacetalks.errors import BadPipeline, UnknownStage
from peacetalks.model import (
    Actor,
    Agreement,
    Claim,
    ClaimSet,
    Document,
    Event,
    Figure,
    Position,
    Record,
)

_T = TypeVar("_T")
StageFunction = Callable[[Document, ClaimSet], list[Claim]]


class Stage(Protocol):
    """A pipeline step: reads the document and the claims so far, returns only its new claims."""

    @property
    def name(self) -> str:
        """A versioned name such as 'peacetalks.sentences.v1'."""
        ...

    @property
    def requires(self) -> frozenset[str]:
        """Claim kinds an earlier stage must provide."""
        ...

    @property
    def provides(self) -> frozenset[str]:
        """Claim kinds this stage emits."""
        ...

    def __call__(self, doc: Document, found: ClaimSet) -> list[Claim]: ...


@dataclass(frozen=True, slots=True)
class FunctionStage:
    """A stage made from a plain function by `@stage`."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    function: StageFunction

    def __call__(self, doc: Document, found: ClaimSet) -> list[Claim]:
        return self.function(doc, found)


def stage(
    name: str, *, requires: Iterable[str] = (), provides: Iterable[str]
) -> Callable[[StageFunction], FunctionStage]:
    """Attach a versioned name and a requires/provides contract to a stage function."""

    def wrap(function: StageFunction) -> FunctionStage:
        return FunctionStage(name, frozenset(requires), frozenset(provides), function)

    return wrap


DEFAULT_CONFIG = Path(__file__).with_name("pipeline.toml")


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Stages run in order over one document at a time; the result is a peacetalks/1 Record."""

    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        available: set[str] = set()
        for step in self.stages:
            missing = step.requires - available
            if missing:
                raise BadPipeline(
                    f"Stage {step.name!r} requires {', '.join(sorted(missing))}, which no "
                    f"earlier stage provides.\n  Move a stage that provides it before "
                    f"{step.name!r}. Order now: {', '.join(s.name for s in self.stages)}"
                )
            available |= step.provides

    @classmethod
    def from_config(cls, path: Path | None, registry: Mapping[str, Stage]) -> Pipeline:
        """The pipeline a TOML file describes (`[pipeline] stages = [...]`); None: the default."""
        path = path or DEFAULT_CONFIG
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise BadPipeline(f"Cannot read the pipeline configuration {path}: {err}") from err
        names = config.get("pipeline", {}).get("stages")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise BadPipeline(
                f"{path} has no [pipeline] stages list.\n"
                '  Write: [pipeline]\\n  stages = ["peacetalks.sentences.v1", ...]'
            )
        steps = []
        for name in cast(list[str], names):
            if name not in registry:
                raise UnknownStage(name, str(path), list(registry))
            steps.append(registry[name])
        return cls(tuple(steps))

    @property
    def fingerprint(self) -> str:
        """A short id of the stage list: records made by different pipelines differ in it."""
        names = ",".join(s.name for s in self.stages)
        return hashlib.sha256(names.encode()).hexdigest()[:12]

    def find_claims(self, doc: Document) -> ClaimSet:
        """Every claim each stage finds in `doc`, in stage order."""
        found = ClaimSet()
        for step in self.stages:
            found = found.plus(step(doc, found))
        return found

    def run(self, doc: Document) -> Record:
        """The record of `doc`."""
        return assemble_record(doc, self.find_claims(doc))

    def run_with_claims(self, doc: Document) -> tuple[Record, ClaimSet]:
        """The record of `doc` and the claims it was made of (for --explain)."""
        claims = self.find_claims(doc)
        return assemble_record(doc, claims), claims


def assemble_record(doc: Document, claims: ClaimSet) -> Record:
    """The record made of a document's claims: actors merged by id, exact repeats dropped."""
    actors: dict[str, Actor] = {}
    for claim in claims.of_kind("actor"):
        actor = cast(Actor, claim.value)
        seen = actors.get(actor.id)
        if seen is None:
            actors[actor.id] = actor
            continue
        actors[actor.id] = Actor(
            id=seen.id,
            name=seen.name,
            type=seen.type,
            party=seen.party or actor.party,
            roles=_union(seen.roles, actor.roles),
            mentions=_union(seen.mentions, actor.mentions),
        )
    return Record(
        document=doc,
        actors=tuple(actors.values()),
        events=tuple(_unique(cast(Event, c.value) for c in claims.of_kind("event"))),
        positions=tuple(_unique(cast(Position, c.value) for c in claims.of_kind("position"))),
        agreements=tuple(_unique(cast(Agreement, c.value) for c in claims.of_kind("agreement"))),
        figures=tuple(_unique(cast(Figure, c.value) for c in claims.of_kind("figure"))),
    )


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))
