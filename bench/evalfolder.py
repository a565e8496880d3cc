"""The eval folder the accuracy benchmarks read: `../shared/eval` beside the project unless
`--eval DIR` says otherwise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peacetalks.learn import missing_bundled_folders

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def add_eval_argument(
    parser: argparse.ArgumentParser,
    help_text: str = "the eval folder with train/, dev-multi/, dev/",
) -> None:
    """The `--eval DIR` option, defaulting to the shared eval folder."""
    parser.add_argument(
        "--eval", type=Path, default=DEFAULT, help=f"{help_text} (default: %(default)s)"
    )


def bundled_eval_folder(path: Path, script: str) -> Path:
    """`path` resolved, when it holds the folders training/train-bundled.sh reads; otherwise
    exits with a message naming `script` and the fix."""
    eval_dir = path.resolve()
    missing = missing_bundled_folders(eval_dir)
    if missing:
        sys.exit(f"{script}: no {', '.join(missing)}; give the eval folder with --eval DIR.")
    return eval_dir
