"""voicemesh.prompts: loading templates by name, filling them, and failing clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicemesh.paths import repo_root
from voicemesh.prompts import (
    PromptNotFound,
    PromptTemplateInvalid,
    PromptVariableMissing,
    available_templates,
    load_template,
    prompts_dir,
    render_prompt,
)

SHIPPED = {
    "system_stress",
    "stress_detection_prompt",
    "stress_word_prompt",
    "stress_schwa_prompt",
    "sentence_stress_prompt",
    "unified_stress_prompt",
    "llm_feedback_base",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VOICEMESH_PROMPTS_DIR", str(tmp_path))
    (tmp_path / "greet.txt").write_text('Hello ${name}, {"json": "stays"} costs $$5 in $place.\n')
    return tmp_path


def test_repo_prompts_folder_holds_exactly_the_seven_templates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VOICEMESH_PROMPTS_DIR", raising=False)
    assert prompts_dir() == repo_root() / "prompts"
    assert set(available_templates()) == SHIPPED
    for name in SHIPPED:
        template = load_template(name)
        assert template.text.strip()
        # every shipped template renders once each of its variables is given
        rendered = template.render(**{v: f"<{v}>" for v in template.variables})
        assert "$" not in rendered.replace("$$", "")
        for variable in template.variables:
            assert f"<{variable}>" in rendered


def test_env_var_overrides_the_folder(folder: Path) -> None:
    assert prompts_dir() == folder
    assert available_templates() == ["greet"]


def test_render_fills_named_variables_and_keeps_braces(folder: Path) -> None:
    text = render_prompt("greet", name="Ada", place="Paris", unused="ignored")
    assert text == 'Hello Ada, {"json": "stays"} costs $5 in Paris.\n'
    assert load_template("greet.txt").variables == {"name", "place"}


def test_missing_variable_names_template_and_variable(folder: Path) -> None:
    with pytest.raises(PromptVariableMissing) as info:
        render_prompt("greet", name="Ada")
    assert info.value.template == "greet"
    assert info.value.variable == "place"
    assert "greet" in str(info.value) and "place" in str(info.value)


@pytest.mark.parametrize("name", ["nope", "../prompts/greet", "greet/../greet", "", "Greet"])
def test_unknown_template_fails_naming_it(folder: Path, name: str) -> None:
    with pytest.raises(PromptNotFound) as info:
        load_template(name)
    assert info.value.template == name
    assert "greet" in str(info.value)  # lists what exists


def test_malformed_placeholder_is_reported(folder: Path) -> None:
    (folder / "broken.txt").write_text("costs $ 5 for ${name")
    with pytest.raises(PromptTemplateInvalid) as info:
        load_template("broken")
    assert info.value.template == "broken"


def test_explicit_directory_argument(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("x=$x")
    assert render_prompt("one", directory=tmp_path, x=3) == "x=3"
