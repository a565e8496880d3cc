"""Territorial targets a position names, for positions whose extractor left `targets` empty."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

# The extractor's gazetteer, read as data (reconcile must not import extract/, and one list of
# places is better than two): regions only: cities are where
# talks happen far more often than what they are about (Istanbul, Kyiv, Washington).
PLACES = Path(__file__).resolve().parent.parent / "extract" / "data" / "places.yaml"


@functools.cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when there
    raw = yaml.load(PLACES.read_text(encoding="utf-8"), Loader=loader) or []
    names: dict[str, str] = {}
    for place in raw:
        if not isinstance(place, dict) or place.get("kind", "region") != "region":
            continue
        for name in (place["name"], *place.get("aliases", ())):
            names[str(name).lower()] = str(place["id"])
    alternatives = sorted(names, key=lambda n: (-len(n), n))
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in alternatives) + r")\b", re.I)
    return pattern, names


def find_targets(*texts: str) -> tuple[str, ...]:
    """Ids of the regions named in the texts, sorted."""
    pattern, names = _pattern()
    found = {names[m.group(1).lower()] for text in texts for m in pattern.finditer(text)}
    return tuple(sorted(found))
