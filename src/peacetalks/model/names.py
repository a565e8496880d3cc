"""Human names for the record's codes: issues as an analyst writes them ("Security
guarantees"), and actor ids as a fallback name when no stored actor carries one."""

from __future__ import annotations

from peacetalks.model.record import ISSUES

ISSUE_NAMES: dict[str, str] = {
    "ceasefire": "Ceasefire",
    "territory": "Territory",
    "alliances": "Alliances and neutrality",
    "security_guarantees": "Security guarantees",
    "military_limits": "Military limits",
    "foreign_military": "Foreign forces and military aid",
    "nuclear": "Nuclear",
    "governance": "Governance and elections",
    "sanctions": "Sanctions",
    "justice": "Justice and accountability",
    "identity_rights": "Language, identity and rights",
    "economic_relations": "Economic relations",
    "prisoners": "Prisoners",
    "remains": "Remains of the dead",
    "children": "Children",
    "humanitarian": "Humanitarian",
    "monitoring": "Monitoring",
    "process": "The talks themselves",
    "other": "Other",
}
assert set(ISSUE_NAMES) == set(ISSUES)  # every issue of the spec has a name

# Short forms that a title-cased slug would get wrong.
_UPPER = frozenset({"us", "uk", "un", "eu", "drc", "nato", "osce", "icrc", "au", "m23", "fdlr",
                    "sdf", "rsf", "saf", "plo", "ecowas", "igad", "sadc", "iaea", "mndaa", "tnla",
                    "npa", "ndfp", "cma", "knu", "ttp", "bla", "jem", "cpc"})  # fmt: skip
_SMALL = frozenset({"of", "the", "and", "for", "al", "bin", "de", "la", "le", "van", "von"})


def issue_name(issue: str) -> str:
    """The issue as people write it; an unknown code is shown as it is."""
    return ISSUE_NAMES.get(issue, issue)


def name_from_id(actor_id: str) -> str:
    """A readable name from an actor id when nothing better is stored ("holy-see" -> "Holy
    See", "drc" -> "DRC")."""
    words = actor_id.split("-")
    shown = [
        w.upper() if w in _UPPER else (w if i and w in _SMALL else w.capitalize())
        for i, w in enumerate(words)
    ]
    return " ".join(shown)
