"""The peacetalks command line: parse options, make one core call, print the result."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from rich.console import Console
from rich.markup import escape as escape_markup

from peacetalks import __version__
from peacetalks.batch.watchdog import DOC_TIMEOUT
from peacetalks.demo import MANIFEST as DEMO_MANIFEST
from peacetalks.errors import PeacetalksError, UnreadableDocument
from peacetalks.extract import BACKENDS, build_pipeline
from peacetalks.model.format import ITEM_KINDS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from peacetalks.analysis.summary import CorpusSummary
    from peacetalks.batch import Executor, Outcome, Summary
    from peacetalks.batch.executor import Writes
    from peacetalks.ingest import Source
    from peacetalks.llm import LlmSettings
    from peacetalks.model import Document
    from peacetalks.pipeline import Pipeline
    from peacetalks.server import ServeSettings
    from peacetalks.store import AnswerStore, MemoryAnswers, SqlStore

# The modules behind the commands are imported in the commands that use them: --help, and
# each command, pays only for its own (spaCy, SQLAlchemy, argon2 and the analysis cost ~1.5 s
# together; issue 15). The defaults and choices that options show in --help are copied here
# from those modules; tests/test_startup.py checks each copy against its source.
DEFAULT_DB = "sqlite:///peacetalks.db"  # store.DEFAULT_DB
MAX_BYTES = 20_000_000  # ingest.MAX_BYTES
ENGINES = ("local", "dask")  # batch.ENGINES
CSV_TABLES = ("documents", *ITEM_KINDS)  # exports.CSV_TABLES
FACT_TABLES = ("positions", "agreements", "deals", "events", "figures")  # fact_rows.FACT_TABLES
ROLES = ("reader", "reviewer", "admin")  # store.accounts.ROLES
TOKEN_DAYS = 90  # auth.TOKEN_DAYS
# The view commands (views/commands.py) with their one-line summaries for `peacetalks --help`,
# in the order of views.commands.VIEW_COMMANDS.
VIEW_SUMMARIES = {
    "positions": "Issue x party matrix: each party's stances and a summary, compatibility per "
    "issue.",
    "rounds": "Who sat at the table: each round's venue, sides, hosts, mediators and delegations.",
    "compare": "Two parties side by side, issue by issue, clashes first.",
    "diff": "What PARTY added, dropped, hardened or softened since --since (required).",
    "agreements": "The agreement ledger: terms, status and history, fulfilment, sources.",
    "deals": "Deals: each agreement as signed or announced, its provisions and how far each went.",
    "actor": "One actor's page (roles over time, rounds, deals, what they said); without "
    "ACTOR_ID, the list of actors.",
    "discrepancies": "Figures and durations the sources disagree on, with each value and who "
    "gave it.",
    "timeline": "Meetings, calls, exchanges and agreement milestones in date order, with sources.",
    "reconcile": "Reconcile stored documents into facts (ingest does this after every run).",
    "report": "A briefing to send before a round of talks: the rounds so far and what is next, "
    "each party's positions (clashes first, changes since --since), the deals and how far they "
    "were carried out, disputes between sources and facts still to check, every statement "
    "footnoted to its sources, with charts (HTML and PDF).",
    "search": "Search stored documents and items for WORDS: all must appear (in any form: "
    '"negotiations" finds "negotiating"); "words in quotes" make a phrase; OR between two words '
    "finds either; a last word ending in * finds any word starting so.",
}
LLM_KINDS = ("events", "positions", "agreements", "figures")  # llm.KINDS, without importing it

EXIT_BAD_INPUT = 2
GC_THRESHOLD = 10_000  # new objects between collections of the youngest generation (main)
EXIT_INTERRUPTED = 130  # as shells report a run stopped by a signal
# Control characters (ESC and the like) in a file name or title would drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PROGRESS_FROM = 4  # documents; fewer finish before a bar would be seen
err_console = Console(stderr=True, highlight=False)


def escape(text: str) -> str:
    """Text shown as it is: rich markup escaped, control characters removed."""
    return escape_markup(_CONTROL.sub("", text))


class PeacetalksGroup(click.Group):
    """Prints a PeacetalksError's message without a traceback and exits with code 2."""

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 (click's own signature)
        try:
            return super().invoke(ctx)
        except PeacetalksError as err:
            err_console.print(f"[red]Error:[/red] {escape(str(err))}", soft_wrap=True)
            sys.exit(EXIT_BAD_INPUT)


class ViewCommand(click.Command):
    """A view command, imported from views/commands.py when it runs or shows its help; until
    then only its name and summary (for `peacetalks --help`) are known."""

    def __init__(self, name: str, summary: str) -> None:
        super().__init__(name, help=summary)

    def load(self) -> click.Command:
        from peacetalks.views.commands import VIEW_COMMANDS

        assert self.name is not None
        return dict(VIEW_COMMANDS)[self.name]

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,  # noqa: ANN401 (click's own signature)
    ) -> click.Context:
        # The context is the real command's: its options are parsed, its help shown.
        return self.load().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 (click's own signature)
        return self.load().invoke(ctx)

    def to_info_dict(self, ctx: click.Context) -> dict[str, Any]:
        return self.load().to_info_dict(ctx)


@click.group(cls=PeacetalksGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacetalks")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn reports on peace talks into a sourced, structured record.

    Every item (actor, event, position, agreement, figure) keeps the sentence it came from.
    """
    # A command's start builds ~150,000 objects that live as long as it does (modules, spaCy's
    # pipelines, the models). At Python's default threshold (700 new objects) the collector
    # walks them over and over while they load, freeing nothing: ~0.15 s of `extract`'s start
    # (issue 15). Young objects are collected every 10,000 instead, until the command ends.
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
    ctx.call_on_close(lambda: gc.set_threshold(*threshold))


def _db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        envvar="PEACETALKS_DB",
        default=DEFAULT_DB,
        show_default=True,
        help="Database URL or SQLite file (also PEACETALKS_DB).",
    )(function)


def _listen_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option(
        "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
    )(function)
    return click.option(
        "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
    )(function)


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _reading_options() -> list[Decorator]:
    """--manifest, --published and --max-size: how sources are found and read."""
    return [
        click.option(
            "--manifest",
            type=click.Path(path_type=Path),
            help="CSV with path (or url),published,publisher,title,kind; paths relative to it.",
        ),
        click.option("--published", help="Publication date YYYY-MM-DD for every document."),
        click.option(
            "--max-size",
            type=click.IntRange(min=1),
            default=MAX_BYTES // 1_000_000,
            show_default=True,
            help="Largest document to read, in megabytes.",
        ),
    ]


def _input_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options: list[Decorator] = [
        click.argument("paths", nargs=-1),
        *_reading_options(),
        click.option(
            "--doc-timeout",
            type=click.FloatRange(min=0),
            default=DOC_TIMEOUT,
            show_default=True,
            help="Seconds of extraction allowed per document; one that takes longer is skipped "
            "with a message, the others go on (0: no limit).",
        ),
        click.option(
            "--backend",
            type=click.Choice([*BACKENDS, "llm"]),
            default="learned",
            show_default=True,
            help="learned: trained models decide positions (needs the English parser). "
            "rules: hand-written rules only, the fast mode. llm: a large language model on "
            "an OpenAI-compatible server (--llm-url, --llm-model), every item grounded.",
        ),
        click.option(
            "--model",
            "model_dir",
            type=click.Path(path_type=Path),
            help="Model folder written by 'peacetalks train' (learned backend); the bundled "
            "model when left out.",
        ),
        click.option(
            "--pipeline",
            "pipeline_config",
            type=click.Path(path_type=Path),
            help="Pipeline configuration (TOML); the backend's bundled one when left out.",
        ),
        click.option(
            "--actors",
            "actor_files",
            multiple=True,
            type=click.Path(path_type=Path),
            help="YAML file of actors extending or overriding the bundled registry (repeatable).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return _llm_options(function)


def _llm_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--llm-url",
            envvar="PEACETALKS_LLM_URL",
            help="With --backend llm: the server's OpenAI-style base URL, e.g. "
            "http://127.0.0.1:8080/v1 (also PEACETALKS_LLM_URL). The API key, if the server "
            "needs one, is read from PEACETALKS_LLM_API_KEY only.",
        ),
        click.option(
            "--llm-model",
            envvar="PEACETALKS_LLM_MODEL",
            help="With --backend llm: the model name the server knows (also PEACETALKS_LLM_MODEL).",
        ),
        click.option(
            "--llm-concurrency",
            type=click.IntRange(1, 256),
            default=4,
            show_default=True,
            help="Requests in flight at once.",
        ),
        click.option(
            "--llm-kinds",
            default=",".join(LLM_KINDS),
            show_default=True,
            help="Kinds the model decides; the others come from the rules' stages.",
        ),
        click.option(
            "--llm-timeout",
            type=click.FloatRange(min=1),
            default=180.0,
            show_default=True,
            help="Seconds to wait for one answer (then retried).",
        ),
        click.option("--llm-prompt", default="v1", show_default=True, help="Prompt version."),
        click.option(
            "--llm-price-in",
            type=click.FloatRange(min=0),
            help="Price per million prompt tokens, for the cost estimate at the end.",
        ),
        click.option(
            "--llm-price-out",
            type=click.FloatRange(min=0),
            help="Price per million completion tokens, for the cost estimate at the end.",
        ),
        click.option(
            "--llm-cache/--no-llm-cache",
            default=True,
            show_default=True,
            help="Keep the model's answers in the database, so that a re-run costs no call.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@main.command()
@_input_options
@click.option(
    "--db",
    envvar="PEACETALKS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="With --backend llm: the database that keeps the model's answers (nothing else is "
    "stored by extract).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add to each item an 'explain' list: the stage and rule that produced it.",
)
def extract(
    paths: tuple[str, ...],
    manifest: Path | None,
    published: str | None,
    max_size: int,
    doc_timeout: float,
    backend: str,
    model_dir: Path | None,
    pipeline_config: Path | None,
    actor_files: tuple[Path, ...],
    db: str,
    explain: bool,
    **llm: Any,  # noqa: ANN401 (the --llm-* options)
) -> None:
    """Print one peacetalks/1 JSON line per document; nothing is stored.

    PATHS are files, folders (read recursively), globs, URLs or '-' for stdin. With --backend
    llm, the model's answers are kept in --db's cache (unless --no-llm-cache), nothing else.
    """
    from peacetalks.batch import ReadOptions, Summary, extract_records
    from peacetalks.exports import record_line

    sources = _sources(paths, manifest, published)
    options = ReadOptions(
        max_bytes=max_size * 1_000_000, keep_claims=explain, doc_timeout=doc_timeout or None
    )
    with _run_backend(
        backend, model_dir, pipeline_config, actor_files, llm, db=db, keep_claims=explain
    ) as (pipeline, executor):
        summary = Summary()
        with _progress(len(sources), "Extracting") as advance:
            for outcome in extract_records(sources, pipeline, options, executor=executor):
                summary.count(outcome)
                if outcome.record is not None:
                    click.echo(record_line(outcome.record, outcome.claims))
                _report(outcome)
                advance()
    _exit_on_failures(summary)


@contextmanager
def _run_backend(
    backend: str,
    model_dir: Path | None,
    pipeline_config: Path | None,
    actor_files: tuple[Path, ...],
    llm: dict[str, Any],
    *,
    db: str | None,
    keep_claims: bool = False,
) -> Iterator[tuple[Pipeline, Executor | None]]:
    """The pipeline of the chosen backend and the executor it needs (None: one at a time)."""
    if backend != "llm":
        yield _pipeline(backend, model_dir, pipeline_config, actor_files), None
        return
    if model_dir is not None or pipeline_config is not None:
        raise click.UsageError("--model and --pipeline go with the learned or rules backends.")
    from peacetalks.batch.threads import ThreadedExecutor
    from peacetalks.llm import LlmUnavailable, open_llm_backend
    from peacetalks.store import open_store

    settings = _llm_settings(llm)
    store = open_store(db) if db is not None and llm["llm_cache"] else None
    run = open_llm_backend(
        settings, _answer_cache(store), kinds=_kinds(llm["llm_kinds"]), actors=actor_files
    )
    executor = ThreadedExecutor(
        run.pipeline,
        settings.concurrency,
        fatal=(LlmUnavailable,),
        keep_claims=keep_claims,
    )
    try:
        yield run.pipeline, executor
    finally:
        run.close()
        if store is not None:
            store.close()
        for line in run.report():
            err_console.print(escape(line), soft_wrap=True)


def _kinds(text: str) -> list[str]:
    """The kinds of --llm-kinds (a comma list)."""
    return [kind.strip() for kind in text.split(",") if kind.strip()]


def _answer_cache(store: SqlStore | None) -> AnswerStore | MemoryAnswers:
    """Where the model's answers are kept: the store's table, or memory only."""
    from peacetalks.store import AnswerStore, MemoryAnswers

    return AnswerStore(store.engine) if store is not None else MemoryAnswers()


def _llm_settings(llm: dict[str, Any]) -> LlmSettings:
    from peacetalks.llm import LlmSettings

    missing = [f"--{k.replace('_', '-')}" for k in ("llm_url", "llm_model") if not llm.get(k)]
    if missing:
        raise click.UsageError(
            f"--backend llm needs {' and '.join(missing)} (or PEACETALKS_LLM_URL and "
            "PEACETALKS_LLM_MODEL): the server's OpenAI-style base URL and the model name."
        )
    return LlmSettings(
        url=llm["llm_url"],
        model=llm["llm_model"],
        api_key=os.environ.get("PEACETALKS_LLM_API_KEY") or None,
        prompt=llm["llm_prompt"],
        timeout=llm["llm_timeout"],
        concurrency=llm["llm_concurrency"],
        price_in=llm["llm_price_in"],
        price_out=llm["llm_price_out"],
    )


@main.command()
@_input_options
@_db_option
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where extraction runs: this process, or a Dask cluster (the distributed extra).",
)
@click.option(
    "--address",
    help="With --engine dask: the scheduler (tcp://HOST:8786); a local cluster when left out.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="With --engine dask and no --address: worker processes (default: one per core).",
)
@click.option(
    "--shared-files",
    is_flag=True,
    help="With --address: the workers see this machine's files at the same paths (a shared "
    "filesystem), so they get paths, not the files' bytes. A local cluster, or a scheduler "
    "on this machine, always gets paths.",
)
@click.option(
    "--writes",
    type=click.Choice(["auto", "client", "workers"]),
    default="auto",
    show_default=True,
    help="With --engine dask: who writes the records. The workers (auto: when they can reach "
    "the database: a SQLite file on this machine, a PostgreSQL server) store each chunk as it "
    "is done, so this process only hands out files; 'client' stores them here, in the order "
    "of the sources, as a local run does.",
)
def ingest(
    paths: tuple[str, ...],
    manifest: Path | None,
    published: str | None,
    max_size: int,
    doc_timeout: float,
    backend: str,
    model_dir: Path | None,
    pipeline_config: Path | None,
    actor_files: tuple[Path, ...],
    db: str,
    engine: str,
    address: str | None,
    workers: int | None,
    shared_files: bool,
    writes: str,
    **llm: Any,  # noqa: ANN401 (the --llm-* options)
) -> None:
    """Extract documents and store them; content already stored is left as it is.

    With --engine dask the cluster's workers read and extract the documents (given their
    paths, or the files' bytes when the scheduler is elsewhere and --shared-files is not
    set) and write the records to the database when they can reach it (--writes); else the
    records come back to be stored here, in batches.
    """
    from peacetalks.batch import PipelineSpec, open_executor
    from peacetalks.store import open_store

    if engine == "local" and (address or workers or shared_files or writes != "auto"):
        raise click.UsageError(
            "--address, --workers, --shared-files and --writes go with --engine dask."
        )
    if address and workers:
        raise click.UsageError("--workers sizes a local cluster; with --address the cluster does.")
    if backend == "llm" and engine != "local":
        raise click.UsageError(
            "--backend llm runs here, --llm-concurrency requests at a time; the model server "
            "does the work, so --engine dask would add nothing."
        )
    sources = _sources(paths, manifest, published)
    if backend == "llm":
        with _run_backend(backend, model_dir, pipeline_config, actor_files, llm, db=db) as (
            pipeline,
            threads,
        ):
            store = open_store(db)
            try:
                summary = _ingest(sources, pipeline, store, max_size=max_size, executor=threads)
            finally:
                store.close()
        _print_ingest_summary(summary, store.url)
        _exit_on_failures(summary)
        return
    pipeline = _pipeline(backend, model_dir, pipeline_config, actor_files)
    spec = PipelineSpec.from_files(pipeline_config, actor_files, backend=backend, model=model_dir)
    store = open_store(db)
    try:
        with open_executor(
            engine,
            pipeline,
            spec,
            address=address,
            workers=workers,
            timeout=doc_timeout or None,
            files="paths" if shared_files else "auto",
            writes=cast("Writes", writes),
        ) as executor:
            summary = _ingest(
                sources, pipeline, store, max_size=max_size, executor=executor,
                doc_timeout=doc_timeout or None,
            )  # fmt: skip
    finally:
        store.close()
    _print_ingest_summary(summary, store.url)
    _exit_on_failures(summary)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "gold", "parquet"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one peacetalks/1 record per line. csv: one table per kind. gold: one "
    "peacetalks/1 file per document with reviewers' corrections applied (rejected items "
    "left out), for 'peacetalks train --gold DIR'. parquet: with --facts, one file per table "
    "(needs pyarrow).",
)
@click.option(
    "--facts",
    is_flag=True,
    help="Export the reconciled, reviewed facts (positions, agreements, events, figures) with "
    "their sources, confidence and review state, instead of the per-document records.",
)
@click.option(
    "--rejected", is_flag=True, help="With --facts: keep facts a reviewer rejected (marked)."
)
@click.option("--bom", is_flag=True, help="With --format csv: start with a UTF-8 BOM (Excel).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File (jsonl, or csv with --table) or folder (csv, gold); stdout when left out.",
)
@click.option(
    "--table",
    type=click.Choice(sorted({*CSV_TABLES, *FACT_TABLES})),
    help="With --format csv: write this one table (to stdout or -o FILE).",
)
@_db_option
def export(
    fmt: str,
    facts: bool,
    rejected: bool,
    bom: bool,
    output: Path | None,
    table: str | None,
    db: str,
) -> None:
    """Export the stored records as JSON Lines, CSV tables or gold files for training; or,
    with --facts, the reviewed facts as JSON Lines, CSV or Parquet."""
    from peacetalks.exports import (
        reviewed_records,
        write_csv_table,
        write_csv_tables,
        write_gold,
        write_jsonl,
    )
    from peacetalks.views.windows import opened_store

    if facts:
        _export_facts(fmt, output, table, db, bom=bom, rejected=rejected)
        return
    if fmt == "parquet" or bom or rejected:
        raise click.UsageError("--format parquet, --bom and --rejected go with --facts.")
    if table is not None and table not in CSV_TABLES:
        raise click.UsageError(f"--table {table} is a table of --facts.")
    if fmt == "csv" and table is None and output is None:
        raise click.UsageError(
            "--format csv writes one file per table: give a folder with -o DIR, "
            "or pick one table with --table NAME."
        )
    if fmt == "gold":
        if output is None:
            raise click.UsageError("--format gold writes one file per document: give -o DIR.")
        with opened_store(db) as store:
            written = write_gold(reviewed_records(store), output)
        err_console.print(f"Wrote {len(written)} gold record(s) to {escape(str(output))}")
        return
    with opened_store(db) as store:
        records = store.records()  # a stream, read in batches: written while the store is open
        if fmt == "jsonl":
            if output is None:
                write_jsonl(records, sys.stdout)
            else:
                with output.open("w", encoding="utf-8") as handle:
                    n = write_jsonl(records, handle)
                err_console.print(f"Wrote {n} records to {escape(str(output))}")
            return
        if table is not None:
            if output is None:
                write_csv_table(records, table, sys.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    write_csv_table(records, table, handle)
            return
        assert output is not None  # checked above
        for path in write_csv_tables(records, output):
            err_console.print(f"Wrote {escape(str(path))}")


@main.command()
@click.option(
    "--gold",
    "gold_dirs",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of peacetalks/1 gold records, <name>.json (repeatable: one per collection).",
)
@click.option(
    "--docs",
    "docs_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the documents the gold annotates, <name>.txt/.md/.html/.pdf; one per "
    "--gold, in order (default: the 'docs' folder beside each gold folder).",
)
@click.option(
    "--manifest",
    "manifests",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Manifest CSV of the documents (dates, publishers); one per --gold, in order "
    "(default: manifest.csv beside the gold folder, if there is one).",
)
@click.option(
    "--groups",
    "group_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of path,process: which peace process each document is about, so that "
    "cross-validation never trains on a process it scores (repeatable; default: "
    "processes.csv beside the gold folder, if there is one).",
)
@click.option(
    "--not-scored",
    multiple=True,
    metavar="COLLECTION",
    help="A collection (a gold folder's parent's name) trained on but left out of the pooled "
    "cross-validated score, e.g. examples written to teach rare shapes (repeatable).",
)
@click.option(
    "--crossval",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also score the settings by K-fold cross-validation over whole processes "
    "(written to scores.json); 0: train only.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Training settings (a model's config.toml); the defaults when left out.",
)
@click.option(
    "--predictions",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --crossval: write the out-of-fold records here, one <collection>.jsonl each.",
)
@click.option("--name", default="peacetalks-learned", show_default=True, help="Model name.")
@click.option(
    "--version", "model_version", default="0.0.0", show_default=True, help="Model version."
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Model folder to write (model.json, config.toml, scores.json).",
)
def train(
    gold_dirs: tuple[Path, ...],
    docs_dirs: tuple[Path, ...],
    manifests: tuple[Path, ...],
    group_files: tuple[Path, ...],
    not_scored: tuple[str, ...],
    crossval: int,
    config_file: Path | None,
    predictions: Path | None,
    name: str,
    model_version: str,
    output: Path,
) -> None:
    """Train the learned extractor from gold records; use the result with --model.

    Needs the training extra: pip install 'peacetalks[train]'.
    """
    try:
        from peacetalks import learn
    except ImportError as err:
        raise click.UsageError(
            f"Training needs scikit-learn ({err}). Install it with: "
            "python3 -m pip install 'peacetalks[train]'"
        ) from err
    if docs_dirs and len(docs_dirs) != len(gold_dirs):
        raise click.UsageError("Give one --docs per --gold, in the same order, or none.")
    if manifests and len(manifests) != len(gold_dirs):
        raise click.UsageError("Give one --manifest per --gold, in the same order, or none.")
    if group_files and len(group_files) != len(gold_dirs):
        raise click.UsageError("Give one --groups per --gold, in the same order, or none.")
    if predictions is not None and crossval < 2:
        raise click.UsageError("--predictions needs --crossval K (K of 2 or more).")
    sets = [
        learn.GoldSet(
            gold,
            docs_dirs[i] if docs_dirs else gold.parent / "docs",
            manifests[i] if manifests else _if_file(gold.parent / "manifest.csv"),
            group_files[i] if group_files else _if_file(gold.parent / "processes.csv"),
        )
        for i, gold in enumerate(gold_dirs)
    ]
    unknown = set(not_scored) - {s.name for s in sets}
    if unknown:
        raise click.UsageError(
            f"--not-scored {', '.join(sorted(unknown))}: no such collection; the collections "
            f"are {', '.join(s.name for s in sets)}."
        )
    sets = [replace(s, scored=s.name not in not_scored) for s in sets]
    settings = learn.read_settings(config_file) if config_file is not None else None
    trained = learn.train(
        sets,
        settings,
        crossval=crossval,
        name=name,
        version=model_version,
        progress=lambda message: err_console.print(escape(message)),
    )
    for path in learn.write_model_folder(trained, output):
        err_console.print(f"Wrote {escape(str(path))}")
    if predictions is not None:
        for path in learn.write_predictions(trained, predictions):
            err_console.print(f"Wrote {escape(str(path))}")
    if trained.scores is not None:
        _print_scores(trained.scores)


def _export_facts(
    fmt: str, output: Path | None, table: str | None, db: str, *, bom: bool, rejected: bool
) -> None:
    """The reviewed facts as JSON Lines (one per fact), CSV or Parquet (one table per kind)."""
    from peacetalks.analysis.fact_rows import FACT_TABLES, flat, stream_fact_rows
    from peacetalks.exports import write_parquet_tables, write_rows_csv, write_rows_jsonl
    from peacetalks.views.windows import opened_store

    if fmt == "gold":
        raise click.UsageError("--format gold writes records, not facts: leave out --facts.")
    if table is not None and table not in FACT_TABLES:
        raise click.UsageError(f"--table {table} is not a facts table: {', '.join(FACT_TABLES)}.")
    tables = [table] if table else list(FACT_TABLES)
    if fmt in ("csv", "parquet") and output is None and (fmt == "parquet" or table is None):
        raise click.UsageError(f"--format {fmt} writes one file per table: give -o DIR.")
    with opened_store(db) as store:
        # Streams of rows, the facts read in batches: written while the store is open.
        def rows(name: str) -> Iterator[dict[str, Any]]:
            return stream_fact_rows(store, name, include_rejected=rejected)

        if fmt == "jsonl":
            target = output.open("w", encoding="utf-8") if output else sys.stdout
            try:
                n = sum(write_rows_jsonl(rows(name), target) for name in tables)
            finally:
                if output is not None:
                    target.close()
            if output is not None:
                err_console.print(f"Wrote {n} facts to {escape(str(output))}")
            return
        if fmt == "parquet":
            assert output is not None
            streams = {name: (flat(r) for r in rows(name)) for name in tables}
            for path in write_parquet_tables(streams, output):
                err_console.print(f"Wrote {escape(str(path))}")
            return
        if output is None or (table is not None and output.suffix == ".csv"):
            target = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                write_rows_csv((flat(r) for r in rows(tables[0])), target, bom=bom)
            finally:
                if output is not None:
                    target.close()
            return
        output.mkdir(parents=True, exist_ok=True)
        for name in tables:
            path = output / f"facts-{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                write_rows_csv((flat(r) for r in rows(name)), handle, bom=bom)
            err_console.print(f"Wrote {escape(str(path))}")


def _if_file(path: Path) -> Path | None:
    return path if path.is_file() else None


def _print_scores(scores: dict[str, Any]) -> None:
    from rich.table import Table

    collections = [c for c in scores if isinstance(scores[c], dict) and "positions" in scores[c]]
    table = Table(title=f"Cross-validated by process, {scores['folds']} folds: F1 (P / R)")
    table.add_column("kind")
    for collection in collections:
        table.add_column(escape(collection), justify="right")
    for kind in scores["all"]:
        table.add_row(
            kind,
            *(
                "{f1:.2f} ({precision:.2f} / {recall:.2f})".format(**scores[c][kind])
                for c in collections
            ),
        )
    Console(highlight=False).print(table)


@main.group()
def llm() -> None:
    """Batch files for --backend llm: write requests, read a batch service's answers back."""


def _batch_input_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options: list[Decorator] = [
        *_reading_options(),
        click.option(
            "--llm-model",
            envvar="PEACETALKS_LLM_MODEL",
            required=True,
            help="The model name (also PEACETALKS_LLM_MODEL); the same for prepare and collect.",
        ),
        click.option("--llm-prompt", default="v1", show_default=True, help="Prompt version."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@llm.command("prepare")
@click.argument("paths", nargs=-1)
@_batch_input_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The requests file to write (JSON Lines, OpenAI Batch API input format).",
)
def llm_prepare(
    paths: tuple[str, ...],
    manifest: Path | None,
    published: str | None,
    max_size: int,
    llm_model: str,
    llm_prompt: str,
    output: Path,
) -> None:
    """Write one chat request per document (per part of a long one) for a batch service.

    Send the file to a Batch API (or run it on another machine), then read the answers with
    'peacetalks llm collect OUTPUT PATHS...' on the same documents and model.
    """
    from peacetalks.llm import LlmSettings
    from peacetalks.llm.batch import batch_requests
    from peacetalks.llm.prompt import load_prompt

    settings = LlmSettings(url="batch", model=llm_model, prompt=llm_prompt)
    prompt = load_prompt(llm_prompt)
    docs, summary = _read_documents(_sources(paths, manifest, published), max_size)
    n = 0
    with output.open("w", encoding="utf-8") as handle:
        for line in batch_requests(docs, settings, prompt):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            n += 1
    err_console.print(f"Wrote {n} request(s) for {len(docs)} document(s) to {escape(str(output))}")
    _exit_on_failures(summary)


@llm.command("collect")
@click.argument("answers", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("paths", nargs=-1)
@_batch_input_options
@click.option(
    "--llm-kinds",
    default=",".join(LLM_KINDS),
    show_default=True,
    help="Kinds the model decides; the others come from the rules' stages.",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="YAML file of actors extending or overriding the bundled registry (repeatable).",
)
@click.option(
    "--db",
    help="Store the records (and keep the answers) in this database; printed as JSON lines "
    "when left out.",
)
def llm_collect(
    answers: Path,
    paths: tuple[str, ...],
    manifest: Path | None,
    published: str | None,
    max_size: int,
    llm_model: str,
    llm_prompt: str,
    llm_kinds: str,
    actor_files: tuple[Path, ...],
    db: str | None,
) -> None:
    """Read a batch output file (ANSWERS) for the documents PATHS, ground it, print or store.

    The documents must be those given to 'peacetalks llm prepare' (matched by content).
    """
    from peacetalks.batch import ReadOptions, Summary, extract_records
    from peacetalks.batch.threads import ThreadedExecutor
    from peacetalks.exports import record_line
    from peacetalks.llm import LlmSettings, LlmUnavailable, open_llm_backend
    from peacetalks.llm.batch import cache_batch_answers, read_batch_output
    from peacetalks.llm.prompt import load_prompt
    from peacetalks.store import open_store

    settings = LlmSettings(url="batch", model=llm_model, prompt=llm_prompt)
    sources = _sources(paths, manifest, published)
    with answers.open(encoding="utf-8", errors="replace") as handle:
        output = read_batch_output(handle, name=str(answers))
    for problem in output.problems:
        err_console.print(f"[yellow]Warning:[/yellow] {escape(problem)}", soft_wrap=True)
    store = open_store(db) if db else None
    try:
        cache = _answer_cache(store)
        docs, summary = _read_documents(sources, max_size)
        _, matched = cache_batch_answers(
            docs, output, settings=settings, prompt=load_prompt(llm_prompt), cache=cache
        )
        err_console.print(f"{matched} of {len(output.answers)} answer(s) match the documents.")
        run = open_llm_backend(
            settings, cache, kinds=_kinds(llm_kinds), actors=actor_files, offline=True
        )
        threads = ThreadedExecutor(run.pipeline, 1, fatal=(LlmUnavailable,))
        if store is not None:
            summary = _ingest(sources, run.pipeline, store, max_size=max_size, executor=threads)
            _print_ingest_summary(summary, store.url)
        else:
            options = ReadOptions(max_bytes=max_size * 1_000_000)
            summary = Summary()
            for outcome in extract_records(sources, run.pipeline, options, executor=threads):
                summary.count(outcome)
                if outcome.record is not None:
                    click.echo(record_line(outcome.record))
                _report(outcome)
    finally:
        if store is not None:
            store.close()
    for line in run.report()[1:]:  # the first line counts requests: none were made
        err_console.print(escape(line), soft_wrap=True)
    _exit_on_failures(summary)


def _read_documents(sources: list[Source], max_size: int) -> tuple[list[Document], Summary]:
    """Every readable source as a document; the others reported and counted as failures."""
    from peacetalks.batch import Outcome, Summary
    from peacetalks.ingest import read_document

    docs: list[Document] = []
    summary = Summary()
    for source in sources:
        try:
            docs.append(read_document(source, max_bytes=max_size * 1_000_000))
        except UnreadableDocument as err:
            outcome = Outcome(source, "failed", error=str(err))
            summary.count(outcome)
            _report(outcome)
    return docs, summary


@main.command()
@click.option("--no-serve", is_flag=True, help="Exit when done instead of serving the results.")
@click.option(
    "--db",
    default="sqlite:///peacetalks-demo.db",
    show_default=True,
    help="Where to build the demo database (replaced on every run).",
)
@_listen_options
def demo(no_serve: bool, db: str, host: str, port: int) -> None:
    """Ingest the bundled sample corpus into a fresh database and show what was found."""
    from peacetalks.analysis.summary import summarise
    from peacetalks.store import open_store
    from peacetalks.views.commands import print_picture

    _remove_sqlite_file(db)
    pipeline = build_pipeline()
    sources = _sources((), DEMO_MANIFEST, None)
    store = open_store(db)
    try:
        summary = _ingest(sources, pipeline, store, max_size=MAX_BYTES // 1_000_000)
        records = list(store.records())
    finally:
        store.close()
    _print_ingest_summary(summary, store.url)
    _print_corpus(summarise(records))
    print_picture(db)
    _exit_on_failures(summary)
    if not no_serve:
        from peacetalks.server import ServeSettings

        _serve(ServeSettings(db=db, host=host, port=port))


@main.command()
@_db_option
@_listen_options
@click.option(
    "--read",
    type=click.Choice(["public", "signed-in"]),
    envvar="PEACETALKS_READ",
    default="public",
    show_default=True,
    help="Who may read pages and the API (also PEACETALKS_READ); changes always need sign-in.",
)
@click.option(
    "--trusted-hosts",
    envvar="PEACETALKS_TRUSTED_HOSTS",
    default="",
    help="Comma-separated host names to answer (e.g. 'talks.example.org,*.example.org'); "
    "other Host headers get 400. Default: any host (pages never put it into links).",
)
@click.option(
    "--https-only",
    is_flag=True,
    envvar="PEACETALKS_HTTPS_ONLY",
    help="Served over HTTPS (e.g. behind a TLS proxy): session cookies are marked Secure and "
    "browsers are told to keep to HTTPS (Strict-Transport-Security).",
)
@click.option(
    "--forwarded-allow-ips",
    envvar="FORWARDED_ALLOW_IPS",
    help="Comma-separated addresses of proxies whose X-Forwarded-For/-Proto are believed "
    "(client addresses for sign-in throttling); '*' for any. Default: 127.0.0.1.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    envvar="PEACETALKS_WORKERS",
    default=1,
    show_default=True,
    help="Server processes answering requests (e.g. one per core); each keeps its own cache.",
)
def serve(
    db: str,
    host: str,
    port: int,
    read: str,
    trusted_hosts: str,
    https_only: bool,
    forwarded_allow_ips: str | None,
    workers: int,
) -> None:
    """Serve the web UI and the JSON API (/api, described at /openapi.json) until interrupted."""
    from peacetalks.server import ServeSettings

    hosts = tuple(h.strip() for h in trusted_hosts.split(",") if h.strip())
    settings = ServeSettings(
        db=db,
        host=host,
        port=port,
        read_public=read == "public",
        secure_cookies=https_only,
        trusted_hosts=hosts,
        forwarded_allow_ips=forwarded_allow_ips,
        workers=workers,
    )
    _serve(settings)


@main.group()
def user() -> None:
    """Users: who may sign in, and with which role (reader, reviewer or admin)."""


@user.command("add")
@click.argument("name")
@_db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (for scripts).")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="reviewer",
    show_default=True,
    help="reader: reads (also where reading needs sign-in); reviewer: also confirms, corrects "
    "and rejects facts; admin: as reviewer (and user management, where offered).",
)
def user_add(name: str, db: str, password_stdin: bool, role: str) -> None:
    """Create the user NAME; asks for the password (stored as an argon2 hash)."""
    from peacetalks.auth import add_user

    password = _read_password(password_stdin)
    with _accounts(db) as engine:
        add_user(engine, name, password, role=role)
    err_console.print(f"Added user {escape(name)} ({role}) to {escape(db)}.")


@user.command("list")
@_db_option
def user_list(db: str) -> None:
    """Every user: role, when added, live sessions and unexpired API tokens."""
    from rich.table import Table

    from peacetalks.auth import utc_now
    from peacetalks.store.accounts import list_users

    with _accounts(db) as engine:
        found = list_users(engine, now=utc_now())
    table = Table(title_justify="left", expand=False)
    for column in ("name", "role", "created", "sessions", "tokens"):
        table.add_column(column, justify="right" if column in ("sessions", "tokens") else "left")
    for line in found:
        created = _when(line.created_at)
        table.add_row(escape(line.name), line.role, created, str(line.sessions), str(line.tokens))
    Console().print(table)


@user.command("remove")
@click.argument("name")
@_db_option
def user_remove(name: str, db: str) -> None:
    """Delete the user NAME with their sessions and API tokens (their reviews keep the name)."""
    from peacetalks.auth import remove_user

    with _accounts(db) as engine:
        remove_user(engine, name)
    err_console.print(f"Removed user {escape(name)}: signed out, tokens revoked.")


@user.command("password")
@click.argument("name")
@_db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (for scripts).")
def user_password(name: str, db: str, password_stdin: bool) -> None:
    """Set a new password for NAME; signs NAME out everywhere (API tokens stay valid)."""
    from peacetalks.auth import change_password

    password = _read_password(password_stdin)
    with _accounts(db) as engine:
        ended = change_password(engine, name, password)
    err_console.print(f"Changed the password of {escape(name)}; ended {ended} session(s).")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@_db_option
def user_role(name: str, role: str, db: str) -> None:
    """Give NAME another role (applies at once, to sessions and tokens too)."""
    from peacetalks.auth import change_role

    with _accounts(db) as engine:
        change_role(engine, name, role)
    err_console.print(f"{escape(name)} is now a {role}.")


@user.command("token")
@click.argument("name")
@_db_option
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=TOKEN_DAYS,
    show_default=True,
    help="Days until the token expires.",
)
def user_token(name: str, db: str, days: int) -> None:
    """Print a new API token for NAME (send it as 'Authorization: Bearer TOKEN')."""
    from peacetalks.auth import new_api_token

    with _accounts(db) as engine:
        token_id, token = new_api_token(engine, name, days=days)
    click.echo(token)
    err_console.print(
        f"Token {token_id}, valid {days} days. Keep it secret: only its hash is stored, so it "
        f"cannot be shown again. Revoke it with 'peacetalks user revoke {token_id}'."
    )


@user.command("tokens")
@click.argument("name")
@_db_option
def user_tokens(name: str, db: str) -> None:
    """List NAME's API tokens: id, created, last used, expiry (never the tokens themselves)."""
    from rich.table import Table

    from peacetalks.auth import utc_now
    from peacetalks.store.accounts import tokens_of

    with _accounts(db) as engine:
        found = tokens_of(engine, name)
    now = utc_now()
    table = Table(title_justify="left", expand=False)
    for column in ("id", "created", "last used", "expires"):
        table.add_column(column, justify="right" if column == "id" else "left")
    for line in found:
        expires = _when(line.expires_at) if line.expires_at else "never"
        if line.expires_at and line.expires_at <= now:
            expires += " (expired)"
        last = _when(line.last_used_at) if line.last_used_at else "never"
        table.add_row(str(line.id), _when(line.created_at), last, expires)
    Console().print(table)


@user.command("revoke")
@click.argument("token_id", type=int)
@_db_option
def user_revoke(token_id: int, db: str) -> None:
    """Revoke the API token TOKEN_ID (the id 'peacetalks user tokens NAME' lists)."""
    from peacetalks.auth import revoke_token

    with _accounts(db) as engine:
        owner = revoke_token(engine, token_id)
    err_console.print(f"Revoked token {token_id} of {escape(owner)}.")


@contextmanager
def _accounts(db: str) -> Iterator[Engine]:
    """The engine of an existing database, closed after the block."""
    from peacetalks.store import open_store

    store = open_store(db, create=False)
    try:
        yield store.engine
    finally:
        store.close()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _pipeline(
    backend: str, model_dir: Path | None, config: Path | None, actor_files: tuple[Path, ...]
) -> Pipeline:
    if model_dir is not None and backend == "rules":
        raise click.UsageError("--model goes with the learned backend, not --backend rules.")
    return build_pipeline(config, actors=actor_files, backend=backend, model=model_dir)


def _serve(settings: ServeSettings) -> None:
    # Imported here: the web stack (FastAPI, uvicorn) costs ~0.3 s that other commands skip.
    from peacetalks.server import serve

    where = f"http://{settings.host}:{settings.port}/"
    err_console.print(f"Serving {escape(settings.db)} on {where} (Ctrl+C to stop)")
    serve(settings)


def _sources(paths: tuple[str, ...], manifest: Path | None, published: str | None) -> list[Source]:
    """The sources to read, with manifest metadata and the --published override applied."""
    from peacetalks.ingest import (
        Manifest,
        expand_inputs,
        parse_date,
        read_manifest,
        with_manifest,
        with_published,
    )

    listed: Manifest | None = None
    if manifest is not None:
        listed = read_manifest(manifest)
        for warning in listed.warnings:
            err_console.print(f"[yellow]Warning:[/yellow] {escape(warning)}")
    if paths:
        sources = with_manifest(list(expand_inputs(paths)), listed)
    elif listed is not None:
        sources = listed.sources
    else:
        raise click.UsageError(
            "Give at least one PATH (file, folder, glob, URL or -), or --manifest."
        )
    override = parse_date(published, "--published") if published else None
    return with_published(sources, override)


def _ingest(
    sources: list[Source],
    pipeline: Pipeline,
    store: SqlStore,
    *,
    max_size: int,
    executor: Executor | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
) -> Summary:
    from peacetalks.batch import ReadOptions, ingest_sources
    from peacetalks.views.commands import reconcile_after_ingest

    options = ReadOptions(max_bytes=max_size * 1_000_000, doc_timeout=doc_timeout)
    with _progress(len(sources), "Ingesting") as advance:

        def on_outcome(outcome: Outcome) -> None:
            _report(outcome)
            advance()

        try:
            with _signals_interrupt():
                summary = ingest_sources(
                    sources,
                    pipeline,
                    store,
                    options=options,
                    on_outcome=on_outcome,
                    executor=executor,
                )
        except KeyboardInterrupt:
            # ingest_sources stored what was extracted before the signal (its finally block).
            err_console.print(
                "Interrupted: the documents extracted so far are stored. Run the same command "
                "again to go on (stored documents are not extracted twice)."
            )
            store.close()
            sys.exit(EXIT_INTERRUPTED)
    # Facts follow every ingest: only the new documents' blocks, or all when one was re-dated.
    reconcile_after_ingest(store, full=summary.redated > 0)
    return summary


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the run) interrupts like Ctrl+C: the extracted
    documents are written before the process ends, instead of being lost."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(outcome: Outcome) -> None:
    record = outcome.record
    if outcome.status == "added" and record and not record.document.published:
        err_console.print(
            f"[yellow]Warning:[/yellow] no publication date for "
            f"{escape(outcome.source.name)}: 'Monday', 'yesterday' and similar are left "
            "unresolved. Pass --published YYYY-MM-DD or give it in a --manifest.",
            soft_wrap=True,
        )
    if outcome.status == "redated" and record is not None:
        err_console.print(
            f"Re-dated {escape(outcome.source.name)}: published "
            f"{record.document.published}, extracted again.",
            soft_wrap=True,
        )
    if outcome.status == "failed":
        err_console.print(f"[red]Skipped[/red] {escape(outcome.error or '')}", soft_wrap=True)
    elif outcome.status == "unchanged" and outcome.document_id is not None:
        # A record means the file was read and its content found; else the file was unchanged.
        why = "same content" if outcome.record is not None else "file unchanged"
        err_console.print(
            f"Already ingested: {escape(outcome.source.name)} "
            f"(document {outcome.document_id}, {why}); nothing changed.",
            soft_wrap=True,
        )


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for longer runs in a terminal; a no-op otherwise."""
    if total < PROGRESS_FROM or not err_console.is_terminal:
        yield lambda: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _print_ingest_summary(summary: Summary, url: str) -> None:
    err_console.print(
        f"{summary.added} added, "
        + (f"{summary.redated} re-dated and extracted again, " if summary.redated else "")
        + f"{summary.unchanged} unchanged (already stored), "
        f"{len(summary.failures)} failed -> {escape(url)}"
    )


def _print_corpus(found: CorpusSummary) -> None:
    from rich.table import Table

    console = Console()
    docs = Table(title="Documents", title_justify="left", expand=False)
    for column in ("published", "title", "publisher", "act", "evt", "pos", "agr", "fig"):
        docs.add_column(column, overflow="fold", no_wrap=column in ("published",))
    for line in found.documents:
        counts = [
            str(line.items[k]) for k in ("actors", "events", "positions", "agreements", "figures")
        ]
        docs.add_row(
            line.published or "-", escape(line.title), escape(line.publisher or "-"), *counts
        )
    console.print(docs)
    totals = ", ".join(f"{n} {kind}" for kind, n in found.totals.items())
    console.print(f"Found in {len(found.documents)} documents: {totals}.")
    if found.actors:
        named = ", ".join(f"{escape(name)} ({n})" for name, n in found.actors)
        console.print(f"Actors named most often (documents): {named}.", soft_wrap=False)
    if found.positions_by_holder:
        stances = Table(title="Positions by party", title_justify="left")
        for column in ("party", "demand", "offer", "reject", "accept"):
            stances.add_column(column, justify="left" if column == "party" else "right")
        for holder, by_stance in found.positions_by_holder:
            row = [str(by_stance.get(s, 0)) for s in ("demand", "offer", "reject", "accept")]
            stances.add_row(escape(holder), *row)
        console.print(stances)


def _exit_on_failures(summary: Summary) -> None:
    if summary.failures:
        err_console.print(
            f"{len(summary.failures)} document(s) could not be read; see the messages above."
        )
        sys.exit(EXIT_BAD_INPUT)


def _remove_sqlite_file(db: str) -> None:
    """The demo starts from an empty database: remove its SQLite file (never another backend)."""
    if not db.startswith("sqlite:///"):
        return
    path = Path(db.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{path}{suffix}")
        if target.exists():
            target.unlink()


for _name, _summary in VIEW_SUMMARIES.items():
    main.add_command(ViewCommand(_name, _summary))
