"""Golden score tables: every band boundary of every bundled instrument, from the published tables.

Each row of tests/assets/golden/<instrument>.yaml gives answers (as a person would write them in
an answers file) and the status, total and band the published scoring rules give for them. The
rows were written from the contract (§2) and the cited papers, not from this program's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iop_assess.answers import parse_answers
from iop_assess.bank import Bank, load_bank
from iop_assess.scoring import score_all, score_instrument
from iop_assess.yamlsource import parse_text

GOLDEN = Path(__file__).parent / "assets" / "golden"
INSTRUMENTS = ("phq9", "gad7", "audit", "audit_c", "dast10", "scoff")


def _rows() -> list[Any]:
    params = []
    for name in INSTRUMENTS:
        path = GOLDEN / f"{name}.yaml"
        table = parse_text(path.read_text(encoding="utf-8"), str(path)).data
        assert table["instrument"] == name
        params.extend(pytest.param(name, row, id=f"{name}:{row['id']}") for row in table["rows"])
    return params


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.mark.parametrize(("instrument", "row"), _rows())
def test_golden_row(bank: Bank, instrument: str, row: dict[str, Any]) -> None:
    answers = parse_answers(bank, {"answers": row["answers"]}, f"golden/{instrument}.yaml")
    score = score_instrument(bank, instrument, answers.answers)
    assert (score.status, score.total, score.band) == (row["status"], row["total"], row["band"])
    if row["status"] == "complete":
        assert score.band_label
    else:
        assert score.band_label is None
    for key in ("missing", "declined"):
        if key in row:
            assert list(getattr(score, key)) == row[key]
    subscales = {s.id: {"total": s.total, "band": s.band} for s in score.subscales}
    for sub_id, expected in row.get("subscales", {}).items():
        assert subscales[sub_id] == expected


def test_every_bundled_instrument_has_a_golden_table(bank: Bank) -> None:
    assert set(bank.instruments) == set(INSTRUMENTS)


@pytest.mark.parametrize(
    ("instrument", "top"),
    [("phq9", 27), ("gad7", 21), ("audit", 40), ("audit_c", 12), ("dast10", 10), ("scoff", 5)],
)
def test_max_is_the_published_top_score(bank: Bank, instrument: str, top: int) -> None:
    assert score_instrument(bank, instrument, {}).max == top


def test_phq2_max_is_6(bank: Bank) -> None:
    (phq2,) = score_instrument(bank, "phq9", {}).subscales
    assert (phq2.id, phq2.max) == ("phq2", 6)


def test_score_all_scores_every_instrument_in_bank_order(bank: Bank) -> None:
    scores = score_all(bank, {"alcohol_past_year": "no", "drugs_past_year": "no"})
    assert list(scores) == list(bank.instruments)
    assert {k: s.status for k, s in scores.items()} == {
        "phq9": "incomplete",
        "gad7": "incomplete",
        "scoff": "incomplete",
        "audit": "not_applicable",
        "audit_c": "not_applicable",
        "dast10": "not_applicable",
    }
    assert scores["audit"].total is None and scores["audit"].band is None


def test_incomplete_keeps_the_points_answered_as_a_floor(bank: Bank) -> None:
    answers = {f"phq9_{i}": 3 for i in range(1, 9)} | {"phq9_9": "declined"}
    score = score_instrument(bank, "phq9", answers)
    assert (score.status, score.total, score.partial) == ("incomplete", None, 24)


def test_complete_scores_carry_english_titles_and_labels(bank: Bank) -> None:
    answers = {f"gad7_{i}": 2 for i in range(1, 8)}
    score = score_instrument(bank, "gad7", answers)
    assert score.title == bank.instruments["gad7"].title["en"]
    assert (score.total, score.band, score.band_label) == (14, "moderate", "Moderate")
