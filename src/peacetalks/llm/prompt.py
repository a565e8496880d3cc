"""The prompt: versioned text in prompts/*.toml, the answer's JSON schema, the chat messages.

The document goes to the model as a JSON string inside the user's message, so nothing in it
can close a delimiter and speak as the instructions; the instructions say it is data.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from peacetalks.errors import BadValue
from peacetalks.model.record import (
    ACTOR_TYPES,
    AGREEMENT_STATUSES,
    EVENT_TYPES,
    ISSUES,
    MEASURES,
    PRECISIONS,
    STANCES,
)

PROMPTS = Path(__file__).with_name("prompts")
DEFAULT_PROMPT = "v1"
SCHEMA_NAME = "peacetalks_answer"
JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Example:
    """A worked example shown to the model: a short document and the answer it should give."""

    title: str
    published: str
    text: str
    answer: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """One version of the instructions and the examples."""

    version: str
    instructions: str
    examples: tuple[Example, ...]

    def messages(self, *, text: str, title: str | None, published: str | None) -> list[JSON]:
        """The chat messages asking for the answer about one document (or one part of it)."""
        out: list[JSON] = [{"role": "system", "content": self.instructions}]
        for example in self.examples:
            out.append(
                {
                    "role": "user",
                    "content": document_message(
                        text=example.text, title=example.title, published=example.published
                    ),
                }
            )
            out.append({"role": "assistant", "content": example.answer})
        out.append(
            {
                "role": "user",
                "content": document_message(text=text, title=title, published=published),
            }
        )
        return out


def document_message(*, text: str, title: str | None, published: str | None) -> str:
    """The user's message for one document: a JSON object, the document inside a string."""
    return json.dumps(
        {"title": title, "published": published, "text": text}, ensure_ascii=False, indent=1
    )


def read_document_message(content: str) -> JSON:
    """The object `document_message` wrote (a stand-in server reads the document back)."""
    found = json.loads(content)
    if not isinstance(found, dict) or "text" not in found:
        raise ValueError("not a peacetalks document message")
    return found


@cache
def load_prompt(version: str = DEFAULT_PROMPT) -> Prompt:
    """The bundled prompt of this version (prompts/<version>.toml)."""
    path = PROMPTS / f"{version}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS.glob("*.toml")))
        raise BadValue("--llm-prompt", version, f"one of {known}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    parts = [data[k].strip() for k in ("task", "ids", "stances", "issues", "kinds")]
    examples = tuple(
        Example(
            title=e["title"],
            published=e["published"],
            text=e["text"].strip(),
            answer=json.dumps(json.loads(e["answer"]), ensure_ascii=False),
        )
        for e in data.get("examples", [])
    )
    return Prompt(version=str(data["version"]), instructions="\n\n".join(parts), examples=examples)


def _nullable(kind: str) -> JSON:
    return {"type": [kind, "null"]}


def _choice(options: tuple[str, ...], *, nullable: bool = False) -> JSON:
    if nullable:
        return {"type": ["string", "null"], "enum": [*options, None]}
    return {"type": "string", "enum": list(options)}


def _strings() -> JSON:
    return {"type": "array", "items": {"type": "string"}}


def _object(properties: JSON) -> JSON:
    # Strict structured output wants every property required and no others.
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _evidence() -> JSON:
    return {"type": "array", "minItems": 1, "items": _object({"text": {"type": "string"}})}


@cache
def answer_schema() -> JSON:
    """The JSON schema of the model's answer: peacetalks/1 lists, evidence as quotes only."""
    actor = _object(
        {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "type": _choice(ACTOR_TYPES),
            "party": _nullable("string"),
            "roles": _strings(),
            "mentions": _strings(),
        }
    )
    event = _object(
        {
            "type": _choice(EVENT_TYPES),
            "date": _nullable("string"),
            "end_date": _nullable("string"),
            "date_precision": _choice(PRECISIONS, nullable=True),
            "place": _nullable("string"),
            "venue": _nullable("string"),
            "round": _nullable("integer"),
            "participants": _strings(),
            "hosts": _strings(),
            "mediators": _strings(),
            "duration_minutes": _nullable("number"),
            "evidence": _evidence(),
        }
    )
    position = _object(
        {
            "holder": {"type": "string"},
            "issue": _choice(ISSUES),
            "stance": _choice(STANCES),
            "summary": {"type": "string"},
            "targets": _strings(),
            "addressee": _nullable("string"),
            "as_of": _nullable("string"),
            "evidence": _evidence(),
        }
    )
    terms = _object(
        {
            "formula": _nullable("string"),
            "quantity": _nullable("integer"),
            "unit": _nullable("string"),
            "group": _nullable("string"),
        }
    )
    agreement = _object(
        {
            "parties": _strings(),
            "issue": _choice(ISSUES),
            "summary": {"type": "string"},
            "terms": terms,
            "status": _choice(AGREEMENT_STATUSES),
            "date": _nullable("string"),
            "evidence": _evidence(),
        }
    )
    figure = _object(
        {
            "issue": _choice(ISSUES),
            "measure": _choice(MEASURES),
            "value": {"type": "number"},
            "unit": _nullable("string"),
            "qualifier": _nullable("string"),
            "about": _nullable("string"),
            "evidence": _evidence(),
        }
    )
    return _object(
        {
            "actors": {"type": "array", "items": actor},
            "events": {"type": "array", "items": event},
            "positions": {"type": "array", "items": position},
            "agreements": {"type": "array", "items": agreement},
            "figures": {"type": "array", "items": figure},
        }
    )
