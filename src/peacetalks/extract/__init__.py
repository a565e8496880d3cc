"""Extraction stages: Document -> claims. The registry is BUILTIN_STAGES plus plugins."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from peacetalks.extract.actors import find_actors
from peacetalks.extract.agreements import find_agreements
from peacetalks.extract.boilerplate import find_boilerplate
from peacetalks.extract.dates import find_date_mentions
from peacetalks.extract.meetings import find_events
from peacetalks.extract.positions import find_positions
from peacetalks.extract.quantities import find_figures
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


def build_pipeline(config: Path | None = None) -> Pipeline:
    """The pipeline of a TOML configuration (the bundled default when None)."""
    return Pipeline.from_config(config, stage_registry())
