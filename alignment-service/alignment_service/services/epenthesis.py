"""Epenthetic vowels: a vowel added after a word's final consonant ("bed" said [bɛdə]), common
for speakers whose first language has few final consonants (Mandarin among them; the
speechocean762 experts mark it as an inserted phone, ``[AX0]``, after the word).

After the forced alignment, every placed word that ends in a consonant may take a second
pronunciation with AH appended, at a prior of ``exp(-penalty)``; one network pass lets the
decoder choose per word. Where it took the vowel, the chosen sequence is force-aligned with
every senone scored, which times the vowel and gives its GOP against the free phone loop (as
for the expected phones, :mod:`alignment_service.services.gop`). A vowel that lasts at least
``min_frames`` and reaches ``min_gop`` is reported as inserted, provided the alignment with the
vowel kept the word where the forced alignment put it: the vowel starts no earlier than the
word's last phone and within ``MAX_SHIFT_FRAMES`` of the word's end (otherwise the second
alignment moved the words, and its vowel is not evidence about this word). Thresholds: settings
``ALIGN_EPENTHESIS_*``, chosen by speaker-disjoint cross-validation on the speechocean762
train split (docs/evaluation.md, bench/epenthesis.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alignment_service.services.alignment_result import aligned_phone
from alignment_service.services.gop import PhoneLoop
from alignment_service.services.pronunciations import WordPlan, pronunciation_key
from alignment_service.services.sphinx_decoders import SphinxDecoders, WordSpan
from voicemesh.contracts.alignment import AlignedPhone
from voicemesh_speech.phones import is_vowel

EPENTHETIC_VOWEL = "AH"
MAX_SHIFT_FRAMES = 20
"""10 ms frames past the forced alignment's end of the word where the vowel may start."""


@dataclass(frozen=True)
class EpenthesisRules:
    penalty: float  # nats
    min_frames: int  # 10 ms frames
    min_gop: float  # nats per frame


def epenthetic_phones(plan: WordPlan) -> tuple[str, ...] | None:
    """The word's aligner phones with AH after its final consonant; None when it ends in a
    vowel."""
    if is_vowel(plan.phones[-1]):
        return None
    return (*plan.phones, EPENTHETIC_VOWEL)


def find_insertions(
    decoders: SphinxDecoders,
    pcm: bytes,
    placed: Sequence[WordPlan],
    aligned: Mapping[int, WordSpan],
    loop: PhoneLoop,
    *,
    wide: bool,
    rules: EpenthesisRules,
    duration_s: float,
) -> dict[int, AlignedPhone]:
    """The inserted vowel of each word that has one, by word index. ``placed``: the words
    the forced alignment placed, in order, and ``aligned`` their spans by word index. Empty
    when no word took the vowel or a pass did not finish."""
    extended = [epenthetic_phones(p) for p in placed]
    if not any(extended):
        return {}
    decoders.ensure_pronunciations(p for p in extended if p is not None)
    prior = math.exp(-rules.penalty)
    arcs = [
        [(plan.key, 1.0)] + ([(pronunciation_key(ext), prior)] if ext else [])
        for plan, ext in zip(placed, extended, strict=True)
    ]
    result = decoders.network_pass(pcm, arcs, wide=wide)
    chosen = [w for w in result or [] if w.startswith("@")]
    if len(chosen) != len(placed) or chosen == [p.key for p in placed]:
        return {}
    if decoders.word_pass(pcm, chosen, wide=wide) is None:
        return {}
    spans = decoders.state_alignment(pcm, decoders.word_alignment(wide=wide))
    words = [s for s in spans or [] if s.name.startswith("@")]
    if len(words) != len(placed):
        return {}
    found: dict[int, AlignedPhone] = {}
    for plan, key, span in zip(placed, chosen, words, strict=True):
        if key == plan.key:
            continue
        vowel = span.phones[-1]
        before = aligned[plan.index]
        last_end = before.start + before.frames
        if not before.phones[-1].start <= vowel.start <= last_end + MAX_SHIFT_FRAMES:
            continue
        name = f"{EPENTHETIC_VOWEL}0"
        phone = aligned_phone(name, name, vowel, loop, decoders.score_unit_nats, duration_s)
        if (
            phone.frames >= rules.min_frames
            and phone.gop is not None
            and phone.gop >= rules.min_gop
        ):
            found[plan.index] = phone
    return found
