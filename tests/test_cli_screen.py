"""``iop-assess screen`` through CliRunner: standard input is not a terminal, so answers are read
line by line and the questions go to standard error, the result to standard output."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from interview_scripts import CALM, LEVELS, asked, script_for
from typer.testing import CliRunner, Result

from iop_assess.bank import Bank, load_bank
from iop_assess.cli import app
from iop_assess.interview import Interview, ScriptedPrompter
from iop_assess.interview.engine import CALL_911, CALL_988

runner = CliRunner()


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("IOP_ASSESS_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "100")  # the same wrapping whatever terminal runs the tests
    monkeypatch.chdir(tmp_path)
    return folder


def screen(args: Sequence[str], lines: Sequence[str]) -> Result:
    text = "".join(f"{line}\n" for line in lines)
    return runner.invoke(app, ["screen", *args], input=text, catch_exceptions=False)


def session_files(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.json"))


def saved_answers(home: Path) -> dict[str, object]:
    (path,) = session_files(home)
    data: dict[str, object] = json.loads(path.read_text())["answers"]
    return data


def resume_id(stderr: str) -> str:
    found = re.search(r"iop-assess screen --resume (\S+)", " ".join(stderr.split()))
    assert found, stderr
    return found.group(1)


def review_number(bank: Bank, answers: dict[str, object], item_id: str) -> int:
    rows = Interview(bank, ScriptedPrompter([]), answers=answers).review_rows()  # type: ignore[arg-type]
    return [i for i, _ in rows].index(item_id) + 1


# -- a whole questionnaire for each level --------------------------------------------------------


@pytest.mark.parametrize("level", list(LEVELS))
def test_a_whole_questionnaire_for_each_level(bank: Bank, home: Path, level: str) -> None:
    report = Path("result.json")
    done = screen(["--report", str(report)], script_for(bank, LEVELS[level]))
    assert done.exit_code == 0, done.stderr
    data = json.loads(report.read_text())
    assert data["recommendation"]["level"] == level
    assert "Section 1 of" in done.stderr  # questions go to stderr …
    assert "Section 1 of" not in done.stdout  # … the result to stdout
    assert "not a diagnosis" in done.stdout
    assert f"Report saved to {report} (json)." in done.stderr
    assert session_files(home)
    assert json.loads(session_files(home)[0].read_text())["status"] == "completed"


def test_the_emergency_result_puts_the_crisis_numbers_first(bank: Bank, home: Path) -> None:
    done = screen(["--no-save"], [*script_for(bank, LEVELS["emergency"]), ""])
    assert done.exit_code == 0
    head = done.stdout[:400]
    assert "988" in head
    assert "question" in done.stderr


# -- keys and edits, through the command -----------------------------------------------------------


def test_back_decline_help_review_edit_and_dropped_follow_ups(bank: Bank, home: Path) -> None:
    # sex declined, so the pregnancy question is asked too
    answers = dict(LEVELS["iop"]) | {"sex": "declined", "pregnant": "not_applicable"}
    lines = script_for(bank, answers)
    # the first answers with a detour: help on age, then back from the alcohol question
    assert lines[:3] == ["", "35", "1"]
    lines[1:2] = ["?", "35", "b", ""]
    at_review = len(lines) - len(
        Interview(bank, ScriptedPrompter([]), answers=asked(bank, answers)).review_pages()
    )
    number = review_number(bank, answers, "alcohol_past_year")
    lines[at_review:] = [str(number), "2"] + [""] * 20
    done = screen([], lines)
    assert done.exit_code == 0, done.stderr
    err = done.stderr
    assert "Help for this question" in err
    assert "This tool is made for adults" in err  # the age item's help text
    assert "Your answer now: 35 years" in err
    assert "Review your answers" in err
    assert "Some answers were removed" in err
    assert (
        "- How often do you have a drink containing alcohol?" in err.split("Some answers were")[1]
    )
    saved = saved_answers(home)
    assert saved["pregnant"] == "not_applicable"  # asked because sex was declined
    assert saved["alcohol_past_year"] == "no"
    assert "sex" not in saved  # asked only after alcohol in the past year
    assert not any(k.startswith("audit_") for k in saved)


def test_invalid_input_reprompts_and_never_crashes(bank: Bank, home: Path) -> None:
    lines = ["", "zqzq", "7", "35", "9", "x", "2", "q"]
    done = screen([], lines)
    assert done.exit_code == 0
    assert "That is not a whole number" in done.stderr
    assert "That number is not from 12 to 120" in done.stderr
    assert "That is not one of the numbers shown (1 to 2)" in done.stderr
    # what was typed is never written back (stderr may be a log); not hex, so never in an id
    assert "zqzq" not in done.stderr
    assert saved_answers(home) == {"age": 35, "alcohol_past_year": "no"}


# -- stopping and resuming -----------------------------------------------------------------------


def test_closed_input_keeps_every_answer_and_resume_finishes(bank: Bank, home: Path) -> None:
    lines = script_for(bank, LEVELS["detox_first"])
    first, rest = lines[:30], lines[30:]
    stopped = screen([], first)
    assert stopped.exit_code == 130
    assert "Your answers are saved in" in stopped.stderr
    ref = resume_id(stopped.stderr)
    before = saved_answers(home)
    assert len(before) == 29  # every answer typed before the input closed
    resumed = screen(["--resume", ref, "--report", "out.json"], ["", *rest])
    assert resumed.exit_code == 0, resumed.stderr
    assert "Welcome back. 29 answers from your last visit are kept." in resumed.stderr
    after = saved_answers(home)
    assert {k: after[k] for k in before} == before
    assert after == asked(bank, LEVELS["detox_first"])
    assert json.loads(Path("out.json").read_text())["recommendation"]["level"] == "detox_first"


def test_resume_without_an_id_continues_the_latest_session(bank: Bank, home: Path) -> None:
    lines = script_for(bank, CALM)
    assert screen([], lines[:5]).exit_code == 130
    resumed = screen(["--resume"], ["", *lines[5:], ""])
    assert resumed.exit_code == 0, resumed.stderr
    assert saved_answers(home) == asked(bank, CALM)


def test_q_saves_stops_and_says_how_to_resume(bank: Bank, home: Path) -> None:
    done = screen([], ["", "35", "q"])
    assert done.exit_code == 0
    ref = resume_id(done.stderr)
    assert (home / "sessions" / f"{ref}.json").is_file()
    assert saved_answers(home) == {"age": 35}


def test_a_chosen_session_file_is_used_and_named_in_the_resume_hint(home: Path) -> None:
    path = Path("mine.json")
    done = screen(["--session", str(path)], ["", "35", "q"])
    assert done.exit_code == 0
    assert f"iop-assess screen --resume {path}" in done.stderr
    assert json.loads(path.read_text())["answers"] == {"age": 35}
    again = screen(["--session", str(path)], ["", "2", "q"])
    assert again.exit_code == 0
    assert json.loads(path.read_text())["answers"] == {"age": 35, "alcohol_past_year": "no"}


def test_no_save_writes_nothing(bank: Bank, home: Path) -> None:
    done = screen(["--no-save"], ["", "35", "2"])
    assert done.exit_code == 130
    assert "Nothing was saved (--no-save)" in done.stderr
    assert not home.exists()


def test_resume_with_nothing_saved_is_a_usage_error(home: Path) -> None:
    done = screen(["--resume"], [])
    assert done.exit_code == 2
    assert "no saved session to continue" in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "iop-assess-session", "schema_version": 1, "id": "ab', "damaged"),
        (b'{"hello": "world"}\n', "not an iop-assess session file"),
    ],
)
def test_a_damaged_or_foreign_session_exits_4_and_is_left_alone(
    home: Path, content: bytes, message: str
) -> None:
    path = Path("broken.json")
    path.write_bytes(content)
    for args in (["--resume", str(path)], ["--session", str(path)]):
        done = screen(args, ["", "35", "q"])
        assert done.exit_code == 4, done.stderr
        assert message in done.stderr
        assert path.read_bytes() == content


def test_no_save_with_resume_is_refused(home: Path) -> None:
    assert screen(["--no-save", "--resume"], []).exit_code == 2


# -- the report ------------------------------------------------------------------------------------


def test_the_report_can_be_saved_when_asked(bank: Bank, home: Path) -> None:
    done = screen(["--no-save"], [*script_for(bank, CALM), "mine.md"])
    assert done.exit_code == 0
    text = Path("mine.md").read_text()
    assert text.startswith("#")
    assert "988" in text
    assert "Report saved to mine.md (md)." in done.stderr


def test_enter_skips_the_report(bank: Bank, home: Path) -> None:
    done = screen(["--no-save"], [*script_for(bank, CALM), ""])
    assert done.exit_code == 0
    assert list(Path().glob("*.md")) == []


def test_format_option_wins_over_the_extension(bank: Bank, home: Path) -> None:
    done = screen(["--report", "r.txt", "--format", "html"], script_for(bank, CALM))
    assert done.exit_code == 0
    assert Path("r.txt").read_text().lstrip().lower().startswith("<!doctype html")


def test_an_existing_report_is_replaced_only_when_confirmed(bank: Bank, home: Path) -> None:
    Path("old.txt").write_text("keep me")
    done = screen(["--no-save"], [*script_for(bank, CALM), "old.txt", "", "new.txt"])
    assert done.exit_code == 0
    assert Path("old.txt").read_text() == "keep me"
    assert "988" in Path("new.txt").read_text()


# -- counselor mode --------------------------------------------------------------------------------


def test_counselor_writes_an_answers_file_that_scores_the_same(bank: Bank, home: Path) -> None:
    notes = {"about_you": "came with a friend", "phq9": "tearful"}
    lines = script_for(bank, LEVELS["iop"], counselor=True, notes=notes)
    done = screen(["--counselor", "--client", "case 7", "--report", "case7.json"], lines)
    assert done.exit_code == 0, done.stderr
    assert "[audit_1]" in done.stderr
    answers_file = Path("case7.answers.yaml")
    assert f"Answers saved to {answers_file}" in done.stderr
    text = answers_file.read_text()
    assert "client: case 7" in text
    assert "questionnaires:" in text
    scored = runner.invoke(app, ["score", str(answers_file), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    from_screen = json.loads(Path("case7.json").read_text())
    assert json.loads(scored.stdout) == from_screen
    assert from_screen["client"] == "case 7"
    assert from_screen["notes"] == notes


def test_counselor_answers_out_and_default_report_name(bank: Bank, home: Path) -> None:
    lines = script_for(bank, CALM, counselor=True)
    done = screen(["--counselor", "--client", "A-1", "--answers-out", "a.yaml"], [*lines, ""])
    assert done.exit_code == 0, done.stderr
    assert Path("a.yaml").is_file()
    assert Path("iop-assess-A-1.md").is_file()


def test_a_crash_keeps_the_answers_and_says_how_to_resume(
    bank: Bank, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Interview.set_answer

    def fragile(self: Interview, item_id: str, answer: object) -> None:
        if item_id == "alcohol_past_year":
            raise RuntimeError("boom")
        original(self, item_id, answer)  # type: ignore[arg-type]

    monkeypatch.setattr(Interview, "set_answer", fragile)
    done = screen([], ["", "35", "2", "1"])
    assert done.exit_code == 1
    assert "something went wrong (RuntimeError)" in done.stderr
    assert "iop-assess screen --resume" in done.stderr
    assert saved_answers(home) == {"age": 35}


def test_resume_asks_again_what_no_longer_fits(bank: Bank, home: Path) -> None:
    from dataclasses import replace

    from iop_assess.session import SessionStore

    store = SessionStore(home / "sessions")
    session = store.save(replace(store.new(bank), answers={"age": 35, "sex": "unknown"}))
    done = screen(["--resume", session.id], ["", "1", "q"])
    assert done.exit_code == 0, done.stderr
    assert "These questions will be asked again: sex." in done.stderr
    assert "Welcome back. 1 answer from your last visit is kept." in done.stderr
    assert saved_answers(home) == {"age": 35, "alcohol_past_year": "yes"}


def test_piped_questions_fit_a_40_column_terminal(
    bank: Bank, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    done = screen(["--no-save"], [*script_for(bank, LEVELS["emergency"]), ""])
    assert done.exit_code == 0
    assert max(len(line) for line in done.stderr.splitlines()) <= 40


# -- the short screen and --full ---------------------------------------------------------------

NO_USE = ["", "35", "2", "2", "2", "2", "2"]
"""Start, age 35, no alcohol, drugs or medicines, no urgent problem, not pregnant."""


def test_full_asks_every_question_and_the_session_remembers_it(home: Path) -> None:
    done = screen(["--full"], [*NO_USE, "1", "1", "q"])
    assert done.exit_code == 0, done.stderr
    (path,) = session_files(home)
    data = json.loads(path.read_text())
    assert data["full"] is True
    resumed = screen(["--resume"], ["", "1", "q"])
    assert resumed.exit_code == 0, resumed.stderr
    assert saved_answers(home)["phq9_3"] == 0  # asked: the full PHQ-9


def test_the_short_screen_goes_from_the_phq2_to_question_9(home: Path) -> None:
    done = screen([], [*NO_USE, "1", "1", "q"])
    assert done.exit_code == 0, done.stderr
    assert "Thoughts that you would be better off dead" in done.stderr.rsplit("PHQ", 1)[-1]
    assert "full" not in json.loads(session_files(home)[0].read_text())


# -- after a safety answer ----------------------------------------------------------------------

CRISIS = [*NO_USE, "1", "1", "4"]
"""… then PHQ-2 of 0 and question 9 "nearly every day": the crisis block."""


def _after_stopping(text: str) -> list[str]:
    """The paragraphs after "Stopped.", each on one line."""
    tail = text.rsplit("Stopped.", 1)[1]
    return [" ".join(p.split()) for p in tail.split("\n\n") if p.strip()]


@pytest.mark.parametrize(("typed", "code"), [(["q"], 0), ([], 130), (["", "q"], 0)])
def test_stopping_after_a_safety_answer_ends_on_911_and_988(
    home: Path, typed: list[str], code: int
) -> None:
    done = screen([], [*CRISIS, *typed])
    assert done.exit_code == code, done.stderr
    hint, crisis = _after_stopping(done.stderr)
    assert "To go on where you stopped, run: iop-assess screen --resume" in hint
    assert crisis == f"{CALL_911} {CALL_988}"  # the last thing on the screen


def test_stopping_without_a_safety_answer_ends_on_the_resume_hint(home: Path) -> None:
    done = screen([], [*NO_USE, "q"])
    (hint,) = _after_stopping(done.stderr)
    assert hint.endswith(
        f"To go on where you stopped, run: iop-assess screen --resume {resume_id(hint)}"
    )


def test_no_save_crisis_block_does_not_say_the_answers_are_kept(home: Path) -> None:
    done = screen(["--no-save"], [*CRISIS, "q"])
    text = " ".join(done.stderr.split())
    assert "Your answers are not saved (--no-save)." in text
    assert "answers so far are kept" not in text and "are saved" not in text
    assert _after_stopping(done.stderr) == [
        "Nothing was saved (--no-save). Your answers are gone.",
        f"{CALL_911} {CALL_988}",
    ]


def _last_paragraph(text: str) -> str:
    return " ".join(text.rstrip().rsplit("\n\n", 1)[-1].split())


@pytest.mark.parametrize("save", [True, False])
def test_a_whole_screen_with_a_safety_answer_ends_on_911_and_988(
    bank: Bank, home: Path, save: bool
) -> None:
    args = [] if save else ["--no-save"]
    done = screen(args, [*script_for(bank, LEVELS["emergency"]), ""])
    assert done.exit_code == 0, done.stderr
    assert _last_paragraph(done.stderr) == f"{CALL_911} {CALL_988}"


def test_a_whole_screen_without_a_safety_answer_does_not_end_on_the_crisis_lines(
    bank: Bank, home: Path
) -> None:
    done = screen([], [*script_for(bank, CALM), ""])
    assert done.exit_code == 0, done.stderr
    assert CALL_911 not in _last_paragraph(done.stderr)  # only in the welcome and the report


def test_r_after_a_safety_answer_shows_the_result_now_and_keeps_the_session_open(
    home: Path,
) -> None:
    done = screen(["--report", "r.json"], [*CRISIS, "r"])
    assert done.exit_code == 0, done.stderr
    data = json.loads(Path("r.json").read_text())
    assert data["recommendation"]["could_reach"] == "emergency"
    assert "suicide_risk" in data["flags"]
    (early,) = [w for w in data["warnings"] if w.startswith("You chose to see your result")]
    assert "questions that could apply were not answered" in early
    assert "You chose to see your result before the end" in " ".join(done.stdout.split())
    assert "Review your answers" not in done.stderr
    ref = resume_id(done.stderr)
    assert "To answer the other questions later: iop-assess screen --resume" in " ".join(
        done.stderr.split()
    )
    assert _last_paragraph(done.stderr) == f"{CALL_911} {CALL_988}"  # still the last thing
    assert json.loads(session_files(home)[0].read_text())["status"] == "in_progress"
    finished = screen(["--resume", ref], ["", "2", "2", *[""] * 12, ""])
    assert "Welcome back" in finished.stderr


# -- a finished session -------------------------------------------------------------------------


def test_resuming_a_finished_session_shows_its_result_and_offers_a_new_one(
    bank: Bank, home: Path
) -> None:
    assert screen([], script_for(bank, CALM)).exit_code == 0
    (path,) = session_files(home)
    before = path.read_bytes()
    ref = path.stem
    again = screen(["--resume", ref], ["n"])
    assert again.exit_code == 0, again.stderr
    assert f"Session {ref} is finished. Here is its result again." in again.stderr
    assert "not a diagnosis" in again.stdout
    assert "About 0 questions" not in again.stderr and "Welcome back" not in again.stderr
    assert "Nothing was changed. To start a new session: iop-assess screen" in again.stderr
    assert path.read_bytes() == before  # still finished, not marked in progress again
    new = screen(["--resume", ref], ["y", "", "35", "q"])
    assert new.exit_code == 0, new.stderr
    assert "Start a new session now? (y/N)" in new.stderr
    files = session_files(home)
    assert len(files) == 2 and path.read_bytes() == before
    (other,) = [f for f in files if f != path]
    assert json.loads(other.read_text())["answers"] == {"age": 35}
