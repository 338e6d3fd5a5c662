"""The assessment as a record: when and by whom it was answered, what a counselor left blank,
the answers file that carries them through a round trip, the person's report without question
ids, the youth headline, and the counselor's ten-line summary."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ALL_LEVELS, make_assessment
from interview_scripts import LEVELS, script_for
from typer.testing import CliRunner

from iop_assess.answers import parse_answers, read_answers
from iop_assess.answers_file import document
from iop_assess.assessment import assess_answers, assess_set
from iop_assess.bank import load_bank
from iop_assess.cli import app
from iop_assess.errors import InputError
from iop_assess.report import Format, render
from iop_assess.report.summary import MAX_LINES

BANK = load_bank()
ASSETS = Path(__file__).parent / "assets"
FIXTURES = sorted(p for p in (ASSETS / "answers" / "score").glob("*.yaml") if p.stem != "bad")
VIGNETTES = sorted((ASSETS / "vignettes").glob("*.yaml"))
EVENING = datetime(2026, 3, 4, 21, 30, tzinfo=timezone(timedelta(hours=-5)))
ITEM_ID = re.compile(
    r"\b(?:"
    + "|".join(re.escape(i) for i in sorted(BANK.items, key=len, reverse=True) if "_" in i)
    + r")\b"
)
"""Item ids that cannot be mistaken for a word (``pregnant`` and ``age`` are words too)."""
HUMAN = (Format.text, Format.md, Format.html)


def runner() -> CliRunner:
    return CliRunner()


# -- the record ---------------------------------------------------------------------------------


def test_an_answers_file_says_when_and_who_and_what_was_left_blank() -> None:
    given = parse_answers(
        BANK,
        {
            "answered": "2026-03-04T21:30:00-05:00",
            "answered_by": "counselor_entered",
            "blank": ["gad7_3", "age"],
            "answers": {"phq9_1": 1, "gad7_1": 2},
        },
        "t",
    )
    record = assess_set(BANK, given)
    assert record.answered_at == EVENING
    assert record.answered_by == "counselor_entered" and record.counselor
    assert record.blank == ("age", "gad7_3")  # in questionnaire order
    assert record.in_order()[:2] == ["age", "phq9_1"]
    assert record.status == "complete"
    assert assess_set(BANK, given, answered_by="self").counselor is False


def test_a_naive_time_is_read_as_local_time() -> None:
    given = parse_answers(BANK, {"answered": "2026-03-04T21:30", "answers": {}}, "t")
    assert given.answered_at is not None and given.answered_at.utcoffset() is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answered": "last tuesday"}, "answered: expected a date and time in quotes"),
        ({"answered": 5}, "answered: expected a date and time in quotes"),
        ({"answered_by": "nurse"}, "answered_by: expected one of self, counselor_read"),
        ({"blank": "age"}, "blank: expected a list of item ids"),
        ({"blank": ["agee"]}, "blank: unknown item id; did you mean age?"),
        ({"blank": ["age"], "answers": {"age": 40}}, "age: left blank, but also answered"),
    ],
)
def test_bad_record_fields_are_located_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(BANK, {"answers": {}} | data, "t")
    assert any(message in p for p in caught.value.problems)


def test_the_answers_file_round_trips_with_blanks_in_questionnaire_order() -> None:
    answers = {"phq9_2": 1, "age": 40, "gad7_1": "declined", "substances": ["alcohol", "none"]}
    answers.pop("substances")
    record = assess_answers(
        BANK,
        parse_answers(BANK, {"answers": answers}, "t").answers,
        client="A-17",
        notes={"about_you": "lives with sister"},
        answered_at=EVENING,
        answered_by="counselor_read",
        blank=("phq9_1", "sex"),
    )
    text = document(record)
    assert "answered: '2026-03-04T21:30:00-05:00'" in text
    assert text.index("age:") < text.index("phq9_2:") < text.index("gad7_1:")
    assert "blank: [sex, phq9_1]" in text
    again = assess_set(BANK, parse_answers_text(text))
    assert (again.answered_at, again.answered_by, again.blank) == (
        EVENING,
        "counselor_read",
        ("sex", "phq9_1"),
    )
    assert again.answers == record.answers and again.client == "A-17"
    assert document(again) == text


def parse_answers_text(text: str) -> object:
    from iop_assess.yamlsource import parse_text

    located = parse_text(text, "again.yaml")
    return parse_answers(BANK, located.data, "again.yaml", located)


def test_a_counselor_screen_writes_blanks_who_and_when(tmp_path: Path) -> None:
    answers = {k: v for k, v in LEVELS["iop"].items() if k not in ("phq9_4", "gad7_2")}
    lines = script_for(BANK, answers, counselor=True)
    report = tmp_path / "visit.md"
    done = runner().invoke(
        app,
        ["screen", "--counselor", "--no-save", "--report", str(report)],
        input="".join(f"{line}\n" for line in lines),
    )
    assert done.exit_code == 0, done.stderr
    written = (tmp_path / "visit.answers.yaml").read_text(encoding="utf-8")
    assert "answered_by: counselor_read" in written
    assert re.search(r"answered: '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d'", written)
    assert "blank: [phq9_4, gad7_2]" in written
    ids = re.findall(r"^  (\w+):", written.split("answers:", 1)[1], flags=re.MULTILINE)
    assert ids == sorted(ids, key=BANK.order.__getitem__)
    # the blanks survive scoring the file again
    scored = runner().invoke(app, ["score", str(tmp_path / "visit.answers.yaml"), "-f", "json"])
    assert json.loads(scored.stdout)["assessment"]["blank"] == ["phq9_4", "gad7_2"]
    md = report.read_text(encoding="utf-8")
    assert "Answered by: the person, with a counselor who read the questions" in md
    assert "2 questions were left blank on purpose (items: phq9_4, gad7_2)" in md
    # the summary comes after the report, for the clinical note
    summary = done.stdout.split("Summary for the clinical note:\n", 1)[1]
    assert len(summary.strip().splitlines()) <= MAX_LINES
    assert "by: counselor_read" in summary and "left blank: phq9_4, gad7_2" in summary


# -- the person's report ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("path", FIXTURES + VIGNETTES, ids=lambda p: p.stem)
def test_a_persons_report_names_no_question_ids(fmt: Format, path: Path) -> None:
    try:
        given = read_answers(BANK, path)
    except InputError:
        pytest.skip("an answers file that is refused")
    text = render(assess_set(BANK, given, answered_by="self"), fmt, width=2000, plain=True)
    if fmt is Format.html:
        text = text.split("<body>", 1)[1]
    # a warning about the answers file names the ids the file used (a person never sees one
    # after ``screen``: the interview asks only what applies)
    kept = [line for line in text.splitlines() if "was answered, but" not in line]
    assert ITEM_ID.findall("\n".join(kept)) == []
    counselor = render(assess_set(BANK, given, answered_by="counselor_read"), fmt, width=200)
    assert ITEM_ID.findall(counselor) or not given.answers


@pytest.mark.parametrize("fmt", HUMAN)
def test_reports_carry_when_and_who(fmt: Format) -> None:
    out = render(make_assessment("iop", answered_by="counselor_entered"), fmt, width=200)
    assert "Answered: 2026-03-04T21:30:00-05:00" in out
    assert "a counselor, who entered the person" in out
    unknown = render(make_assessment("iop", answered_at=None, answered_by=None), fmt, width=200)
    assert "Scored: 2026-03-04T21:45:00-05:00" in unknown
    assert "Answered by" not in unknown
    partial = render(make_assessment("iop", status="in_progress"), fmt, width=200)
    assert "The questionnaire was not finished" in " ".join(partial.split())


@pytest.mark.parametrize("fmt", HUMAN)
def test_under_18_the_headline_says_built_for_adults_before_any_level(fmt: Format) -> None:
    out = render(make_assessment("outpatient", flags=("youth",)), fmt, width=300)
    flat = " ".join(re.sub(r"<[^>]+>|[#*]", " ", out).split())
    headline = flat.index("This tool is built for adults, and you are under 18.")
    assert headline < flat.index("Your answers suggest that outpatient care may fit.")
    assert "Services made for young people may fit you better" in flat


# -- the summary --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES + VIGNETTES, ids=lambda p: p.stem)
def test_the_summary_is_ten_lines_with_everything_a_note_needs(path: Path) -> None:
    try:
        given = read_answers(BANK, path)
    except InputError:
        pytest.skip("an answers file that is refused")
    record = assess_set(BANK, given, answered_by="counselor_read")
    lines = render(record, Format.summary).splitlines()
    assert 1 < len(lines) <= MAX_LINES
    text = "\n".join(lines)
    rec = record.result.recommendation
    assert f"Level: {rec.level}" in text
    if rec.then:
        assert f", then {rec.then}" in text
    assert f"could reach: {rec.could_reach or 'no higher'}" in text
    assert f"Flags: {', '.join(record.result.flags) or 'none'}" in text
    for key, score in record.result.instruments.items():
        if score.status == "complete":
            assert f"{key} {score.total}/{score.max} {score.band}" in text
    for reason in rec.reasons:
        assert reason.rule in text
    assert "by: counselor_read" in text and "When: " in text
    assert "not a diagnosis" in text and "988" in text


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_the_summary_of_every_level_fits(level: str) -> None:
    lines = render(make_assessment(level, client="A-17"), Format.summary).splitlines()  # type: ignore[arg-type]
    assert len(lines) <= MAX_LINES
    assert (
        lines[1] == "When: 2026-03-04T21:30:00-05:00 (answered); by: self; status: complete; "
        "client: A-17"
    )


def test_who_answered_is_spelled_the_same_everywhere() -> None:
    from iop_assess import answers, assessment, cli

    assert answers.ANSWERED_BY == assessment.ANSWERED_BY
    assert tuple(v.value for v in cli.AnsweredBy) == assessment.ANSWERED_BY
    assert set(assessment.ANSWERED_BY_WORDS) == set(assessment.ANSWERED_BY)
