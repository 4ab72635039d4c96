"""The seven prompt templates of the feedback service, loaded once and checked at start-up.

Each template may use only the variables this service fills for it (:data:`VARIABLES`), so a
typo in ``prompts/`` fails at start-up (``/ready`` reports it) instead of on a request. The
issue templates render blocks whose lines ``problem:`` and ``fix:`` the rules engine reads as the
tip's fields (:func:`labelled_fields`); the text before them is a heading for the LLM prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voicemesh.prompts import PromptTemplate, load_template

VARIABLES: dict[str, frozenset[str]] = {
    "system_stress": frozenset({"max_priorities", "max_tips"}),
    "stress_detection_prompt": frozenset(
        {"stress_score", "checked_words", "error_words", "evidence_table"}
    ),
    "stress_word_prompt": frozenset(
        {
            "word",
            "error_probability",
            "syllable_count",
            "expected_ordinal",
            "expected_syllables",
            "detected_syllables",
            "stressed_syllable",
            "l1_note",
        }
    ),
    "stress_schwa_prompt": frozenset(
        {"word", "expected_syllables", "syllable", "heard", "stressed_syllable"}
    ),
    "sentence_stress_prompt": frozenset({"function_words", "stressed_sentence"}),
    "llm_feedback_base": frozenset(
        {
            "word",
            "issue",
            "what_happened",
            "why_it_matters",
            "how_to_fix",
            "example_pair",
            "example",
            "l1_note",
        }
    ),
    "unified_stress_prompt": frozenset(
        {
            "learner_l1",
            "level",
            "target_text",
            "transcript",
            "scores",
            "stress_detection",
            "observations",
            "draft_json",
            "max_priorities",
            "max_tips",
            "max_drills",
            "issue_kinds",
            "output_format",
        }
    ),
}
TEMPLATE_NAMES: tuple[str, ...] = tuple(VARIABLES)
_LABEL = re.compile(r"^(problem|fix):\s*(.*)$")


class TemplateVariablesUnknown(RuntimeError):
    """A template uses a variable the service never fills."""


@dataclass(frozen=True)
class PromptSet:
    templates: dict[str, PromptTemplate]

    @classmethod
    def load(cls, directory: Path | None = None) -> PromptSet:
        """Load the seven templates; raises voicemesh.prompts.PromptNotFound for a missing
        file and :class:`TemplateVariablesUnknown` for a variable the service does not fill."""
        templates = {name: load_template(name, directory) for name in TEMPLATE_NAMES}
        for name, template in templates.items():
            unknown = template.variables - VARIABLES[name]
            if unknown:
                raise TemplateVariablesUnknown(
                    f"prompt template {name!r} uses {sorted(unknown)}; this service fills only "
                    f"{sorted(VARIABLES[name])}"
                )
        return cls(templates)

    def render(self, name: str, **values: object) -> str:
        return self.templates[name].render(**values)


def labelled_fields(text: str) -> dict[str, str]:
    """``problem:``/``fix:`` lines of a rendered issue block (a field runs until the next
    label); the lines before the first label are returned as ``heading``."""
    fields: dict[str, list[str]] = {"heading": []}
    current = "heading"
    for line in text.strip().splitlines():
        match = _LABEL.match(line.strip())
        if match:
            current = match.group(1)
            fields[current] = [match.group(2)]
        else:
            fields.setdefault(current, []).append(line.strip())
    return {k: " ".join(part for part in v if part).strip() for k, v in fields.items()}
