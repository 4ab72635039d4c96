"""The drill tutor: it says a sentence, the learner repeats it, and it answers from the
assessment. No LLM: the offline fallback when no usable model is at hand, and a practice mode
of its own (``mode=drill``). It never pretends to converse."""

from __future__ import annotations

from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse

SENTENCES = {
    "beginner": [
        "I like to read books.",
        "The weather is nice today.",
        "Can you help me, please?",
        "My brother works in a shop.",
    ],
    "intermediate": [
        "I usually walk to work in the morning.",
        "It was a sufficient answer.",
        "We are planning a trip to the mountains.",
        "Could you tell me where the station is?",
    ],
    "advanced": [
        "The photographer developed an unusual technique.",
        "Her explanation was thorough and convincing.",
        "Particularly in winter, the roads are dangerous.",
        "The committee reached a comfortable majority.",
    ],
}
GOOD_SCORE = 80.0  # overall score (0–100) from which a repetition counts as well said


def sentence(level: str | None, index: int) -> str:
    options = SENTENCES.get(level or "intermediate", SENTENCES["intermediate"])
    return options[index % len(options)]


def prompt(text: str) -> str:
    return f"Please repeat after me: {text}"


def answer(assessment: PhonemeDiffResponse | None, correction: str | None, next_text: str) -> str:
    """The spoken answer to a repetition, then the next sentence."""
    if assessment is None:
        verdict = "I could not check that one."
    elif assessment.scores.overall >= GOOD_SCORE and not correction:
        verdict = "Well done, that was clear."
    elif correction:
        verdict = f"Good try. Watch {correction}."
    else:
        verdict = "Good try. Let's keep practising."
    return f"{verdict} Next one: {next_text}"
