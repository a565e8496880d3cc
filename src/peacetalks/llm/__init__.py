"""The large-language-model backend: any OpenAI-compatible server reads the documents, every
item it reports is grounded in the text before it is kept (docs/llm.md).

`open_llm_backend` builds the pipeline: the deterministic stages (boilerplate, segmentation,
actors, dates), the rules' stages for the kinds the model does not decide, then the llm stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from peacetalks.errors import BadValue
from peacetalks.extract import stage_registry
from peacetalks.extract.actors import make_actors_stage
from peacetalks.extract.registry import load_registry
from peacetalks.llm.answer import QUOTE_MISSING, ActorNames, Tally
from peacetalks.llm.client import (
    ChatClient,
    LlmAnswerFailed,
    LlmSettings,
    LlmUnavailable,
)
from peacetalks.llm.grounding import fuzzy_available
from peacetalks.llm.prompt import load_prompt
from peacetalks.llm.stage import KINDS, STAGE, AnswerCache, LlmStage, Usage
from peacetalks.pipeline import Pipeline, Stage

__all__ = [
    "KINDS",
    "QUOTE_MISSING",
    "STAGE",
    "LlmAnswerFailed",
    "LlmBackend",
    "LlmSettings",
    "LlmUnavailable",
    "open_llm_backend",
]

# Stages before the model's, and the rules' stage of each kind the model may leave to them.
_BEFORE = (
    "peacetalks.boilerplate.v1",
    "peacetalks.paragraphs.v1",
    "peacetalks.sentences.v1",
    "peacetalks.actors.v1",
    "peacetalks.dates.v1",
)
_RULES = {
    "events": "peacetalks.events.v1",
    "figures": "peacetalks.figures.v1",
    "agreements": "peacetalks.agreements.v1",
    "positions": "peacetalks.positions.v1",
}


@dataclass(frozen=True, slots=True)
class LlmBackend:
    """The pipeline of a run and its llm stage, whose tallies are read after the run."""

    pipeline: Pipeline
    stage: LlmStage

    def close(self) -> None:
        """Close the client's connections."""
        if self.stage.client is not None:
            self.stage.client.close()

    def report(self) -> list[str]:
        """What the run cost and what grounding dropped, as lines for the user."""
        return describe_run(self.stage.usage, self.stage.tally, self.stage.settings)


def open_llm_backend(
    settings: LlmSettings,
    cache: AnswerCache,
    *,
    kinds: Sequence[str] = KINDS,
    actors: Sequence[Path] = (),
    offline: bool = False,
) -> LlmBackend:
    """The llm backend's pipeline; `offline`: answers only from the cache, no server."""
    unknown = set(kinds) - set(KINDS)
    if unknown or not kinds:
        raise BadValue("--llm-kinds", ",".join(kinds), "a comma list of " + ",".join(KINDS))
    if not fuzzy_available():
        raise LlmUnavailable(
            "The llm backend needs httpx and rapidfuzz: python3 -m pip install 'peacetalks[llm]'"
        )
    registry = load_registry(actors)
    stages = stage_registry()
    stages["peacetalks.actors.v1"] = make_actors_stage(registry)
    chosen: list[Stage] = [stages[name] for name in _BEFORE]
    chosen += [
        stages[_RULES[k]]
        for k in ("events", "figures", "agreements", "positions")
        if k not in kinds
    ]
    client = None if offline else ChatClient(settings)
    llm_stage = LlmStage(
        settings=settings,
        prompt=load_prompt(settings.prompt),
        names=ActorNames(registry),
        cache=cache,
        client=client,
        kinds=frozenset(kinds),
    )
    chosen.append(llm_stage)
    return LlmBackend(Pipeline(tuple(chosen)), llm_stage)


def describe_run(usage: Usage, tally: Tally, settings: LlmSettings) -> list[str]:
    """Lines on requests, tokens, cost, what was kept and what was dropped, and why."""
    lines = [
        f"Model {settings.model}: {usage.requests} request(s), {usage.cached} answered from "
        f"the cache; {usage.prompt_tokens:,} tokens in, {usage.completion_tokens:,} out."
    ]
    if settings.price_in is not None or settings.price_out is not None:
        cost = (
            usage.prompt_tokens * (settings.price_in or 0.0)
            + usage.completion_tokens * (settings.price_out or 0.0)
        ) / 1_000_000
        lines.append(f"Estimated cost: {cost:.4f} (at the given prices per million tokens).")
    kept = ", ".join(f"{n} {kind}" for kind, n in sorted(tally.kept.items()))
    lines.append(f"Kept: {kept or 'nothing'}.")
    if tally.grounded["fuzzy"]:
        lines.append(f"{tally.grounded['fuzzy']} quote(s) matched the text only approximately.")
    dropped = sum(tally.dropped.values())
    if dropped:
        reasons = "; ".join(
            f"{n} {reason}" for reason, n in sorted(tally.dropped.items(), key=lambda x: -x[1])
        )
        lines.append(f"{dropped} item(s) dropped: {reasons}.")
    if tally.new_actors:
        lines.append(
            f"New actors, not in the registry (check them; add them with --actors): "
            f"{', '.join(sorted(tally.new_actors))}."
        )
    return lines
