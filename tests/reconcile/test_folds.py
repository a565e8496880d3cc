"""Facts that fold (reconcile/folds.py): new sources merged into stored states give the facts
a full run gives, and an incremental run does not read the sources of the blocks it merges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks.analysis.reconciliation as reconciliation
from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.model import (
    Actor,
    Agreement,
    Document,
    Figure,
    Position,
    Record,
    Span,
    Terms,
)
from peacetalks.model.facts import StoredState
from peacetalks.reconcile import FOLDS, block_of, merged_facts, sourced_items
from peacetalks.reconcile.folds import folded_facts, streamed_facts
from peacetalks.store import open_store
from tests.reconcile.conftest import fill_store, stored_snapshot

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _head(fact):
    return (fact.key, fact.payload, fact.process, fact.date, fact.end_date, fact.state)


def _folding_blocks(items):
    blocks: dict[str, list] = {}
    for sourced in items:
        block = block_of(sourced)
        if block.split(":", 1)[0] in FOLDS:
            blocks.setdefault(block, []).append(sourced)
    return blocks


@FAST
@given(data=st.data())
def test_folds_merging_new_documents_gives_the_facts_of_all_of_them(corpus_records, data):
    """Any split of the documents: the facts of the first part, stored with their states, and
    the second part merged into them are the facts made from both parts at once."""
    later = set(data.draw(st.sets(st.sampled_from([r.document.id for r in corpus_records]))))
    items = [s for r in corpus_records for s in sourced_items(r)]
    merged_some = False
    for block, members in sorted(_folding_blocks(items).items()):
        fold = FOLDS[block.split(":", 1)[0]]
        first = [s for s in members if s.document_id not in later]
        new = [s for s in members if s.document_id in later]
        whole = {f.key: f for f in folded_facts(fold, block, members)}
        stored = [StoredState(f.key, f.state) for f in folded_facts(fold, block, first)]
        result = merged_facts(fold, block, stored, new) if new else []
        if result is None:
            continue  # the new documents regroup the block: it is made again in full
        merged_some = merged_some or bool(result)
        gained = {m.fact.key: m.fact for m in result}
        for key, fact in whole.items():
            if key in gained:
                assert _head(gained[key]) == _head(fact)
                assert {s.document_id for s in gained[key].sources} == {
                    s.document_id for s in fact.sources if s.document_id in later
                }
        # every fact of the whole is either merged or stored unchanged from the first part
        untouched = {s.key for s in stored} - {
            m.replaces.key for m in result if m.replaces is not None
        }
        assert set(whole) == set(gained) | untouched
    if later and len(later) < len(corpus_records):
        assert merged_some or not items


@pytest.mark.parametrize(("batch", "chunk"), [(10_000, 500), (1, 1)])
def test_folds_an_incremental_run_merges_without_reading_the_sources_of_folding_blocks(
    db_url, corpus_records, monkeypatch, batch, chunk
):
    # batch 1: the first pass keeps one block's merged facts, the others are merged again;
    # chunk 1: the stored states are read one block at a time
    monkeypatch.setattr(reconciliation, "WRITE_BATCH", batch)
    monkeypatch.setattr(reconciliation, "STATE_CHUNK", chunk)
    store = open_store(db_url)
    fill_store(store, corpus_records[:-2])
    read: list[str] = []
    original = reconciliation.stored_sources

    def recording(engine, blocks):
        blocks = list(blocks)
        read.extend(blocks)
        return original(engine, blocks)

    monkeypatch.setattr(reconciliation, "stored_sources", recording)
    for record in corpus_records[-2:]:
        store.add_record(record, pipeline="test")
    report = reconcile_store(store)
    assert report.documents == 2
    assert report.facts > 0
    new_blocks = {block_of(s) for r in corpus_records[-2:] for s in sourced_items(r)}
    assert any(b.startswith("position:") for b in new_blocks)
    assert not [b for b in read if b.split(":", 1)[0] in FOLDS]
    incremental = stored_snapshot(store.engine)
    reconcile_store(store, full=True)
    assert stored_snapshot(store.engine) == incremental
    store.close()


def _actor(doc_id: str, name: str, actor_id: str, party: str | None = None) -> Record:
    doc = Document(id=doc_id, text="", publisher=f"outlet {doc_id[0]}")
    return Record(document=doc, actors=(Actor(id=actor_id, name=name, type="person", party=party),))


def _incremental_equals_full(db_url, batches: list[list[Record]]):
    store = open_store(db_url)
    for batch in batches:
        for record in batch:
            store.add_record(record, pipeline="test")
        reconcile_store(store)
    incremental = stored_snapshot(store.engine)
    reconcile_store(store, full=True)
    full = stored_snapshot(store.engine)
    store.close()
    assert incremental == full
    return {key: payload for key, _b, _d, _e, payload, _g, _s in full}


def test_folds_a_bare_surname_joined_by_a_full_name_later_is_one_actor_renamed(db_url):
    actors = _incremental_equals_full(
        db_url,
        [
            [_actor("a" * 16, "Smith", "smith"), _actor("b" * 16, "Smith", "smith")],
            [_actor("c" * 16, "John Smith", "john-smith", "ukraine")],
        ],
    )
    # "smith" is named twice, "john-smith" once: the key follows the most named id
    assert set(actors) == {"actor:smith"}
    assert actors["actor:smith"]["ids"] == ["john-smith", "smith"]
    assert actors["actor:smith"]["documents"] == 3


def test_folds_a_second_full_name_splits_a_stored_actor_and_its_block_is_made_again(db_url):
    actors = _incremental_equals_full(
        db_url,
        [
            [_actor("a" * 16, "John Smith", "john-smith", "ukraine")],
            [_actor("b" * 16, "Smith", "smith")],
            [_actor("c" * 16, "Jane Smith", "jane-smith", "ukraine")],
        ],
    )
    # "Smith" alone can no longer tell which Smith: three actors
    assert set(actors) == {"actor:john-smith", "actor:jane-smith", "actor:smith"}


def _position_record(
    doc_id: str, day: int, stance: str, summary: str, issue: str = "ceasefire"
) -> Record:
    text = f"Russia {stance}s: {summary}."
    doc = Document(
        id=doc_id, text=text, publisher=f"outlet {doc_id[0]}", published=dt.date(2025, 6, day)
    )
    position = Position(
        holder="russia",
        issue=issue,  # type: ignore[arg-type]
        stance=stance,  # type: ignore[arg-type]
        summary=summary,
        evidence=(Span(0, len(text), text),),
    )
    return Record(document=doc, positions=(position,))


def test_folds_positions_merge_dates_and_summaries_as_a_full_run(db_url):
    facts = _incremental_equals_full(
        db_url,
        [
            [_position_record("a" * 16, 2, "demand", "a ceasefire now")],
            [
                _position_record("b" * 16, 9, "demand", "a full ceasefire"),
                _position_record("c" * 16, 1, "demand", "a full ceasefire"),
            ],
            [_position_record("d" * 16, 20, "reject", "no ceasefire")],
        ],
    )
    demand = next(p for p in facts.values() if p.get("stance") == "demand")
    assert demand["dates"] == ["2025-06-01", "2025-06-02", "2025-06-09"]
    assert demand["summary"] == "a full ceasefire"
    assert any(p.get("stance") == "reject" for p in facts.values())


def test_folds_a_document_read_again_leaves_no_fact_behind_in_a_block_it_left(db_url):
    store = open_store(db_url)
    first = _position_record("a" * 16, 2, "demand", "a ceasefire now")
    store.add_record(first, pipeline="test")
    store.add_record(_position_record("b" * 16, 3, "demand", "a ceasefire"), pipeline="test")
    reconcile_store(store)
    # read again: the document now reports a rejection on prisoners only (another block)
    again = _position_record("a" * 16, 2, "reject", "no exchange", issue="prisoners")
    store.redate_records([again], pipeline="test")
    reconcile_store(store)
    incremental = stored_snapshot(store.engine)
    reconcile_store(store, full=True)
    assert stored_snapshot(store.engine) == incremental
    demand = [row for row in incremental if row[4].get("stance") == "demand"]
    assert [doc for row in demand for doc, _k, _s in row[6]] == ["b" * 16]
    store.close()


def _agreement_record(
    doc_id: str,
    published: int,
    status: str,
    *,
    day: int | None = None,
    formula: str | None = None,
    quantity: int | None = None,
) -> Record:
    text = f"The sides {status} an exchange of prisoners."
    doc = Document(
        id=doc_id, text=text, publisher=f"outlet {doc_id[0]}", published=dt.date(2025, 5, published)
    )
    agreement = Agreement(
        parties=("russia", "ukraine"),
        issue="prisoners",
        summary="an exchange of prisoners",
        status=status,  # type: ignore[arg-type]
        evidence=(Span(0, len(text), text),),
        terms=Terms(formula=formula, quantity=quantity),
        date=dt.date(2025, 5, day) if day else None,
    )
    return Record(document=doc, agreements=(agreement,))


def test_folds_agreements_follow_reports_arriving_in_any_order_as_a_full_run(db_url):
    facts = _incremental_equals_full(
        db_url,
        [
            # carried out, reported the day after the deal: read as the deal itself until an
            # earlier report of the agreement dates it
            [_agreement_record("a" * 16, 17, "implemented", day=16, formula="1000 for 1000")],
            [
                _agreement_record("b" * 16, 16, "agreed", day=16, formula="1000-for-1000"),
                _agreement_record("c" * 16, 16, "agreed", day=16),  # no formula, same day
                _agreement_record("d" * 16, 16, "agreed", day=16),  # the same story again
            ],
            [_agreement_record("e" * 16, 26, "implemented", day=25, quantity=1000)],
        ],
    )
    (deal,) = [p for p in facts.values() if p.get("terms", {}).get("formula") == "1000-for-1000"]
    assert deal["status"] == "implemented"
    assert deal["date"] == "2025-05-16"
    assert sum(r["documents"] for r in deal["reports"]) == 5
    # b, c and d say the same (the formula is not what a report says): one story of three
    assert [r["documents"] for r in deal["reports"]] == [3, 1, 1]


def test_folds_an_undated_report_parted_from_the_only_formula_is_made_again(db_url):
    facts = _incremental_equals_full(
        db_url,
        [
            [_agreement_record("a" * 16, 3, "agreed", day=2, formula="all for all")],
            [_agreement_record("b" * 16, 4, "agreed")],  # undated: joins the only formula
            [_agreement_record("c" * 16, 9, "agreed", day=8, formula="84 for 84")],
        ],
    )
    # two formulas now: the undated report is an agreement of its own
    formulas = sorted(str(p["terms"]["formula"]) for p in facts.values() if "terms" in p)
    assert formulas == ["84-for-84", "None", "all-for-all"]


def _figure_record(doc_id: str, value: float, qualifier: str | None = None) -> Record:
    text = f"They exchanged {qualifier or ''} {value:,.0f} prisoners."
    doc = Document(id=doc_id, text=text, publisher=f"outlet {doc_id[0]}")
    figure = Figure(
        issue="prisoners",
        measure="count",
        value=value,
        qualifier=qualifier,
        evidence=(Span(0, len(text), text),),
    )
    return Record(document=doc, figures=(figure,))


def test_folds_figures_join_judge_and_part_as_a_full_run(db_url):
    facts = _incremental_equals_full(
        db_url,
        [
            [_figure_record("a" * 16, 1000)],
            [_figure_record("b" * 16, 1000), _figure_record("c" * 16, 2000, "in total")],
            [_figure_record("d" * 16, 1050), _figure_record("e" * 16, 300, "another")],
            [_figure_record("f" * 16, 5000)],
        ],
    )
    by_status = sorted((p["status"], [v["label"] for v in p["values"]]) for p in facts.values())
    assert by_status == [
        ("conflict", ["1,000", "1,050", "in total 2,000"]),
        ("single", ["5,000"]),
        ("single", ["another 300"]),
    ]
    (conflict,) = [p for p in facts.values() if p["status"] == "conflict"]
    assert conflict["values"][0]["documents"] == ["a" * 16, "b" * 16]
    assert conflict["values"][0]["document_count"] == 2


def test_folds_a_figure_lists_its_first_documents_by_value_and_counts_them_all(db_url, monkeypatch):
    """A value carried by more documents than a figure lists: the first (by id) are listed,
    all are counted, in any batches; the discrepancy line counts them all too."""
    import peacetalks.reconcile.figures as figures
    from peacetalks.analysis.ledger import discrepancies
    from peacetalks.store import open_store as reopen

    monkeypatch.setattr(figures, "LISTED", 3)
    ids = [f"{letter}" * 16 for letter in "abcdefg"]
    facts = _incremental_equals_full(
        db_url,
        [
            [_figure_record(ids[3], 1000), _figure_record(ids[0], 1000)],
            [_figure_record(i, 1000) for i in ids[4:]],
            [_figure_record(ids[1], 1000), _figure_record(ids[2], 2000, "in total")],
        ],
    )
    (conflict,) = facts.values()
    one_thousand = conflict["values"][0]
    assert one_thousand["documents"] == [ids[0], ids[1], ids[3]]
    assert one_thousand["document_count"] == 6
    store = reopen(db_url)
    (line,) = discrepancies(store, include_consistent=True)
    store.close()
    assert [v.documents for v in line.values] == [6, 1]


def test_folds_facts_stored_without_a_state_have_their_block_made_again(db_url, corpus_records):
    """A database reconciled before revision 0015: its facts have no state to merge into."""
    from sqlalchemy import func, select, update

    from peacetalks.store.tables import facts

    store = open_store(db_url)
    fill_store(store, corpus_records[:-1])
    with store.engine.begin() as connection:
        connection.execute(update(facts).values(state=None))
    store.add_record(corpus_records[-1], pipeline="test")
    reconcile_store(store)
    incremental = stored_snapshot(store.engine)
    with store.engine.connect() as connection:
        touched = {block_of(s) for s in sourced_items(corpus_records[-1])}
        folding = [b for b in touched if b.split(":", 1)[0] in FOLDS]
        assert folding
        stateless = connection.execute(
            select(func.count()).where(facts.c.block.in_(folding), facts.c.state.is_(None))
        ).scalar_one()
    assert stateless == 0  # made again, with states from now on
    reconcile_store(store, full=True)
    assert stored_snapshot(store.engine) == incremental
    store.close()


def _sources_of(facts):
    return {
        f.key: sorted((s.document_id, s.item_kind, s.item_seq) for s in f.sources) for f in facts
    }


@FAST
@given(data=st.data())
def test_folds_a_block_made_in_chunks_gives_the_facts_made_from_all_its_items(corpus_records, data):
    """Any cut of a block's items into chunks at document boundaries: the streamed facts
    (states merged chunk by chunk, sources given again chunk by chunk) are the full run's."""
    items = [s for r in corpus_records for s in sourced_items(r)]
    cuts = data.draw(st.sets(st.sampled_from(sorted({r.document.id for r in corpus_records}))))
    chunked_some = False
    for block, members in sorted(_folding_blocks(items).items()):
        fold = FOLDS[block.split(":", 1)[0]]
        members = sorted(members, key=lambda s: (s.document_id, s.kind, s.seq))
        chunks: list[list] = [[]]
        for sourced in members:
            if (
                sourced.document_id in cuts
                and chunks[-1]
                and (chunks[-1][-1].document_id != sourced.document_id)
            ):
                chunks.append([])
            chunks[-1].append(sourced)
        chunked_some = chunked_some or len(chunks) > 1
        whole = folded_facts(fold, block, members)
        streamed = streamed_facts(fold, block, iter(chunks))
        assert [_head(f) for f in streamed.facts] == [_head(f) for f in whole]
        given_again: dict[str, list] = {}
        for chunk in chunks:
            for key, sources in streamed.sources(chunk).items():
                given_again.setdefault(key, []).extend(sources)
        assert {k: sorted((s.document_id, s.item_kind, s.item_seq) for s in v)
                for k, v in given_again.items()} == _sources_of(whole)  # fmt: skip
    if len(cuts) > 3:
        assert chunked_some


