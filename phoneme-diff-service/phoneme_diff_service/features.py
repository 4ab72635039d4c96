"""Feature extraction shared by inference and training (one code path, so the models see at
run time exactly what they were fitted on).

Inputs: the expected words (:class:`WordSpec`), the aligner's answer and the utterance's
prosody. Outputs: one row per expected phone (GOP, forced and phone-loop scores per frame,
duration, phone identity, whether the aligner chose a substitute, and context: neighbouring
GOPs and durations, word and utterance GOP statistics, position in the word, and the Whisper
encoder's phone posteriors with their context, see :func:`whisper_columns`), the prosodic
measures of every vowel nucleus, and the per-word stress features. Missing values are NaN
(LightGBM routes them; unaligned words have only NaN acoustics).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from phoneme_diff_service.durations import VowelDurations
from phoneme_diff_service.expected import WordSpec, phone_stress
from phoneme_diff_service.feature_columns import (
    CONTEXT_SIDES,
    CONTEXT_STEPS,
    DEC_LOG_P,
    DEC_RATIO,
    GOP,
    IS_LAST_WORD,
    P_MEAN,
    PHONE_ID,
    REALIZED_ID,
    UTT_GOP_MEAN,
    W_GOP_MEAN,
    W_GOP_MIN,
    WH_LPP,
    WH_LPR,
    WH_QUALITY,
    WORD_FRAMES,
    WORD_GOP_MEAN,
    WORD_GOP_MIN,
    context_phone,
)
from phoneme_diff_service.prosody import UtteranceProsody, zscores
from voicemesh.contracts.alignment import AlignedPhone, AlignmentResponse
from voicemesh_speech.phones import PHONES, base_phone, is_vowel

if TYPE_CHECKING:
    from phoneme_diff_service.whisper_decoder import WordLikelihoods

PHONE_IDS: dict[str, int] = {p: i for i, p in enumerate(sorted(PHONES))}
EDGE_ID = float(len(PHONE_IDS))  # "no phone": before the first / after the last phone
MIN_FRAMES = 3  # PocketSphinx HMMs have three emitting states: a phone lasts ≥ 3 frames (30 ms)
FRAMES_PER_S = 100.0  # PocketSphinx's frame rate: one feature frame per 10 ms
SEMITONE_REF_HZ = 100.0  # F0 in semitones re 100 Hz (Praat's "semitones re 100 Hz" unit)
SEMITONES_PER_OCTAVE = 12.0
NAN = float("nan")
REDUCED_VOWELS = frozenset({"AH0", "IH0", "ER0", "UH0"})


def semitones(f0_hz: float) -> float:
    """F0 on a log scale: semitones re :data:`SEMITONE_REF_HZ` (only differences matter, since
    the values are z-scored within the utterance)."""
    return SEMITONES_PER_OCTAVE * math.log2(f0_hz / SEMITONE_REF_HZ)


def _nan(x: float | None) -> float:
    return NAN if x is None else float(x)


@dataclass
class Nucleus:
    """Prosody of one expected syllable nucleus, z-scored within the utterance."""

    duration_s: float | None
    duration_z: float | None  # vs the vowel's intrinsic duration (durations.py)
    intensity_db: float | None
    f0_hz: float | None
    gop: float | None
    z_duration: float | None = None  # within-utterance z of duration_z
    z_intensity: float | None = None
    z_f0: float | None = None

    @property
    def prominence(self) -> float:
        """Mean of the available within-utterance z-scores (duration, intensity, F0)."""
        cues = [c for c in (self.z_duration, self.z_intensity, self.z_f0) if c is not None]
        return float(np.mean(cues)) if cues else 0.0


@dataclass
class UtteranceFeatures:
    phone_rows: list[dict[str, float]]
    phone_keys: list[tuple[int, int]]  # (word index, phone index in word)
    nuclei: list[list[Nucleus]]  # per word, per syllable
    word_rows: list[dict[str, float]]  # word-level acoustic features (no phone predictions)
    stress_rows: dict[int, dict[str, float]] = field(default_factory=dict)  # word → features


def _aligned_phones(alignment: AlignmentResponse, w: int, n: int) -> list[AlignedPhone | None]:
    word = alignment.words[w]
    if not word.aligned or len(word.phones) != n:
        return [None] * n
    return list(word.phones)


def aligned_phone_list(
    words: list[WordSpec], alignment: AlignmentResponse
) -> list[AlignedPhone | None]:
    """Every expected phone's aligned phone in utterance order (None: its word is unaligned),
    the row order of :attr:`UtteranceFeatures.phone_rows`."""
    return [
        a for w, spec in enumerate(words) for a in _aligned_phones(alignment, w, len(spec.phones))
    ]


def whisper_columns(
    log_probs: np.ndarray, quality: np.ndarray, phone_ids: np.ndarray, word_of: np.ndarray
) -> dict[str, np.ndarray]:
    """Phone-model columns from one utterance's Whisper evidence (whisper_features.py,
    phone_quality.py).

    ``log_probs`` (n, 39): natural-log posteriors per expected phone over ``PHONE_IDS``, NaN
    rows for phones without frames; ``quality`` (n,): the phone-quality probe's estimate of the
    expert score (NaN without frames); ``phone_ids`` (n,): each expected phone's id (EDGE_ID
    when outside the 39); ``word_of`` (n,): word index. Returns arrays of n values (NaN =
    missing): ``wh_lpp`` log P(expected phone) — a posterior GOP (Witt & Young 2000);
    ``wh_lpr`` that minus the best other phone's; ``wh_quality``; and for ``wh_lpp`` and
    ``wh_quality`` the neighbours' values (``_prev1`` / ``_next1``, across word boundaries) and
    the word mean / min and utterance mean (``_word_mean``, ``_word_min``, ``_utt_mean``).
    """
    n = len(phone_ids)
    lpp = np.full(n, NAN)
    lpr = np.full(n, NAN)
    rows = np.flatnonzero((phone_ids < log_probs.shape[1]) & np.isfinite(log_probs).all(axis=1))
    if rows.size:
        ids = phone_ids[rows].astype(int)
        own = log_probs[rows, ids]
        others = log_probs[rows].copy()
        others[np.arange(rows.size), ids] = -np.inf
        lpp[rows] = own
        lpr[rows] = own - others.max(axis=1)
    out = {WH_LPP: lpp, WH_LPR: lpr}
    for name, values in ((WH_LPP, lpp), (WH_QUALITY, np.asarray(quality, dtype=float))):
        out[name] = values
        out |= _evidence_context(name, values, word_of)
    return out


def decoder_columns(likelihoods: WordLikelihoods) -> list[dict[str, float]]:
    """Per word, the :data:`DECODER_COLUMNS` from the Whisper decoder's word log-likelihoods
    (whisper_decoder.py; nats, NaN = missing): ``dec_log_p``, the first token's and the
    other tokens' parts (``dec_first``, ``dec_rest``), the ratio to the decoder's prior
    ``dec_ratio``, per token, minus the utterance's mean ratio, and that mean."""
    ratio = likelihoods.ratio
    utt_mean = _mean(ratio)
    return [
        {
            DEC_LOG_P: float(likelihoods.log_p[w]),
            "dec_first": float(likelihoods.first[w]),
            "dec_rest": float(likelihoods.log_p[w] - likelihoods.first[w]),
            DEC_RATIO: float(ratio[w]),
            "dec_ratio_per_token": float(ratio[w] / likelihoods.tokens[w]),
            "dec_ratio_minus_utt": float(ratio[w] - utt_mean),
            "dec_ratio_utt_mean": utt_mean,
        }
        for w in range(len(ratio))
    ]


