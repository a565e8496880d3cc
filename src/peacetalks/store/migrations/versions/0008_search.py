"""Full-text search over documents and extracted items, filled for what is already stored.

SQLite: two FTS5 tables, documents_fts and items_fts, kept in step with documents and items
by triggers, so that every writer (ingest, re-dating, a cascade from a deleted document, a
test writing rows) keeps the index right without knowing it exists. PostgreSQL: a generated
tsvector column on each table (search_vector) with a GIN index; the database computes it on
every write. Both index the same text: a document's title, publisher and clean text; an
item's parties (holder, parties, participants, hosts, mediators), issue, what it states
(summary, stance, type, place, venue, status, formula, unit, qualifier, about) and the text
of its evidence. Actors are not items to search: they are only names.

Careful, SQLite: a later migration that rebuilds documents or items (batch_alter_table with
recreate) drops their triggers, and must create them again (TRIGGERS below).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Porter stemming as PostgreSQL's 'english' does ("negotiations" finds "negotiating");
# accents folded ("Türkiye" finds "Turkiye").
_TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"


def _item_columns(row: str) -> str:
    """The SQL of items_fts's four columns from an items row called `row` (new, old, items)."""

    def scalar(path: str) -> str:
        return f"coalesce(json_extract({row}.payload, '$.{path}'), '')"

    def joined(path: str, field: str = "") -> str:
        value = f"json_extract(value, '$.{field}')" if field else "value"
        return (
            f"coalesce((SELECT group_concat({value}, ' ') "
            f"FROM json_each({row}.payload, '$.{path}')), '')"
        )

    parties = " || ' ' || ".join(
        [scalar("holder")] + [joined(p) for p in ("parties", "participants", "hosts", "mediators")]
    )
    stated = " || ' ' || ".join(
        scalar(path)
        for path in (
            "summary", "stance", "type", "place", "venue", "status", "terms.formula",
            "unit", "qualifier", "about",
        )
    )  # fmt: skip
    return f"{parties}, {scalar('issue')}, {stated}, {joined('evidence', 'text')}"


_INSERT_ITEM = (
    "INSERT INTO items_fts (rowid, parties, issue, summary, evidence) "
    "SELECT new.id, {columns} WHERE new.kind <> 'actors';"
).format(columns=_item_columns("new"))
_INSERT_DOCUMENT = (
    "INSERT INTO documents_fts (document_id, title, publisher, text) "
    "VALUES (new.id, new.title, new.publisher, new.text);"
)
# documents_fts has no key of documents' own (their rowids may change on VACUUM): a document's
# row is found by its id through the index (stemmed, so compared again exactly).
_DELETE_DOCUMENT = (
    "DELETE FROM documents_fts WHERE documents_fts MATCH "
    "'document_id : \"' || replace(old.id, '\"', '\"\"') || '\"' AND document_id = old.id;"
)

TRIGGERS = {
    "documents_fts_insert": f"AFTER INSERT ON documents BEGIN {_INSERT_DOCUMENT} END",
    "documents_fts_delete": f"AFTER DELETE ON documents BEGIN {_DELETE_DOCUMENT} END",
    "documents_fts_update": (
        f"AFTER UPDATE OF id, title, publisher, text ON documents "
        f"BEGIN {_DELETE_DOCUMENT} {_INSERT_DOCUMENT} END"
    ),
    "items_fts_insert": f"AFTER INSERT ON items BEGIN {_INSERT_ITEM} END",
    "items_fts_delete": (
        "AFTER DELETE ON items BEGIN DELETE FROM items_fts WHERE rowid = old.id; END"
    ),
    "items_fts_update": (
        "AFTER UPDATE OF id, kind, payload ON items "
        f"BEGIN DELETE FROM items_fts WHERE rowid = old.id; {_INSERT_ITEM} END"
    ),
}

