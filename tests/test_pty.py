"""``iop-assess screen`` in a real pseudo-terminal (pexpect), the way a person uses it: the rich
prompter, Ctrl-C, resuming, and the crisis block before the next question."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from interview_scripts import CALM, asked, script_for

from iop_assess.bank import Bank, load_bank
from iop_assess.session import SessionStore

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX terminal"),
]

PROMPTS = [
    r"\n(?:\x1b\[[0-9;]*m)*> ",
    r"Press Enter to start \(q to stop\): ",
    r"or q to save and stop: ",
    r"\(\? for help\): ",
    r"or press Enter to skip: ",
]
PAUSE = r"r to see your result now, or q to save and stop: "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = set("─│╭╮╰╯")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def spawn(
    home: Path, args: Sequence[str], *, env: Mapping[str, str] | None = None, width: int = 200
) -> pexpect.spawn:
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment |= {"IOP_ASSESS_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": str(width)}
    environment |= dict(env or {})
    return pexpect.spawn(
        sys.executable,
        ["-m", "iop_assess", "screen", *args],
        env=environment,
        cwd=str(home.parent),
        dimensions=(50, width),
        encoding="utf-8",
        timeout=30,
        # A shell that starts the tests in the background makes them ignore SIGINT, and the
        # child would inherit that; a person's terminal delivers Ctrl-C, so restore it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def answer(child: pexpect.spawn, lines: Sequence[str]) -> None:
    for line in lines:
        child.expect(PROMPTS)
        child.sendline(line)


def saved(home: Path) -> dict[str, object]:
    (path,) = sorted((home / "sessions").glob("*.json"))
    data: dict[str, object] = json.loads(path.read_text())
    return data


def test_ctrl_c_then_resume_keeps_every_answer(bank: Bank, tmp_path: Path) -> None:
    home = tmp_path / "home"
    lines = script_for(bank, CALM)
    child = spawn(home, [])
    child.expect("Welcome")
    answer(child, lines[:20])
    child.expect(PROMPTS[0])
    child.sendintr()
    child.expect("Stopped.")
    child.expect(r"screen --resume (\w+)")
    session_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    before = saved(home)["answers"]
    assert isinstance(before, dict) and len(before) == 19

    child = spawn(home, ["--resume", session_id])
    child.expect("19 answers from your last visit are kept")
    answer(child, ["", *lines[20:], ""])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = saved(home)
    answers = data["answers"]
    assert isinstance(answers, dict)
    assert {k: answers[k] for k in before} == before
    assert answers == asked(bank, CALM)
    assert data["status"] == "completed"


def test_a_safety_answer_shows_the_crisis_block_before_the_next_question(
    bank: Bank, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    store = SessionStore(home / "sessions")
    upto = list(bank.items).index("phq9_9")
    earlier = {k: v for k, v in CALM.items() if list(bank.items).index(k) < upto}
    session = store.save(store.new(bank).with_answer("age", 35, position=None))
    from dataclasses import replace

    store.save(replace(session, answers=earlier))
    child = spawn(home, ["--resume", session.id])
    answer(child, [""])
    child.expect("better off dead")
    child.expect(PROMPTS[0])
    child.sendline("2")  # "Several days"
    child.expect("IMPORTANT: Help is available now")
    between = child.before
    assert "question" not in between.split("2", 1)[-1]
    child.expect("988")
    child.expect("911")
    child.expect(PAUSE)
    assert "plan" not in child.before.lower()  # the next question is not shown yet
    child.sendline("")
    child.expect("plan")  # the suicide_plan follow-up comes next
    child.expect(PROMPTS[0])
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    answers = saved(home)["answers"]
    assert isinstance(answers, dict) and answers["phq9_9"] == 1


@pytest.mark.parametrize(
    ("args", "env"),
    [([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"}), (["--plain"], {})],
    ids=["NO_COLOR", "TERM=dumb", "--plain"],
)
def test_plain_text_has_no_boxes_or_colour_and_fits_40_columns(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    child = spawn(home, ["--no-save", *args], env=env, width=40)
    log = io.StringIO()
    child.logfile_read = log
    answer(child, ["", "35", "2"])
    child.expect(PROMPTS[0])
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    transcript = log.getvalue()
    assert "\x1b[3" not in transcript  # no colour codes
    assert not BOX & set(transcript)
    assert "IMPORTANT: Help is available now" in transcript
    lines = transcript.replace("\r", "").split("\n")
    assert max(len(line) for line in lines) <= 40


def _at_the_crisis_pause(bank: Bank, home: Path) -> pexpect.spawn:
    """A session resumed just before PHQ-9 question 9, answered "nearly every day": the crisis
    block is on the screen, waiting at its pause."""
    from dataclasses import replace

    store = SessionStore(home / "sessions")
    upto = list(bank.items).index("phq9_9")
    earlier = {k: v for k, v in asked(bank, CALM).items() if list(bank.items).index(k) < upto}
    session = store.save(replace(store.new(bank), answers=earlier))
    child = spawn(home, ["--resume", session.id])
    answer(child, [""])
    child.expect("better off dead")
    child.expect(PROMPTS[0])
    child.sendline("4")
    child.expect("IMPORTANT: Help is available now")
    child.expect(PAUSE)
    return child


def _screen_after(child: pexpect.spawn) -> list[str]:
    """The lines left on the screen once the program ended, without colour codes."""
    child.expect(pexpect.EOF)
    child.close()
    text = ANSI.sub("", child.before).replace("\r", "")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("how", ["q", "ctrl-c", "ctrl-d", "sigterm"])
def test_stopping_after_a_safety_answer_ends_on_911_and_988(
    bank: Bank, tmp_path: Path, how: str
) -> None:
    child = _at_the_crisis_pause(bank, tmp_path / "home")
    if how == "q":
        child.sendline("q")
    elif how == "ctrl-c":
        child.sendintr()
    elif how == "ctrl-d":
        child.sendeof()
    else:
        child.kill(signal.SIGTERM)
    lines = _screen_after(child)
    assert child.exitstatus == {"q": 0, "ctrl-c": 130, "ctrl-d": 130, "sigterm": 143}[how]
    last = " ".join(lines[-4:])
    assert last.endswith(
        "In danger now, hurt, or very sick (a seizure, chest pain, an overdose)? Call 911. "
        "Thinking about hurting yourself, or in crisis? Call or text 988 (Suicide & Crisis "
        "Lifeline). It is free, private, and open all day, every day."
    ), lines[-6:]
    assert any("screen --resume" in line for line in lines[-8:])


def test_r_at_the_crisis_pause_shows_the_result_now(bank: Bank, tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = _at_the_crisis_pause(bank, home)
    child.sendline("r")
    child.expect("GET HELP NOW")  # the report, crisis block first
    child.expect("could point as high as")
    child.expect(PROMPTS[4])  # save a copy?
    child.sendline("")
    lines = _screen_after(child)
    assert child.exitstatus == 0
    said = " ".join(lines[-3:])
    assert "You saw your result before the end. To answer the other questions later:" in said
    assert saved(home)["status"] == "in_progress"
