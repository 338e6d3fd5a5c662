"""Mutated questionnaire files never crash the loader.

Starting from real files (questions/phq9.yaml and the small valid fixtures), hypothesis deletes,
duplicates and swaps lines, swaps scalars for other types, inserts stray characters and keys, and
cuts files short. Whatever comes out, the loader either loads it or raises the project's own
``QuestionnaireError`` with every problem placed at a real line and column — never another
exception, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iop_assess.errors import QuestionnaireError
from iop_assess.loader import load_files

# A warning printed by a library is noise a person would see too: treat it as a failure.
pytestmark = pytest.mark.filterwarnings("error")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "phq9.yaml": (ROOT / "questions" / "phq9.yaml").read_text("utf-8"),
    "mini.yaml": (ROOT / "tests/assets/questionnaires/valid/mini.yaml").read_text("utf-8"),
    "extra.yaml": (ROOT / "tests/assets/questionnaires/valid/extra.yaml").read_text("utf-8"),
}

SCALARS = st.sampled_from(
    [
        "0",
        "-1",
        "3.5",
        "1e400",
        "true",
        "null",
        "~",
        "[]",
        "{}",
        "[1, 2]",
        "{en: x}",
        "''",
        '"yes"',
        "yes",
        "!!python/object:os.system",
        "!!binary aGVsbG8=",
        "!custom x",
        "&anchor 1",
        "*anchor",
        "2001-12-14",
        "0x1F",
        "|",
        ">-",
        "{",
        "]",
        "'unterminated",
        "☃",
        "\t",
    ]
)
KEYS = st.sampled_from(
    ["id", "version", "items", "show_if", "bands", "options", "unknown", "en", "<<", "? x", "- x"]
)
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """A source file name and its text after one to four random edits."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = _lines(SOURCES[name])
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "scalar", "insert_key", "noise", "truncate"]
            )
        )
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "scalar":
            # Replace the value after the first "key:" (or the whole line) with another type.
            scalar = draw(SCALARS)
            match = re.match(r"^(\s*-?\s*[\w<]+:)\s*(.*)$", lines[at])
            lines[at] = f"{match.group(1)} {scalar}" if match else scalar
        elif kind == "insert_key":
            indent = " " * draw(st.integers(0, 10))
            lines.insert(at, f"{indent}{draw(KEYS)}: {draw(SCALARS)}")
        elif kind == "noise":
            col = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:col] + draw(NOISE) + lines[at][col:]
        else:
            text = "\n".join(lines)
            lines = _lines(text[: draw(st.integers(0, len(text)))])
    return name, "\n".join(lines)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _check(folder: Path, files: dict[str, str]) -> None:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append((path, name))
    try:
        load_files(paths)
    except QuestionnaireError as exc:
        assert exc.problems, "a QuestionnaireError must name at least one problem"
        assert exc.exit_code == 3
        for problem in exc.problems:
            assert problem.file in files
            lines = files[problem.file].count("\n") + 1
            assert 1 <= problem.line <= lines + 1, str(problem)
            assert problem.col >= 1, str(problem)
            assert problem.message.strip(), str(problem)
            assert "Traceback" not in problem.message


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated())
def test_a_mutated_file_loads_or_fails_with_located_problems(
    workdir: Path, case: tuple[str, str]
) -> None:
    name, text = case
    _check(workdir, {name: text})


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated())
def test_a_mutated_file_next_to_a_valid_one_fails_cleanly(
    workdir: Path, case: tuple[str, str]
) -> None:
    # Cross-file checks (duplicate ids, conditions reading other files) see the mutant too.
    name, text = case
    partner = "extra.yaml" if name != "extra.yaml" else "mini.yaml"
    _check(workdir, {f"mutant_{name}": text, partner: SOURCES[partner]})


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_random_text_is_never_a_crash(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("random", numbered=True)
    _check(folder, {"random.yaml": text})


def test_the_unmutated_sources_load() -> None:
    # The fuzz tests start from files that really are valid, so their mutations mean something.
    folder = ROOT / "tests/assets/questionnaires/valid"
    loaded = load_files([(p, p.name) for p in sorted(folder.glob("*.yaml"))])
    assert {lf.questionnaire.id for lf in loaded} == {"mini", "extra"}
    (phq9,) = load_files([(ROOT / "questions" / "phq9.yaml", "phq9.yaml")])
    assert phq9.questionnaire.id == "phq9"
