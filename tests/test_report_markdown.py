"""The Markdown report: a snapshot per level, the same content as the text report, and user
text that cannot turn into markup."""

from __future__ import annotations

import pytest
from conftest import ALL_LEVELS, make_assessment, make_result, record_of
from syrupy.assertion import SnapshotAssertion

from iop_assess.report import Format, render
from iop_assess.report.markdown import escape


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_markdown_snapshot(level: str, snapshot: SnapshotAssertion) -> None:
    assert render(make_assessment(level), Format.md) == snapshot  # type: ignore[arg-type]


def test_crisis_heading_comes_before_the_title() -> None:
    out = render(make_assessment("emergency"), Format.md)
    assert out.startswith("# Get help now\n")
    assert out.index("988") < out.index("# Your self-assessment results")


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_markdown_has_six_dimension_rows_and_every_instrument(level: str) -> None:
    result = make_result(level)  # type: ignore[arg-type]
    out = render(record_of(result), Format.md)
    table = out.split("## Your answers, area by area", 1)[1].split("\n\n", 2)[1]
    assert len(table.splitlines()) == 2 + 6
    for score in result.instruments.values():
        assert f"| {score.title} |" in out


def test_same_content_as_text() -> None:
    result = make_result("detox_first", client="A-17", notes={"safety": "Lives alone."})
    md = " ".join(render(record_of(result), Format.md).split())
    text = " ".join(render(record_of(result), Format.text, width=1000, plain=True).split())
    for phrase in (
        "After that, intensive outpatient care (IOP) may fit.",
        "(items: withdrawal_history, alcohol_days)",
        "3 (high)",
        "24 of 40",
        "Possible dependence",
        "Client: A-17",
        "Lives alone.",
        "did not apply",
        "Please do not stop suddenly on your own before you talk with a doctor.",
        result.disclaimer,
    ):
        assert phrase in md
        assert phrase in text or phrase == "3 (high)"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("[click](http://x.test)", "\\[click\\](http://x.test)"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
        ("a | b", "a \\| b"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("&lt;", "\\&lt;"),
        ("withdrawal_history", "withdrawal_history"),
        ("two\nlines", "two lines"),
    ],
)
def test_escape(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_user_text_is_escaped_in_the_report() -> None:
    result = make_result(
        "iop", client="<b>A|17</b>", notes={"core": "# Heading?\n[link](http://evil.test)"}
    )
    out = render(record_of(result), Format.md)
    assert "Client: \\<b\\>A\\|17\\</b\\>" in out
    assert "> \\# Heading?" in out
    assert "> \\[link\\](http://evil.test)" in out
    assert "<b>" not in out
