"""The HTML report: a snapshot per level; one self-contained, print-friendly, escaped page with
the crisis block first and the disclaimer on every printed page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import ALL_LEVELS, make_assessment, make_result, record_of
from syrupy.assertion import SnapshotAssertion

from iop_assess.report import Format, render

FORBIDDEN = ("src=", 'href="http', "href='http", "<script", "@import", "url(", "<link", "<iframe")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.body = self.body or tag == "body"
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.body and data.strip():
            self.text.append(data.strip())


def parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    return parser


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_html_snapshot(level: str, snapshot: SnapshotAssertion) -> None:
    assert render(make_assessment(level), Format.html) == snapshot  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_self_contained(level: str) -> None:
    page = render(
        make_assessment(level, client="A-1", notes={"core": "note"}),  # type: ignore[arg-type]
        Format.html,
    )
    lowered = page.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, needle
    assert "<style>" in page
    assert not re.search(r"\bon\w+=", lowered)  # no event handlers
    parse(page)  # well formed: every tag closed in order


@pytest.mark.parametrize("level", ALL_LEVELS)
def test_disclaimer_in_the_body_and_on_every_printed_page(level: str) -> None:
    result = make_result(level)  # type: ignore[arg-type]
    page = render(record_of(result), Format.html)
    footer = re.search(r'<footer class="print-footer">(.*?)</footer>', page, re.S)
    assert footer is not None
    body_text = page.split("<body>", 1)[1].split('<footer class="print-footer">')[0]
    disclaimer = result.disclaimer.replace("'", "&#x27;")
    assert disclaimer in footer.group(1)
    assert disclaimer in body_text
    print_css = page.split("@media print", 1)[1]
    assert "position: fixed" in print_css and "bottom: 0" in print_css


def test_printable_in_black_and_white() -> None:
    page = render(make_assessment("emergency"), Format.html)
    colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", page))
    assert colours <= {"#000", "#fff", "#eee"}
    assert "color: red" not in page


@pytest.mark.parametrize("level", ["emergency", "iop", "insufficient"])
def test_crisis_block_is_the_first_thing_in_the_body(level: str) -> None:
    page = render(make_assessment(level, flags=("suicide_risk",)), Format.html)  # type: ignore[arg-type]
    text = parse(page).text
    assert text[0] == "Get help now"
    assert any("988" in t for t in text[:5]) and any("911" in t for t in text[:5])


def test_tables_levels_reasons_and_counselor_parts() -> None:
    result = make_result("detox_first", client="A-17", notes={"substance_use": "Drinks alone."})
    page = render(record_of(result), Format.html)
    parsed = parse(page)
    assert parsed.tags.count("table") == 3  # page frame, dimensions, instruments
    assert page.count('<th scope="row">') == 6 + len(result.instruments)
    assert "(items: withdrawal_history, alcohol_days)" in page
    assert "Client: A-17" in page
    assert "Counselor notes" in page and "Drinks alone." in page
    assert "<title>Your self-assessment results: A-17</title>" in page


def test_user_text_is_escaped() -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    result = make_result("iop", client=evil, notes={"core": evil}, warnings=(evil,))
    page = render(record_of(result), Format.html)
    assert "<script" not in page and "<img" not in page
    assert {name for name, _ in parse(page).attrs} <= {
        "lang",
        "charset",
        "name",
        "content",
        "class",
        "role",
        "scope",
        "id",
        "aria-labelledby",
    }
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 4  # title too
    parse(page)
