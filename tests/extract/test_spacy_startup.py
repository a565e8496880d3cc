"""spaCy imported through peacetalks.extract leaves its command line unloaded until used."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import peacetalks.extract
import spacy
heavy = [m for m in ("typer", "weasel", "requests", "jinja2") if m in sys.modules]
assert not heavy, heavy
assert isinstance(spacy.info(), dict)  # the stand-in loads the real command on first use
from spacy.cli import download
assert callable(download)
real = sys.modules["spacy.cli.info"]
assert not getattr(real, "__peacetalks_stand_in__", False)
assert real.info.__module__ == "spacy.cli.info"
print("ok")
"""


def test_spacy_start_up_skips_the_command_line_and_loads_it_when_asked():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_spacy_imported_first_is_left_as_it_is():
    code = "import spacy, peacetalks.extract, sys; print('typer' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
