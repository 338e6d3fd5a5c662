"""How long the screen is: questions asked and words shown, short screen against ``--full``.

Drives the real interview engine (``iop_assess.interview.Interview``) with a prompter that
answers from each answer set of ``tests/interview_scripts.py`` (one per level of care, and the
people: someone who uses nothing, low-risk drinking, weekend binge drinking, daily drinking with
withdrawal now) and records everything shown: every block, question (with its choices, hint and
keys) and prompt, as the plain-text prompter would print it. Words are counted in that text.

Goals (issue #8): someone who uses nothing, 20 questions or fewer; low-risk drinking, 30 or
fewer; the heaviest case, 60 or fewer.

Usage: ``uv run python benchmarks/length.py``. Not a test: it prints a table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from interview_scripts import LEVELS, PEOPLE, Responder  # noqa: E402

from iop_assess.assess import assess  # noqa: E402
from iop_assess.bank import Answer, Bank, load_bank  # noqa: E402
from iop_assess.interview import Block, Interview, Question  # noqa: E402
from iop_assess.interview.engine import SECONDS_PER_QUESTION  # noqa: E402
from iop_assess.interview.text import block_text, question_text  # noqa: E402

GOALS = {"uses nothing": 20, "low-risk drinking": 30}
HEAVIEST = 60
WIDTH = 80


class Recorder(Responder):
    """Answers like :class:`interview_scripts.Responder` and keeps every prompt shown too."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        super().__init__(answers)
        self.prompts: list[str] = []

    def line(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return super().line(prompt)


def measure(bank: Bank, answers: dict[str, Answer]) -> tuple[int, int, str]:
    """Questions asked (each once), words shown, and the level reached."""
    recorder = Recorder(answers)
    outcome = Interview(bank, recorder).run()
    asked = {s.item_id for s in recorder.shown if isinstance(s, Question)}
    text = [
        block_text(s, WIDTH) if isinstance(s, Block) else question_text(s, WIDTH)
        for s in recorder.shown
    ]
    words = sum(len(t.split()) for t in [*text, *recorder.prompts])
    return len(asked), words, assess(bank, outcome.answers).recommendation.level


def main() -> None:
    bank = load_bank()
    full = bank.with_full()
    sets = dict(PEOPLE)  # the "none" level is the low-risk drinker
    sets |= {f"level {k}": v for k, v in LEVELS.items() if v not in PEOPLE.values()}
    rows = []
    for name, answers in sets.items():
        short_q, short_w, level = measure(bank, answers)
        full_q, full_w, full_level = measure(full, answers)
        rows.append((name, level, short_q, full_q, short_w, full_w, full_level))
    print(
        f"{'answer set':<32} {'level':<12} {'questions':>9} {'(--full)':>8} {'words':>6} "
        f"{'(--full)':>8} {'minutes':>7}"
    )
    for name, level, short_q, full_q, short_w, full_w, full_level in rows:
        minutes = short_q * SECONDS_PER_QUESTION / 60
        flag = "" if full_level == level else f"  (--full: {full_level})"
        print(
            f"{name:<32} {level:<12} {short_q:>9} {full_q:>8} {short_w:>6} {full_w:>8} "
            f"{minutes:>7.1f}{flag}"
        )
    print()
    heaviest = max(rows, key=lambda r: r[2])
    checks = [(name, rows_q, GOALS[name]) for name, _, rows_q, *_ in rows if name in GOALS]
    checks.append((f"heaviest ({heaviest[0]})", heaviest[2], HEAVIEST))
    for name, count, goal in checks:
        verdict = "meets" if count <= goal else "MISSES"
        print(f"goal: {name}: {count} questions, {verdict} the goal of {goal} or fewer")


if __name__ == "__main__":
    main()
