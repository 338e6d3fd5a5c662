"""One batch row: checked with the answers-file checks, assessed, turned into output cells.

The checks are :func:`iop_assess.answers.parse_answers` (which calls ``coerce`` for every
answer), the assessment is :func:`iop_assess.assessment.assess_set` and the cells are the
``csv`` report format's (:func:`iop_assess.report.csv.cells`): the path ``iop-assess score``
takes, so a row and ``score`` on the same answers always agree. A row error names the row, the
column (CSV) and the item id, and what was expected, never the answer given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iop_assess.answers import TEXT_MAX, coerce, parse_answers
from iop_assess.assessment import assess_set
from iop_assess.bank import Bank, ItemRef
from iop_assess.batch.sources import RawRow
from iop_assess.errors import InputError
from iop_assess.report.csv import FIRST, Cell, cells, header

__all__ = ["FIRST", "Cell", "expected", "header", "json_row", "score_row", "score_rows"]
_SOURCE = "\x00row"
"""The source name given to ``parse_answers``, stripped from its messages again."""


def expected(ref: ItemRef) -> str:
    """What an item takes, in words, without the answer that was given."""
    kind = ref.item.type
    values = ", ".join(str(o.value) for o in ref.options or ())
    if kind == "multiple":
        alone = [str(o.value) for o in ref.options or () if o.exclusive]
        only = f"; {' and '.join(alone)} only on its own" if alone else ""
        return f"expected one or more of the choices {values} (in CSV joined with ;){only}"
    if kind in ("single", "yes_no"):
        return f"expected one of the choices {values}, or declined"
    if kind == "integer":
        return f"expected a whole number from {ref.item.min} to {ref.item.max}, or declined"
    return f"expected text of at most {TEXT_MAX} characters, or declined"


def _error_row(row: RawRow, bank: Bank, message: str) -> list[Cell]:
    cells: list[Cell] = [row.id, None, None, None, message]
    return cells + [None] * (2 * len(bank.instruments))


def _row_error(bank: Bank, row: RawRow, exc: InputError) -> str:
    """``exc`` from ``parse_answers``, reworded so that no answer is echoed."""
    assert row.data is not None
    raw = row.data.get("answers")
    raw = raw if isinstance(raw, dict) else {}
    columns = dict(row.columns)
    found: list[str] = []
    for line in exc.problems or [exc.message]:
        rest = line.removeprefix(f"{_SOURCE}: ")
        subject, _, message = rest.partition(": ")
        ref = bank.items.get(subject)
        if ref is not None and subject in raw and _refused(ref, raw[subject]):
            place = f"column {columns[subject]} ({subject})" if subject in columns else subject
            found.append(f"{place}: {expected(ref)}")
        elif subject in columns:
            found.append(f"column {columns[subject]} ({subject}): {message}")
        else:
            found.append(rest)
    return f"{row.where}: " + "; ".join(found)


def _refused(ref: ItemRef, raw: object) -> bool:
    try:
        coerce(ref, raw)
    except ValueError:
        return True
    return False


def score_row(bank: Bank, row: RawRow) -> list[Cell]:
    """The output cells of one input row (see :func:`header`)."""
    if row.data is None:
        return _error_row(row, bank, row.error or f"{row.where}: the row cannot be read")
    try:
        given = parse_answers(bank, row.data, _SOURCE)
    except InputError as exc:
        return _error_row(row, bank, _row_error(bank, row, exc))
    return cells(assess_set(bank, given), row.id)


def score_rows(bank: Bank, rows: Sequence[RawRow]) -> list[list[Cell]]:
    return [score_row(bank, row) for row in rows]


def json_row(columns: Sequence[str], cells: Sequence[Cell]) -> dict[str, Any]:
    return dict(zip(columns, cells, strict=True))