def add_decoder_columns(feats: UtteranceFeatures, likelihoods: WordLikelihoods) -> None:
    """Put each word's :func:`decoder_columns` on its phone rows and its word row (in place;
    training adds them to cached features this way, :func:`extract` at run time)."""
    per_word = decoder_columns(likelihoods)
    if len(per_word) != len(feats.word_rows):
        raise ValueError(f"{len(per_word)} word likelihoods for {len(feats.word_rows)} words")
    for row, (w, _) in zip(feats.phone_rows, feats.phone_keys, strict=True):
        row.update(per_word[w])
    for w, row in enumerate(feats.word_rows):
        row.update(per_word[w])


def _evidence_context(name: str, values: np.ndarray, word_of: np.ndarray) -> dict[str, np.ndarray]:
    n = len(values)
    word_mean, word_min = np.full(n, NAN), np.full(n, NAN)
    for w in np.unique(word_of):
        sel = word_of == w
        word_mean[sel], word_min[sel] = _mean(values[sel]), _min(values[sel])
    return {
        f"{name}_prev1": np.concatenate([[NAN], values[:-1]]) if n else values.copy(),
        f"{name}_next1": np.concatenate([values[1:], [NAN]]) if n else values.copy(),
        f"{name}_word_mean": word_mean,
        f"{name}_word_min": word_min,
        f"{name}_utt_mean": np.full(n, _mean(values)),
    }