def test_folds_big_blocks_are_made_in_chunks_as_a_full_run_makes_them(
    db_url, make_db_url, corpus_records, monkeypatch
):
    """Full and incremental runs with every block of more than three items read in chunks of
    about three store what a run holding each block whole stores, digests included."""
    store = open_store(db_url)
    fill_store(store, corpus_records)
    reconcile_store(store, full=True)
    held_whole = stored_snapshot(store.engine)
    store.close()

    chunked: list[str] = []
    original = reconciliation._made_in_chunks

    def recording(spool, block, write):
        chunked.append(block)
        return original(spool, block, write)

    monkeypatch.setattr(reconciliation, "STREAM_ITEMS", 3)
    monkeypatch.setattr(reconciliation, "_made_in_chunks", recording)
    again = open_store(db_url)
    reconcile_store(again, full=True)
    assert stored_snapshot(again.engine) == held_whole
    assert {b.split(":", 1)[0] for b in chunked} >= {"position", "actor", "figure"}
    again.close()

    # incremental, in three ingests: crowded blocks are not merged but made again in chunks
    chunked.clear()
    batches = open_store(make_db_url("batches"))
    fill_store(batches, corpus_records, batches=3)
    assert stored_snapshot(batches.engine) == held_whole
    assert chunked
    batches.close()
