"""docs/llm.md's server recipes: their peacetalks commands, run against stand-ins that behave
as llama-server, Ollama and vLLM do where it matters to us."""

from __future__ import annotations

import re
import shlex

import pytest

from peacetalks.llm.standin import error_reply
from tests.conftest import ROOT, jsonl
from tests.llm.conftest import model_reply

GUIDE = (ROOT / "docs" / "llm.md").read_text(encoding="utf-8")


def _recipe(server: str) -> list[str]:
    """The peacetalks command of one recipe, as words."""
    section = GUIDE.split(f"**{server}**", 1)[1].split("```", 2)[1]
    line = next(line for line in section.splitlines() if "peacetalks extract" in line)
    return shlex.split(line)


def _llama_server(body):
    # Some llama-server builds refuse a json_schema they cannot turn into a grammar.
    if body.get("response_format", {}).get("type") == "json_schema":
        return error_reply(400, 'Either "json_schema" or "grammar" can be specified, not both')
    return model_reply(body)


@pytest.mark.parametrize("server", ["llama.cpp", "Ollama", "vLLM"])
def test_recipe_runs_against_a_server_like_it(server, standin, cli, talks_file, monkeypatch):
    words = _recipe(server)
    env = {}
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert words[:2] == ["peacetalks", "extract"]
    stand_in = standin(_llama_server if server == "llama.cpp" else model_reply)
    args = [str(talks_file) if w == "reports/" else w for w in words[2:]]
    url = args.index("--llm-url") + 1
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", args[url])
    args[url] = stand_in.url
    result = cli("extract", *args, "--no-llm-cache")
    assert result.exit_code == 0, result.stderr
    assert len(jsonl(result.stdout)[0]["positions"]) == 2
    sent = stand_in.headers[-1].get("Authorization")
    if server == "vLLM":
        assert sent == "Bearer local-key"  # the key the recipe's server was started with
    else:
        assert sent is None
    if server == "llama.cpp":
        assert [r.get("response_format", {}).get("type") for r in stand_in.requests] == [
            "json_schema",
            "json_object",
        ]
