"""Extraction stages: Document -> claims. The registry is BUILTIN_STAGES plus plugins.

The stage modules (and spaCy behind them) are imported when a pipeline is built or
BUILTIN_STAGES is first read, not with this package: the command line reads BACKENDS for its
--help without paying for them (issue 15: start-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from peacetalks.errors import BadValue
from peacetalks.extract import spacy_startup
from peacetalks.pipeline import DEFAULT_CONFIG, Pipeline, Stage

spacy_startup.install()  # before any stage imports spaCy

# The bundled configurations of the two backends: `learned` (the default) decides positions
# with the trained models; `rules` is the fast mode, every decision by the hand-written rules.
BACKENDS = {
    "learned": DEFAULT_CONFIG,
    "rules": DEFAULT_CONFIG.with_name("pipeline-rules.toml"),
}


@cache
def _builtin_stages() -> tuple[Stage, ...]:
    from peacetalks.extract.actors import find_actors
    from peacetalks.extract.agreements import find_agreements
    from peacetalks.extract.boilerplate import find_boilerplate
    from peacetalks.extract.dates import find_date_mentions
    from peacetalks.extract.learned import find_learned
    from peacetalks.extract.meetings import find_events
    from peacetalks.extract.positions import find_positions
    from peacetalks.extract.quantities import find_figures
    from peacetalks.extract.segments import find_paragraphs, find_sentences

    return (
        find_boilerplate,
        find_paragraphs,
        find_sentences,
        find_actors,
        find_date_mentions,
        find_events,
        find_figures,
        find_agreements,
        find_positions,
        find_learned,
    )


def __getattr__(name: str) -> tuple[Stage, ...]:
    # BUILTIN_STAGES, built at first use (PEP 562).
    if name == "BUILTIN_STAGES":
        return _builtin_stages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def stage_registry() -> dict[str, Stage]:
    """Every known stage by name: the built-in ones, then those of `peacetalks.stages` plugins."""
    from importlib.metadata import entry_points

    registry: dict[str, Stage] = {s.name: s for s in _builtin_stages()}
    for point in entry_points(group="peacetalks.stages"):
        plugin: Stage = point.load()
        registry[plugin.name] = plugin
    return registry


def build_pipeline(
    config: Path | None = None,
    *,
    actors: Sequence[Path] = (),
    backend: str = "learned",
    model: Path | None = None,
) -> Pipeline:
    """The pipeline of a TOML configuration (the bundled one of `backend` when None).

    `actors`: YAML files of actors (`--actors FILE.yaml`) that extend or override the bundled
    registry; the actors and learned stages (same names) are then built with it.
    `model`: a folder written by `peacetalks train`, used by the learned stage instead of the
    bundled model (it is read now, so a bad folder fails before any document is read).
    """
    from peacetalks.extract.actors import find_actors, make_actors_stage
    from peacetalks.extract.learned import find_learned, load_model, make_learned_stage
    from peacetalks.extract.registry import load_registry

    if backend not in BACKENDS:
        raise BadValue("--backend", backend, f"one of {', '.join(BACKENDS)}")
    registry = stage_registry()
    actor_registry = load_registry(actors) if actors else None
    if actor_registry is not None:
        registry[find_actors.name] = make_actors_stage(actor_registry)
    if model is not None or actor_registry is not None:
        chosen = load_model(model) if model is not None else None
        registry[find_learned.name] = make_learned_stage(chosen, actor_registry)
    return Pipeline.from_config(config or BACKENDS[backend], registry)