# A tsvector holds at most 1 MB: a document too big for one (a 20 MB dump of tables, say) is
# indexed by its first 100,000 characters rather than refused, which would fail its ingest.
# PostgreSQL's parser skips what looks like an HTML tag, words and all ("<b>Geneva</b>" would
# give nothing): '<' is read as a space, as FTS5 reads it, so both find the same words.
_DOCUMENT_VECTOR = """
CREATE FUNCTION peacetalks_document_vector(title text, publisher text, body text)
RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  head tsvector := setweight(to_tsvector('english', replace(coalesce(title, ''), '<', ' ')), 'A')
    || setweight(to_tsvector('english', replace(coalesce(publisher, ''), '<', ' ')), 'B');
BEGIN
  RETURN head || to_tsvector('english', replace(coalesce(body, ''), '<', ' '));
EXCEPTION WHEN program_limit_exceeded THEN
  RETURN head || to_tsvector('english', replace(left(coalesce(body, ''), 100000), '<', ' '));
END $$
"""


def _pg_text(path: str) -> str:
    keys = ", ".join(f"'{key}'" for key in path.split("."))
    return f"coalesce(payload #>> ARRAY[{keys}], '')"


def _pg_strings(path: str) -> str:
    # json_to_tsvector with ["string"] indexes string values only: not the keys, not the
    # evidence's start and end offsets.
    return f"json_to_tsvector('english', coalesce(payload -> '{path}', '[]'), '[\"string\"]')"


# The payload's JSON text with '<' as a space (see above): still JSON, as '<' is never syntax.
_ITEM_VECTOR = f"""
CREATE FUNCTION peacetalks_item_vector(kind text, stored json)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN kind = 'actors' THEN NULL ELSE
    setweight(to_tsvector('english', {_pg_text("holder")})
        || {" || ".join(_pg_strings(p) for p in ("parties", "participants", "hosts", "mediators"))},
        'B')
 || setweight(to_tsvector('english', {_pg_text("issue")}), 'B')
 || setweight(to_tsvector('english', {
    " || ' ' || ".join(_pg_text(path) for path in (
        "summary", "stance", "type", "place", "venue", "status", "terms.formula",
        "unit", "qualifier", "about",
    ))}), 'A')
 || {_pg_strings("evidence")}
END
FROM (SELECT replace(stored::text, '<', ' ')::json AS payload) AS cleaned
$$
"""  # fmt: skip


def upgrade() -> None:
    """Create the search index of this backend and fill it from the stored rows."""
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE documents_fts USING fts5(document_id, title, publisher, text, "
        f"{_TOKENIZE})"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE items_fts USING fts5(parties, issue, summary, evidence, {_TOKENIZE})"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "INSERT INTO documents_fts (document_id, title, publisher, text) "
        "SELECT id, title, publisher, text FROM documents"
    )
    op.execute(
        "INSERT INTO items_fts (rowid, parties, issue, summary, evidence) "
        f"SELECT items.id, {_item_columns('items')} FROM items WHERE items.kind <> 'actors'"
    )


def _upgrade_postgresql() -> None:
    # Adding a generated column rewrites the table: every stored row is indexed here.
    op.execute(_DOCUMENT_VECTOR)
    op.execute(_ITEM_VECTOR)
    op.execute(
        "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(peacetalks_document_vector(title, publisher, text)) STORED"
    )
    op.execute(
        "ALTER TABLE items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(peacetalks_item_vector(kind, payload)) STORED"
    )
    op.execute("CREATE INDEX ix_documents_search ON documents USING gin (search_vector)")
    op.execute("CREATE INDEX ix_items_search ON items USING gin (search_vector)")


def downgrade() -> None:
    """Drop what upgrade made."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_items_search")
        op.execute("DROP INDEX ix_documents_search")
        op.execute("ALTER TABLE items DROP COLUMN search_vector")
        op.execute("ALTER TABLE documents DROP COLUMN search_vector")
        op.execute("DROP FUNCTION peacetalks_item_vector(text, json)")
        op.execute("DROP FUNCTION peacetalks_document_vector(text, text, text)")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE items_fts")
    op.execute("DROP TABLE documents_fts")
