"""``iop-assess screen`` in a real pseudo-terminal (pexpect), the way a person uses it: the rich
prompter, Ctrl-C, resuming, and the crisis block before the next question."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from interview_scripts import CALM, script_for

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
    r"save and stop\): ",
    r"see your result: ",
    r"or press Enter to skip: ",
]
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
    child.expect(r"iop-assess screen --resume (\w+)")
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
    assert answers == bank.effective(CALM)[0]
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
    child.expect(r"save and stop\): ")
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
