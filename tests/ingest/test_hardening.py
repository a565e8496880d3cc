"""Hostile input refused with a message, the rest of the run kept: manifest rows outside the
manifest's folder, FIFOs, malformed URLs, a pipeline file that is not UTF-8."""

from __future__ import annotations

import os

import pytest

from tests.conftest import jsonl

GOOD = "Envoys of Armenia and Azerbaijan met in Washington on 8 August 2025 for talks.\n"


def test_manifest_rows_outside_its_folder_are_refused(cli, tmp_path, db_url):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "env.txt").write_text("API_KEY=do-not-store-this talks between the sides\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    manifest = corpus / "manifest.csv"
    manifest.write_text(
        f"path,published\ngood.txt,2025-08-09\n../secret/env.txt,2025-08-09\n"
        f"{secret / 'env.txt'},2025-08-09\n"
    )
    result = cli("ingest", "--manifest", str(manifest), "--backend", "rules", "--db", db_url)
    assert result.exit_code == 2
    assert "1 added" in result.stderr
    assert result.stderr.count("outside the manifest's folder") == 2
    assert "line 3" in result.stderr
    assert "line 4" in result.stderr
    stored = jsonl(cli("export", "--db", db_url).stdout)
    assert [r["document"]["path"] for r in stored] == ["good.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_skipped_not_waited_on(cli, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = cli("extract", str(fifo), str(good), "--backend", "rules")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert len(jsonl(result.stdout)) == 1


def test_a_malformed_url_is_reported_not_raised(cli):
    result = cli("extract", "http://[::1", "--backend", "rules")
    assert result.exit_code == 2
    assert "not a valid URL" in result.stderr


def test_a_pipeline_file_that_is_not_utf8_is_reported(cli, tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_bytes(b'[pipeline]\nstages = ["\xff\xfe"]\n')
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = cli("extract", str(good), "--pipeline", str(config))
    assert result.exit_code == 2
    assert "Cannot read the pipeline configuration" in result.stderr
