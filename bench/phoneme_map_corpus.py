"""phoneme-map corpus check: every word of speechocean762's texts through the cmudict engine.

Reads ``../shared/data/speechocean762-train/scores.json`` (not shipped with the project;
CC BY 4.0, Zhang et al., Interspeech 2021). Each utterance's text goes through
``engine.process`` as the service would; its words are compared with the corpus' canonical
phones (``words[i].phones``, CMUdict style). The corpus marks one-syllable words with stress 0,
so stress is ignored on one-syllable words; "phones only" ignores all stress digits. Also
checks the espeak-ng → ARPAbet mapping against CMUdict on the most frequent words (wordfreq),
since espeak is the fallback for words outside CMUdict.

    .venv/bin/python bench/phoneme_map_corpus.py [--espeak-words 3000]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import tempfile
from pathlib import Path

import wordfreq

from phoneme_map_service.espeak import EspeakG2p
from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import PhonemeMapRequest
from voicemesh_speech.phones import is_vowel

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "speechocean762-train"
_DIGITS = re.compile(r"\d")


def strip_stress(phones: list[str]) -> list[str]:
    return [_DIGITS.sub("", p) for p in phones]


def comparable(phones: list[str]) -> list[str]:
    """Stress kept only on words of two or more syllables (the corpus marks monosyllables 0)."""
    return phones if sum(is_vowel(p) for p in phones) > 1 else strip_stress(phones)


def corpus_check(engine: CmudictEngine) -> None:
    scores = json.loads((DATA / "scores.json").read_text())
    sources: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()
    mismatches: collections.Counter[tuple[str, str, str]] = collections.Counter()
    predicted: dict[str, tuple[str, str, str]] = {}
    for utt in sorted(scores):
        entry = scores[utt]
        words = engine.process(PhonemeMapRequest(text=entry["text"])).words
        counts["utterances"] += 1
        if len(words) != len(entry["words"]):
            counts["utterances with a different word count"] += 1
            continue
        for ours, theirs in zip(words, entry["words"], strict=True):
            counts["words"] += 1
            counts["words with phones"] += bool(ours.phones)
            sources[ours.source] += 1
            if ours.source != "cmudict":
                predicted[ours.word] = (
                    ours.source,
                    " ".join(ours.phones),
                    " ".join(theirs["phones"]),
                )
            canonical = list(theirs["phones"])
            if comparable(ours.phones) == comparable(canonical):
                counts["first variant, stress (polysyllables)"] += 1
            else:
                mismatches[(ours.word, " ".join(ours.phones), " ".join(canonical))] += 1
            counts["any variant, stress (polysyllables)"] += any(
                comparable(v) == comparable(canonical) for v in ours.variants
            )
            counts["first variant, phones only"] += strip_stress(ours.phones) == strip_stress(
                canonical
            )
            counts["any variant, phones only"] += any(
                strip_stress(v) == strip_stress(canonical) for v in ours.variants
            )
    total = counts["words"]
    print(f"utterances: {counts['utterances']}  words: {total}")
    print(
        f"  utterances whose word count differs: {counts['utterances with a different word count']}"
    )
    print(f"  words mapped to phones: {counts['words with phones']} / {total}")
    print(f"  by source: {dict(sources)}")
    print("  words outside CMUdict (word: source, ours | corpus):")
    for word, (source, ours_p, theirs_p) in sorted(predicted.items()):
        print(f"    {word:12s} {source:7s} {ours_p:28s} | {theirs_p}")
    print("agreement with the corpus canonical phones:")
    for name in (
        "first variant, stress (polysyllables)",
        "any variant, stress (polysyllables)",
        "first variant, phones only",
        "any variant, phones only",
    ):
        print(f"  {name:40s} {counts[name] / total:7.2%}  ({counts[name]})")
    print("most frequent disagreements (word, ours, corpus) × count:")
    for (word, mine, corpus), n in mismatches.most_common(15):
        print(f"  {word:12s} {mine:28s} {corpus:28s} ×{n}")


def espeak_check(engine: CmudictEngine, n: int) -> None:
    lexicon = engine.pronouncer.lexicon
    words = [w for w in wordfreq.top_n_list("en", n * 3) if w.isalpha() and w in lexicon][:n]
    predicted = EspeakG2p().pronounce(words)
    exact = sum(list(p) in lexicon[w] for w, p in zip(words, predicted, strict=True))
    phones_only = sum(
        strip_stress(list(p)) in [strip_stress(v) for v in lexicon[w]]
        for w, p in zip(words, predicted, strict=True)
    )
    print(f"espeak-ng → ARPAbet vs CMUdict (any variant), {len(words)} most frequent words:")
    print(f"  with stress {exact / len(words):.2%}   phones only {phones_only / len(words):.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--espeak-words", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=Path(tmp), MOCK_MODE=False)  # type: ignore[call-arg]
        engine = CmudictEngine(settings, ArtifactStore(settings.artifact_dir))
        engine.load()
        corpus_check(engine)
        if args.espeak_words:
            espeak_check(engine, args.espeak_words)


if __name__ == "__main__":
    main()
