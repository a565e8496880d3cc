"""Extraction stages: Document -> claims. The registry is BUILTIN_STAGES plus plugins."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from peacetalks.extract.actors import find_actors, make_actors_stage
from peacetalks.extract.agreements import find_agreements
from peacetalks.extract.boilerplate import find_boilerplate
from peacetalks.extract.dates import find_date_mentions
from peacetalks.extract.meetings import find_events
from peacetalks.extract.positions import find_positions
from peacetalks.extract.quantities import find_figures
from peacetalks.extract.registry import load_registry
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.pipeline import Pipeline, Stage

BUILTIN_STAGES: tuple[Stage, ...] = (
    find_boilerplate,
    find_paragraphs,
    find_sentences,
    find_actors,
    find_date_mentions,
    find_events,
    find_figures,
    find_agreements,
    find_positions,
)


def stage_registry() -> dict[str, Stage]:
    """Every known stage by name: the built-in ones, then those of `peacetalks.stages` plugins."""
    registry: dict[str, Stage] = {s.name: s for s in BUILTIN_STAGES}
    for point in entry_points(group="peacetalks.stages"):
        plugin: Stage = point.load()
        registry[plugin.name] = plugin
    return registry


def build_pipeline(config: Path | None = None, *, actors: Sequence[Path] = ()) -> Pipeline:
    """The pipeline of a TOML configuration (the bundled default when None).

    `actors`: YAML files of actors (`--actors FILE.yaml`) that extend or override the bundled
    registry; the actors stage (same name) is then built with the extended registry.
    """
    registry = stage_registry()
    if actors:
        registry[find_actors.name] = make_actors_stage(load_registry(actors))
    return Pipeline.from_config(config, registry)
