"""The scoring engine on small made-up questionnaires: each YAML scoring feature on its own."""

from __future__ import annotations

from typing import Any

import pytest

from iop_assess.bank import Bank
from iop_assess.model import DECLINED, Questionnaire
from iop_assess.scoring import score_all, score_instrument


def _options(*scores: int | None) -> list[dict[str, Any]]:
    return [
        {"value": f"o{i}", "label": {"en": f"Option {i}"}} | ({"score": s} if s is not None else {})
        for i, s in enumerate(scores)
    ]


def _item(item_id: str, scores: tuple[int | None, ...], **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "single",
        "text": {"en": item_id},
        "options": _options(*scores),
        **extra,
    }


def _band(band_id: str, low: int, high: int) -> dict[str, Any]:
    return {"id": band_id, "min": low, "max": high, "label": {"en": band_id.title()}}


def make_bank(items: list[dict[str, Any]], instrument: dict[str, Any], **section: Any) -> Bank:
    gate = {
        "id": "gate",
        "type": "yes_no",
        "text": {"en": "Gate"},
        "options": [
            {"value": "yes", "label": {"en": "Yes"}},
            {"value": "no", "label": {"en": "No"}},
        ],
    }
    data = {
        "id": "test",
        "version": "1.0.0",
        "title": {"en": "Test"},
        "description": {"en": "Test"},
        "source": "test",
        "license": "MIT",
        "sections": [
            {"id": "first", "order": 1, "title": {"en": "First"}, "items": [gate]},
            {"id": "second", "order": 2, "title": {"en": "Second"}, "items": items, **section},
        ],
        "instruments": [
            {"title": {"en": "Test score"}, "cutoff_source": "test", **instrument},
        ],
    }
    return Bank.build([Questionnaire.model_validate(data)])


def test_reverse_items_use_highest_plus_lowest_minus_score() -> None:
    bank = make_bank(
        [_item("a", (1, 2, 3, 4, 5)), _item("b", (1, 2, 3, 4, 5))],
        {"id": "t", "items": ["a", "b"], "reverse": ["b"], "bands": [_band("all", 2, 10)]},
    )
    # a: "o0" scores 1; b reversed: "o0" (score 1) gives 5 + 1 - 1 = 5 points.
    assert score_instrument(bank, "t", {"a": "o0", "b": "o0"}).total == 6
    assert score_instrument(bank, "t", {"a": "o4", "b": "o4"}).total == 6
    assert score_instrument(bank, "t", {"a": "o4", "b": "o0"}).total == 10
    assert score_instrument(bank, "t", {"a": "o0", "b": "o4"}).total == 2


def test_a_skip_rule_zeroes_its_items_whatever_they_hold() -> None:
    bank = make_bank(
        [_item("a", (0, 1)), _item("b", (0, 4)), _item("c", (0, 4))],
        {
            "id": "t",
            "items": ["a", "b", "c"],
            "skip": [{"when": {"item": "a", "equals": "o0"}, "zero": ["b"]}],
            "bands": [_band("low", 0, 4), _band("high", 5, 9)],
        },
    )
    for b in ({}, {"b": DECLINED}, {"b": "o1"}):
        score = score_instrument(bank, "t", {"a": "o0", "c": "o1", **b})
        assert (score.status, score.total, score.band) == ("complete", 4, "low")
    # The rule does not fire when its trigger is unknown: b is then needed.
    score = score_instrument(bank, "t", {"a": DECLINED, "c": "o1"})
    assert (score.status, score.missing, score.declined) == ("incomplete", ("b",), ("a",))
    assert score.partial == 4


