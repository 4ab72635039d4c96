"""``voicemesh process FILE``: post a recording to a running mesh and print a readable summary."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import httpx

from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.contracts.phoneme_diff import PhoneAssessment, StressVerdict
from voicemesh.localkey import auth_headers
from voicemesh.paths import repo_root


def artifact_dir() -> Path:
    """Where a local mesh keeps its artifacts (the files stay after the mesh stops)."""
    return Path(os.environ.get("VOICEMESH_ARTIFACT_DIR", repo_root() / "var" / "artifacts"))


def summarize(result: ProcessResult) -> str:
    """A learner-readable text view of a result."""
    lines = []
    if result.transcript is not None:
        lines.append(f"Transcript : {result.transcript}")
    lines.append(f"Target     : {result.target_text} ({result.target_source})")
    if result.scores:
        s = result.scores
        lines.append(
            f"Scores     : overall {s.overall:.0f}  accuracy {s.accuracy:.0f}  "
            f"stress {s.stress:.0f}  fluency {s.fluency:.0f}  "
            f"completeness {s.completeness:.0f}"
        )
    lines.append("Words      :")
    for w in result.words:
        stress = ""
        if w.stress.applicable:
            stress = f"  {_stress_summary(w.stress)}"
        timing = (
            f"{w.start:5.2f}-{w.end:5.2f}s"
            if w.start is not None and w.end is not None
            else "  not found  "
        )
        bad = [_phone_problem(p) for p in w.phones if p.status != "correct"]
        problems = f"  sounds: {', '.join(bad)}" if bad else ""
        lines.append(
            f"  {w.text:<14} {timing} acc {w.accuracy:5.1f}  {w.error_type:<16}"
            f" {w.severity:<6}{stress}{problems}"
        )
    audio = result.audio
    for label, art in (("Model audio", audio.model_pronunciation), ("Own voice", audio.own_voice)):
        if art:
            local = artifact_dir() / art.id
            where = f"{art.url or art.id}" + (f"\n{'':<13}{local}" if local.is_file() else "")
            lines.append(f"{label:<11}: {where} ({art.duration_s:.2f} s)")
    if result.feedback:
        fb = result.feedback
        lines.append(f"Feedback   : {fb.summary}")
        for tip in fb.tips[:5]:
            lines.append(f"  - {tip.word}: {tip.problem} {tip.how_to_fix} e.g. {tip.example}")
        lines.append(f"  {fb.encouragement}")
    for err in result.errors:
        lines.append(f"Stage error: {err.stage}: {err.code}: {err.message}")
    lines.append(f"Total      : {result.total_s:.2f} s")
    return "\n".join(lines)


def _phone_problem(phone: PhoneAssessment) -> str:
    """``AA1→AH0`` (substituted by a known phone), ``AA1→?`` (substituted, realized unknown),
    ``AA1→∅`` (deleted), ``+AH0`` (inserted)."""
    if phone.status == "inserted":
        return f"+{phone.realized}"
    if phone.status == "deleted":
        return f"{phone.expected}→∅"
    return f"{phone.expected}→{phone.realized or '?'}"


def _stress_summary(stress: StressVerdict) -> str:
    """Syllables counted from 1 for people (the API's indices start at 0)."""
    verdict = "WRONG" if stress.is_error else "ok"
    n = len(stress.syllables)

    def nth(index: int | None) -> str:
        return "?" if index is None else str(index + 1)

    return (
        f"stress {verdict} (score {stress.score:.0f}, P(wrong) {stress.error_probability:.2f}; "
        f"stress expected on syllable {nth(stress.expected_primary)} of {n}, "
        f"most prominent {nth(stress.detected_primary)})"
    )


def process_file(
    file: Path,
    *,
    text: str | None,
    as_json: bool,
    url: str,
    out: Path | None,
    timeout_s: float,
    key: str | None = None,
) -> int:
    """Post ``file`` as ``key`` (default ``VOICEMESH_API_KEY``, else the local admin key that
    ``voicemesh up`` wrote)."""
    if not file.is_file():
        print(f"voicemesh: no such file: {file}", file=sys.stderr)
        return 2
    data = {"text": text} if text else {}
    try:
        with file.open("rb") as fh:
            response = httpx.post(
                f"{url.rstrip('/')}/process",
                data=data,
                files={"audio": (file.name, fh)},
                headers=auth_headers(key),
                timeout=timeout_s,
            )
    except httpx.HTTPError as exc:
        print(
            f"voicemesh: cannot reach the mesh at {url} ({exc}); is `voicemesh up` running?",
            file=sys.stderr,
        )
        return 1
    if response.is_error:
        print(f"voicemesh: HTTP {response.status_code}: {response.text}", file=sys.stderr)
        return 1
    out = out or repo_root() / "var" / "results" / f"{file.stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(response.json(), indent=2, ensure_ascii=False))
    if as_json:
        print(json.dumps(response.json(), indent=2, ensure_ascii=False))
    else:
        print(summarize(ProcessResult.model_validate(response.json())))
        print(f"JSON       : {out}")
    return 0
