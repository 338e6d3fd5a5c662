"""Two-stage instruments (``short_form`` in the questionnaire format): the AUDIT-C before the
rest of the AUDIT, the PHQ-2 before the rest of the PHQ-9 (question 9 always), the GAD-2 before
the rest of the GAD-7. Golden tables at each cut-off, what a screened-negative instrument
reports and how the rules read it, the full form, and how conditions on a score are checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import record_of
from test_rules_risk import CALM, DRINKER, run

from iop_assess.assess import assess
from iop_assess.bank import Answers, Bank, load_bank
from iop_assess.errors import QuestionnaireError
from iop_assess.loader import load_files
from iop_assess.model import DECLINED, json_schema
from iop_assess.report import Format, render
from iop_assess.result import to_json
from iop_assess.rules.base import severity_at_least
from iop_assess.rules.facts import Facts, Severity
from iop_assess.scoring import score_all, score_instrument

REST = {
    "phq9": [f"phq9_{i}" for i in range(3, 9)],
    "gad7": [f"gad7_{i}" for i in range(3, 8)],
    "audit": [f"audit_{i}" for i in range(4, 11)],
}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def shown(bank: Bank, instrument: str, answers: Answers) -> list[str]:
    return [i for i in REST[instrument] if bank.applies(i, answers)]


# -- the bundled short forms --------------------------------------------------------------------


def test_three_instruments_have_a_short_form_with_a_cited_cut_off(bank: Bank) -> None:
    forms = {key: form for key, (form, _) in bank.short_forms.items()}
    assert {k: f.first for k, f in forms.items()} == {
        "audit": "audit_c",
        "phq9": "phq2",
        "gad7": "gad2",
    }
    assert forms["phq9"].always == ["phq9_9"]
    assert {k: rest for k, (_, rest) in bank.short_forms.items()} == {
        k: tuple(v) for k, v in REST.items()
    }
    gad2 = next(s for s in bank.instruments["gad7"].subscales if s.id == "gad2")
    assert gad2.items == ["gad7_1", "gad7_2"]
    assert "[kroenke-2007" in forms["gad7"].cutoff_source
    assert "[arroll-2010]" in forms["phq9"].cutoff_source
    assert "[bush-1998; bradley-2003]" in forms["audit"].cutoff_source


# -- golden tables at the cut-offs -----------------------------------------------------------------

PHQ2 = [  # (phq9_1, phq9_2) → the rest asked?
    ((0, 0), False),
    ((1, 0), False),
    ((0, 1), False),
    ((1, 1), True),
    ((2, 0), True),
    ((3, 3), True),
]


@pytest.mark.parametrize(("pair", "rest"), PHQ2)
def test_phq2_of_2_or_more_asks_the_rest_of_the_phq9_and_item_9_always(
    bank: Bank, pair: tuple[int, int], rest: bool
) -> None:
    answers = {"phq9_1": pair[0], "phq9_2": pair[1]}
    assert shown(bank, "phq9", answers) == (REST["phq9"] if rest else [])
    assert bank.applies("phq9_9", answers)
    score = score_instrument(bank, "phq9", answers | {"phq9_9": 0})
    if rest:
        assert score.status == "incomplete"
        assert score.missing == tuple(REST["phq9"])
    else:
        assert score.status == "screened_negative"
        assert (score.total, score.band) == (None, "minimal")
        assert score.first_stage is not None
        assert (score.first_stage.id, score.first_stage.total, score.first_stage.max) == (
            "phq2",
            sum(pair),
            6,
        )


@pytest.mark.parametrize(
    ("pair", "rest"), [((0, 0), False), ((1, 1), False), ((2, 0), False), ((2, 1), True)]
)
def test_gad2_of_3_or_more_asks_the_rest_of_the_gad7(
    bank: Bank, pair: tuple[int, int], rest: bool
) -> None:
    answers = {"gad7_1": pair[0], "gad7_2": pair[1]}
    assert shown(bank, "gad7", answers) == (REST["gad7"] if rest else [])
    score = score_instrument(bank, "gad7", answers)
    assert score.status == ("incomplete" if rest else "screened_negative")
    if not rest:
        assert score.band == "minimal"
        assert score.first_stage is not None and score.first_stage.total == sum(pair)


AUDIT_C = [  # (sex, AUDIT-C total) → the rest asked? (men 4 or more, everyone else 3)
    ("female", 2, False),
    ("female", 3, True),
    ("other", 3, True),
    (None, 3, True),
    (DECLINED, 3, True),
    ("male", 3, False),
    ("male", 4, True),
]


@pytest.mark.parametrize(("sex", "total", "rest"), AUDIT_C)
def test_audit_c_positive_asks_the_rest_of_the_audit_by_sex(
    bank: Bank, sex: str | None, total: int, rest: bool
) -> None:
    answers: dict[str, Any] = {"alcohol_past_year": "yes", "audit_1": 1}
    answers |= {"audit_2": min(total - 1, 4), "audit_3": max(total - 5, 0)}
    if sex is not None:
        answers["sex"] = sex
    assert score_instrument(bank, "audit_c", answers).total == total
    assert shown(bank, "audit", answers) == (REST["audit"] if rest else [])
    score = score_instrument(bank, "audit", answers)
    assert score.status == ("incomplete" if rest else "screened_negative")
    if not rest:
        assert (score.band, score.partial) == ("low_risk", total)


def test_never_drinking_in_the_audit_stops_after_question_1(bank: Bank) -> None:
    answers = {"alcohol_past_year": "yes", "sex": "female", "audit_1": 0}
    assert [i for i in bank.items if i.startswith("audit_") and bank.applies(i, answers)] == [
        "audit_1"
    ]
    score = score_instrument(bank, "audit", answers)
    assert score.status == "screened_negative"
    assert score.first_stage is not None and score.first_stage.total == 0


# -- what answers a short form keeps, and the full form --------------------------------------------


def test_every_item_answered_scores_the_full_instrument_even_below_the_cut_off(
    bank: Bank,
) -> None:
    answers = {f"phq9_{i}": 0 for i in range(1, 10)} | {"phq9_5": 3, "phq9_6": 3}
    kept, dropped = bank.effective(answers)
    assert dropped == [] and kept == answers
    score = score_instrument(bank, "phq9", answers)
    assert (score.status, score.total, score.band) == ("complete", 6, "mild")


def test_part_of_the_rest_answered_below_the_cut_off_is_incomplete_never_low(bank: Bank) -> None:
    answers = {"phq9_1": 0, "phq9_2": 1, "phq9_5": 3, "phq9_9": 0}
    score = score_instrument(bank, "phq9", answers)
    assert score.status == "incomplete"
    assert score.partial == 4
    assert "phq9_3" in score.missing


def test_a_declined_first_stage_item_asks_the_rest(bank: Bank) -> None:
    answers = {"phq9_1": DECLINED, "phq9_2": 0}
    assert shown(bank, "phq9", answers) == REST["phq9"]
    assert score_instrument(bank, "phq9", answers | {"phq9_9": 0}).status == "incomplete"


def test_a_declined_item_9_keeps_the_phq9_incomplete_and_flags_it(bank: Bank) -> None:
    short = {k: v for k, v in CALM.items() if k not in REST["phq9"]}
    result = assess(bank, short | {"phq9_9": DECLINED})
    assert result.instruments["phq9"].status == "incomplete"
    assert "suicide_risk" in result.flags


def test_the_full_form_asks_everything_and_never_screens(bank: Bank) -> None:
    full = bank.with_full()
    assert full.full and full.short_forms == {}
    answers = {"phq9_1": 0, "phq9_2": 0, "phq9_9": 0}
    assert shown(full, "phq9", answers) == REST["phq9"]
    assert score_instrument(full, "phq9", answers).status == "incomplete"
    assert full.with_full() is full and full.with_full(False).short_forms


# -- how the rules read a screened-negative instrument -------------------------------------------


def _severity(bank: Bank, answers: Answers) -> Severity:
    facts = Facts(bank, answers, score_all(bank, answers))
    return max(s for s in Severity if severity_at_least(facts, s).value is True)


def test_a_screened_negative_audit_reads_as_its_lowest_band(bank: Bank) -> None:
    short = {k: v for k, v in DRINKER.items() if k not in REST["audit"]}
    light = short | {"sex": "male", "audit_1": 1, "audit_2": 1, "audit_3": 1}
    assert score_all(bank, light)["audit"].status == "screened_negative"
    assert _severity(bank, light) == Severity.LOW
    result = run(light)
    assert result.recommendation.level == "none"
    assert result.dimensions["relapse"].rating == 1  # low severity: some risk


def test_a_screened_negative_phq9_rates_no_mood_concern_but_item_9_still_counts(
    bank: Bank,
) -> None:
    short = {k: v for k, v in CALM.items() if k not in REST["phq9"] and k not in REST["gad7"]}
    calm = short | {"phq9_1": 1, "phq9_2": 0, "phq9_9": 0, "gad7_1": 1, "gad7_2": 1}
    result = run(calm)
    assert result.instruments["phq9"].status == "screened_negative"
    assert result.instruments["gad7"].status == "screened_negative"
    assert result.dimensions["emotional"].rating == 0
    thoughts = run(calm | {"phq9_9": 2})
    assert thoughts.dimensions["emotional"].rating == 3
    assert "suicide_risk" in thoughts.flags


def test_the_json_result_names_the_first_stage(bank: Bank) -> None:
    short = {k: v for k, v in CALM.items() if k not in REST["phq9"]}
    data = to_json(run(short | {"phq9_1": 1, "phq9_2": 0}))
    phq9 = data["instruments"]["phq9"]
    assert phq9["status"] == "screened_negative"
    assert (phq9["total"], phq9["band"]) == (None, "minimal")
    assert phq9["first_stage"] == {"id": "phq2", "total": 1, "max": 6}
    assert "first_stage" not in data["instruments"]["scoff"]


@pytest.mark.parametrize("fmt", [Format.text, Format.md])
def test_reports_say_which_short_form_was_used(bank: Bank, fmt: Format) -> None:
    short = {k: v for k, v in CALM.items() if k not in REST["phq9"]}
    result = run(short | {"phq9_1": 1, "phq9_2": 0})
    text = " ".join(render(record_of(result), fmt, width=200).split())
    assert "1 of 6 on the short form" in text
    assert "Minimal (short form: PHQ-2)" in text
    assert "Below the cut-off on the short form (PHQ-2), so the other questions were not" in text


# -- conditions on a score -----------------------------------------------------------------------


def test_a_score_condition_is_known_as_soon_as_the_answers_decide_it(bank: Bank) -> None:
    rest = "phq9_3"
    assert bank.applies(rest, {})  # nothing answered: it may apply
    assert bank.applies(rest, {"phq9_1": 2})  # 2 already: the PHQ-2 is at least 2
    assert bank.applies(rest, {"phq9_1": 0})  # the second answer could still make it 2
    assert not bank.applies(rest, {"phq9_1": 0, "phq9_2": 1})
    assert not bank.surely_applies(rest, {"phq9_1": 0})
    assert bank.surely_applies(rest, {"phq9_1": 2})
    assert bank.surely_applies("phq9_1", {})


def test_a_band_condition_reads_the_band_variant(bank: Bank) -> None:
    """AUDIT-C positive is 3 or more, except for men (4): sex decides the band."""
    three = {"alcohol_past_year": "yes", "audit_1": 1, "audit_2": 1, "audit_3": 1}
    assert bank.applies("audit_4", three)
    assert not bank.applies("audit_4", three | {"sex": "male"})


def test_the_json_schema_knows_short_forms_and_score_conditions() -> None:
    schema = json.dumps(json_schema())
    for name in ('"short_form"', '"rest_if"', '"always"', '"score"', '"not"'):
        assert name in schema, name


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = """id: {id}
version: 1.0.0
title: {{en: T}}
description: {{en: D}}
source: Tests.
license: MIT
sections:
  - id: {id}
    order: 1
    title: {{en: T}}
    items:
      - {{id: {id}_1, type: yes_no, text: {{en: One}}, options: [{{value: "yes", score: 1, label: {{en: "Yes"}}}}, {{value: "no", score: 0, label: {{en: "No"}}}}]}}
      - {{id: {id}_2, type: yes_no, text: {{en: Two}}, options: [{{value: "yes", score: 1, label: {{en: "Yes"}}}}, {{value: "no", score: 0, label: {{en: "No"}}}}]}}
