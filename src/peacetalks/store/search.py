"""Search: stored documents and extracted items ranked by relevance to typed text, then by
date, narrowed by the lists' filters, with the count of each filter value among the matches.

The index is the database's own (revision 0008): FTS5 ranked by bm25 on SQLite, a tsvector
column ranked by ts_rank_cd on PostgreSQL. Each backend's part is one small function below
(`_documents_match`, `_items_match`, `_snippets`); the filters and facets, shared by both,
are in store/search_filters.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    false,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import SingletonThreadPool, StaticPool
from sqlalchemy.sql import column, table

from peacetalks.store.documents import LISTED, DocumentLine, Page, StoredItem, document_line
from peacetalks.store.search_filters import (
    Matches,
    SearchFilter,
    document_conditions,
    facets,
    item_filters,
    review_states,
)
from peacetalks.store.search_terms import SearchTerms, parse_terms
from peacetalks.store.tables import documents, items

# Matches ranked and counted per list: the newest that pass the filters. Ranking every match
# of a common word costs its number of matches (25 s for 2.7 million items at 100,000
# documents); the newest few thousand are what a reader pages through.
SEARCH_WINDOW = 2_000

# Around matches in snippets: control characters, next to never in text (ingest refuses text
# holding many); one in a document only misplaces a mark, as every piece is escaped anyway.
MARK, END_MARK = "\x02", "\x03"
_MARKS = re.compile(f"([{MARK}{END_MARK}])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of the matched text; `marks` are the (start, end) offsets of the matches."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_marked(cls, marked: str | None) -> Snippet:
        """From the database's snippet, its matches between MARK and END_MARK; runs of
        white space (line breaks, the gaps between indexed fields) read as one space."""
        pieces: list[str] = []
        marks: list[tuple[int, int]] = []
        at, start = 0, None
        for piece in _MARKS.split(_SPACES.sub(" ", (marked or "").strip())):
            if piece == MARK:
                start = at if start is None else start
            elif piece == END_MARK:
                if start is not None and start < at:
                    marks.append((start, at))
                start = None
            elif piece:
                pieces.append(piece)
                at += len(piece)
        return cls("".join(pieces), tuple(marks))

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut at the marks: (piece, is_match) in order."""
        found, at = [], 0
        for start, end in self.marks:
            found += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        found.append((self.text[at:], False))
        return [(piece, is_match) for piece, is_match in found if piece]


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A matching document, how well it matches (higher is better) and where."""

    line: DocumentLine
    score: float
    snippet: Snippet

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the listing's fields, the score and the snippet with its marks."""
        return {**self.line.to_dict(), **_found(self.score, self.snippet)}


