"""Executors: where a batch's extraction runs, behind one small protocol, and what they ship."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, Protocol, runtime_checkable

from peacetalks.errors import BadValue
from peacetalks.extract import build_pipeline
from peacetalks.model import ClaimSet, Document, Record
from peacetalks.pipeline import Pipeline

if TYPE_CHECKING:
    from peacetalks.ingest import Source  # the readers behind it (trafilatura) load slowly

# How a cluster's workers get the files to read: by path (they see this machine's files), as
# each file's bytes read here, or "auto": paths when the workers run on this machine.
FileAccess = Literal["auto", "paths", "bytes"]
# Who writes the records: this process (in the order of the sources, as a local run), the
# workers (each chunk as it is done: the client only coordinates), or "auto": the workers
# whenever they can reach the database.
Writes = Literal["auto", "client", "workers"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction: its record, or why no record could be made."""

    doc: Document
    record: Record | None
    error: str | None = None
    claims: ClaimSet | None = None  # the claims behind the record, when asked for (--explain)


class Executor(Protocol):
    """Runs the pipeline over documents; yields one Extracted per document, in the order given.

    Writing to the store stays with the caller, and reading sources too (but see
    SourceExecutor), so an executor only needs to move documents to where the stages run and
    records back. Order matters: the store stamps documents in the order they arrive, and
    exports list them so.
    """

    def extract(self, docs: Iterable[Document]) -> Iterator[Extracted]: ...


@runtime_checkable
class SourceExecutor(Executor, Protocol):
    """An executor whose workers also read the sources: the caller hands out sources (a path
    is a few bytes), and reading and parsing run where extraction does.

    The caller still decides what is extracted, as a local run does: `arrived` gets each
    source's document, or the message saying why it could not be read (the one a read here
    gives), in the order given, and answers whether to extract it (False: content stored or
    met before). Sources no worker can read (stdin, URLs) are read in this process.
    """

    def extract_sources(
        self,
        sources: Iterable[tuple[int, Source]],
        arrived: Callable[[int, Document | str], bool],
        *,
        max_bytes: int,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Extracted]:
        """Read each source (numbered by the caller) and yield the extraction of each document
        `arrived` accepted, in the order given."""
        ...


@dataclass(frozen=True, slots=True)
class Stored:
    """What a worker made of one source it read, extracted and stored itself: the status a
    local run reports, the document without its text (its id and date, for the report), or
    the message saying why it failed."""

    status: Literal["added", "unchanged", "redated", "failed"]
    document: Document | None = None
    error: str | None = None


@runtime_checkable
class StoringExecutor(SourceExecutor, Protocol):
    """A SourceExecutor whose workers may also write to the store, so that this process only
    hands out sources and tallies what became of them (Dask: one client feeds many workers).
    """

    def workers_store(self, url: str) -> str | None:
        """The URL the workers write to for the store at `url`, or None when this process
        writes (they cannot reach it, or were told not to)."""
        ...

    def store_sources(
        self,
        sources: Iterable[tuple[int, Source]],
        *,
        url: str,
        max_bytes: int,
        stdin: BinaryIO | None = None,
    ) -> Iterator[tuple[int, Stored]]:
        """Read, extract and store each source (numbered by the caller) on the workers, into
        the store at `url`; yields what became of each, in the order given."""
        ...


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What a worker needs to rebuild the pipeline: the configuration files' text, not paths.

    Workers on another machine see neither our files nor our objects; they get this (a few
    KB) and build the same stages, so no stage state is ever pickled.
    """

    config: str | None = None  # pipeline TOML; None: the bundled one of the backend
    actors: tuple[str, ...] = ()  # --actors YAML files, in order
    backend: str = "learned"
    model: str | None = None  # --model's model.json; None: the bundled model

    @classmethod
    def from_files(
        cls,
        config: Path | None,
        actors: Sequence[Path] = (),
        *,
        backend: str = "learned",
        model: Path | None = None,
    ) -> PipelineSpec:
        """The spec of `--pipeline`, `--actors`, `--backend` and `--model`, files read now."""
        return cls(
            config=_read(config, "--pipeline") if config is not None else None,
            actors=tuple(_read(path, "--actors") for path in actors),
            backend=backend,
            model=_read(model / "model.json", "--model") if model is not None else None,
        )

    def build(self) -> Pipeline:
        """The pipeline this spec describes (on a worker, or here to check it)."""
        if self.config is None and not self.actors and self.model is None:
            return build_pipeline(backend=self.backend)
        with tempfile.TemporaryDirectory(prefix="peacetalks-pipeline-") as folder:
            config = None
            if self.config is not None:
                config = Path(folder) / "pipeline.toml"
                config.write_text(self.config, encoding="utf-8")
            actors = []
            for i, text in enumerate(self.actors):
                path = Path(folder) / f"actors-{i}.yaml"
                path.write_text(text, encoding="utf-8")
                actors.append(path)
            model = None
            if self.model is not None:
                model = Path(folder) / "model"
                model.mkdir()
                (model / "model.json").write_text(self.model, encoding="utf-8")
            # Everything is read while building: the folder may go afterwards.
            return build_pipeline(config, actors=actors, backend=self.backend, model=model)


def _read(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise BadValue(option, str(path), f"a readable UTF-8 file ({err})") from err
