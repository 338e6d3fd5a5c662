"""The report formats and the one entry point that renders an assessment in any of them.

Each format is a module of this package with a :class:`ReportFormat` subclass and an instance
named ``FORMAT``; :data:`MODULES` names the module of every :class:`Format` member, and
:func:`render` imports it only when it is used (JSON never loads rich; nothing loads the FHIR
models but ``fhir``). A test proves every member is reachable, here and through the command
line's ``--format``.

Every format gets the whole :class:`~iop_assess.assessment.Assessment` (answers, versions,
result, when, who), never a pre-digested report.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment


class Format(StrEnum):
    """The ``--format`` choices (a ``str`` enum: ``Format.md == "md"``)."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"
    csv = "csv"
    fhir = "fhir"
    summary = "summary"


MODULES: dict[Format, str] = {
    Format.text: "text",
    Format.md: "markdown",
    Format.html: "html",
    Format.json: "json",
    Format.csv: "csv",
    Format.fhir: "fhir",
    Format.summary: "summary",
}
"""The module of this package that holds each format."""

SUFFIXES: tuple[tuple[str, Format], ...] = (
    (".fhir.json", Format.fhir),
    (".summary.txt", Format.summary),
    (".txt", Format.text),
    (".text", Format.text),
    (".md", Format.md),
    (".markdown", Format.md),
    (".html", Format.html),
    (".htm", Format.html),
    (".json", Format.json),
    (".csv", Format.csv),
)
"""What a file name's ending picks when ``--format`` is not given (longest ending first)."""


def format_of_name(name: str) -> Format | None:
    """The format a file name's ending picks, or ``None`` when the ending is not one of
    :data:`SUFFIXES` (a name with no ending at all picks text)."""
    lower = name.lower()
    for suffix, fmt in SUFFIXES:
        if lower.endswith(suffix):
            return fmt
    stem = lower.rsplit("/", 1)[-1]
    return Format.text if "." not in stem.lstrip(".") else None


@dataclass(frozen=True)
class Options:
    """How to lay a report out.

    ``width``: the line length for text (default: the ``COLUMNS`` variable or 80). ``plain``:
    linear text with no boxes or colours (text; the other formats are linear already).
    """

    width: int | None = None
    plain: bool = False


class ReportFormat(ABC):
    """One output format: an assessment in, text out (ending with a newline)."""

    format: Format

    @abstractmethod
    def render(self, assessment: Assessment, options: Options) -> str:
        """The assessment in this format."""


def formatter(fmt: Format) -> ReportFormat:
    """The implementation of ``fmt`` (its module is imported now)."""
    module = importlib.import_module(f"iop_assess.report.{MODULES[Format(fmt)]}")
    found: ReportFormat = module.FORMAT
    return found


def render(
    assessment: Assessment, fmt: Format, *, width: int | None = None, plain: bool = False
) -> str:
    """The report for ``assessment`` in ``fmt``; it always ends with a newline."""
    return formatter(fmt).render(assessment, Options(width=width, plain=plain))
