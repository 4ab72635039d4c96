"""Turn decoder output (frames, PocketSphinx score units) into the response contract
(seconds, nats, nats per frame)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alignment_service.services.gop import PhoneLoop, gop
from alignment_service.services.pronunciations import WordPlan, realized_phone
from alignment_service.services.sphinx_decoders import FRAME_RATE, PhoneSpan, WordSpan
from voicemesh.contracts.alignment import AlignedPhone, AlignedWord


def realized_phones(plan: WordPlan, variant_index: int | None) -> list[str | None]:
    """Per phone: the phone the ERN chose where the phone had alternatives (the expected
    phone when the canonical pronunciation won), None where it had none or ERN did not run."""
    if variant_index is None:
        return [None] * len(plan.phones)
    substituted = plan.variants[variant_index] if variant_index >= 0 else None
    out: list[str | None] = []
    for position, expected in enumerate(plan.expected):
        if substituted is not None and substituted.position == position:
            out.append(realized_phone(expected, substituted.phone))
        elif plan.candidates(position):
            out.append(expected)
        else:
            out.append(None)
    return out


def _seconds(frame: int, duration_s: float) -> float:
    return round(min(frame / FRAME_RATE, duration_s), 3)


def aligned_phone(
    name: str,
    realized: str | None,
    phone: PhoneSpan,
    loop: PhoneLoop,
    unit_nats: float,
    duration_s: float,
) -> AlignedPhone:
    """One phone of a state alignment in the contract's units: seconds, nats, GOP in nats per
    frame against the phone loop over the same frames."""
    end = phone.start + phone.frames
    forced = phone.score * unit_nats
    looped = loop.score(phone.start, end) * unit_nats
    return AlignedPhone(
        phone=name,
        realized=realized,
        start=_seconds(phone.start, duration_s),
        end=_seconds(end, duration_s),
        frames=phone.frames,
        score=round(forced, 3),
        loop_score=round(looped, 3),
        gop=round(gop(forced, looped, phone.frames), 4),
    )


def aligned_word(
    plan: WordPlan,
    span: WordSpan,
    loop: PhoneLoop,
    unit_nats: float,
    duration_s: float,
    variant_index: int | None,
    inserted: AlignedPhone | None = None,
) -> AlignedWord:
    realized = realized_phones(plan, variant_index)
    phones = [
        aligned_phone(expected, real, phone, loop, unit_nats, duration_s)
        for expected, phone, real in zip(plan.expected, span.phones, realized, strict=True)
    ]
    return AlignedWord(
        text=plan.text,
        start=_seconds(span.start, duration_s),
        end=_seconds(span.start + span.frames, duration_s),
        aligned=True,
        score=round(span.score * unit_nats, 3),
        phones=phones,
        inserted=[inserted] if inserted is not None else [],
    )


def unaligned_word(plan: WordPlan) -> AlignedWord:
    return AlignedWord(text=plan.text, start=None, end=None, aligned=False, score=None, phones=[])


def assemble_words(
    plans: Sequence[WordPlan],
    spans: Mapping[int, WordSpan],
    loop: PhoneLoop,
    unit_nats: float,
    duration_s: float,
    variants: Mapping[int, int] | None,
    inserted: Mapping[int, AlignedPhone] | None = None,
) -> list[AlignedWord]:
    """One AlignedWord per plan, in order; plans without a span are unaligned. ``inserted``:
    an inserted phone (epenthetic vowel) by word index."""
    words = []
    for plan in plans:
        span = spans.get(plan.index)
        if span is None:
            words.append(unaligned_word(plan))
            continue
        variant = variants.get(plan.index) if variants is not None else None
        extra = inserted.get(plan.index) if inserted is not None else None
        words.append(aligned_word(plan, span, loop, unit_nats, duration_s, variant, extra))
    return words
