"""Every report format renders every level; the crisis block leads whenever it is needed; the
words stay non-diagnostic. (Exhaustiveness over ``Format``, pip-audit style.)"""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import ALL_LEVELS, make_result

from iop_assess.levels import CRISIS_TITLE, LEVELS, headline
from iop_assess.report import Format, render
from iop_assess.report.content import compact_ids, items_text
from iop_assess.result import to_json

HUMAN = [Format.text, Format.md, Format.html]


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_every_format_renders_every_level(fmt: Format, level: str) -> None:
    result = make_result(level)  # type: ignore[arg-type]
    out = render(result, fmt)
    assert out.endswith("\n")
    # The disclaimer is always there (JSON carries it as a field).
    flat = " ".join(out.replace("&#x27;", "'").split())
    assert result.disclaimer in flat or json.loads(out)["disclaimer"] == result.disclaimer


def test_format_choices_are_the_documented_ones() -> None:
    assert [f.value for f in Format] == ["text", "md", "html", "json"]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        Format("pdf")


def readable(fmt: Format, out: str) -> str:
    """What a person reads, in order: no tags, no box lines, no Markdown marks."""
    if fmt is Format.html:
        out = html.unescape(re.sub(r"<[^>]+>", " ", out.split("<body>", 1)[1]))
    return " ".join(re.sub(r"[#*>|\u2500-\u257f]", " ", out).split())


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize(
    ("level", "flags"),
    [
        ("emergency", ()),
        ("iop", ("suicide_risk",)),
        ("outpatient", ("suicide_risk",)),
        ("detox_first", ("suicide_risk",)),
        ("insufficient", ("suicide_risk",)),
    ],
)
def test_crisis_block_comes_first(fmt: Format, level: str, flags: tuple[str, ...]) -> None:
    out = readable(fmt, render(make_result(level, flags=flags), fmt, width=80))  # type: ignore[arg-type]
    assert out.lower().startswith("get help now")
    assert out.index("988") < out.index("Your self-assessment results")
    assert out.index("911") < out.index("Your self-assessment results")


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ["detox_first", "residential", "iop", "outpatient"])
def test_no_crisis_block_without_a_flag(fmt: Format, level: str) -> None:
    out = render(make_result(level, flags=()), fmt)  # type: ignore[arg-type]
    assert CRISIS_TITLE not in out and CRISIS_TITLE.upper() not in out
    assert "988" in out  # the help lines are still there, further down


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_level_reasons_and_next_steps_are_shown(fmt: Format, level: str) -> None:
    result = make_result(level)  # type: ignore[arg-type]
    out = render(result, fmt, width=200)
    flat = " ".join(out.replace("&#x27;", "'").split())
    assert headline(result.recommendation.level, result.recommendation.then) in flat
    assert LEVELS[result.recommendation.level].next_steps[0] in flat
    for reason in result.recommendation.reasons:
        assert ", ".join(compact_ids(reason.items)) in flat


@pytest.mark.parametrize("fmt", HUMAN)
def test_declined_safety_item_is_named_with_crisis_lines(fmt: Format) -> None:
    result = make_result("iop", flags=("suicide_risk",), unknown={"emotional": ("phq9_9",)})
    out = readable(fmt, render(result, fmt, width=200))
    block_end = out.index("Your self-assessment results")
    assert "phq9_9" in out[:block_end]
    assert "did not answer some safety questions" in out[:block_end]


@pytest.mark.parametrize("fmt", HUMAN)
def test_unanswered_safety_item_is_named_even_without_a_crisis(fmt: Format) -> None:
    result = make_result("outpatient", flags=(), missing=("danger_now",))
    out = render(result, fmt, width=200)
    assert "danger_now" in out
    assert CRISIS_TITLE not in out


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_words_are_never_diagnostic(fmt: Format, level: str) -> None:
    out = render(make_result(level), fmt, width=200).lower()  # type: ignore[arg-type]
    assert not re.search(
        r"\byou (have|are suffering from) (a |an )?\w*\s*(disorder|depression|"
        r"alcoholism|addiction|anxiety)",
        out,
    )
    assert "your answers suggest" in out or level == "insufficient"
    assert "talk with a professional" in out


def test_json_is_the_public_result() -> None:
    result = make_result("detox_first", client="A1", notes={"core": "Seen today."})
    out = render(result, Format.json)
    assert json.loads(out) == to_json(result)
    assert out.startswith('{\n  "schema_version": 2,\n  "tool": ')
    assert render(result, Format.json) == out  # stable


def test_detox_headline_names_the_step_after() -> None:
    assert headline("detox_first", "iop") == (
        "Your answers suggest that getting medical help to stop safely (detox) may need to come "
        "first. After that, intensive outpatient care (IOP) may fit."
    )
    assert (
        headline("iop", None)
        == "Your answers suggest that intensive outpatient care (IOP) may fit."
    )


@pytest.mark.parametrize(
    ("items", "shown"),
    [
        (["audit_1", "audit_2", "audit_3"], "(items: audit_1–audit_3)"),
        (["audit_1", "audit_2"], "(items: audit_1, audit_2)"),
        (
            ["substances", "audit_1", "audit_2", "audit_3", "audit_5"],
            "(items: substances, audit_1–audit_3, audit_5)",
        ),
        (["phq9_9", "gad7_1", "gad7_2", "gad7_3", "gad7_4"], "(items: phq9_9, gad7_1–gad7_4)"),
        (["withdrawal_history"], "(item: withdrawal_history)"),
    ],
)
def test_long_runs_of_item_ids_are_shortened_for_reading(items: list[str], shown: str) -> None:
    assert items_text(items) == shown


def test_the_report_has_words_for_every_safety_item_the_rules_name() -> None:
    from iop_assess.levels import SAFETY_ITEMS as WORDS
    from iop_assess.rules.base import SAFETY_ITEMS

    assert list(WORDS) == list(SAFETY_ITEMS)


@pytest.mark.parametrize("fmt", HUMAN)
def test_an_unanswered_withdrawal_history_is_named_with_the_crisis_numbers(fmt: Format) -> None:
    result = make_result("iop", unknown={"withdrawal": ("withdrawal_history",)})
    out = " ".join(readable(fmt, render(result, fmt, width=200)).split())
    assert "what happened when you stopped before (item: withdrawal_history)" in out
