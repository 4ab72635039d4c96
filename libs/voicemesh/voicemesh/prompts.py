"""Prompt templates: load a template by name from the ``prompts/`` folder and fill it.

Templates are plain UTF-8 text files ``<name>.txt`` with :class:`string.Template` placeholders:
``${name}`` (or ``$name``) is a variable, ``$$`` a literal dollar sign. Braces ``{ }`` are
ordinary text, so JSON examples need no escaping. The folder is ``repo_root()/prompts``,
overridable with ``VOICEMESH_PROMPTS_DIR``. Every variable a template names must be given;
extra values are ignored, so one context can fill several templates.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from voicemesh.paths import repo_root

_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class PromptError(Exception):
    """Base class of the prompt loader's errors; ``template`` names the template."""

    def __init__(self, message: str, *, template: str) -> None:
        super().__init__(message)
        self.template = template


class PromptNotFound(PromptError):
    """No template file of that name (or the name is not a plain template name)."""


class PromptVariableMissing(PromptError):
    """A variable the template names was not given; ``variable`` names it."""

    def __init__(self, template: str, variable: str) -> None:
        super().__init__(
            f"prompt template {template!r} needs variable {variable!r}, which was not given",
            template=template,
        )
        self.variable = variable


class PromptTemplateInvalid(PromptError):
    """The template text has a malformed placeholder (a lone ``$`` or ``${`` not closed)."""


def prompts_dir() -> Path:
    """``VOICEMESH_PROMPTS_DIR`` if set, else ``<repo root>/prompts``."""
    env = os.environ.get("VOICEMESH_PROMPTS_DIR")
    return Path(env) if env else repo_root() / "prompts"


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    text: str

    @property
    def variables(self) -> frozenset[str]:
        """The variable names the template uses."""
        return frozenset(Template(self.text).get_identifiers())

    def render(self, **values: object) -> str:
        """The text with every variable filled (values are converted with ``str``).

        Raises :class:`PromptVariableMissing` for the first missing variable in the text and
        :class:`PromptTemplateInvalid` for a malformed placeholder."""
        try:
            return Template(self.text).substitute({k: str(v) for k, v in values.items()})
        except KeyError as exc:
            raise PromptVariableMissing(self.name, str(exc.args[0])) from None
        except ValueError as exc:  # string.Template: "Invalid placeholder in string"
            raise PromptTemplateInvalid(
                f"prompt template {self.name!r} is malformed: {exc}", template=self.name
            ) from None


def available_templates(directory: Path | None = None) -> list[str]:
    """Names (without ``.txt``) of the templates in ``directory`` (default :func:`prompts_dir`)."""
    folder = directory or prompts_dir()
    return sorted(p.stem for p in folder.glob("*.txt") if _NAME.match(p.stem))


def load_template(name: str, directory: Path | None = None) -> PromptTemplate:
    """Read template ``name`` (``"stress_word_prompt"`` or ``"stress_word_prompt.txt"``).

    Raises :class:`PromptNotFound` when the name is not a plain template name or no such file
    exists, naming the folder and the templates that do exist."""
    stem = name.removesuffix(".txt")
    folder = directory or prompts_dir()
    path = folder / f"{stem}.txt"
    if not _NAME.match(stem) or not path.is_file():
        known = ", ".join(available_templates(folder)) or "none"
        raise PromptNotFound(
            f"unknown prompt template {name!r} in {folder} (available: {known})", template=name
        )
    text = path.read_text(encoding="utf-8")
    template = PromptTemplate(stem, text)
    if not Template(text).is_valid():
        raise PromptTemplateInvalid(
            f"prompt template {stem!r} has a malformed placeholder ($ must start $name, "
            "${name} or $$)",
            template=stem,
        )
    return template


def render_prompt(name: str, /, directory: Path | None = None, **values: object) -> str:
    """Load template ``name`` and fill it; the errors of :func:`load_template` and
    :meth:`PromptTemplate.render`."""
    return load_template(name, directory).render(**values)
