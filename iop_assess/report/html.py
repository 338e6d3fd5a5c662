"""The HTML report: one self-contained, print-friendly page to bring to a doctor or counselor.

No scripts, no external files, nothing to load: the CSS is inline and written for paper in black
and white (borders and bold, never colour alone). When printed, the disclaimer repeats at the foot
of every page (a fixed footer over space kept free by a repeating table footer); it also appears in
the body. Every string is escaped: client labels and notes are a person's own text. Phone
numbers and text lines are ``tel:`` and ``sms:`` links, so a phone can call or text them.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from iop_assess.report.content import (
    CRISIS_LINKS,
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
    ResourceLine,
    build,
)
from iop_assess.report.interface import Format, Options, ReportFormat

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment

CSS = """\
html { background: #fff; color: #000; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5;
  max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; border-bottom: 2px solid #000; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
.crisis { border: 4px solid #000; padding: 0 1rem 0.5rem; margin: 0 0 1.5rem; }
.crisis h1 { margin-top: 0.5rem; }
.headline { font-size: 1.15rem; font-weight: bold; }
.client { font-weight: bold; }
table.data { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
table.data th, table.data td { border: 1px solid #000; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
table.data th { background: #eee; }
table.data tr { break-inside: avoid; page-break-inside: avoid; }
table.page { border-collapse: collapse; width: 100%; }
table.page td { padding: 0; }
.note { white-space: pre-wrap; border-left: 4px solid #000; margin: 0.25rem 0;
  padding: 0.25rem 0.75rem; }
.disclaimer { border: 1px solid #000; padding: 0.5rem 0.75rem; }
.youth { border: 3px solid #000; padding: 0 1rem 0.5rem; margin: 0 0 1.5rem; }
a { color: #000; }
.print-footer { display: none; }
.footer-space { height: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  @page { margin: 1.5cm; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .crisis { break-inside: avoid; page-break-inside: avoid; }
  .footer-space { height: 5.5em; }
  .print-footer { display: block; position: fixed; bottom: 0; left: 0; right: 0;
    font-size: 8pt; line-height: 1.3; border-top: 1px solid #000; padding-top: 2pt;
    background: #fff; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _list(lines: tuple[str, ...] | list[str]) -> list[str]:
    return ["<ul>", *(f"<li>{_e(line)}</li>" for line in lines), "</ul>"]


def _links(links: tuple[tuple[str, str], ...]) -> str:
    """Links to call, text or open, separated by a middle dot."""
    return " · ".join(f'<a href="{_e(href)}">{_e(label)}</a>' for label, href in links)


def _resources(lines: tuple[ResourceLine, ...]) -> list[str]:
    out = ["<ul>"]
    for line in lines:
        links = f"<br>{_links(line.links)}" if line.links else ""
        out.append(f"<li>{_e(line.text)}{links}</li>")
    return [*out, "</ul>"]


def _section(title: str, body: list[str]) -> list[str]:
    return ["<section>", f"<h2>{_e(title)}</h2>", *body, "</section>"]


def _table(headers: tuple[str, str, str], rows: list[tuple[str, str, list[str]]]) -> list[str]:
    """A data table: a header row, then per row a heading cell, a value and lines ("—" if none)."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    out = ['<table class="data">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for name, value, lines in rows:
        cell = "<br>".join(_e(line) for line in lines) or "—"
        out.append(f'<tr><th scope="row">{_e(name)}</th><td>{_e(value)}</td><td>{cell}</td></tr>')
    return [*out, "</tbody>", "</table>"]


def layout(report: Report) -> list[str]:
    """The body of the page, in reading order, crisis block first."""
    out: list[str] = []
    if report.crisis:
        out += [
            '<section class="crisis" aria-labelledby="crisis">',
            f'<h1 id="crisis">{_e(report.crisis.title)}</h1>',
        ]
        out += [f"<p><strong>{_e(report.crisis.lines[0])}</strong></p>"]
        out += _list(report.crisis.lines[1:])
        out += [f"<p><strong>{_links(CRISIS_LINKS)}</strong></p>"]
        if report.crisis.unanswered:
            out += [f"<p><strong>{_e(report.crisis.unanswered)}</strong></p>"]
        out += ["</section>"]
    if report.youth:
        out += [
            '<section class="youth" aria-labelledby="youth">',
            f'<h1 id="youth">{_e(report.youth.title)}</h1>',
            *_list(report.youth.lines),
            "</section>",
        ]
    out += [f"<h1>{_e(report.title)}</h1>"]
    if report.client:
        out += [f'<p class="client">Client: {_e(report.client)}</p>']
    if report.record:
        out += [f'<p class="record">{"<br>".join(_e(line) for line in report.record)}</p>']
    level = [f'<p class="headline">{_e(report.headline)}</p>']
    if report.could_reach:
        level += [f"<p><strong>{_e(report.could_reach)}</strong></p>"]
    level += [f"<p>{_e(report.care_note)}</p>"]
    for block in report.care:
        level += [f"<h3>{_e(block.title)}</h3>", *_list(block.lines)]
    out += _section(f"{SECTION_LEVEL}: {report.level_name}", level)
    if report.medication:
        out += _section(SECTION_MEDICATION, _list(report.medication))
    if report.reasons:
        out += _section(SECTION_WHY, _list(report.reasons))
    if report.dimensions:
        table = _table(
            ("Area", "Rating (0–4)", "Why"),
            [
                (row.name, row.rating_text, [*row.reasons, *([row.unknown] if row.unknown else [])])
                for row in report.dimensions
            ],
        )
        out += _section(SECTION_DIMENSIONS, table)
    if report.instruments:
        table = _table(
            ("Questionnaire", "Score", "Result"),
            [(i.title, i.score, [i.result, *i.details]) for i in report.instruments],
        )
        out += _section(SECTION_INSTRUMENTS, table)
    if report.notes:
        out += _section(SECTION_NOTES, _list(report.notes))
    if report.barriers:
        out += _section(SECTION_BARRIERS, _list(report.barriers))
    if report.missing or report.blank:
        lines = [f"<p>{_e(line)}</p>" for line in (report.missing, report.blank) if line]
        out += _section(SECTION_MISSING, lines)
    if report.asam:
        asam = [f"<p><strong>{_e(report.asam[0])}</strong></p>", f"<p>{_e(report.asam[1])}</p>"]
        out += _section(SECTION_ASAM, asam)
    if report.counselor_notes:
        notes: list[str] = []
        for section, note in report.counselor_notes:
            notes += [f"<h3>{_e(section)}</h3>", f'<p class="note">{_e(note.strip())}</p>']
        out += _section(SECTION_COUNSELOR, notes)
    out += _section(SECTION_NEXT, _list(report.next_steps))
    help_lines: list[str] = []
    if report.safety_unanswered:
        help_lines.append(f"<p><strong>{_e(report.safety_unanswered)}</strong></p>")
    out += _section(SECTION_RESOURCES, help_lines + _resources(report.resources))
    if report.warnings:
        out += _section(SECTION_WARNINGS, _list(report.warnings))
    out += _section(SECTION_DISCLAIMER, [f'<p class="disclaimer">{_e(report.disclaimer)}</p>'])
    return out


def render(assessment: Assessment) -> str:
    """A complete HTML document, ending with a newline."""
    report = build(assessment)
    title = report.title if not report.client else f"{report.title}: {report.client}"
    body = "\n".join(layout(report))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>\n{CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        '<table class="page" role="presentation">\n'
        "<tbody><tr><td>\n"
        f"{body}\n"
        "</td></tr></tbody>\n"
        '<tfoot><tr><td><div class="footer-space"></div></td></tr></tfoot>\n'
        "</table>\n"
        f'<footer class="print-footer">{_e(report.disclaimer)}</footer>\n'
        "</body>\n"
        "</html>\n"
    )


class HtmlFormat(ReportFormat):
    format = Format.html

    def render(self, assessment: Assessment, options: Options) -> str:
        return render(assessment)


FORMAT = HtmlFormat()
