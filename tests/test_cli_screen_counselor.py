"""Driving ``screen --counselor`` with the answers of an answers file reaches the same result as
``score`` on that file: for the scoring fixtures, which answer every question (``--full``: a
counselor entering a whole form), and for generated answer sets shaped like a short screen
(declined and left-out items included)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_scripts import script_for
from typer.testing import CliRunner

from iop_assess.answers import read_answers
from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.cli import app
from iop_assess.gates import contradictions
from iop_assess.model import DECLINED

runner = CliRunner()
BANK = load_bank()
FIXTURES = sorted(
    p
    for p in (Path(__file__).parent / "assets" / "answers" / "score").glob("*.yaml")
    if p.stem != "bad"
)


def compare(
    bank: Bank, answers_file: Path, workdir: Path, *, rescore: bool = True, full: bool = False
) -> None:
    given_set = read_answers(bank, answers_file)
    asking = bank.with_full(full)
    lines = script_for(asking, given_set.answers, counselor=True, notes=given_set.notes)
    report = workdir / "screen.json"
    args = ["screen", "--counselor", "--no-save", "--report", str(report), "--force"]
    if full:
        args.append("--full")
    if given_set.client:
        args += ["--client", given_set.client]
    text = "".join(f"{line}\n" for line in lines)
    done = runner.invoke(app, args, input=text, catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    scored = runner.invoke(app, ["score", str(answers_file), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    expected: dict[str, Any] = json.loads(scored.stdout)
    got: dict[str, Any] = json.loads(report.read_text())
    # `score` warns about answers that do not apply; the interview never asks them.
    expected.pop("warnings")
    got.pop("warnings")
    # when and by whom: the interview knows, a plain answers file does not say
    record = got.pop("assessment")
    assert expected.pop("assessment")["answered_by"] is None
    assert record["answered_by"] == "counselor_read"
    assert record["status"] == "complete" and record["answered_at"] is not None
    assert got == expected
    if not rescore:
        return
    # the answers file the interview wrote scores the same again, when and who included
    again = runner.invoke(app, ["score", str(workdir / "screen.answers.yaml"), "--format", "json"])
    rescored = json.loads(again.stdout) | {"warnings": []}
    assert rescored.pop("assessment") | {"scored_at": None} == record | {"scored_at": None}
    assert rescored == got | {"warnings": []}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_counselor_screen_matches_score_on_fixture_files(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    compare(BANK, path, tmp_path, full=True)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    """Answers to the questions that apply, in asking order: mostly valid values, some
    declined, some left out (a left-out question opens its follow-ups, as in `score`). An
    answer that would contradict a past-year question is left out (`score` refuses it)."""
    answers: dict[str, Answer] = {}
    for item_id, ref in BANK.items.items():
        if not BANK.applies(item_id, answers):
            continue
        what = draw(st.sampled_from(["answer"] * 8 + ["declined", "left_out"]))
        if what == "declined":
            answers[item_id] = DECLINED
            continue
        if what == "left_out":
            continue
        options = list(ref.options or ())
        if ref.item.type == "integer":
            assert ref.item.min is not None and ref.item.max is not None
            answers[item_id] = draw(st.integers(ref.item.min, ref.item.max))
        elif ref.item.type == "multiple":
            exclusive = [o.value for o in options if o.exclusive]
            others = [o.value for o in options if not o.exclusive]
            if exclusive and draw(st.booleans()):
                answers[item_id] = [draw(st.sampled_from(exclusive))]
            else:
                chosen = draw(st.sets(st.sampled_from(others), min_size=1))
                answers[item_id] = [v for v in others if v in chosen]
        else:
            answers[item_id] = draw(st.sampled_from([o.value for o in options]))
        if contradictions(answers):
            del answers[item_id]
    return answers


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answer_sets())
def test_counselor_screen_matches_score_on_generated_answers(
    answers: dict[str, Answer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}))
    compare(BANK, path, tmp_path, rescore=False)
