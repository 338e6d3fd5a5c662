"""The text report for a terminal, drawn with rich — the only report module that imports rich.

Two layouts of the same content (``content.Report``):

- the default: a boxed crisis block, headings and tables; colour only repeats what the words say;
- ``plain``: linear text with no boxes, tables or colours, wrapped to the width, which a screen
  reader reads in order and which stays usable at 40 columns.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from iop_assess.report.content import (
    SECTION_ASAM,
    SECTION_BARRIERS,
    SECTION_COUNSELOR,
    SECTION_DIMENSIONS,
    SECTION_DISCLAIMER,
    SECTION_INSTRUMENTS,
    SECTION_LEVEL,
    SECTION_MEDICATION,
    SECTION_MISSING,
    SECTION_NEXT,
    SECTION_NOTES,
    SECTION_RESOURCES,
    SECTION_WARNINGS,
    SECTION_WHY,
    Report,
    build,
)
from iop_assess.report.interface import Format, Options, ReportFormat

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment

DEFAULT_WIDTH = 80


# --- rich layout -----------------------------------------------------------------------------


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _bullets(lines: tuple[str, ...] | list[str]) -> Table:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row("•", Text(line))
    return grid


def _para(text: str, style: str = "") -> Text:
    return Text(text, style=style)


NARROW = 60
"""Below this many columns the tables become lists, so no word is cut in pieces."""


def _rows(rows: list[tuple[str, str, list[str]]]) -> Group:
    """Table rows as a list: "• Name: value" with the details indented under it."""
    parts: list[RenderableType] = []
    for name, value, details in rows:
        parts.append(_bullets([f"{name}: {value}"]))
        if details:
            parts.append(Padding(Text("\n".join(details)), (0, 0, 0, 2)))
    return Group(*parts)


def renderables(report: Report, *, narrow: bool = False) -> Iterator[RenderableType]:
    """The report as rich renderables, crisis block first; ``narrow`` lays tables out as lists."""
    if report.crisis:
        body: list[RenderableType] = [Text(report.crisis.lines[0], style="bold")]
        body.append(_bullets(report.crisis.lines[1:]))
        if report.crisis.unanswered:
            body.append(Text(report.crisis.unanswered, style="bold"))
        yield Panel(
            Group(*body),
            title=Text(report.crisis.title.upper(), style="bold"),
            title_align="left",
            box=box.HEAVY,
            border_style="bold red",
            padding=(0, 1),
        )
    if report.youth:
        yield Panel(
            Group(_bullets(report.youth.lines)),
            title=Text(report.youth.title.upper(), style="bold"),
            title_align="left",
            box=box.HEAVY,
            padding=(0, 1),
        )
    if report.crisis or report.youth:
        yield Text("")
    yield Text(report.title, style="bold")
    if report.client:
        yield Text(f"Client: {report.client}")
    for line in report.record:
        yield Text(line)
    yield _heading(f"{SECTION_LEVEL}: {report.level_name}")
    yield _para(report.headline, "bold")
    if report.could_reach:
        yield _para(f"\n{report.could_reach}", "bold")
    yield _para(f"\n{report.care_note}")
    for block in report.care:
        yield Text(f"\n{block.title}", style="bold")
        yield _bullets(block.lines)
    if report.medication:
        yield _heading(SECTION_MEDICATION)
        yield _bullets(report.medication)
    if report.reasons:
        yield _heading(SECTION_WHY)
        yield _bullets(report.reasons)
    if report.dimensions and narrow:
        yield _heading(SECTION_DIMENSIONS)
        yield _rows(
            [
                (
                    row.name,
                    row.plain_rating,
                    [*row.reasons, *([row.unknown] if row.unknown else [])],
                )
                for row in report.dimensions
            ]
        )
    elif report.dimensions:
        yield _heading(SECTION_DIMENSIONS)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column("Area", ratio=2, overflow="fold")
        table.add_column("Rating (0–4)", no_wrap=True)
        table.add_column("Why", ratio=3, overflow="fold")
        for row in report.dimensions:
            why = [*row.reasons, *([row.unknown] if row.unknown else [])]
            style = "bold" if row.rating >= 3 else ""
            table.add_row(row.name, Text(row.rating_text, style=style), "\n".join(why) or "—")
        yield table
    if report.instruments and narrow:
        yield _heading(SECTION_INSTRUMENTS)
        yield _rows(
            [
                (
                    inst.title,
                    inst.score if inst.score != "—" else inst.result,
                    [*([inst.result] if inst.score != "—" else []), *inst.details],
                )
                for inst in report.instruments
            ]
        )
    elif report.instruments:
        yield _heading(SECTION_INSTRUMENTS)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column("Questionnaire", ratio=2, overflow="fold")
        table.add_column("Score", ratio=1, overflow="fold")
        table.add_column("Result", ratio=3, overflow="fold")
        for inst in report.instruments:
            table.add_row(inst.title, inst.score, "\n".join((inst.result, *inst.details)))
        yield table
    if report.notes:
        yield _heading(SECTION_NOTES)
        yield _bullets(report.notes)
    if report.barriers:
        yield _heading(SECTION_BARRIERS)
        yield _bullets(report.barriers)
    if report.missing or report.blank:
        yield _heading(SECTION_MISSING)
        for words in (report.missing, report.blank):
            if words:
                yield _para(words)
    if report.asam:
        yield _heading(SECTION_ASAM)
        yield _para(report.asam[0], "bold")
        yield _para(report.asam[1])
    if report.counselor_notes:
        yield _heading(SECTION_COUNSELOR)
        for section, note in report.counselor_notes:
            yield Text(section, style="bold")
            yield Padding(Text(note.strip()), (0, 0, 0, 2))
    yield _heading(SECTION_NEXT)
    yield _bullets(report.next_steps)
    yield _heading(SECTION_RESOURCES)
    if report.safety_unanswered:
        yield _para(report.safety_unanswered, "bold")
    yield _bullets([r.text for r in report.resources])
    if report.warnings:
        yield _heading(SECTION_WARNINGS)
        yield _bullets(report.warnings)
    yield _heading(SECTION_DISCLAIMER)
    yield _para(report.disclaimer)


def print_report(assessment: Assessment, console: Console) -> None:
    """Print the boxed report straight to a console (colours follow the console, e.g. NO_COLOR)."""
    for part in renderables(build(assessment), narrow=console.width < NARROW):
        console.print(part)


# --- plain layout ----------------------------------------------------------------------------


def plain_lines(report: Report, width: int) -> list[str]:
    """The report as linear text: headings, paragraphs and "- " lists, no line over ``width``."""
    width = max(width, 20)
    out: list[str] = []

    def para(text: str) -> None:
        for chunk in text.strip().splitlines() or [""]:
            out.extend(textwrap.wrap(chunk, width) or [""])
        out.append("")

    def bullets(lines: tuple[str, ...] | list[str]) -> None:
        for line in lines:
            out.extend(textwrap.wrap(line, width, initial_indent="- ", subsequent_indent="  "))
        out.append("")

    def indented(lines: tuple[str, ...] | list[str]) -> None:
        """Details under the list line just above (which ends with its blank line)."""
        if not lines:
            return
        out.pop()
        for line in lines:
            out.extend(textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="  "))
        out.append("")

    def heading(title: str) -> None:
        end = "" if ":" in title or title.endswith((".", "?", "!")) else ":"
        out.extend(textwrap.wrap(title + end, width))
        out.append("")

    if report.crisis:
        heading(report.crisis.title.upper())
        para(report.crisis.lines[0])
        bullets(report.crisis.lines[1:])
        if report.crisis.unanswered:
            para(report.crisis.unanswered)
    if report.youth:
        heading(report.youth.title.upper())
        bullets(report.youth.lines)
    para(report.title)
    if report.client:
        para(f"Client: {report.client}")
    if report.record:
        para("\n".join(report.record))
    heading(f"{SECTION_LEVEL}: {report.level_name}")
    para(report.headline)
    if report.could_reach:
        para(report.could_reach)
    para(report.care_note)
    for block in report.care:
        heading(block.title)
        bullets(block.lines)
    if report.medication:
        heading(SECTION_MEDICATION)
        bullets(report.medication)
    if report.reasons:
        heading(SECTION_WHY)
        bullets(report.reasons)
    if report.dimensions:
        heading(SECTION_DIMENSIONS)
        for row in report.dimensions:
            bullets([f"{row.name}: {row.plain_rating}."])
            indented([*row.reasons, *([row.unknown] if row.unknown else [])])
    if report.instruments:
        heading(SECTION_INSTRUMENTS)
        for inst in report.instruments:
            shown = [inst.score] if inst.score not in ("—", "not scored") else []
            bullets([f"{inst.title}: {', '.join([*shown, inst.result])}."])
            indented(inst.details)
    if report.notes:
        heading(SECTION_NOTES)
        bullets(report.notes)
    if report.barriers:
        heading(SECTION_BARRIERS)
        bullets(report.barriers)
    if report.missing or report.blank:
        heading(SECTION_MISSING)
        for words in (report.missing, report.blank):
            if words:
                para(words)
    if report.asam:
        heading(SECTION_ASAM)
        for line in report.asam:
            para(line)
    if report.counselor_notes:
        heading(SECTION_COUNSELOR)
        for section, note in report.counselor_notes:
            para(f"{section}:")
            para(note)
    heading(SECTION_NEXT)
    bullets(report.next_steps)
    heading(SECTION_RESOURCES)
    if report.safety_unanswered:
        para(report.safety_unanswered)
    bullets([r.text for r in report.resources])
    if report.warnings:
        heading(SECTION_WARNINGS)
        bullets(report.warnings)
    heading(SECTION_DISCLAIMER)
    para(report.disclaimer)
    while out and not out[-1]:
        out.pop()
    return out


# --- entry point -----------------------------------------------------------------------------


def render(assessment: Assessment, *, width: int | None = None, plain: bool = False) -> str:
    """The text report as a string with no colour codes, lines at most ``width`` wide."""
    report = build(assessment)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        no_color=True,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    if plain:
        return "\n".join(plain_lines(report, width or console.width)) + "\n"
    for part in renderables(report, narrow=console.width < NARROW):
        console.print(part)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


class TextFormat(ReportFormat):
    """The text report (boxed, or ``plain`` linear text)."""

    format = Format.text

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment, width=options.width, plain=options.plain)


FORMAT = TextFormat()
