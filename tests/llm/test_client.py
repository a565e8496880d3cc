"""The client against a stand-in server over real HTTP: modes, retries, errors, the key."""

from __future__ import annotations

import time

import pytest

from peacetalks.llm.client import ChatClient, LlmAnswerFailed, LlmUnavailable
from peacetalks.llm.standin import Reply, chat_reply, error_reply
from tests.llm.conftest import scripted, settings_for

MESSAGES = [{"role": "user", "content": "{}"}]


def test_asks_for_schema_constrained_output_first(standin):
    server = standin(lambda body: chat_reply("{}"))
    completion = ChatClient(settings_for(server)).complete(MESSAGES)
    assert completion.mode == "json_schema"
    sent = server.requests[0]
    assert sent["model"] == "standin"
    assert sent["response_format"]["type"] == "json_schema"
    schema = sent["response_format"]["json_schema"]["schema"]
    assert set(schema["required"]) == {"actors", "events", "positions", "agreements", "figures"}
    evidence = schema["properties"]["positions"]["items"]["properties"]["evidence"]
    assert evidence["items"]["required"] == ["text"]  # quotes only: offsets are ours


def test_falls_back_to_json_mode_when_the_server_refuses_the_schema(standin):
    def reply(body):
        if body.get("response_format", {}).get("type") == "json_schema":
            return error_reply(400, "response_format json_schema is not supported")
        return chat_reply('{"positions": []}')

    server = standin(reply)
    client = ChatClient(settings_for(server))
    assert client.complete(MESSAGES).mode == "json_object"
    assert client.complete(MESSAGES).mode == "json_object"  # remembered: no second refusal
    kinds = [r.get("response_format", {}).get("type") for r in server.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]


def test_falls_back_to_no_response_format_at_all(standin):
    def reply(body):
        if "response_format" in body:
            return error_reply(400, "unknown field response_format")
        return chat_reply("{}")

    server = standin(reply)
    assert ChatClient(settings_for(server)).complete(MESSAGES).mode == "none"
    assert len(server.requests) == 3


def test_retries_after_429_then_succeeds(standin):
    server = standin(scripted(error_reply(429, "slow down", **{"Retry-After": "0"}),
                              error_reply(503, "busy"), chat_reply("{}")))  # fmt: skip
    completion = ChatClient(settings_for(server)).complete(MESSAGES)
    assert completion.content == "{}"
    assert len(server.requests) == 3


def test_gives_up_after_the_retries_naming_the_fix(standin):
    server = standin(lambda body: error_reply(429, "slow down", **{"Retry-After": "0"}))
    with pytest.raises(LlmAnswerFailed, match=r"failed 3 times: HTTP 429.*--llm-concurrency"):
        ChatClient(settings_for(server, retries=2)).complete(MESSAGES)


def test_timeout_is_retried_then_reported(standin):
    def slow(body):
        time.sleep(1.0)
        return chat_reply("{}")

    server = standin(slow)
    with pytest.raises(LlmAnswerFailed, match=r"no answer within 0\.2 s"):
        ChatClient(settings_for(server, timeout=0.2, retries=1)).complete(MESSAGES)
    assert len(server.requests) == 2


def test_bad_key_stops_the_run_naming_the_variable(standin):
    server = standin(lambda body: error_reply(401, "invalid api key"))
    with pytest.raises(LlmUnavailable, match="PEACETALKS_LLM_API_KEY"):
        ChatClient(settings_for(server)).complete(MESSAGES)
    assert len(server.requests) == 1  # not retried


def test_unknown_model_or_path_names_the_url_and_model(standin):
    server = standin(lambda body: error_reply(404, "model 'nope' not found"))
    with pytest.raises(LlmUnavailable, match=r"--llm-url must be.*'nope'"):
        ChatClient(settings_for(server, model="nope")).complete(MESSAGES)


def test_unreachable_server_stops_the_run():
    from peacetalks.llm import LlmSettings

    settings = LlmSettings(url="http://127.0.0.1:9/v1", model="m", retries=1, backoff=0.01)
    with pytest.raises(LlmUnavailable, match="Cannot reach the model server"):
        ChatClient(settings).complete(MESSAGES)


def test_key_goes_in_the_header_and_never_in_the_settings_repr(standin):
    server = standin(lambda body: chat_reply("{}"))
    settings = settings_for(server, api_key="sk-test-secret")
    ChatClient(settings).complete(MESSAGES)
    assert server.headers[0]["Authorization"] == "Bearer sk-test-secret"
    assert "sk-test-secret" not in repr(settings)
    assert "sk-test-secret" not in str(server.requests[0])


def test_reply_without_a_message_is_an_answer_failure(standin):
    server = standin(lambda body: Reply(200, {"choices": []}))
    with pytest.raises(LlmAnswerFailed, match="not a chat completion"):
        ChatClient(settings_for(server)).complete(MESSAGES)
