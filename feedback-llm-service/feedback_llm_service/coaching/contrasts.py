"""Curated coaching data: the sound contrasts learners confuse, with how to fix each, minimal
pairs, and practice words per stress pattern.

Contrasts and the first languages they are common for follow the standard L2 pronunciation
references (Swan & Smith, *Learner English*, 2nd ed., CUP 2001; Celce-Murcia et al., *Teaching
Pronunciation*, 2nd ed., CUP 2010). Minimal pairs are ordinary CMUdict words that differ in
exactly the contrasting phone. Stress patterns use O for the stressed syllable, o for the others.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contrast:
    """A confusion of ``target`` (the expected ARPAbet phone) with ``partner``."""

    key: str
    issue: str  # priority category
    target: str
    partner: str
    label: str  # "TH /θ/ vs S /s/"
    how_to_fix: str
    minimal_pairs: tuple[tuple[str, str], ...]
    common_l1: frozenset[str]


def _l1(*names: str) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


_TH_FIX = (
    "Put the tip of your tongue lightly between your front teeth (or just touching the back of "
    "the top teeth) and blow air over it."
)
_DH_FIX = (
    "Use the TH tongue position — tongue tip lightly between the front teeth — and add your "
    "voice: you should feel a buzz on the tongue tip."
)

CONTRASTS: tuple[Contrast, ...] = (
    Contrast(
        "th_s",
        "th_sound",
        "TH",
        "S",
        "TH /θ/ vs S /s/",
        f"{_TH_FIX} For S the tongue hides behind the teeth and the air hisses; for TH it must "
        "show a little between the teeth.",
        (
            ("think", "sink"),
            ("thick", "sick"),
            ("thing", "sing"),
            ("thought", "sought"),
            ("thumb", "sum"),
            ("path", "pass"),
            ("mouth", "mouse"),
            ("faith", "face"),
        ),
        _l1(
            "Mandarin",
            "Chinese",
            "Cantonese",
            "Japanese",
            "Korean",
            "French",
            "German",
            "Russian",
            "Arabic",
            "Vietnamese",
            "Thai",
        ),
    ),
    Contrast(
        "th_f",
        "th_sound",
        "TH",
        "F",
        "TH /θ/ vs F /f/",
        f"{_TH_FIX} Keep your lower lip away from your teeth: for F the lip touches the teeth, "
        "for TH only the tongue does.",
        (
            ("thirst", "first"),
            ("three", "free"),
            ("thin", "fin"),
            ("thought", "fought"),
            ("death", "deaf"),
            ("oath", "oaf"),
        ),
        _l1("Cantonese", "Mandarin", "Chinese", "Vietnamese", "Thai", "Portuguese"),
    ),
    Contrast(
        "th_t",
        "th_sound",
        "TH",
        "T",
        "TH /θ/ vs T /t/",
        f"{_TH_FIX} Do not stop the air: for T the tongue closes it off behind the teeth, for "
        "TH it keeps flowing.",
        (
            ("thank", "tank"),
            ("three", "tree"),
            ("thin", "tin"),
            ("thought", "taught"),
            ("both", "boat"),
            ("bath", "bat"),
        ),
        _l1("Hindi", "Urdu", "Bengali", "Turkish", "Italian", "Russian", "Polish", "Tagalog"),
    ),
    Contrast(
        "dh_d",
        "th_sound",
        "DH",
        "D",
        "DH /ð/ vs D /d/",
        f"{_DH_FIX} Don't tap the ridge behind the teeth as for D; let the air keep flowing.",
        (
            ("then", "den"),
            ("they", "day"),
            ("though", "dough"),
            ("there", "dare"),
            ("breathe", "breed"),
            ("worthy", "wordy"),
        ),
        _l1(
            "Spanish",
            "Hindi",
            "Urdu",
            "Russian",
            "Polish",
            "Turkish",
            "Italian",
            "Portuguese",
            "Mandarin",
            "Chinese",
        ),
    ),
    Contrast(
        "dh_z",
        "th_sound",
        "DH",
        "Z",
        "DH /ð/ vs Z /z/",
        f"{_DH_FIX} For Z the tongue stays behind the teeth and the air hisses; for DH the tongue "
        "tip shows between the teeth.",
        (("then", "zen"), ("breathe", "breeze"), ("clothing", "closing"), ("bathe", "bays")),
        _l1("French", "German", "Mandarin", "Chinese", "Japanese", "Korean", "Arabic"),
    ),
    Contrast(
        "v_w",
        "v_w_sound",
        "V",
        "W",
        "V /v/ vs W /w/",
        "For V, rest your lower lip lightly against your upper teeth and buzz. For W, round your "
        "lips as for 'oo' without touching your teeth, then open them into the vowel.",
        (
            ("vest", "west"),
            ("vine", "wine"),
            ("vet", "wet"),
            ("verse", "worse"),
            ("veil", "whale"),
            ("viper", "wiper"),
        ),
        _l1(
            "German",
            "Hindi",
            "Urdu",
            "Bengali",
            "Mandarin",
            "Chinese",
            "Russian",
            "Turkish",
            "Dutch",
            "Swedish",
        ),
    ),
    Contrast(
        "v_b",
        "v_w_sound",
        "V",
        "B",
        "V /v/ vs B /b/",
        "For V, rest your lower lip lightly against your upper teeth and let the air buzz through "
        "without stopping it. For B, both lips close and then pop open.",
        (
            ("very", "berry"),
            ("vote", "boat"),
            ("vest", "best"),
            ("van", "ban"),
            ("curve", "curb"),
            ("vowel", "bowel"),
        ),
        _l1("Spanish", "Japanese", "Korean", "Arabic", "Greek", "Catalan", "Tagalog"),
    ),
    Contrast(
        "r_l",
        "r_l_sound",
        "R",
        "L",
        "R /ɹ/ vs L /l/",
        "For R, pull the tongue tip up and back without touching the roof of your mouth, lips "
        "slightly rounded. For L, press the tongue tip firmly on the ridge behind your upper "
        "teeth and let the air pass over the sides of the tongue.",
        (
            ("right", "light"),
            ("rock", "lock"),
            ("road", "load"),
            ("pray", "play"),
            ("fry", "fly"),
            ("correct", "collect"),
            ("grass", "glass"),
        ),
        _l1("Japanese", "Korean", "Mandarin", "Chinese", "Cantonese", "Thai", "Vietnamese"),
    ),
    Contrast(
        "ih_iy",
        "vowel_length",
        "IH",
        "IY",
        "IH /ɪ/ (ship) vs IY /i/ (sheep)",
        "IY /i/ as in 'sheep' is long and tense, with the lips spread in a smile. IH /ɪ/ as in "
        "'ship' is short and relaxed, with the tongue a little lower and the jaw slightly open.",
        (
            ("ship", "sheep"),
            ("sit", "seat"),
            ("live", "leave"),
            ("fill", "feel"),
            ("bit", "beat"),
            ("hit", "heat"),
            ("chip", "cheap"),
        ),
        _l1(
            "Spanish",
            "Italian",
            "Portuguese",
            "French",
            "Arabic",
            "Russian",
            "Greek",
            "Japanese",
            "Mandarin",
            "Chinese",
            "Turkish",
        ),
    ),
)
BY_KEY = {c.key: c for c in CONTRASTS}
_BY_PAIR = {(c.target, c.partner): c for c in CONTRASTS}
# The symmetric confusions: the same coaching applies when the partner was expected.
_BY_PAIR |= {(c.partner, c.target): c for c in CONTRASTS if c.key in {"v_w", "r_l", "ih_iy"}}
_BY_PAIR[("B", "V")] = BY_KEY["v_b"]
_DEFAULT_FOR_TARGET = {
    "TH": "th_s",
    "DH": "dh_d",
    "V": "v_w",
    "W": "v_w",
    "R": "r_l",
    "L": "r_l",
    "IH": "ih_iy",
    "IY": "ih_iy",
}


def contrast_for(expected: str, realized: str | None) -> Contrast | None:
    """The curated contrast for a confusion of phones given without stress digits.

    An unknown realized phone falls back to the most common confusion of the expected one
    (TH → S, DH → D, V → W, R → L, IH → IY); ``None`` when the expected phone has no entry."""
    if realized is not None and (expected, realized) in _BY_PAIR:
        return _BY_PAIR[(expected, realized)]
    key = _DEFAULT_FOR_TARGET.get(expected)
    return BY_KEY[key] if key else None


@dataclass(frozen=True)
class FinalConsonantCoaching:
    how_to_fix_dropped: str
    how_to_fix_added_vowel: str
    how_to_fix_devoiced: str
    dropped_pairs: tuple[tuple[str, str], ...]
    voicing_pairs: tuple[tuple[str, str], ...]
    common_l1: frozenset[str]


FINAL_CONSONANTS = FinalConsonantCoaching(
    how_to_fix_dropped=(
        "Finish the word: close your lips or tongue for the last consonant and let it be heard, "
        "even briefly, before the next word starts."
    ),
    how_to_fix_added_vowel=(
        "Stop cleanly on the last consonant: hold the closure for a moment and release it "
        "without adding a vowel (say 'big', not 'big-uh')."
    ),
    how_to_fix_devoiced=(
        "Keep your voice on through the last consonant and make the vowel before it a little "
        "longer: the longer vowel is what tells 'bed' from 'bet'."
    ),
    dropped_pairs=(
        ("pay", "paid"),
        ("sea", "seat"),
        ("row", "road"),
        ("bow", "boat"),
        ("tie", "time"),
        ("go", "goal"),
        ("bee", "beak"),
        ("play", "played"),
    ),
    voicing_pairs=(
        ("bed", "bet"),
        ("bag", "back"),
        ("cab", "cap"),
        ("prize", "price"),
        ("leave", "leaf"),
        ("ridge", "rich"),
    ),
    common_l1=_l1(
        "Mandarin",
        "Chinese",
        "Cantonese",
        "Vietnamese",
        "Thai",
        "Japanese",
        "Korean",
        "Spanish",
        "Italian",
        "Portuguese",
        "German",
        "Russian",
        "Turkish",
        "Indonesian",
    ),
)
# Final obstruent devoicing: voiced phone → its voiceless partner.
DEVOICED = {"B": "P", "D": "T", "G": "K", "V": "F", "Z": "S", "ZH": "SH", "JH": "CH", "DH": "TH"}

SCHWA_PRACTICE: tuple[str, ...] = (
    "a-BOUT",
    "ba-NA-na",
    "to-DAY",
    "po-LICE",
    "sup-PORT",
    "com-PU-ter",
    "to-MOR-row",
    "PROB-lem",
    "CA-na-da",
    "pho-TOG-ra-pher",
)
# Words whose stress moves with their form: the vowels reduce where the stress leaves.
STRESS_SHIFT_FAMILIES: tuple[str, ...] = (
    "PHO-to-graph / pho-TOG-ra-pher / pho-to-GRAPH-ic",
    "e-CON-o-my / e-co-NOM-ic",
    "PRE-sent (noun) / pre-SENT (verb)",
    "RE-cord (noun) / re-CORD (verb)",
    "OB-ject (noun) / ob-JECT (verb)",
)
STRESS_PATTERN_WORDS: dict[str, tuple[str, ...]] = {
    "Oo": ("TA-ble", "HAP-py", "AN-swer", "DOC-tor", "WA-ter", "MO-ney"),
    "oO": ("a-BOUT", "to-DAY", "be-GIN", "ho-TEL", "a-GAIN", "re-LAX"),
    "Ooo": ("PHO-to-graph", "BEAU-ti-ful", "FA-mi-ly", "HOS-pi-tal", "YES-ter-day", "CIN-e-ma"),
    "oOo": ("ba-NA-na", "com-PU-ter", "po-TA-to", "im-POR-tant", "to-MOR-row", "de-CI-sion"),
    "ooO": ("un-der-STAND", "af-ter-NOON", "Ja-pa-NESE", "vol-un-TEER", "en-gi-NEER"),
    "Oooo": ("NE-ces-sa-ry", "CA-ter-pil-lar", "TEL-e-vi-sion", "DIC-tion-a-ry"),
    "oOoo": ("pho-TOG-ra-phy", "e-CON-o-my", "tech-NOL-o-gy", "de-MOC-ra-cy", "a-BIL-i-ty"),
    "ooOo": ("ed-u-CA-tion", "in-for-MA-tion", "pho-to-GRAPH-ic", "un-der-STAND-ing"),
    "oooO": ("ne-ver-the-LESS", "Cal-i-for-NIA"),
    "ooOoo": ("u-ni-VER-si-ty", "op-por-TU-ni-ty", "per-son-AL-i-ty"),
}
SENTENCE_PRACTICE: tuple[str, ...] = (
    "we WANT to GO to the PARK.",
    "she BOUGHT a NEW CAR for her MO-ther.",
    "it's a PHO-to of my FA-mi-ly.",
)


def stress_pattern(syllable_count: int, primary: int | None) -> str:
    """``3, 1`` → ``"oOo"``."""
    return "".join("O" if i == primary else "o" for i in range(syllable_count))


# Why lexical stress is hard from a given first language (keys: lower-case language names).
_STRESS_NOTES = {
    ("french",): "French puts the weight at the end of a phrase; English fixes it on one "
    "syllable of each word, so learn the stress together with the word.",
    ("spanish", "italian", "portuguese", "catalan", "greek"): "Your language gives unstressed "
    "syllables their full vowel; English shortens them much more, which makes the stressed "
    "one stand out.",
    ("mandarin", "chinese", "cantonese", "vietnamese", "thai"): "Your language uses pitch for "
    "tones; in English, length, loudness and pitch together mark the stressed syllable, so "
    "lengthen its vowel rather than only raising your voice.",
    ("japanese", "korean"): "Your language gives syllables similar length; in English the "
    "stressed syllable is clearly longer and louder than the others.",
    ("polish",): "Polish always stresses the second-to-last syllable; English stress moves from "
    "word to word, so check each new word's stress.",
    ("czech", "slovak", "hungarian", "finnish", "estonian"): "Your language always stresses the "
    "first syllable; English stress can fall on any syllable, so check each new word's stress.",
    ("turkish",): "Turkish usually stresses the last syllable; English stress is fixed per "
    "word and often falls earlier.",
}
STRESS_L1_NOTES: dict[str, str] = {
    lang: note for langs, note in _STRESS_NOTES.items() for lang in langs
}


def l1_key(learner_l1: str | None, known: frozenset[str] | set[str]) -> str | None:
    """The first word of ``learner_l1`` (case-insensitive) that ``known`` holds, e.g.
    ``"Mandarin Chinese"`` → ``"mandarin"``; ``None`` if none."""
    if not learner_l1:
        return None
    for token in learner_l1.lower().replace(",", " ").replace("/", " ").split():
        if token in known:
            return token
    return None