def _mean(values: np.ndarray) -> float:
    return float(np.nanmean(values)) if np.isfinite(values).any() else NAN


def _min(values: np.ndarray) -> float:
    return float(np.nanmin(values)) if np.isfinite(values).any() else NAN


def _max(values: np.ndarray) -> float:
    return float(np.nanmax(values)) if np.isfinite(values).any() else NAN


def _swapped(a: AlignedPhone | None) -> float:
    """1 when the aligner's extended recognition network chose a substitute, NaN if unaligned."""
    if a is None:
        return NAN
    return float(a.realized is not None and base_phone(a.realized) != base_phone(a.phone))


def _per_frame(value: float | None, frames: int) -> float:
    return NAN if value is None or frames <= 0 else value / frames


@dataclass(frozen=True)
class PhoneAcoustics:
    """The aligner's measures of every expected phone in utterance order (NaN: unaligned)."""

    word_of: np.ndarray  # word index
    gops: np.ndarray
    frames: np.ndarray  # 10 ms frames
    forced: np.ndarray  # forced-alignment score per frame
    loop: np.ndarray  # phone-loop score per frame
    swapped: np.ndarray  # 1: the ERN chose a substitute
    squeezed: np.ndarray  # 1: the phone lasts the HMM minimum

    @classmethod
    def of(cls, flat: list[tuple[int, int, str, AlignedPhone | None]]) -> PhoneAcoustics:
        return cls(
            word_of=np.array([w for w, *_ in flat], dtype=int),
            gops=np.array([_nan(a.gop) if a else NAN for *_, a in flat]),
            frames=np.array([float(a.frames) if a else NAN for *_, a in flat]),
            forced=np.array([_per_frame(a.score, a.frames) if a else NAN for *_, a in flat]),
            loop=np.array([_per_frame(a.loop_score, a.frames) if a else NAN for *_, a in flat]),
            swapped=np.array([_swapped(a) for *_, a in flat]),
            squeezed=np.array([float(a.frames <= MIN_FRAMES) if a else NAN for *_, a in flat]),
        )


def utterance_stats(acoustics: PhoneAcoustics, alignment: AlignmentResponse) -> dict[str, float]:
    """Utterance columns of every phone row: GOP mean and median, forced score per frame,
    shares of substituted / squeezed phones and of aligned words, phones per second."""
    gops, frames = acoustics.gops, acoustics.frames
    utt = {
        UTT_GOP_MEAN: _mean(gops),
        "utt_gop_median": float(np.nanmedian(gops)) if np.isfinite(gops).any() else NAN,
        "utt_forced_mean": _mean(acoustics.forced),
        "utt_swapped_frac": _mean(acoustics.swapped),
        "utt_squeezed_frac": _mean(acoustics.squeezed),
        "utt_aligned_frac": float(np.mean([w.aligned for w in alignment.words]))
        if alignment.words
        else 0.0,
    }
    speech_s = float(np.nansum(frames)) / FRAMES_PER_S
    utt["utt_rate"] = float(np.isfinite(frames).sum()) / speech_s if speech_s > 0 else NAN
    return utt


def word_phone_stats(acoustics: PhoneAcoustics, n_words: int) -> list[dict[str, float]]:
    """Per word, the word columns of its phone rows: GOP mean and min, forced score per frame,
    substituted and squeezed phone counts, frames."""
    out = []
    for w in range(n_words):
        sel = acoustics.word_of == w
        frames = acoustics.frames[sel]
        out.append(
            {
                WORD_GOP_MEAN: _mean(acoustics.gops[sel]),
                WORD_GOP_MIN: _min(acoustics.gops[sel]),
                "word_forced_mean": _mean(acoustics.forced[sel]),
                "word_swapped": float(np.nansum(acoustics.swapped[sel])),
                "word_squeezed": float(np.nansum(acoustics.squeezed[sel])),
                WORD_FRAMES: float(np.nansum(frames)) if np.isfinite(frames).any() else NAN,
            }
        )
    return out


def phone_id(phone: str) -> float:
    """``PHONE_IDS`` id of a phone, stress digit dropped; EDGE_ID outside the 39."""
    return float(PHONE_IDS.get(base_phone(phone), EDGE_ID))