@dataclass(frozen=True, slots=True)
class ItemHit:
    """A matching item, its document, how well it matches and where, its review state."""

    item: StoredItem
    document: DocumentLine
    score: float
    snippet: Snippet
    review: str = "unreviewed"

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the item's fields, the score, the snippet, the review, the document."""
        shown = {k: v for k, v in self.document.to_dict().items() if k != "item_count"}
        return {
            **self.item.to_dict(),
            **_found(self.score, self.snippet),
            "review": self.review,
            "document": shown,
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found: a page of documents and a page of items, each ranked.

    `facets` maps each filter to its values among the ranked matches, with counts: documents
    for process, outlet and document kinds; items for item kinds, party, issue, stance and
    review. A count is the length of that list once the filter is added. `message` says
    why nothing was searched for (text without a word in it).
    """

    typed: str
    documents: Page[DocumentHit]
    items: Page[ItemHit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    message: str | None = None
    window: int | None = None  # set when older matches were left out: how many were ranked


def search(
    engine: Engine,
    typed: str,
    rules: SearchFilter | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = False,
    window: int | None = None,
) -> SearchResults:
    """Documents and items matching `typed` (words, "phrases", OR, a trailing prefix*): of
    each list the newest `window` (default SEARCH_WINDOW) matches that pass the filters,
    ranked by relevance, then date; a page further on ranks the next `window` older ones the
    same way. Facets count the same matches; a page says when older matches were left out
    (`Page.more`)."""
    rules = rules or SearchFilter()
    terms = parse_terms(typed)
    if terms.is_empty:
        message = (
            f'Nothing to search for in {typed.strip()!r}: type a word, a "phrase", or '
            "words joined by OR."
            if typed.strip()
            else 'Type a word, a "phrase", or words joined by OR.'
        )
        return SearchResults(typed, Page([], 0, limit, offset), Page([], 0, limit, offset),
                             message=message)  # fmt: skip
    tier = window or SEARCH_WINDOW
    size = tier * max(1, -(-(offset + limit) // tier))  # whole tiers up to the page
    dialect = engine.dialect.name
    doc_window, item_window = _windows(
        engine,
        _Query(
            _documents_match(dialect, terms),
            document_conditions(rules, dialect, for_items=False),
            documents.c.id,
        ),
        _Query(
            _items_match(dialect, terms, rules.issue),
            item_filters(rules, dialect),
            items.c.id,
        ),
        size,
        tier,
    )
    with engine.connect() as connection:
        docs = _document_page(connection, terms, doc_window, limit, offset)
        found = _item_page(connection, terms, item_window, limit, offset)
        counted = (
            facets(
                connection,
                _windowed(
                    dialect, documents, documents.c.id, [key for key, _ in doc_window.ranked]
                ),
                _windowed(
                    dialect,
                    items.join(documents, documents.c.id == items.c.document_id),
                    items.c.id,
                    [key for key, _ in item_window.ranked],
                ),
                rules,
            )
            if with_facets
            else {}
        )
    return SearchResults(
        typed, docs, found, counted, window=size if doc_window.full or item_window.full else None
    )


@dataclass(frozen=True, slots=True)
class _Window:
    """The newest matches of one list (after the filters), best first: (key, score)."""

    ranked: list[tuple[Any, float]]
    full: bool  # more matches exist, older than these
    index_rows: dict[Any, Any] = field(default_factory=dict)  # key -> the index's own row id


@dataclass(frozen=True, slots=True)
class _Query:
    """What one list's window reads: the matches, the filters' conditions, the list's key."""

    match: Matches
    conditions: Sequence[ColumnElement[bool]]
    key: ColumnElement[Any]


def _windows(
    engine: Engine, docs: _Query, found: _Query, size: int, tier: int
) -> tuple[_Window, _Window]:
    """The documents' window and the items' window. Where the engine hands out connections to
    the same data (a file or a server), the documents' window is read on a connection of its
    own in another thread while this thread reads the items': each spends most of its time
    ranking in the database, which lets go of the GIL (a broad search at 100,000 documents,
    56 -> 41 ms). Each thread holds one connection and gives it back before it waits for
    anything, so searches at once never hold the pool's connections waiting for more. Each
    list is read in its own snapshot, as two requests would. A database in memory (one per
    thread, or one connection shared) reads both in this thread, in turn."""
    if not _shares_data(engine):
        with engine.connect() as connection:
            return (
                _window(connection, docs, size, tier),
                _window(connection, found, size, tier),
            )
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-window") as side:
        ahead = side.submit(_window_on_own_connection, engine, docs, size, tier)
        items_window = _window_on_own_connection(engine, found, size, tier)
        return ahead.result(), items_window


def _shares_data(engine: Engine) -> bool:
    """Whether a second connection from the engine sees the same database (not so in
    memory: SQLite's gives each thread its own, or shares one connection)."""
    return not isinstance(engine.pool, SingletonThreadPool | StaticPool)


def _window_on_own_connection(engine: Engine, query: _Query, size: int, tier: int) -> _Window:
    with engine.connect() as connection:
        return _window(connection, query, size, tier)


def _window(connection: Connection, query: _Query, size: int, tier: int) -> _Window:
    """Up to `size` matches, the newest written first (the index walked backwards, so the
    cost is the window's, not the number of matches), in tiers of `tier` from the newest,
    each ranked by score, then date, then key: a later page never reorders an earlier one."""
    match, key = query.match, query.key
    newest = match.newest if match.newest is not None else key
    rows = connection.execute(
        select(key, match.score, documents.c.published, newest)
        .select_from(match.source)
        .where(match.where, *query.conditions)
        .order_by(newest.desc())
        .limit(size + 1)
    ).all()
    full = len(rows) > size
    ranked: list[tuple[Any, float]] = []
    for start in range(0, min(len(rows), size), tier):
        chunk = sorted(
            rows[start : min(start + tier, size)],
            key=lambda row: (-float(row[1]), *_newest_first(row[2]), row[0]),
        )
        ranked += [(row[0], float(row[1])) for row in chunk]
    return _Window(ranked, full, {row[0]: row[3] for row in rows[:size]})


def _newest_first(published: dt.date | None) -> tuple[bool, int]:
    return (published is None, -published.toordinal() if published is not None else 0)


def _windowed(
    dialect: str, source: FromClause, key: ColumnElement[Any], keys: list[Any]
) -> Matches:
    """The rows of a window, for counting facets among them. The keys travel as one value (a
    JSON array for SQLite, an array for PostgreSQL), not as 2,000 bound parameters that each
    facet's query expanded again in Python (~30 ms a search)."""
    if not keys:
        return Matches(source, false(), literal(0.0))
    if dialect == "postgresql":
        kind = String() if isinstance(keys[0], str) else Integer()
        window = bindparam("window", list(keys), type_=ARRAY(kind), unique=True)
        return Matches(source, key == any_(window), literal(0.0))
    members = func.json_each(bindparam("window", json.dumps(keys), unique=True))
    return Matches(source, key.in_(select(members.table_valued("value").c.value)), literal(0.0))


def _documents_match(dialect: str, terms: SearchTerms) -> Matches:
    """Matching documents, per backend."""
    if dialect == "sqlite":
        fts = table("documents_fts", column("document_id"))
        # bm25 is lower for better matches; weights by column: id, title, publisher, text.
        score = -func.bm25(literal_column("documents_fts"), 0.0, 10.0, 4.0, 1.0)
        joined = fts.join(documents, documents.c.id == fts.c.document_id)
        where = _fts5_match("documents_fts", _fts5(terms, "documents"))
        return Matches(joined, where, score, literal_column("documents_fts.rowid"))
    vector: ColumnElement[Any] = literal_column("documents.search_vector")
    query = _tsquery(terms)
    where = vector.bool_op("@@")(query)
    ranking = func.ts_rank_cd(vector, query)
    return Matches(documents, where, ranking, documents.c.ingested_at)


def _items_match(dialect: str, terms: SearchTerms, issue: str | None = None) -> Matches:
    """Matching items, joined to their documents, per backend. On SQLite an issue filter is
    also put to the index (its `issue` column holds the code): the index then finds the
    items of that issue among the matches, where walking the matches to test each item's
    issue read every match of a common word (2 s at 100,000 documents). The filter itself
    stays among the conditions, so the result is the same."""
    if dialect == "sqlite":
        fts = table("items_fts", column("rowid"))
        # Weights by column: parties, issue, what the item states, its evidence.
        score = -func.bm25(literal_column("items_fts"), 2.0, 2.0, 4.0, 1.0)
        joined = fts.join(items, items.c.id == fts.c.rowid).join(
            documents, documents.c.id == items.c.document_id
        )
        expression = _fts5(terms, "items")
        if issue is not None:  # a code from the list (SearchFilter refuses any other)
            expression = f'({expression}) AND issue : "{issue}"'
        where = _fts5_match("items_fts", expression)
        return Matches(joined, where, score, literal_column("items_fts.rowid"))
    vector: ColumnElement[Any] = literal_column("items.search_vector")
    query = _tsquery(terms)
    joined = items.join(documents, documents.c.id == items.c.document_id)
    where = vector.bool_op("@@")(query)
    return Matches(joined, where, func.ts_rank_cd(vector, query), items.c.id)


def _fts5_match(name: str, expression: str) -> ColumnElement[bool]:
    """`name MATCH :expression`, the expression bound as a parameter (never spliced in)."""
    fts: ColumnElement[Any] = literal_column(name)
    return fts.bool_op("MATCH")(bindparam(None, expression, type_=String))


def _fts5(terms: SearchTerms, kind: str) -> str:
    return terms.fts5(("title", "publisher", "text")) if kind == "documents" else terms.fts5()


def _tsquery(terms: SearchTerms) -> ColumnElement[Any]:
    """The PostgreSQL tsquery of the terms: groups AND-ed (&&), a group's parts OR-ed (||)."""
    english: ColumnElement[Any] = literal_column("'english'::regconfig")
    groups: list[ColumnElement[Any]] = []
    for whole, prefixes in terms.tsquery_groups():
        parts: list[ColumnElement[Any]] = []
        if whole:
            parts.append(func.websearch_to_tsquery(english, literal(whole)))
        parts += [func.to_tsquery(english, literal(prefix)) for prefix in prefixes]
        group = parts[0]
        for part in parts[1:]:
            group = group.op("||")(part)
        groups.append(group.self_group())
    query = groups[0]
    for group in groups[1:]:
        query = query.op("&&")(group)
    return query


def _document_page(
    connection: Connection, terms: SearchTerms, window: _Window, limit: int, offset: int
) -> Page[DocumentHit]:
    ranked = window.ranked[offset : offset + limit]
    ids = [doc_id for doc_id, _ in ranked]
    listed = select(*LISTED).where(documents.c.id.in_(ids))
    lines = {row["id"]: document_line(row) for row in connection.execute(listed).mappings()}
    snippets = _snippets(connection, terms, "documents", ids, window.index_rows)
    hits = [  # a document removed since its window was read is left out
        DocumentHit(lines[doc_id], float(score), snippets.get(doc_id, Snippet("")))
        for doc_id, score in ranked
        if doc_id in lines
    ]
    return Page(hits, len(window.ranked), limit, offset, more=window.full)


def _item_page(
    connection: Connection, terms: SearchTerms, window: _Window, limit: int, offset: int
) -> Page[ItemHit]:
    ranked = window.ranked[offset : offset + limit]
    ids = [int(item_id) for item_id, _ in ranked]
    listed = (
        select(*LISTED, items.c.id.label("item_id"), items.c.kind.label("item_kind"),
               items.c.seq, items.c.payload)
        .select_from(items.join(documents, documents.c.id == items.c.document_id))
        .where(items.c.id.in_(ids))
    )  # fmt: skip
    rows = {int(row["item_id"]): row for row in connection.execute(listed).mappings()}
    snippets = _snippets(connection, terms, "items", ids)
    states = review_states(connection, ids)
    hits = []
    for item_id, score in ranked:
        row = rows.get(int(item_id))
        if row is None:  # removed since its window was read
            continue
        hits.append(
            ItemHit(
                StoredItem(row["id"], row["item_kind"], int(row["seq"]), row["payload"]),
                document_line(row),
                float(score),
                snippets.get(int(item_id), Snippet("")),
                states.get(int(item_id), "unreviewed"),
            )
        )
    return Page(hits, len(window.ranked), limit, offset, more=window.full)


def _snippets(
    connection: Connection,
    terms: SearchTerms,
    kind: Literal["documents", "items"],
    keys: list[Any],
    index_rows: dict[Any, Any] | None = None,
) -> dict[Any, Snippet]:
    """The snippets of one page of hits, by document id or item id (only the page's: a
    snippet costs a pass over the text). SQLite finds a document's index row by its row id
    (`index_rows`), not by its document id, which the index would look for in every match."""
    if not keys:
        return {}
    rows = index_rows or {}
    query = (
        _fts5_snippets(terms, kind, keys, [rows[k] for k in keys if k in rows])
        if connection.dialect.name == "sqlite"
        else _headlines(terms, kind, keys)
    )
    return {
        row[0]: _best(Snippet.from_marked(m) for m in row[1:]) for row in connection.execute(query)
    }


def _fts5_snippets(
    terms: SearchTerms, kind: str, keys: list[Any], rowids: list[Any]
) -> Select[Any]:
    name = f"{kind}_fts"
    key: ColumnElement[Any] = column("document_id") if kind == "documents" else column("rowid")
    found = rowids if kind == "documents" else keys
    if found:
        # The index is asked once, for the rows between the page's first and last: an IN list
        # it would be asked once per value, and a prefix query (negot*) merges every term's
        # rows again each time (90 ms for a page at 100,000 documents; 5 ms so). `+ 0` keeps
        # the list itself from being handed to the index.
        row: ColumnElement[Any] = column("rowid")
        narrowed = and_(row >= min(found), row <= max(found), (row + 0).in_(found))
    else:
        narrowed = key.in_(keys)
    # An item's snippet comes from its evidence, else from what it states (the columns
    # evidence=3, summary=2); a document's from the column that matches best (-1).
    columns = (-1,) if kind == "documents" else (3, 2)
    marked = [func.snippet(literal_column(name), at, MARK, END_MARK, "…", 24) for at in columns]
    return (
        select(key, *marked)
        .select_from(table(name))
        .where(_fts5_match(name, _fts5(terms, kind)), narrowed)
    )


def _headlines(terms: SearchTerms, kind: str, keys: list[Any]) -> Select[Any]:
    # ts_headline parses the text again: it reads the first 100,000 characters, enough for a
    # news article; a longer document's snippet may then show its opening, unmarked. Its
    # parser drops what looks like an HTML tag: '<' goes in as \x01 and comes back out.
    body: ColumnElement[Any] = (
        func.left(documents.c.text, 100_000) if kind == "documents" else _item_text()
    )
    key = documents.c.id if kind == "documents" else items.c.id
    options = f"StartSel={MARK}, StopSel={END_MARK}, MaxFragments=2, MaxWords=24, MinWords=8"
    english: ColumnElement[Any] = literal_column("'english'::regconfig")
    shown = func.replace(body, "<", "\x01")
    marked = func.ts_headline(english, shown, _tsquery(terms), literal(options))
    return select(key, func.replace(marked, "\x01", "<")).where(key.in_(keys))


def _best(snippets: Iterable[Snippet]) -> Snippet:
    """The first snippet showing a match, else the first one."""
    shown = list(snippets)
    return next((s for s in shown if s.marks), shown[0])


def _item_text() -> ColumnElement[str]:
    """An item's summary and evidence as one text, for PostgreSQL's headline."""
    evidence = (
        select(func.string_agg(literal_column("e ->> 'text'"), " … "))
        .select_from(func.json_array_elements(items.c.payload["evidence"]).alias("e"))
        .scalar_subquery()
    )
    return func.concat_ws(" — ", items.c.payload["summary"].as_string(), evidence)


def _found(score: float, snippet: Snippet) -> dict[str, Any]:
    return {
        "score": float(f"{score:.6g}"),
        "snippet": snippet.text,
        "marks": [list(mark) for mark in snippet.marks],
    }
