"""Assess and write: the one path from checked answers to a written report, shared by ``score``,
``screen`` and ``batch``.

1. :func:`destination` — before anything is read or asked: the format (``--format``, else the
   file name's ending, :data:`~iop_assess.report.interface.SUFFIXES`) and a checked place to
   write (:func:`~iop_assess.output.check_target`: never over a session or the command's input,
   never through a symbolic link, an existing file only with ``--force``);
2. :func:`~iop_assess.assessment.assess_answers` — the answers and their result as one
   :class:`~iop_assess.assessment.Assessment`;
3. :func:`write` — the assessment rendered in that format and written there.

``batch`` writes the ``csv`` format's cells of each row (:mod:`iop_assess.report.csv`) through
:func:`~iop_assess.output.open_target`. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from iop_assess.assessment import Assessment
from iop_assess.errors import UsageError
from iop_assess.output import Target, check_target, write_target
from iop_assess.report.interface import SUFFIXES, Format, format_of_name, render

ENDINGS = ", ".join(
    suffix for suffix, _ in SUFFIXES if suffix not in (".text", ".markdown", ".htm")
)


class Destination(NamedTuple):
    """Where a report goes (``target`` ``None``: standard output) and in which format."""

    target: Target | None
    format: Format


def choose_format(path: Path | None, chosen: Format | str | None) -> Format:
    """``chosen`` when given; else what ``path``'s ending picks; else text."""
    if chosen is not None:
        return Format(chosen)
    if path is None:
        return Format.text
    found = format_of_name(path.name)
    if found is None:
        raise UsageError(
            f"cannot tell the report format from the name {path.name}",
            hint=f"Use --format, or a file name ending in {ENDINGS}.",
        )
    return found


def destination(
    path: Path | None,
    chosen: Format | str | None = None,
    *,
    inputs: Iterable[Path] = (),
    force: bool = False,
    what: str = "the report",
) -> Destination:
    """The format and the checked target of a report (``path`` ``None``: standard output).
    Raises :class:`~iop_assess.errors.UsageError` for a name whose ending picks no format and
    :class:`~iop_assess.errors.OutputError` for a place that may not be written."""
    if path is None:
        return Destination(None, choose_format(None, chosen))
    # a refusal (a session, the input, a link) says more than an unknown ending
    target = check_target(path, inputs=inputs, replace_existing=force, what=what)
    return Destination(target, choose_format(path, chosen))


def write(
    where: Destination, assessment: Assessment, *, width: int | None = None, plain: bool = False
) -> Target:
    """Render ``assessment`` and write it to a checked target."""
    assert where.target is not None, "standard output is the caller's to draw on"
    write_target(where.target, render(assessment, where.format, width=width, plain=plain))
    return where.target
