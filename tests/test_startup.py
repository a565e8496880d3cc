"""Start-up (issue 15): the command line imports what a command needs when it runs, not before.

Behaviour, not timing (bench/startup.py times it): which heavy modules an import pulls in, and
that the copies cli.py keeps to show --help without importing their modules stay true.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import click
from click.testing import CliRunner

from peacetalks.cli import (
    CSV_TABLES,
    DEFAULT_DB,
    ENGINES,
    FACT_TABLES,
    GC_THRESHOLD,
    MAX_BYTES,
    ROLES,
    TOKEN_DAYS,
    VIEW_SUMMARIES,
    ViewCommand,
    main,
)

HEAVY = ("spacy", "argon2", "dask", "sklearn", "pyarrow")


def _imported_by(code: str) -> list[str]:
    """The HEAVY modules in sys.modules after running `code` in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_startup_importing_the_cli_imports_no_heavy_module():
    assert _imported_by("import peacetalks.cli") == []


def test_startup_help_exits_0_without_heavy_modules():
    code = (
        "import sys; sys.argv = ['peacetalks', '--help']; from peacetalks.cli import main\n"
        "try: main()\nexcept SystemExit as end: assert end.code == 0, end.code"
    )
    assert _imported_by(code) == []


def test_startup_help_of_the_installed_script_exits_0():
    done = subprocess.run(
        [sys.executable, "-m", "peacetalks", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "extract" in done.stdout
    assert "positions" in done.stdout


def test_startup_view_and_serve_modules_import_no_spacy():
    # `peacetalks positions` and `peacetalks serve` run on these; neither parses text.
    assert "spacy" not in _imported_by("import peacetalks.views.commands, peacetalks.server")


def test_startup_packages_import_their_members_at_first_use():
    assert _imported_by("import peacetalks.batch, peacetalks.extract") == []
    assert _imported_by("from peacetalks.extract import BACKENDS") == []
    assert "spacy" in _imported_by("from peacetalks.extract import BUILTIN_STAGES")


def test_startup_copied_defaults_match_their_sources():
    from peacetalks import auth, exports, ingest, store
    from peacetalks.analysis import fact_rows
    from peacetalks.batch import engines
    from peacetalks.store import accounts

    assert DEFAULT_DB == store.DEFAULT_DB
    assert MAX_BYTES == ingest.MAX_BYTES
    assert ENGINES == engines.ENGINES
    assert CSV_TABLES == exports.CSV_TABLES
    assert tuple(fact_rows.FACT_TABLES) == FACT_TABLES
    assert ROLES == accounts.ROLES
    assert TOKEN_DAYS == auth.TOKEN_DAYS


def test_startup_view_commands_listed_as_they_are():
    from peacetalks.views.commands import VIEW_COMMANDS

    assert list(VIEW_SUMMARIES) == [name for name, _command in VIEW_COMMANDS]
    for name, command in VIEW_COMMANDS:
        listed = main.commands[name]
        assert isinstance(listed, ViewCommand)
        assert listed.load() is command
        # The same line in `peacetalks --help` at any width.
        for width in (20, 45, 80, 10_000):
            assert listed.get_short_help_str(width) == command.get_short_help_str(width), name


def test_startup_view_command_runs_as_itself():
    result = CliRunner().invoke(main, ["positions", "--help"], prog_name="peacetalks")
    assert result.exit_code == 0
    assert "Usage: peacetalks positions [OPTIONS]" in result.output
    assert "--evidence" in result.output  # the real command's options


def test_startup_collector_threshold_is_raised_for_a_command_and_restored_after():
    seen = []

    @click.command("probe")
    def probe() -> None:
        seen.append(gc.get_threshold())

    before = gc.get_threshold()
    main.add_command(probe)
    try:
        assert CliRunner().invoke(main, ["probe"]).exit_code == 0
    finally:
        del main.commands["probe"]
    assert seen[0][0] >= GC_THRESHOLD
    assert gc.get_threshold() == before


def test_startup_extracting_a_text_file_imports_no_store_nor_web_readers(tmp_path):
    """`extract` of a .txt file stores nothing and reads no HTML or PDF: neither SQLAlchemy
    (the store) nor trafilatura and pypdf (the readers) is imported; an HTML file brings
    trafilatura in."""
    text = tmp_path / "one.txt"
    text.write_text("Russia and Ukraine met in Istanbul. Ukraine demanded a ceasefire.\n")
    page = tmp_path / "one.html"
    page.write_text("<html><body><p>Russia and Ukraine met in Istanbul.</p></body></html>")
    probe = (
        "import json, sys\nfrom peacetalks.cli import main\n"
        "sys.argv = ['peacetalks', 'extract', '--backend', 'rules', sys.argv[1]]\n"
        "try: main()\nexcept SystemExit as end: assert not end.code, end.code\n"
        "mods = ('sqlalchemy', 'trafilatura', 'pypdf')\n"
        "print(json.dumps([m for m in mods if m in sys.modules]))"
    )

    def imported(path) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
        )
        assert done.stdout.splitlines()[0].startswith("{"), done.stdout  # the record came out
        return json.loads(done.stdout.splitlines()[-1])

    assert imported(text) == []
    assert imported(page) == ["trafilatura"]
