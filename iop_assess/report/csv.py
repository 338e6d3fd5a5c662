"""One assessment as a batch row (contract §6): ``id, level, then, flags, error``, then a total
and a band per instrument. ``iop-assess batch`` writes these cells for every input row; the
``csv`` format writes the header and the one row of a single assessment (its ``id`` is the
client label, if any)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iop_assess.report.interface import Format, Options, ReportFormat
from iop_assess.safetext import clean

if TYPE_CHECKING:
    from iop_assess.assessment import Assessment
    from iop_assess.bank import Bank

Cell = str | int | None
FIRST = ("id", "level", "then", "flags", "error")


def header(bank: Bank) -> list[str]:
    """The columns: ``id, level, then, flags, error``, then ``<instrument>_total`` and
    ``<instrument>_band`` for every instrument, in the bank's order."""
    columns = list(FIRST)
    for instrument in bank.instruments:
        columns += [f"{instrument}_total", f"{instrument}_band"]
    return columns


def cells(assessment: Assessment, row_id: str | None) -> list[Cell]:
    """The cells of one assessment's row (see :func:`header`)."""
    result = assessment.result
    recommendation = result.recommendation
    row: list[Cell] = [
        row_id,
        recommendation.level,
        recommendation.then,
        ";".join(result.flags),
        None,
    ]
    for score in result.instruments.values():
        row += [score.total, score.band]
    return row


def table(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


class CsvFormat(ReportFormat):
    format = Format.csv

    def render(self, assessment: Assessment, options: Options) -> str:
        label = clean(assessment.client) if assessment.client else None
        return table(header(assessment.bank), [cells(assessment, label)])


FORMAT = CsvFormat()