def expected_phone_ids(words: list[WordSpec]) -> np.ndarray:
    """Every expected phone's ``PHONE_IDS`` id (EDGE_ID outside the 39), utterance order."""
    return np.array([phone_id(p) for spec in words for p in spec.phones], dtype=float)


def _context(
    flat: list[tuple[int, int, str, AlignedPhone | None]], acoustics: PhoneAcoustics, i: int
) -> dict[str, float]:
    """Neighbouring phones' identities, GOPs and frames (k = 1..3 each side); scores and
    same-word flags of the immediate neighbours."""
    row: dict[str, float] = {}
    for k in CONTEXT_STEPS:
        for sign, side in CONTEXT_SIDES:
            n = i + sign * k
            inside = 0 <= n < len(flat)
            row[f"gop_{side}{k}"] = acoustics.gops[n] if inside else NAN
            row[f"frames_{side}{k}"] = acoustics.frames[n] if inside else NAN
            row[context_phone(side, k)] = phone_id(flat[n][2]) if inside else EDGE_ID
            if k == 1:
                row[f"forced_{side}1"] = acoustics.forced[n] if inside else NAN
                row[f"loop_{side}1"] = acoustics.loop[n] if inside else NAN
                row[f"same_word_{side}1"] = float(inside and acoustics.word_of[n] == flat[i][0])
    return row


def phone_rows(
    words: list[WordSpec],
    flat: list[tuple[int, int, str, AlignedPhone | None]],
    acoustics: PhoneAcoustics,
    word_stats: list[dict[str, float]],
    utt: dict[str, float],
) -> list[dict[str, float]]:
    """One row per expected phone: identity, own acoustics, position, word and utterance
    statistics, context (:func:`_context`). The Whisper columns are added separately."""
    rows: list[dict[str, float]] = []
    for i, (w, j, phone, a) in enumerate(flat):
        n_in_word = len(words[w].phones)
        realized = a.realized if a and a.realized else phone
        frames = acoustics.frames[i]
        row: dict[str, float] = {
            PHONE_ID: phone_id(phone),
            "is_vowel": float(is_vowel(phone)),
            "stress": float(s) if (s := phone_stress(phone)) is not None else -1.0,
            "aligned": float(a is not None),
            GOP: acoustics.gops[i],
            "forced_pf": acoustics.forced[i],
            "loop_pf": acoustics.loop[i],
            "frames": frames,
            "at_min_frames": acoustics.squeezed[i],
            "substituted": acoustics.swapped[i],
            "had_variants": float(a.realized is not None) if a else NAN,
            REALIZED_ID: phone_id(realized) if a else NAN,
            "pos_in_word": float(j),
            "pos_from_end": float(n_in_word - 1 - j),
            "word_len": float(n_in_word),
            "weak_form": float(words[w].weak_form),
            **word_stats[w],
            **utt,
        }
        row["gop_minus_word"] = row[GOP] - row[WORD_GOP_MEAN]
        row["gop_minus_utt"] = row[GOP] - utt[UTT_GOP_MEAN]
        row["frames_share"] = frames / row[WORD_FRAMES] if row[WORD_FRAMES] else NAN
        row |= _context(flat, acoustics, i)
        rows.append(row)
    return rows


