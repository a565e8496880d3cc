"""Imports point down only (STYLE.md section 1): a layer never imports one above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "peacetalks"

# What each layer may import from peacetalks (besides itself); errors is open to all.
ALLOWED = {
    "model": set(),
    "ingest": {"model"},
    "pipeline": {"model"},
    "reconcile": {"model"},
    "store": {"model"},
    "extract": {"model", "pipeline"},
    "learn": {"model", "pipeline", "ingest", "extract"},
    "analysis": {"model", "store", "reconcile"},
    "batch": {"model", "pipeline", "ingest", "store", "extract"},
    "llm": {"model", "pipeline", "ingest", "store", "extract"},
    "exports": {"model", "store"},
    "report": {"model", "store", "analysis"},
    "views": {"model", "store", "analysis", "report"},
    "demo": set(),
    "config": {"model"},
    "auth": {"model", "store", "served"},
    "served": {"store"},
    "answers": {"store", "analysis", "served"},
    "review": {"model", "store"},
    "server": {"*"},
    "cli": {"*"},
    "api": {"*"},
    "web": {"*"},
    "__main__": {"cli"},
    "__init__": set(),
    "errors": set(),
}
TOP = {"cli", "api", "web", "__main__"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "peacetalks" and len(parts) > 1:
                found.add(parts[1])
            elif name == "peacetalks":
                found.add("__init__")
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_imports_point_down(path):
    layer = _layer(path)
    assert layer in ALLOWED, f"{layer} is a new layer: add it to ALLOWED in {__file__}"
    allowed = ALLOWED[layer]
    for target in _imports(path) - {layer, "errors", "__init__"}:
        if layer not in ("__main__", "server"):  # server.py assembles api/ and web/
            assert target not in TOP, f"{path.name} imports {target}, which nothing may import"
        assert "*" in allowed or target in allowed, f"{layer} must not import {target}"


# Each optional package (an extra) and the only modules that may import it.
OPTIONAL = {
    "psycopg": {"store/postgres.py"},
    "dask": {"batch/distributed.py"},
    "distributed": {"batch/distributed.py"},
    "httpx": {"llm/client.py"},
    "rapidfuzz": {"llm/grounding.py"},
    "pyarrow": {"exports.py"},
    "sklearn": {"learn/train.py"},
    "scipy": {"learn/train.py"},
}


def test_layers_optional_packages_stay_in_their_modules():
    for path in MODULES:
        where = str(path.relative_to(PACKAGE))
        imported = {n.split(".")[0] for n in _all_imports(path)}
        for package in imported & set(OPTIONAL):
            assert where in OPTIONAL[package], f"{where} imports {package}"


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names
