"""The Markdown report: the same content as the text report, for notes, e-mail or a wiki.

Every string that may come from a person (client label, counselor notes) or from a file is
escaped, so it shows as written and never turns into links, HTML or table breaks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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

_SPECIAL = re.compile(
    r"[\\`*{}\[\]<>|~]"  # always special
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # _ that could start or end emphasis
    r"|^#|^[-+](?= )|&(?=#?\w+;)"  # a heading or list marker at the start; an entity
)


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup; fold line breaks into spaces.

    An underscore inside a word (``withdrawal_history``) stays as it is: CommonMark never reads
    it as emphasis.
    """
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))


def _cell(text: str) -> str:
    return escape(text) or "—"


def _bullets(lines: tuple[str, ...] | list[str]) -> list[str]:
    return [f"- {escape(line)}" for line in lines] + [""]


def _quote(text: str) -> list[str]:
    """A person's own words as a block quote, line breaks kept."""
    out = [f"> {escape(line)}" if line.strip() else ">" for line in text.strip().splitlines()]
    return [*out, ""]


def layout(report: Report) -> list[str]:
    """The report as Markdown lines."""
    out: list[str] = []
    if report.crisis:
        out += [f"# {report.crisis.title}", ""]
        out += [f"**{escape(report.crisis.lines[0])}**", ""]
        out += _bullets(report.crisis.lines[1:])
        if report.crisis.unanswered:
            out += [escape(report.crisis.unanswered), ""]
    if report.youth:
        out += [f"# {report.youth.title}", ""] + _bullets(report.youth.lines)
    out += [f"# {report.title}", ""]
    if report.client:
        out += [f"Client: {escape(report.client)}", ""]
    if report.record:
        out += ["  \n".join(escape(line) for line in report.record), ""]
    out += [f"## {SECTION_LEVEL}: {report.level_name}", "", f"**{escape(report.headline)}**", ""]
    if report.could_reach:
        out += [f"**{escape(report.could_reach)}**", ""]
    out += [escape(report.care_note), ""]
    for block in report.care:
        out += [f"### {block.title}", ""] + _bullets(block.lines)
    if report.medication:
        out += [f"## {SECTION_MEDICATION}", ""] + _bullets(report.medication)
    if report.reasons:
        out += [f"## {SECTION_WHY}", ""] + _bullets(report.reasons)
    if report.dimensions:
        out += [f"## {SECTION_DIMENSIONS}", ""]
        out += ["| Area | Rating (0–4) | Why |", "| --- | --- | --- |"]
        for row in report.dimensions:
            why = [*row.reasons, *([row.unknown] if row.unknown else [])]
            cell = "; ".join(escape(w) for w in why) or "—"
            out.append(f"| {escape(row.name)} | {row.rating_text} | {cell} |")
        out.append("")
    if report.instruments:
        out += [f"## {SECTION_INSTRUMENTS}", ""]
        out += ["| Questionnaire | Score | Result |", "| --- | --- | --- |"]
        for inst in report.instruments:
            result = "; ".join(escape(r) for r in (inst.result, *inst.details))
            out.append(f"| {_cell(inst.title)} | {_cell(inst.score)} | {result} |")
        out.append("")
    if report.notes:
        out += [f"## {SECTION_NOTES}", ""] + _bullets(report.notes)
    if report.barriers:
        out += [f"## {SECTION_BARRIERS}", ""] + _bullets(report.barriers)
    if report.missing or report.blank:
        out += [f"## {SECTION_MISSING}", ""]
        out += [f"{escape(line)}\n" for line in (report.missing, report.blank) if line]
    if report.asam:
        out += [f"## {SECTION_ASAM}", "", f"**{escape(report.asam[0])}**", ""]
        out += [escape(report.asam[1]), ""]
    if report.counselor_notes:
        out += [f"## {SECTION_COUNSELOR}", ""]
        for section, note in report.counselor_notes:
            out += [f"### {escape(section)}", ""] + _quote(note)
    out += [f"## {SECTION_NEXT}", ""] + _bullets(report.next_steps)
    out += [f"## {SECTION_RESOURCES}", ""]
    if report.safety_unanswered:
        out += [f"**{escape(report.safety_unanswered)}**", ""]
    out += _bullets([r.text for r in report.resources])
    if report.warnings:
        out += [f"## {SECTION_WARNINGS}", ""] + _bullets(report.warnings)
    out += [f"## {SECTION_DISCLAIMER}", "", escape(report.disclaimer), ""]
    return out


def render(assessment: Assessment) -> str:
    """The Markdown report, ending with one newline."""
    return "\n".join(layout(build(assessment))).rstrip("\n") + "\n"


class MarkdownFormat(ReportFormat):
    format = Format.md

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment)


FORMAT = MarkdownFormat()
