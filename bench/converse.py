"""Conversation practice on the real mesh: the tutor LLM's speed and reply quality, and the
voice-to-voice latencies of ``WS /converse/stream``.

    flock /tmp/voicemesh-mesh.lock uv run --frozen python -m bench.converse [--runs 5]

Starts ``voicemesh up`` (embedded engines, llama.cpp tutor), then:

1. 20 tutor turns (learner sentences below) straight to llm-service, streamed with the same
   system prompt as the tutor: time to first token, decode tokens/s (stream chunks ≈ tokens),
   and automatic quality checks per reply (English ASCII text, ≤ 40 words, ≤ 3 sentences,
   asks a question, no list/code/emoji); every reply is printed for reading.
2. ``--runs`` streamed turns of a real L2 recording at real-time pace: end of speech (the VAD's
   ``audio_end_ms`` mapped to wall time) → speech_stopped, → first LLM token, → first reply
   audio (voice-to-voice); first complete phrase → its audio.
3. The same stream in hands-free mode: the last chunk of "Alexa" sent → acknowledgement audio.

Prints a table per stage (p50 / p95 / max, ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from orchestrator_service.services.converse.phrases import PhraseSplitter
from orchestrator_service.services.converse.tutor import EXAMPLE, system_message
from voicemesh.audio import decode_audio
from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "tests" / "audio"
LLM = "http://127.0.0.1:8008"
CHUNK = 1024
TURNS = [
    "Hello, my name is Ana and I am from Brazil.",
    "I work as a nurse in a big hospital.",
    "Yesterday I went to the cinema with my friends.",
    "I don't like cold weather very much.",
    "My favourite food is pasta with tomato sauce.",
    "I want to improve my English for my job.",
    "On weekends I usually play football.",
    "I have two brothers and one sister.",
    "I am reading a book about history.",
    "Last summer we travelled to Portugal.",
    "I think learning languages is difficult.",
    "My city has a beautiful old market.",
    "I get up at six o'clock every day.",
    "Do you like music?",
    "I would like to visit London one day.",
    "My dog is called Max and he is very friendly.",
    "I am tired because I worked a lot today.",
    "What should I cook for dinner tonight?",
    "I started running in the morning.",
    "So you want to be more productive?",
]


def checks(reply: str) -> dict[str, bool]:
    words = reply.split()
    sentences = [s for s in re.split(r"[.!?]+", reply) if s.strip()]
    return {
        "english_text": bool(words) and all(ord(c) < 128 for c in reply.replace("’", "'")),
        "short": len(words) <= 40 and len(sentences) <= 3,
        "asks": "?" in reply,
        "plain": not re.search(r"(^|\n)\s*([-*]|\d+\.)\s|```|[#*_]{2,}", reply),
    }


def llm_turns() -> None:
    ttft, rates, passed = [], [], {k: 0 for k in checks("x")}
    for i, turn in enumerate(TURNS, 1):
        body = {
            "messages": [
                {"role": "system", "content": system_message("intermediate", None)},
                *EXAMPLE,
                {"role": "user", "content": turn},
            ],
            "max_tokens": 60,
            "temperature": 0.6,
            "stream": True,
        }
        start, first, n, text = time.perf_counter(), None, 0, ""
        with httpx.stream("POST", f"{LLM}/v1/chat/completions", json=body, timeout=120) as response:
            for line in response.iter_lines():
                if not line.startswith("data: ") or line == "data: [DONE]":
                    continue
                piece = json.loads(line[6:])["choices"][0]["delta"].get("content")
                if piece:
                    first = first or time.perf_counter()
                    n, text = n + 1, text + piece
        end = time.perf_counter()
        assert first is not None
        ttft.append(first - start)
        rates.append((n - 1) / (end - first) if n > 1 else 0.0)
        verdict = checks(text)
        for k, ok in verdict.items():
            passed[k] += ok
        print(f"{i:2d}. L: {turn}\n    T: {' '.join(text.split())}\n    {verdict}")
    print(f"\nLLM (llm-service, {len(TURNS)} tutor turns, max_tokens 60):")
    table({"time to first token": ttft}, unit=1000)
    print(f"  decode: mean {statistics.mean(rates):.1f} tokens/s (min {min(rates):.1f})")
    print("  quality: " + ", ".join(f"{k} {v}/{len(TURNS)}" for k, v in passed.items()))


def table(rows: dict[str, list[float]], unit: float = 1000) -> None:
    print(f"  {'stage':<42} {'p50':>7} {'p95':>7} {'max':>7}  n")
    for name, values in rows.items():
        if not values:
            print(f"  {name:<42} {'—':>7}")
            continue
        v = sorted(x * unit for x in values)
        p95 = v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]
        print(f"  {name:<42} {statistics.median(v):7.0f} {p95:7.0f} {v[-1]:7.0f}  {len(v)}")


async def stream_turn(pcm: bytes) -> dict[str, float]:
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(ORCHESTRATOR.replace("http", "ws") + "/converse/stream")
        seen: list[tuple[float, dict[str, Any]]] = []

        async def read() -> None:
            async for message in ws:
                seen.append((time.perf_counter(), json.loads(message.data)))

        reader = asyncio.ensure_future(read())
        audio = b"\0" * CHUNK * 8 + pcm
        t0 = time.perf_counter()
        for i in range(0, len(audio), CHUNK):
            await ws.send_bytes(audio[i : i + CHUNK])
            await asyncio.sleep(max(0.0, t0 + (i + CHUNK) / 32000 - time.perf_counter()))
        while not any(e["type"] == "response.done" for _, e in seen):
            await ws.send_bytes(b"\0" * CHUNK)
            await asyncio.sleep(CHUNK / 32000)
        await ws.close()
        reader.cancel()
    at = {}
    splitter, phrase_t = PhraseSplitter(), None
    for t, e in seen:
        at.setdefault(e["type"], t)
        if e["type"] == "response.text.delta" and phrase_t is None and splitter.feed(e["delta"]):
            phrase_t = t
        if e["type"] == "input_audio_buffer.speech_stopped":
            eos = t0 + e["audio_end_ms"] / 1000
    if phrase_t is None:  # a one-phrase reply: complete at the last delta
        phrase_t = max(t for t, e in seen if e["type"] == "response.text.delta")
    return {
        "end of speech → speech_stopped (VAD window)": at["input_audio_buffer.speech_stopped"]
        - eos,
        "end of speech → first LLM token": at["response.text.delta"] - eos,
        "speech_stopped → first LLM token": at["response.text.delta"]
        - at["input_audio_buffer.speech_stopped"],
        "first complete phrase → its audio": at["response.audio.delta"] - phrase_t,
        "end of speech → first reply audio (voice-to-voice)": at["response.audio.delta"] - eos,
    }


async def wake_turn(pcm: bytes) -> float:
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(
            ORCHESTRATOR.replace("http", "ws") + "/converse/stream?hands_free=true"
        )
        await ws.receive()  # session.created
        audio = b"\0" * 16000 + pcm
        for i in range(0, len(audio), CHUNK):
            await ws.send_bytes(audio[i : i + CHUNK])
            await asyncio.sleep(CHUNK / 32000)
        sent = time.perf_counter()
        while True:
            message = await ws.receive(timeout=10)
            if json.loads(message.data)["type"] == "response.audio.delta":
                await ws.close()
                return time.perf_counter() - sent


def measure(runs_n: int) -> None:
    question = decode_audio(
        (AUDIO / "adult-female-so-you-want-to-be-more-productive.wav").read_bytes()
    )
    alexa = decode_audio((AUDIO / "alexa-espeak-ng.wav").read_bytes())
    llm_turns()
    runs = [asyncio.run(stream_turn(question.pcm16())) for _ in range(runs_n + 1)][1:]
    print(f"\nWS /converse/stream, {runs_n} warm turns of a 3.1 s L2 recording:")
    table({k: [r[k] for r in runs] for k in runs[0]})
    wakes = [asyncio.run(wake_turn(alexa.pcm16())) for _ in range(runs_n)]
    print("\nHands-free:")
    table({"end of 'Alexa' sent → acknowledgement audio": wakes})


def main() -> None:
    global LLM, ORCHESTRATOR
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orchestrator", help="use this running mesh instead of starting one")
    parser.add_argument("--llm", default=LLM, help="llm-service base URL (with --orchestrator)")
    args = parser.parse_args()
    if args.orchestrator:
        ORCHESTRATOR, LLM = args.orchestrator, args.llm
        measure(args.runs)
        return
    with (
        tempfile.TemporaryDirectory() as state,
        running_mesh(mock=False, state_dir=Path(state), ready_timeout_s=600) as ready_s,
    ):
        print(f"mesh ready in {ready_s:.1f} s\n")
        measure(args.runs)


if __name__ == "__main__":
    main()