def extract(
    words: list[WordSpec],
    alignment: AlignmentResponse,
    prosody: UtteranceProsody,
    durations: VowelDurations,
    phone_log_probs: np.ndarray | None = None,
    phone_quality: np.ndarray | None = None,
    word_likelihoods: WordLikelihoods | None = None,
) -> UtteranceFeatures:
    """All features of one utterance. ``alignment.words`` must line up with ``words``.

    ``phone_log_probs`` (n_phones, 39): the Whisper phone posteriors of
    :class:`~phoneme_diff_service.whisper_features.WhisperPhoneEvidence` and ``phone_quality``
    (n_phones,) the phone-quality probe's estimates, both in :func:`aligned_phone_list` order;
    None leaves the :data:`WHISPER_COLUMNS` out (training adds them per cross-validation fold
    with :func:`whisper_columns`). Raises ValueError when only one of the two is given.
    ``word_likelihoods``: the Whisper decoder's (whisper_decoder.py), one per word; None leaves
    the :data:`DECODER_COLUMNS` out (ValueError when their count is not the words').
    """
    if (phone_log_probs is None) != (phone_quality is None):
        raise ValueError("phone_log_probs and phone_quality go together")
    aligned = [_aligned_phones(alignment, w, len(spec.phones)) for w, spec in enumerate(words)]
    flat: list[tuple[int, int, str, AlignedPhone | None]] = [
        (w, j, spec.phones[j], aligned[w][j])
        for w, spec in enumerate(words)
        for j in range(len(spec.phones))
    ]
    acoustics = PhoneAcoustics.of(flat)
    utt = utterance_stats(acoustics, alignment)
    word_stats = word_phone_stats(acoustics, len(words))
    rows = phone_rows(words, flat, acoustics, word_stats, utt)
    if phone_log_probs is not None and phone_quality is not None:
        phone_ids = np.array([row[PHONE_ID] for row in rows])
        columns = whisper_columns(phone_log_probs, phone_quality, phone_ids, acoustics.word_of)
        for i, row in enumerate(rows):
            row.update({name: float(values[i]) for name, values in columns.items()})

    nuclei = _nuclei(words, aligned, prosody, durations)
    words_out = word_rows(words, alignment, acoustics, word_stats)
    feats = UtteranceFeatures(
        phone_rows=rows,
        phone_keys=[(w, j) for w, j, _, _ in flat],
        nuclei=nuclei,
        word_rows=words_out,
    )
    for w, spec in enumerate(words):
        if spec.multisyllabic and spec.primary is not None and alignment.words[w].aligned:
            feats.stress_rows[w] = stress_row(spec, nuclei[w], words_out[w], utt[UTT_GOP_MEAN])
    if word_likelihoods is not None:
        add_decoder_columns(feats, word_likelihoods)
    return feats


def _nuclei(
    words: list[WordSpec],
    aligned: list[list[AlignedPhone | None]],
    prosody: UtteranceProsody,
    durations: VowelDurations,
) -> list[list[Nucleus]]:
    out: list[list[Nucleus]] = []
    for w, spec in enumerate(words):
        row = []
        for syl in spec.syllables:
            a = aligned[w][syl.nucleus]
            if a is None:
                row.append(Nucleus(None, None, None, None, None))
                continue
            m = prosody.nucleus(a.start, a.end)
            row.append(
                Nucleus(
                    duration_s=m.duration_s,
                    duration_z=durations.z(spec.phones[syl.nucleus], m.duration_s),
                    intensity_db=m.intensity_db,
                    f0_hz=m.f0_hz,
                    gop=a.gop,
                )
            )
        out.append(row)
    every = [n for row in out for n in row]
    for attr, values in (
        ("z_duration", [n.duration_z for n in every]),
        ("z_intensity", [n.intensity_db for n in every]),
        ("z_f0", [None if n.f0_hz is None else semitones(n.f0_hz) for n in every]),
    ):
        for n, z in zip(every, zscores(values), strict=True):
            setattr(n, attr, z)
    return out


def word_rows(
    words: list[WordSpec],
    alignment: AlignmentResponse,
    acoustics: PhoneAcoustics,
    word_stats: list[dict[str, float]],
) -> list[dict[str, float]]:
    """One row per word: size, GOP statistics (mean and min are :func:`word_phone_stats`'),
    duration, squeezed and substituted phones, forced score per frame, pauses, position."""
    return [
        _word_row(w, spec, alignment, word_stats[w], acoustics.gops[acoustics.word_of == w])
        for w, spec in enumerate(words)
    ]


def _word_row(
    w: int,
    spec: WordSpec,
    alignment: AlignmentResponse,
    stats: dict[str, float],
    gops: np.ndarray,
) -> dict[str, float]:
    n_words = len(alignment.words)
    word = alignment.words[w]
    prev_end = alignment.words[w - 1].end if w > 0 else None
    next_start = alignment.words[w + 1].start if w + 1 < n_words else None
    frames = [p.frames for p in word.phones] if word.aligned else []
    return {
        "aligned": float(word.aligned),
        "n_phones": float(len(spec.phones)),
        "n_syllables": float(len(spec.syllables)),
        "weak_form": float(spec.weak_form),
        W_GOP_MEAN: stats[WORD_GOP_MEAN],
        W_GOP_MIN: stats[WORD_GOP_MIN],
        "w_gop_max": _max(gops),
        "w_duration": (word.end - word.start)
        if word.aligned and word.start is not None and word.end is not None
        else NAN,
        "w_min_frames": float(sum(f <= MIN_FRAMES for f in frames)) if frames else NAN,
        "w_substituted": stats["word_swapped"] if word.aligned else NAN,
        "w_score_pf": (word.score / max(sum(frames), 1))
        if word.aligned and word.score is not None
        else NAN,
        "pause_before": (word.start - prev_end)
        if word.aligned and word.start is not None and prev_end is not None
        else NAN,
        "pause_after": (next_start - word.end)
        if word.aligned and word.end is not None and next_start is not None
        else NAN,
        "word_pos": float(w),
        IS_LAST_WORD: float(w == n_words - 1),
    }


