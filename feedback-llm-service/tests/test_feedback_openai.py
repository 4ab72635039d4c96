"""The openai engine against a mocked OpenAI-compatible server (respx): valid answers,
repairs, json_object fallback, and the rules fallback on invalid output, timeouts, 429, 5xx
and connection errors. Every case ends in a valid FeedbackResponse."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from feedback_llm_service.services.openai_engine import OpenAIEngine
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse

BASE = "http://llm.test/v1"
KEY = "sk-test-secret-123"
TARGET = "It was a sufficient answer."
TRANSCRIPT = "it was a suffishent answer"

GOOD: dict[str, Any] = {
    "summary": "Nice and clear; the one thing to fix is the stress in sufficient.",
    "priorities": [
        {
            "rank": 2,
            "issue": "sentence_stress",
            "description": "A bit even.",
            "words": ["was"],
            "severity": "low",
        },
        {
            "rank": 1,
            "issue": "lexical_stress",
            "description": "Stress moved to SUF.",
            "words": ["sufficient"],
            "severity": "high",
        },
    ],
    "tips": [
        {
            "word": "Sufficient",
            "problem": "You said SUF-fi-cient.",
            "how_to_fix": "Lengthen FI.",
            "example": "suf-FI-cient",
        }
    ],
    "drills": [{"kind": "words", "focus": "oOo", "items": ["ba-NA-na", "com-PU-ter"]}],
    "encouragement": "Your sounds were all accurate, well done!",
}


def completion(content: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def ok(content: str | None) -> httpx.Response:
    return httpx.Response(200, json=completion(content))


def make_engine(**fields: Any) -> OpenAIEngine:
    defaults: dict[str, Any] = {"timeout_s": 2, "max_retries": 0}
    settings = FeedbackSettings(
        engine="openai",
        base_url=BASE,
        model="test-model",
        **{"FEEDBACK_API_KEY": KEY, **defaults, **fields},
    )
    engine = OpenAIEngine(settings, None)  # type: ignore[arg-type]
    engine.load()
    return engine


@pytest.fixture
def request_(assessment: Callable[[str], PhonemeDiffResponse]) -> FeedbackRequest:
    return FeedbackRequest(
        assessment=assessment("assessment_stress_error"),
        transcript=TRANSCRIPT,
        target_text=TARGET,
        learner_l1="Mandarin",
        level="intermediate",
    )


@pytest.fixture
def server() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


def sent(route: respx.Route, n: int = -1) -> dict[str, Any]:
    return json.loads(route.calls[n].request.content)  # type: ignore[no-any-return]


def test_valid_answer(server: respx.MockRouter, request_: FeedbackRequest) -> None:
    route = server.post(f"{BASE}/chat/completions").mock(return_value=ok(json.dumps(GOOD)))
    result = make_engine().process(request_)
    assert route.call_count == 1
    assert result.engine.name == "openai" and result.engine.model == "test-model"
    assert not result.fallback_used and result.fallback_reason is None
    assert result.summary == GOOD["summary"]
    assert [(p.rank, p.issue) for p in result.priorities] == [
        (1, "lexical_stress"),
        (2, "sentence_stress"),
    ]
    body = sent(route)
    request = route.calls[0].request
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body["model"] == "test-model"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert set(schema["required"]) == {"summary", "priorities", "tips", "drills", "encouragement"}
    assert "engine" not in schema["properties"] and schema["additionalProperties"] is False
    system, user = body["messages"]
    assert system["role"] == "system" and "VoiceMesh pronunciation coach" in system["content"]
    # the user prompt is the unified template filled with the assessment and the rules draft
    for expected in (
        TARGET,
        TRANSCRIPT,
        "Mandarin",
        "How stress was measured",
        "suf-FI-cient",
        "prominence",
        "problem:",
        '"priorities"',
    ):
        assert expected in user["content"]
    assert "${" not in user["content"] and "${" not in system["content"]


def test_code_fenced_answer_is_accepted(
    server: respx.MockRouter, request_: FeedbackRequest
) -> None:
    server.post(f"{BASE}/chat/completions").mock(
        return_value=ok("```json\n" + json.dumps(GOOD) + "\n```")
    )
    assert not make_engine().process(request_).fallback_used


def test_invalid_json_is_repaired_once(server: respx.MockRouter, request_: FeedbackRequest) -> None:
    route = server.post(f"{BASE}/chat/completions").mock(
        side_effect=[ok('{"summary": "cut off'), ok(json.dumps(GOOD))]
    )
    result = make_engine().process(request_)
    assert route.call_count == 2
    assert result.engine.name == "openai" and not result.fallback_used
    repair = sent(route, 1)["messages"]
    assert repair[-2] == {"role": "assistant", "content": '{"summary": "cut off'}
    assert "not valid JSON" in repair[-1]["content"]


def test_invalid_twice_falls_back_to_rules(
    server: respx.MockRouter, request_: FeedbackRequest
) -> None:
    invented = {**GOOD, "tips": [{**GOOD["tips"][0], "word": "photography"}]}
    route = server.post(f"{BASE}/chat/completions").mock(
        side_effect=[ok("not json at all"), ok(json.dumps(invented))]
    )
    result = make_engine().process(request_)
    assert route.call_count == 2
    assert result.fallback_used and result.fallback_reason is not None
    assert result.fallback_reason.startswith("invalid_output")
    assert "not a word of the sentence" in result.fallback_reason
    assert result.engine.name == "rules"
    assert result.tips[0].example == "suf-FI-cient"  # the rules feedback


def test_schema_violation_is_invalid(server: respx.MockRouter, request_: FeedbackRequest) -> None:
    wrong = {**GOOD, "priorities": [{**GOOD["priorities"][0], "severity": "catastrophic"}]}
    server.post(f"{BASE}/chat/completions").mock(side_effect=[ok(json.dumps(wrong)), ok(None)])
    result = make_engine().process(request_)
    assert result.fallback_used and "invalid_output" in (result.fallback_reason or "")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.Response(429, json={"error": {"message": "slow down"}}), "rate_limited"),
        (httpx.Response(503, json={"error": {"message": "overloaded"}}), "upstream_error"),
        (httpx.Response(500, text="boom"), "upstream_error"),
        (httpx.ConnectError("refused"), "connection_error"),
    ],
)
def test_call_failures_fall_back_to_rules(
    server: respx.MockRouter, request_: FeedbackRequest, answer: Any, reason: str
) -> None:
    route = server.post(f"{BASE}/chat/completions")
    if isinstance(answer, Exception):
        route.mock(side_effect=answer)
    else:
        route.mock(return_value=answer)
    result = make_engine().process(request_)
    assert isinstance(result, FeedbackResponse)
    assert result.fallback_used and (result.fallback_reason or "").startswith(reason)
    assert result.engine.name == "rules" and result.priorities[0].issue == "lexical_stress"


def test_429_is_retried_when_retries_are_allowed(
    server: respx.MockRouter, request_: FeedbackRequest
) -> None:
    limited = httpx.Response(
        429, headers={"retry-after-ms": "10"}, json={"error": {"message": "later"}}
    )
    route = server.post(f"{BASE}/chat/completions").mock(
        side_effect=[limited, ok(json.dumps(GOOD))]
    )
    result = make_engine(max_retries=1).process(request_)
    assert route.call_count == 2 and not result.fallback_used


def test_server_without_json_schema_gets_json_object(
    server: respx.MockRouter, request_: FeedbackRequest
) -> None:
    rejected = httpx.Response(
        400, json={"error": {"message": "response_format json_schema not supported"}}
    )
    route = server.post(f"{BASE}/chat/completions").mock(
        side_effect=[rejected, ok(json.dumps(GOOD)), ok(json.dumps(GOOD))]
    )
    engine = make_engine()
    first = engine.process(request_)
    assert not first.fallback_used and route.call_count == 2
    retry = sent(route, 1)
    assert retry["response_format"] == {"type": "json_object"}
    assert (
        '"required":["summary","priorities","tips","drills","encouragement"]'
        in retry["messages"][1]["content"]
    )
    engine.process(request_)  # remembered: no second json_schema attempt
    assert route.call_count == 3 and sent(route, 2)["response_format"] == {"type": "json_object"}


def test_json_object_mode_by_setting(server: respx.MockRouter, request_: FeedbackRequest) -> None:
    route = server.post(f"{BASE}/chat/completions").mock(return_value=ok(json.dumps(GOOD)))
    make_engine(response_format="json_object").process(request_)
    assert sent(route)["response_format"] == {"type": "json_object"}


def test_keyless_self_hosted_server(server: respx.MockRouter, request_: FeedbackRequest) -> None:
    route = server.post(f"{BASE}/chat/completions").mock(return_value=ok(json.dumps(GOOD)))
    engine = OpenAIEngine(FeedbackSettings(engine="openai", base_url=BASE, max_retries=0), None)  # type: ignore[arg-type]
    engine.load()
    assert not engine.process(request_).fallback_used
    assert KEY not in route.calls[0].request.headers["authorization"]


def test_logs_hold_no_learner_text_nor_key(
    server: respx.MockRouter, request_: FeedbackRequest, caplog: pytest.LogCaptureFixture
) -> None:
    server.post(f"{BASE}/chat/completions").mock(side_effect=[ok("nope"), ok("still nope")])
    caplog.set_level(logging.DEBUG)
    result = make_engine().process(request_)
    assert result.fallback_used
    assert any("rules engine" in r.getMessage() for r in caplog.records)  # something was logged
    for record in caplog.records:
        dumped = record.getMessage() + repr(record.__dict__)
        for private in (TARGET, TRANSCRIPT, "sufficient", KEY):
            assert private not in dumped, (private, record.name)