"""  # noqa: E501


def test_a_score_name_used_twice_is_ambiguous(tmp_path: Path) -> None:
    body = """instruments:
  - id: twice
    title: {en: T}
    items: [twice_1, twice_2]
    cutoff_source: Tests.
    bands: [{id: any, min: 0, max: 2, label: {en: Any}}]
    subscales: [{id: twice, title: {en: Same id}, items: [twice_1]}]
    short_form:
      first: twice
      rest_if: {score: twice, at_least: 1}
      cutoff_source: Tests.
"""
    path = _write(tmp_path, "twice.yaml", HEAD.format(id="twice") + body)
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(path, "twice.yaml")])
    assert [str(p) for p in caught.value.problems] == [
        "twice.yaml:22:14: the first stage 'twice' is ambiguous: it names both instrument "
        "'twice' and subscale of 'twice'; give one of them another id",
        "twice.yaml:23:24: score 'twice' is ambiguous: it names both instrument 'twice' and "
        "subscale of 'twice'; give one of them another id",
    ]


def test_a_short_form_that_leaves_nothing_for_later_is_refused(tmp_path: Path) -> None:
    body = """instruments:
  - id: none
    title: {en: T}
    items: [none_1, none_2]
    cutoff_source: Tests.
    bands: [{id: any, min: 0, max: 2, label: {en: Any}}]
    subscales: [{id: first, title: {en: First}, items: [none_1]}]
    short_form:
      first: first
      rest_if: {score: first, at_least: 1}
      always: [none_2]
      cutoff_source: Tests.
"""
    path = _write(tmp_path, "none.yaml", HEAD.format(id="none") + body)
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(path, "none.yaml")])
    assert [str(p) for p in caught.value.problems] == [
        "none.yaml:22:7: the short form leaves no questions for the second stage"
    ]
