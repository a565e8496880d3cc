"""The README's promises: CI runs its test command word for word; its demo command is real."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    blocks = re.findall(r"```\n(.*?)```", README.split("## Using it")[0], re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_two_commands_install_demo_then_install_tests():
    first, second = _commands()[:2]
    assert first.startswith("python3 -m pip install -e . && ")
    assert " demo" in first
    assert second == "python3 -m pip install -e '.[test]' && python3 -m pytest"


def test_readme_ci_runs_the_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    second = _commands()[1]
    assert any(line.strip() == second for line in ci.splitlines())
