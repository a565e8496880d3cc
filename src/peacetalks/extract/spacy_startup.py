"""spaCy without its command line at start-up (issue 15: `extract` until its first record).

`import spacy` runs `from .cli.info import info`, and spaCy's command line package imports
typer, weasel, requests, httpx and jinja2 (~0.15 s of a 1.6 s start) that parsing never uses;
nothing else in spaCy imports it. While spaCy's own `__init__` runs, `spacy.cli` and
`spacy.cli.info` are served by stand-ins whose attributes load the real modules on first use
(`spacy.info(...)`, `spacy.cli.download` and `python -m spacy` work as before). Installed by
`peacetalks.extract` (which runs before any of its stages imports spaCy); a process that
imported spaCy earlier is left as it is.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

_NAMES = ("spacy.cli", "spacy.cli.info")


def _real(name: str) -> ModuleType:
    """The real module `name`, the stand-ins dropped first."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__peacetalks_stand_in__", False):
        for stand_in in _NAMES:
            if getattr(sys.modules.get(stand_in), "__peacetalks_stand_in__", False):
                del sys.modules[stand_in]
    return importlib.import_module(name)


def _info(*args: object, **kwargs: object) -> object:
    return _real("spacy.cli.info").info(*args, **kwargs)


def _forward(name: str) -> Callable[[str], object]:
    def attribute_of_the_real_module(attribute: str) -> object:
        if attribute.startswith("__"):
            raise AttributeError(attribute)  # the import system's probes: no stand-in has them
        return getattr(_real(name), attribute)

    return attribute_of_the_real_module


class _StandInLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        module.__peacetalks_stand_in__ = True  # type: ignore[attr-defined]
        module.__getattr__ = _forward(name)  # type: ignore[method-assign]
        if name == "spacy.cli.info":
            module.info = _info  # type: ignore[attr-defined]


class _WhileSpacyStarts(importlib.abc.MetaPathFinder):
    """Serves the stand-ins only while `spacy/__init__.py` is running."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _NAMES:
            return None
        spacy = sys.modules.get("spacy")
        if spacy is None or not getattr(spacy.__spec__, "_initializing", False):
            return None
        is_package = fullname == "spacy.cli"
        spec = importlib.util.spec_from_loader(fullname, _StandInLoader(), is_package=is_package)
        if spec is not None and is_package:
            spec.submodule_search_locations = [self.folder]  # its real submodules still load
        return spec


def install() -> None:
    """Put the stand-ins in front of spaCy's command line, once, if spaCy is not loaded yet."""
    if "spacy" in sys.modules or any(isinstance(f, _WhileSpacyStarts) for f in sys.meta_path):
        return
    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return  # not installed: the parser says so when it is needed
    folder = f"{next(iter(spec.submodule_search_locations))}/cli"
    sys.meta_path.insert(0, _WhileSpacyStarts(folder))