def test_the_first_band_variant_that_holds_wins() -> None:
    bank = make_bank(
        [_item("a", (0, 1, 2, 3))],
        {
            "id": "t",
            "items": ["a"],
            "bands": [_band("default_low", 0, 1), _band("default_high", 2, 3)],
            "band_variants": [
                {
                    "when": {"item": "gate", "equals": "yes"},
                    "bands": [_band("yes_low", 0, 2), _band("yes_high", 3, 3)],
                },
                {
                    "when": {"item": "gate", "in": ["yes", "no"]},
                    "bands": [_band("any_low", 0, 0), _band("any_high", 1, 3)],
                },
            ],
        },
    )
    # Both variants hold for "yes": the first wins.
    assert score_instrument(bank, "t", {"gate": "yes", "a": "o2"}).band == "yes_low"
    assert score_instrument(bank, "t", {"gate": "no", "a": "o2"}).band == "any_high"
    assert score_instrument(bank, "t", {"gate": "no", "a": "o0"}).band == "any_low"
    # A declined or missing answer never makes a variant hold.
    assert score_instrument(bank, "t", {"gate": DECLINED, "a": "o2"}).band == "default_high"
    assert score_instrument(bank, "t", {"a": "o1"}).band_label == "Default_Low"
    assert score_instrument(bank, "t", {"a": "o2"}).band == "default_high"


def test_an_instrument_whose_items_do_not_apply_is_not_applicable() -> None:
    bank = make_bank(
        [_item("a", (0, 1)), _item("b", (0, 1))],
        {
            "id": "t",
            "items": ["a", "b"],
            "bands": [_band("all", 0, 2)],
            "subscales": [{"id": "s", "title": {"en": "S"}, "items": ["a"]}],
        },
        show_if={"item": "gate", "equals": "yes"},
    )
    score = score_instrument(bank, "t", {"gate": "no", "a": "o1", "b": "o1"})
    assert (score.status, score.total, score.band, score.partial) == (
        "not_applicable",
        None,
        None,
        0,
    )
    assert score.missing == () and score.declined == ()
    assert [(s.id, s.total, s.max) for s in score.subscales] == [("s", None, 1)]
    # Unknown gate: the items may apply, so the instrument is incomplete, never "no risk".
    unknown = score_instrument(bank, "t", {"gate": DECLINED})
    assert (unknown.status, unknown.missing) == ("incomplete", ("a", "b"))


def test_an_answer_to_an_item_that_does_not_apply_is_not_counted() -> None:
    bank = make_bank(
        [_item("a", (0, 1)), _item("b", (0, 1), show_if={"item": "gate", "equals": "yes"})],
        {"id": "t", "items": ["a", "b"], "bands": [_band("all", 0, 2)]},
    )
    score = score_instrument(bank, "t", {"gate": "no", "a": "o1", "b": "o1"})
    assert (score.status, score.missing, score.partial) == ("incomplete", ("b",), 1)


def test_an_option_without_a_score_gives_no_points_and_no_total() -> None:
    bank = make_bank(
        [_item("a", (0, 2, None))],
        {"id": "t", "items": ["a"], "bands": [_band("all", 0, 2)]},
    )
    score = score_instrument(bank, "t", {"a": "o2"})
    assert (score.status, score.total, score.missing, score.max) == ("incomplete", None, ("a",), 2)


def test_subscales_are_scored_when_all_their_items_have_points() -> None:
    bank = make_bank(
        [_item("a", (0, 1, 2)), _item("b", (0, 1, 2)), _item("c", (0, 1, 2))],
        {
            "id": "t",
            "items": ["a", "b", "c"],
            "bands": [_band("all", 0, 6)],
            "subscales": [
                {
                    "id": "ab",
                    "title": {"en": "AB"},
                    "items": ["a", "b"],
                    "bands": [_band("neg", 0, 2), _band("pos", 3, 4)],
                    "cutoff_source": "test",
                },
                {"id": "c", "title": {"en": "C"}, "items": ["c"]},
            ],
        },
    )
    score = score_instrument(bank, "t", {"a": "o2", "b": "o1", "c": DECLINED})
    assert score.status == "incomplete"
    assert [(s.id, s.total, s.max, s.band) for s in score.subscales] == [
        ("ab", 3, 4, "pos"),
        ("c", None, 2, None),
    ]


@pytest.mark.parametrize("given", ["t", "instrument"])
def test_score_instrument_takes_an_id_or_the_instrument(given: str) -> None:
    bank = make_bank([_item("a", (0, 1))], {"id": "t", "items": ["a"], "bands": [_band("x", 0, 1)]})
    target = "t" if given == "t" else bank.instruments["t"]
    assert score_instrument(bank, target, {"a": "o1"}).total == 1
    assert list(score_all(bank, {"a": "o1"})) == ["t"]