def _diff_to_others(values: list[float | None], p: int) -> tuple[float, float]:
    """(value at p − max of the others, value at p − mean of the others); NaN when missing."""
    mine = values[p]
    others = [v for i, v in enumerate(values) if i != p and v is not None]
    if mine is None or not others:
        return NAN, NAN
    return mine - max(others), mine - float(np.mean(others))


def _argmax_is(values: list[float | None], p: int) -> float:
    known = [(v, i) for i, v in enumerate(values) if v is not None]
    if len(known) < 2 or values[p] is None:
        return NAN
    return float(max(known)[1] == p)


def stress_row(
    spec: WordSpec, nuclei: list[Nucleus], word_row: dict[str, float], utt_gop_mean: float
) -> dict[str, float]:
    """Features of one multi-syllable word's expected primary nucleus against the others."""
    p = spec.primary if spec.primary is not None else 0
    n = len(spec.syllables)
    row: dict[str, float] = {
        "n_syllables": float(n),
        "primary_first": float(p == 0),
        "primary_last": float(p == n - 1),
        "others_reduced": float(
            np.mean(
                [
                    spec.phones[s.nucleus] in REDUCED_VOWELS
                    for i, s in enumerate(spec.syllables)
                    if i != p
                ]
            )
        ),
        IS_LAST_WORD: word_row[IS_LAST_WORD],
        W_GOP_MEAN: word_row[W_GOP_MEAN],
        UTT_GOP_MEAN: utt_gop_mean,
    }
    cues = {
        "dur": [x.z_duration for x in nuclei],
        "rawdur": [
            None if x.duration_s is None else math.log(max(x.duration_s, 0.01)) for x in nuclei
        ],
        "int": [x.z_intensity for x in nuclei],
        "f0": [x.z_f0 for x in nuclei],
        "prom": [x.prominence if x.duration_s is not None else None for x in nuclei],
        "gop": [x.gop for x in nuclei],
    }
    for name, values in cues.items():
        to_max, to_mean = _diff_to_others(values, p)
        row[f"{name}_minus_max"] = to_max
        row[f"{name}_minus_mean"] = to_mean
        row[f"{name}_at_primary"] = _nan(values[p])
        row[f"{name}_argmax_match"] = _argmax_is(values, p)
    return row


def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    """Rows of named features → float matrix with columns in ``names`` order."""
    return np.array([[row.get(n, NAN) for n in names] for row in rows], dtype=float).reshape(
        len(rows), len(names)
    )


def word_model_row(
    word_row: dict[str, float],
    phone_scores: np.ndarray,
    wh_lpp: np.ndarray | None = None,
    wh_lpr: np.ndarray | None = None,
) -> dict[str, float]:
    """Word features plus statistics of the word's predicted phone scores (0–2 scale) and of
    its phones' Whisper evidence (``wh_lpp`` / ``wh_lpr`` of :func:`whisper_columns`, one per
    phone, NaN = missing): mean and min log P(expected phone), mean margin. A wholly different
    word has low posteriors on every phone, which the phone scores alone blur."""
    row = dict(word_row)
    if wh_lpp is not None and wh_lpr is not None and np.isfinite(wh_lpp).any():
        row |= {
            "w_wh_lpp_mean": _mean(wh_lpp),
            "w_wh_lpp_min": _min(wh_lpp),
            "w_wh_lpr_mean": _mean(wh_lpr),
        }
    if phone_scores.size:
        row |= {
            P_MEAN: float(phone_scores.mean()),
            "p_min": float(phone_scores.min()),
            "p_max": float(phone_scores.max()),
            "p_std": float(phone_scores.std()),
            "p_below_1": float((phone_scores < 1.0).sum()),
            "p_below_1_5": float((phone_scores < 1.5).sum()),
        }
    return row
