"""Where documents come from: paths, folders, globs, stdin, URLs and manifest CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import glob
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from peacetalks.errors import BadManifest, BadValue
from peacetalks.model.record import DOCUMENT_KINDS, DocumentKind

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf")
MANIFEST_COLUMNS = ("path", "url", "published", "publisher", "title", "kind")
STDIN = "-"


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One document to read: where it is, how to name it, and metadata known from outside it."""

    name: str
    location: Path | None = None
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    title: str | None = None
    kind: DocumentKind | None = None
    problem: str | None = None  # set when the source cannot be read at all: the fix
    reason: str = "its manifest row is unusable"  # what is wrong, when `problem` is set


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest's rows by resolved location, and warnings about it worth showing."""

    sources: list[Source]
    warnings: list[str] = field(default_factory=list)

    def lookup(self, location: Path) -> Source | None:
        """The manifest row for a file, matched by its resolved path."""
        target = location.resolve()
        for source in self.sources:
            if source.location is not None and source.location.resolve() == target:
                return source
        return None


def expand_inputs(inputs: Sequence[str]) -> Iterator[Source]:
    """Sources for paths, folders (recursive, known suffixes), globs, URLs and '-' (stdin)."""
    for given in inputs:
        if given == STDIN:
            yield Source(name=STDIN)
        elif given.startswith(("http://", "https://")):
            yield Source(name=given, url=given)
        elif Path(given).is_dir():
            found = sorted(
                p for p in Path(given).rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            for path in found:
                yield Source(name=str(path), location=path)
            if not found:
                yield Source(
                    name=given,
                    location=Path(given),
                    reason="it is a folder holding no file peacetalks reads",
                    problem=f"Files ending in {', '.join(SUFFIXES)} are read, in every "
                    "subfolder; convert or rename the others.",
                )
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))  # noqa: PTH207 (absolute patterns too)
            if not matches:
                yield Source(name=given, location=Path(given))
            for match in matches:
                if Path(match).is_file():
                    yield Source(name=match, location=Path(match))
        else:
            yield Source(name=given, location=Path(given))


def read_manifest(path: Path) -> Manifest:
    """Rows of a manifest CSV; paths are relative to the manifest's own folder."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            # The line each row ends on, as the reader counts it: blank lines are skipped
            # by DictReader and a quoted cell may span lines, so enumerate() would drift.
            rows = [(reader.line_num, row) for row in reader]
    except OSError as err:
        raise BadManifest(str(path), f"it cannot be read ({err.strerror})") from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise BadManifest(str(path), f"it is not a UTF-8 CSV file ({err})") from err
    if "path" not in columns and "url" not in columns:
        raise BadManifest(str(path), f"it has no path or url column (columns: {columns})")
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    warnings = []
    if unknown:
        warnings.append(
            f"{path}: ignoring unknown column(s) {', '.join(unknown)}; "
            f"known: {', '.join(MANIFEST_COLUMNS)}"
        )
    sources = [_row_source(path, line, row) for line, row in rows]
    return Manifest([s for s in sources if s is not None], warnings)


def with_manifest(sources: list[Source], manifest: Manifest | None) -> list[Source]:
    """Sources given on the command line take metadata from their manifest row, if any."""
    if manifest is None:
        return sources
    merged = []
    for source in sources:
        row = manifest.lookup(source.location) if source.location else None
        if row is None:
            merged.append(source)
        else:
            merged.append(replace(row, name=source.name, location=source.location))
    return merged


def with_published(sources: list[Source], published: dt.date | None) -> list[Source]:
    """Sources whose publication date is overridden (`--published`)."""
    if published is None:
        return sources
    return [replace(s, published=published) for s in sources]


def parse_date(value: str, what: str) -> dt.date:
    """A YYYY-MM-DD date or a BadValue naming `what`."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as err:
        raise BadValue(what, value, "a date written YYYY-MM-DD, e.g. 2025-06-03") from err


def _row_source(manifest: Path, line: int, row: dict[str, str | None]) -> Source | None:
    cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
    where = f"{manifest}, line {line}"
    target = cells.get("path") or cells.get("url") or ""
    if not target:
        return None  # a blank row
    is_url = target.startswith(("http://", "https://"))
    location = None if is_url else manifest.parent / target
    problem = None
    if location is not None and not _inside(location, manifest.parent):
        # A manifest names files under its own folder: "../secret/.env" or "/etc/hostname"
        # in a row would otherwise be read, stored and served.
        problem = (
            f"Refused in {where}: {target!r} is outside the manifest's folder "
            f"{manifest.parent.resolve()}. Put the file under that folder, or the manifest "
            "above the file."
        )
    published = None
    if cells.get("published"):
        try:
            published = parse_date(cells["published"], f"published date in {where}")
        except BadValue as err:
            problem = str(err)
    kind = cells.get("kind") or None
    if kind is not None and _kind(kind) is None:
        problem = f"Bad kind in {where}: {kind!r}. Expected one of {', '.join(DOCUMENT_KINDS)}."
        kind = None
    return Source(
        name=target,
        location=location,
        url=target if is_url else (cells.get("url") or None),
        published=published,
        publisher=cells.get("publisher") or None,
        title=cells.get("title") or None,
        kind=_kind(kind),
        problem=problem,
    )


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symbolic links followed) lies under `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _kind(value: str | None) -> DocumentKind | None:
    for kind in DOCUMENT_KINDS:
        if value == kind:
            return kind
    return None
