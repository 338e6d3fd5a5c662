"""Bad input the program already handled before the hostile-input work: kept as a table, so it
stays that way. Each row: the command, the exit code, words of the one message, no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .hostile_tools import IOP_ANSWERS, TESTS, invoke

BROKEN_QUESTIONS = TESTS / "assets" / "questionnaires" / "broken"

Setup = Callable[[Path], list[str]]


def _file(name: str, content: str | bytes) -> Setup:
    def make(folder: Path) -> list[str]:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return [str(path)]

    return make


def _folder(name: str) -> Setup:
    def make(folder: Path) -> list[str]:
        (folder / name).mkdir()
        return [str(folder / name)]

    return make


def _missing(name: str) -> Setup:
    return lambda folder: [str(folder / name)]


SCORE_CASES: list[tuple[str, Setup, int, str]] = [
    ("missing file", _missing("none.yaml"), 4, "no such file"),
    ("a folder", _folder("answers.yaml"), 4, "this is a folder, not an answers file"),
    ("unknown extension", _file("answers.txt", "answers: {}"), 4, "cannot tell the file type"),
    ("empty file", _file("a.yaml", ""), 4, "the file is empty"),
    ("only comments", _file("a.yaml", "# nothing\n"), 4, "the file is empty"),
    ("not UTF-8", _file("a.yaml", b"answers:\n  goal: caf\xe9\n"), 4, "not UTF-8 text"),
    ("binary garbage", _file("a.yaml", bytes(range(256)) * 8), 4, "not UTF-8 text"),
    ("YAML syntax", _file("a.yaml", "answers:\n  age: [35\n"), 4, "not valid YAML"),
    ("JSON syntax", _file("a.json", '{"answers": {"age": 35,}}'), 4, "not valid JSON"),
    (
        "repeated JSON key",
        _file("a.json", '{"answers": {"age": 1, "age": 2}}'),
        4,
        "more than once",
    ),
    ("repeated YAML key", _file("a.yaml", "answers:\n  age: 1\n  age: 2\n"), 4, "appears twice"),
    ("a list", _file("a.yaml", "- 1\n- 2\n"), 4, "the file holds a list"),
    ("no answers key", _file("a.yaml", "client: x\n"), 4, "'answers:' is missing"),
    ("unknown key", _file("a.yaml", "answers: {}\nanwsers: {}\n"), 4, "did you mean answers?"),
    ("unknown item", _file("a.yaml", "answers:\n  phq9_10: 1\n"), 4, "did you mean phq9_1?"),
    ("python tag", _file("a.yaml", "answers: !!python/object:os.system x\n"), 4, "not allowed"),
    ("custom tag", _file("a.yaml", "answers:\n  age: !x 35\n"), 4, "not allowed"),
    (
        "alias bomb",
        _file("a.yaml", "a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\nanswers: {}\n"),
        4,
        "aliases",
    ),
    ("merge key", _file("a.yaml", "answers:\n  <<: {age: 35}\n"), 4, "merge keys"),
    ("YAML 1.1", _file("a.yaml", "%YAML 1.1\n---\nanswers: {}\n"), 4, "only YAML 1.2"),
    ("deep JSON", _file("a.json", '{"answers": ' + "[" * 50_000 + "]" * 50_000 + "}"), 4, ""),
    ("deep YAML", _file("a.yaml", "answers: " + "[" * 100 + "]" * 100 + "\n"), 4, "nests"),
    ("over 2 MB", _file("a.yaml", "answers: {}\n" + "#" * 2_100_000), 4, "too large"),
    ("a date", _file("a.yaml", "answers:\n  goal: 2026-01-01\n"), 4, "a date is not allowed"),
    ("null answer", _file("a.yaml", "answers:\n  age:\n"), 0, "Warning: age has no answer"),
    ("declined everything", _file("a.json", json.dumps({"answers": {"age": "declined"}})), 0, ""),
]


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [case[1:] for case in SCORE_CASES],
    ids=[case[0] for case in SCORE_CASES],
)
def test_score_bad_answers_files(
    home: Path, tmp_path: Path, setup: Setup, code: int, words: str
) -> None:
    done = invoke(["score", *setup(tmp_path)], home).no_traceback()
    assert done.code == code, done.err
    assert words in done.err


VALIDATE_CASES: list[tuple[str, Setup, int, str]] = [
    ("missing path", _missing("q.yaml"), 2, "no such file or folder"),
    ("empty folder", _folder("questions"), 2, "no questionnaire files"),
    ("empty file", _file("q.yaml", ""), 3, "the file is empty"),
    ("binary garbage", _file("q.yaml", bytes(range(256))), 3, "not UTF-8"),
    ("over 2 MB", _file("q.yaml", "#" * 2_100_000), 3, "file is too large"),
    ("a list", _file("q.yaml", "- 1\n"), 3, "the file holds a list"),
    *[
        (f"broken/{p.name}", (lambda path: lambda folder: [str(path)])(p), 3, "problem")
        for p in sorted(BROKEN_QUESTIONS.glob("*.yaml"))
    ],
]


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [case[1:] for case in VALIDATE_CASES],
    ids=[case[0] for case in VALIDATE_CASES],
)
def test_validate_bad_questionnaires(
    home: Path, tmp_path: Path, setup: Setup, code: int, words: str
) -> None:
    done = invoke(["validate", *setup(tmp_path)], home).no_traceback()
    assert done.code == code, done.err
    assert words in done.err


def test_out_into_a_missing_folder(home: Path, tmp_path: Path) -> None:
    done = invoke(["score", str(IOP_ANSWERS), "--out", str(tmp_path / "no" / "r.md")], home)
    assert done.no_traceback().code == 4
    assert "does not exist" in done.err


def test_out_onto_a_folder(home: Path, tmp_path: Path) -> None:
    done = invoke(["score", str(IOP_ANSWERS), "--out", str(tmp_path)], home).no_traceback()
    assert done.code == 4
    assert "is a folder, not a file" in done.err


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["sessions", "show", "nosuchid"], 4, "No saved session with id 'nosuchid'"),
        (["sessions", "delete", "--yes", "nosuchid"], 4, "No saved session"),
        (["sessions", "show", "../../etc/passwd.json"], 4, "No session file"),
        (["screen", "--no-save", "--resume"], 2, "--no-save cannot be used"),
        (["screen", "--resume"], 2, "there is no saved session to continue"),
        (["screen", "--client", "a\x1b]0;x\x07"], 2, "the client label must be one line"),
        (["screen", "--client", "x" * 300], 2, "at most 200 characters"),
        (["screen", "abc"], 2, "was given without --resume"),
        (["score", "-", "--format", "pdf"], 2, "Invalid value"),
    ],
    ids=lambda v: (
        " ".join(v).replace("\x1b", "ESC").replace("\x07", "BEL")[:40]
        if isinstance(v, list)
        else str(v)
    ),
)
def test_bad_command_lines(home: Path, args: list[str], code: int, words: str) -> None:
    done = invoke(args, home, input="").no_traceback()
    assert done.code == code, done.err
    assert words in done.err
