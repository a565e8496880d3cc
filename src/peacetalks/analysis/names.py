"""Actor names for display: the name reconciliation gave each actor (its most common full
name), else a name made from the id. Views show names; the API and exports keep ids."""

from __future__ import annotations

from collections.abc import Iterable

from peacetalks.analysis.facts import facts_of
from peacetalks.model.names import issue_name, name_from_id
from peacetalks.store import SqlStore


def actor_names(store: SqlStore) -> dict[str, str]:
    """{actor id: display name} for every actor the record names."""
    return {
        str(f.payload["id"]): str(f.payload.get("name") or name_from_id(str(f.payload["id"])))
        for f in facts_of(store, "actor", sources=False)
    }


class Names:
    """Display names of actors and issues, with a readable fallback for an unknown id."""

    def __init__(self, actors: dict[str, str]) -> None:
        self.actors = actors

    def actor(self, actor_id: str | None) -> str:
        """The actor's display name."""
        if not actor_id:
            return ""
        return self.actors.get(actor_id) or name_from_id(actor_id)

    def issue(self, issue: str | None) -> str:
        """The issue's display name."""
        return issue_name(issue) if issue else ""

    def process(self, process: str | None) -> str:
        """A process slug ("russia-ukraine", two actor ids joined) as "Russia \u2013 Ukraine"."""
        if not process:
            return ""
        words = process.split("-")
        for cut in range(1, len(words)):
            a, b = "-".join(words[:cut]), "-".join(words[cut:])
            if a in self.actors and b in self.actors:
                return f"{self.actor(a)} \u2013 {self.actor(b)}"
        return name_from_id(process)

    def actor_list(self, ids: Iterable[str] | None) -> str:
        """Several actors, by name, comma-separated."""
        return ", ".join(self.actor(str(i)) for i in (ids or ()))


def names_of(store: SqlStore) -> Names:
    """The display names of the store's actors."""
    return Names(actor_names(store))
