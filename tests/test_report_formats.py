"""Every report format renders every level; the crisis block leads whenever it is needed; the
words stay non-diagnostic. (Exhaustiveness over ``Format``, pip-audit style.)"""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import ALL_LEVELS, make_assessment, make_result, record_of

from iop_assess.levels import CRISIS_TITLE, LEVELS, NONE_WITH_OTHER_HELP_STEPS, headline
from iop_assess.report import Format, render
from iop_assess.report.content import OTHER_HELP_NOTES, compact_ids, items_text
from iop_assess.result import to_json

HUMAN = [Format.text, Format.md, Format.html]


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_every_format_renders_every_level(fmt: Format, level: str) -> None:
    record = make_assessment(level)  # type: ignore[arg-type]
    out = render(record, fmt)
    assert out.endswith("\n")
    disclaimer = record.result.disclaimer
    flat = " ".join(out.replace("&#x27;", "'").split())
    if fmt is Format.json:  # a field of the result
        assert json.loads(out)["disclaimer"] == disclaimer
    elif fmt is Format.fhir:  # the note of every Observation (there are none without answers)
        for entry in json.loads(out)["entry"]:
            assert entry["resource"]["note"] == [{"text": disclaimer}]
    elif fmt is Format.summary:  # its own short words, with the crisis numbers
        assert "not a diagnosis" in flat and "988" in flat and "911" in flat
    elif fmt is Format.csv:  # the batch row (contract §6): data for programs, fixed columns
        assert out.splitlines()[1].split(",")[1] == level
    else:
        assert disclaimer in flat


def test_format_choices_are_the_documented_ones() -> None:
    assert [f.value for f in Format] == ["text", "md", "html", "json", "csv", "fhir", "summary"]


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
        ("none", ("suicide_risk",)),
    ],
)
def test_crisis_block_comes_first(fmt: Format, level: str, flags: tuple[str, ...]) -> None:
    out = readable(fmt, render(make_assessment(level, flags=flags), fmt, width=80))  # type: ignore[arg-type]
    assert out.lower().startswith("get help now")
    assert out.index("988") < out.index("Your self-assessment results")
    assert out.index("911") < out.index("Your self-assessment results")


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ["detox_first", "residential", "iop", "outpatient"])
def test_no_crisis_block_without_a_flag(fmt: Format, level: str) -> None:
    out = render(make_assessment(level, flags=()), fmt)  # type: ignore[arg-type]
    assert CRISIS_TITLE not in out and CRISIS_TITLE.upper() not in out
    assert "988" in out  # the help lines are still there, further down


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_level_reasons_and_next_steps_are_shown(fmt: Format, level: str) -> None:
    result = make_result(level)  # type: ignore[arg-type]
    out = render(record_of(result), fmt, width=200)
    flat = " ".join(out.replace("&#x27;", "'").split())
    assert headline(result.recommendation.level, result.recommendation.then) in flat
    rec = result.recommendation
    other_help = rec.level == "none" and set(rec.note_rules) & OTHER_HELP_NOTES
    steps = NONE_WITH_OTHER_HELP_STEPS if other_help else LEVELS[rec.level].next_steps
    assert steps[0] in flat
    for reason in result.recommendation.reasons:
        assert ", ".join(compact_ids(reason.items)) in flat


@pytest.mark.parametrize("fmt", HUMAN)
def test_declined_safety_item_is_named_with_crisis_lines(fmt: Format) -> None:
    result = make_result("iop", flags=("suicide_risk",), unknown={"emotional": ("phq9_9",)})
    out = readable(fmt, render(record_of(result), fmt, width=200))
    block_end = out.index("Your self-assessment results")
    assert "phq9_9" in out[:block_end]
    assert "did not answer some safety questions" in out[:block_end]


@pytest.mark.parametrize("fmt", HUMAN)
def test_unanswered_safety_item_is_named_even_without_a_crisis(fmt: Format) -> None:
    result = make_result("outpatient", flags=(), missing=("danger_now",))
    out = render(record_of(result), fmt, width=200)
    assert "danger_now" in out
    assert CRISIS_TITLE not in out


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_words_are_never_diagnostic(fmt: Format, level: str) -> None:
    out = render(make_assessment(level), fmt, width=200).lower()  # type: ignore[arg-type]
    assert not re.search(
        r"\byou (have|are suffering from) (a |an )?\w*\s*(disorder|depression|"
        r"alcoholism|addiction|anxiety)",
        out,
    )
    hedged = "your answers do not point" if level == "none" else "your answers suggest"
    assert hedged in out or level == "insufficient"
    assert "talk with a professional" in out


