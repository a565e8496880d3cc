"""PeacetalksError and its subclasses: every condition a user can cause and fix."""

from __future__ import annotations


class PeacetalksError(Exception):
    """Base of every error caused by input, configuration or environment, not by a bug."""


class UnreadableDocument(PeacetalksError):
    """A document that cannot be turned into clean text; `reason` says why, `path` which one."""

    def __init__(self, path: str, reason: str, fix: str) -> None:
        self.path = path
        self.reason = reason
        self.fix = fix
        super().__init__(f"Cannot read {path}: {reason}.\n  {fix}")


class BadFile(PeacetalksError):
    """A file or folder that cannot be used as a whole: `lead` names what it is for, with
    {path}; `fix` says what a usable one looks like."""

    lead = "Cannot use {path}"
    fix = ""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{self.lead.format(path=path)}: {problem}.\n  {self.fix}")


class BadManifest(BadFile):
    """A manifest CSV that cannot be used as a whole."""

    lead = "Cannot use the manifest {path}"
    fix = "A manifest is a CSV with a header row: path (or url),published,publisher,title,kind."


class BadValue(PeacetalksError):
    """A value given on the command line or in a file that has the wrong form."""

    def __init__(self, what: str, value: str, expected: str) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        super().__init__(f"Bad {what}: {value!r}. Expected {expected}.")


class UnknownStage(PeacetalksError):
    """A pipeline configuration naming a stage that is not registered."""

    def __init__(self, name: str, where: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        hint = ""
        close = [k for k in known if _is_close(name, k)]
        if close:
            hint = f"\n  Did you mean {close[0]!r}?"
        super().__init__(
            f"Unknown stage {name!r} in {where}.{hint}\n  Known stages: {', '.join(sorted(known))}"
        )


class BadPipeline(PeacetalksError):
    """A pipeline whose stage order cannot work (a stage needs what no earlier stage gives)."""


class SchemaTooNew(PeacetalksError):
    """A database written by a newer peacetalks than this one."""

    def __init__(self, url: str, found: str, known: list[str]) -> None:
        self.url = url
        self.found = found
        super().__init__(
            f"The database at {url} has schema revision {found}; this peacetalks knows "
            f"{', '.join(known)}.\n  Upgrade peacetalks (pip install -U peacetalks) or open "
            "a copy made by the older version."
        )


class StoreUnavailable(PeacetalksError):
    """A database URL that cannot be opened."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        super().__init__(
            f"Cannot open the database {url}: {reason}.\n"
            "  Check the --db option or PEACETALKS_DB (e.g. sqlite:///peacetalks.db or "
            "postgresql+psycopg://user@host/dbname)."
        )


class EngineUnavailable(PeacetalksError):
    """A batch engine that cannot run here: its extra is missing or its cluster out of reach."""

    def __init__(self, engine: str, reason: str, fix: str) -> None:
        self.engine = engine
        self.reason = reason
        super().__init__(f"Cannot use the {engine} engine: {reason}.\n  {fix}")


def _is_close(a: str, b: str) -> bool:
    """True when two names differ by a small edit (a typo or a missing letter)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() > 0.85


class UnknownDocument(PeacetalksError):
    """A document id that is not in the store."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(
            f"No document with id {doc_id!r} in this database.\n"
            "  Document ids are 16 hex digits; /api/documents or 'peacetalks export' lists them."
        )


class UserExists(PeacetalksError):
    """A user name that is already taken."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"A user named {name!r} already exists.\n  Pick another name, or sign in as {name!r}."
        )


class UnknownUser(PeacetalksError):
    """A user name that is not in the store."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"No user named {name!r}.\n  Create one with 'peacetalks user add {name}'."
        )


class UnknownFact(PeacetalksError):
    """A fact key that is not in the store (facts are remade by reconciliation)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"No fact with key {key!r} in this database.\n"
            "  Keys look like 'position:russia-ukraine:russia:territory:<hash>'; the views list "
            "them (/api/positions, /api/timeline, ...)."
        )


class UnknownParty(PeacetalksError):
    """A party id that no stored fact names (a typo, or a party not yet in any document)."""

    def __init__(self, party: str, close: list[str]) -> None:
        self.party = party
        self.close = close
        hint = f"Did you mean {', '.join(close)}?" if close else "No known party is close."
        super().__init__(
            f"No party {party!r} in this database. {hint}\n"
            "  Parties are actor ids as the views show them (russia, united-states, drc)."
        )


class UnknownActor(PeacetalksError):
    """A correction naming an actor that neither the registry nor any stored fact knows."""

    def __init__(self, field: str, actor: str, close: list[str]) -> None:
        self.actor = actor
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        super().__init__(
            f"Bad {field}: {actor!r} is not a known actor.{hint}\n"
            "  Use an id the views show; add a new actor to the registry with --actors FILE.yaml "
            "and ingest again."
        )
