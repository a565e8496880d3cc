"""Summaries that read (issue #12): over every evaluation set and the sample corpus, no position
or agreement summary of either backend is a fragment (starts with a function word, is under
three words, or names nothing: no noun by the parser's tags)."""

from __future__ import annotations

import pytest

from peacetalks.demo import MANIFEST as SAMPLE_MANIFEST
from peacetalks.extract.parser import parse_texts
from peacetalks.extract.summaries import fragment_reason
from tests.conftest import SHARED_EVAL, jsonl, needs_shared_eval

SETS = {
    "train": SHARED_EVAL / "train" / "manifest.csv",
    "dev-multi": SHARED_EVAL / "dev-multi" / "manifest.csv",
    "dev": SHARED_EVAL / "dev" / "manifest.csv",
    "sample": SAMPLE_MANIFEST,
}


@needs_shared_eval
@pytest.mark.parametrize("backend", ["learned", "rules"])
@pytest.mark.parametrize("name", list(SETS))
def test_no_summary_is_a_fragment(cli, backend, name):
    result = cli("extract", "--backend", backend, "--manifest", str(SETS[name]))
    assert result.exit_code == 0, result.stderr
    fragments = []
    summaries = [
        (kind, item["summary"])
        for record in jsonl(result.stdout)
        for kind in ("positions", "agreements")
        for item in record[kind]
    ]
    assert summaries
    parsed = parse_texts(summary for _, summary in summaries)
    for (kind, summary), doc in zip(summaries, parsed, strict=True):
        reason = fragment_reason(summary, [t.pos_ for t in doc])
        if reason is not None:
            fragments.append(f"{kind}: {summary!r} ({reason})")
    assert not fragments, f"{len(fragments)} of {len(summaries)}:\n" + "\n".join(fragments[:30])