def test_json_is_the_public_result() -> None:
    record = make_assessment("detox_first", client="A1", notes={"core": "Seen today."})
    out = render(record, Format.json)
    data = json.loads(out)
    assert data.pop("assessment") == {
        "answered_at": "2026-03-04T21:30:00-05:00",
        "answered_by": "self",
        "scored_at": "2026-03-04T21:45:00-05:00",
        "status": "complete",
        "blank": [],
    }
    assert data == to_json(record.result)
    assert out.startswith('{\n  "schema_version": 2,\n  "tool": ')
    assert render(record, Format.json) == out  # stable


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
    out = " ".join(readable(fmt, render(record_of(result), fmt, width=200)).split())
    assert "what happened when you stopped before (item: withdrawal_history)" in out


@pytest.mark.parametrize("fmt", HUMAN)
def test_every_format_says_what_the_unanswered_questions_could_point_to(fmt: Format) -> None:
    out = " ".join(readable(fmt, render(make_assessment("iop"), fmt, width=200)).split())
    assert "The unanswered questions could point as high as residential care" in out
    assert "could point as high" not in render(make_assessment("residential"), fmt, width=200)


@pytest.mark.parametrize("fmt", HUMAN)
def test_every_format_shows_medication_barriers_and_the_asam_reference(fmt: Format) -> None:
    detox = " ".join(readable(fmt, render(make_assessment("detox_first"), fmt, width=200)).split())
    assert "Medicine that may help" in detox
    assert "Naltrexone is not for anyone taking opioids" in detox
    assert "Nearest ASAM Criteria level: 3.7, Medically Managed Residential." in detox
    assert "not an ASAM assessment" in detox
    assert "For you, this should be where staff can watch you day and night" in detox
    iop = " ".join(readable(fmt, render(make_assessment("iop"), fmt, width=200)).split())
    assert "What may get in the way, and what helps" in iop
    assert "help with rides or bus passes" in iop
    none = " ".join(readable(fmt, render(make_assessment("none"), fmt, width=200)).split())
    assert "ASAM" not in none and "What may get in the way" not in none


def test_json_carries_the_version_2_fields() -> None:
    data = to_json(make_result("detox_first"))
    rec = data["recommendation"]
    assert data["schema_version"] == 2
    assert (rec["level"], rec["then"], rec["could_reach"]) == ("detox_first", "iop", None)
    assert (rec["medication"], rec["asam"], rec["withdrawal_care"]) == (
        ["alcohol"],
        "3.7",
        "monitored",
    )
    assert rec["barriers"] == [] and rec["barrier_notes"] == []
    assert rec["medication_notes"][1].startswith("Naltrexone is not for anyone taking opioids")
    assert "substances" not in rec and "note_rules" not in rec


@pytest.mark.parametrize("fmt", HUMAN)
def test_youth_services_lead_right_after_any_crisis_block(fmt: Format) -> None:
    alone = readable(fmt, render(make_assessment("iop", flags=("youth",)), fmt, width=200))
    assert alone.lower().startswith("built for adults")
    # no level before the words that the tool is built for adults
    heading = alone.index("What may fit: Services for young people first")
    adult = alone.index("This tool is built for adults, and you are under 18.")
    assert heading < adult < alone.index("intensive outpatient care (IOP) may fit")
    assert "What may fit: Intensive" not in alone
    both = readable(fmt, render(make_assessment("iop", flags=("suicide_risk", "youth")), fmt))
    assert both.lower().startswith("get help now")
    assert both.index("Get help now".upper() if fmt is Format.text else "Get help now") < (
        both.lower().index("built for adults")
    )
    assert both.lower().index("built for adults") < both.index("Your self-assessment results")


def test_html_links_phone_numbers_and_text_lines() -> None:
    from iop_assess.resources import resources_for

    result = make_result("iop", flags=("suicide_risk",))
    result = type(result)(
        **{**result.__dict__, "resources": resources_for(("unsafe_home",), "iop")}
    )
    page = render(record_of(result), Format.html)
    crisis = page.split('<section class="crisis"', 1)[1].split("</section>", 1)[0]
    for link in ('href="tel:911"', 'href="tel:988"', 'href="sms:988"'):
        assert link in crisis
    assert '<a href="tel:+18006624357">Call 1-800-662-4357</a>' in page
    assert '<a href="sms:88788?body=START">Text START to 88788</a>' in page
    assert '<a href="https://findtreatment.gov">Open findtreatment.gov</a>' in page
