"""The docs are tested: docs/cli.md is the real --help output, and every stage is documented.

Regenerate docs/cli.md with: PEACETALKS_UPDATE_DOCS=1 python3 -m pytest tests/test_docs.py
"""

from __future__ import annotations

import os

import click
from click.testing import CliRunner

from peacetalks.cli import main
from peacetalks.extract import BUILTIN_STAGES
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def render_cli_docs() -> str:
    runner = CliRunner()
    parts = [
        "# Command line reference\n",
        "Generated from the real `--help` output by `tests/test_docs.py`; do not edit by hand.\n",
    ]
    commands = [[]] + [[name] for name in sorted(main.commands)]
    for args in commands:
        result = runner.invoke(main, [*args, "--help"], prog_name="peacetalks", terminal_width=100)
        assert result.exit_code == 0
        title = " ".join(["peacetalks", *args])
        parts.append(f"\n## {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


def test_docs_cli_reference_is_current():
    expected = render_cli_docs()
    path = DOCS / "cli.md"
    if os.environ.get("PEACETALKS_UPDATE_DOCS"):
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: PEACETALKS_UPDATE_DOCS=1 python3 -m pytest tests/test_docs.py"
    )


def test_docs_every_command_is_in_the_cli_reference():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"## peacetalks {name}" in text
        assert isinstance(command, click.Command)


def test_docs_every_builtin_stage_is_described():
    text = (DOCS / "stages.md").read_text(encoding="utf-8")
    for stage in BUILTIN_STAGES:
        assert f"`{stage.name}`" in text, f"docs/stages.md does not describe {stage.name}"


def test_docs_every_setting_is_described():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8") + (ROOT / "README.md").read_text()
    for setting in (
        "PEACETALKS_DB",
        "--db",
        "--pipeline",
        "--max-size",
        "--manifest",
        "--published",
    ):
        assert setting in text
