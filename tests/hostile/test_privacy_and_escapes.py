"""Answers never appear in messages, and nothing from a person or a file can drive the terminal.

A message names the item, the place and what is allowed, never the value given (contract §1).
Client labels, notes, text answers, item ids and file names lose their escape sequences and
control characters in every output: reports in every format, warnings, errors, listings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iop_assess.bank import Bank
from iop_assess.session import SessionStore

from .hostile_tools import FIFTEEN, invoke, saved_session

SECRET = "ZEBRASECRET"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _answers(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- answers in messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (f"sex: {SECRET}", "answers.yaml:2:8: sex: the answer is not one of the choices"),
        (f"age: {SECRET}", "answers.yaml:2:8: age: expected a whole number from 12 to 120"),
        (f"substances: [alcohol, {SECRET}]", "substances: in the list: the answer is not one"),
        (f"substances: {SECRET}", "substances: expected a list of choices"),
        ("age: 99999", "age: the number is not from 12 to 120"),
        (f"withdrawal_now: [{SECRET}]", "withdrawal_now: expected one of the choices"),
    ],
)
def test_a_wrong_value_is_never_echoed(home: Path, tmp_path: Path, body: str, where: str) -> None:
    path = _answers(tmp_path, f"answers:\n  {body}\n")
    done = invoke(["score", str(path)], home).no_traceback()
    assert done.code == 4
    assert where in done.err
    assert SECRET not in done.err and "99999" not in done.err


def test_a_wrong_value_in_json_is_never_echoed(home: Path, tmp_path: Path) -> None:
    path = _answers(tmp_path, json.dumps({"answers": {"sex": SECRET}}), "answers.json")
    done = invoke(["score", str(path)], home).no_traceback()
    assert done.code == 4
    assert "sex: the answer is not one of the choices female, male, other" in done.err
    assert SECRET not in done.err


def test_a_file_that_holds_only_a_value_is_not_echoed(home: Path, tmp_path: Path) -> None:
    path = _answers(tmp_path, f"{SECRET}\n")
    done = invoke(["score", str(path)], home).no_traceback()
    assert done.code == 4
    assert "the file holds text" in done.err
    assert SECRET not in done.err


def test_a_damaged_session_does_not_echo_its_answers(home: Path, store: SessionStore) -> None:
    store.root.mkdir(parents=True)
    (store.root / "0badf11e.json").write_text(
        json.dumps(
            {
                "format": "iop-assess-session",
                "schema_version": 1,
                "id": "0badf11e",
                "answers": {"sex": {"nested": SECRET}},
                "status": SECRET,
            }
        )
    )
    for args in (["sessions", "list"], ["sessions", "show", "0badf11e"], ["screen", "--resume"]):
        done = invoke(args, home).no_traceback()
        assert SECRET not in done.out + done.err, args


def test_a_wrong_typed_answer_is_not_written_back(home: Path) -> None:
    done = invoke(["screen"], home, input=f"\n{SECRET}\n35\n{SECRET}\nq\n").no_traceback()
    assert done.code == 0
    assert "That is not a whole number" in done.err
    assert "That is not one of the choices" in done.err
    assert SECRET not in done.err + done.out


# -- terminal escape codes ----------------------------------------------------------------------

OSC_TITLE = "\x1b]0;PWNED\x07"
OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b31m"


def _hostile_answers(tmp_path: Path) -> Path:
    data = {
        "client": f"case {OSC_TITLE}12{C1}",
        "notes": {"substance_use": f"note {OSC_LINK} with {CSI}colour\x07\x08"},
        "answers": {"age": 35, "sex": "male", "alcohol_past_year": "no", "drugs_past_year": "no"},
    }
    return _answers(tmp_path, json.dumps(data), "answers.json")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_a_client_label_and_notes_cannot_drive_the_terminal(
    home: Path, tmp_path: Path, fmt: str, bank: Bank
) -> None:
    if "substance_use" not in {s.id for s, _ in bank.sections}:
        pytest.skip("the bundled questionnaires changed their section ids")
    done = invoke(["score", str(_hostile_answers(tmp_path)), "-f", fmt], home).no_traceback()
    assert done.code == 0, done.err
    assert not CONTROL.search(done.out), repr(done.out[:200])
    assert "PWNED" not in done.out and "evil.example" not in done.out
    assert "case 12" in done.out  # the label itself is kept
    assert "click" in done.out and "colour" in done.out  # so are the words of the note
    if fmt == "json":
        data = json.loads(done.out)
        assert data["client"] == "case 12"


def test_escape_codes_in_item_ids_and_file_names_are_not_passed_on(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / f"dir{OSC_TITLE}"
    folder.mkdir()
    data = {"answers": {f"{CSI}age{OSC_TITLE}": 3, "sex": f"{CSI}x"}, f"{C1}x": 1}
    path = _answers(folder, json.dumps(data), "answers.json")
    done = invoke(["score", str(path)], home).no_traceback()
    assert done.code == 4
    assert not CONTROL.search(done.err), repr(done.err)
    assert "PWNED" not in done.err
    assert "unknown item id" in done.err


def test_escape_codes_in_a_saved_session_are_not_shown(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved_session(store, bank, {**FIFTEEN})
    assert session.path is not None
    data = json.loads(session.path.read_text())
    data["client"] = f"c{OSC_TITLE}7"
    data["notes"] = {"substance_use": f"n{OSC_LINK}"}
    session.path.write_text(json.dumps(data))
    for args in (["sessions", "list"], ["sessions", "show", session.id]):
        done = invoke(args, home).no_traceback()
        assert done.code == 0, done.err
        assert not CONTROL.search(done.out), repr(done.out)
        assert "PWNED" not in done.out and "evil.example" not in done.out
