"""Input rows of a batch, streamed from a ``.csv`` or ``.jsonl`` file (contract §6).

Each row becomes a :class:`RawRow`: answers data shaped like an answers file (``{"answers":
{...}}``), ready for :func:`iop_assess.answers.parse_answers`, or the reason it cannot be read.
A problem with the file as a whole (not UTF-8, a header that names no item) raises
:class:`~iop_assess.errors.InputError`; a problem with one row stays with that row.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from iop_assess.bank import Bank
from iop_assess.errors import InputError
from iop_assess.model import DECLINED

FORMATS = (".csv", ".jsonl")
ID = "id"
_INPUT_HINT = (
    "A batch file is .csv (a header row of item ids, plus an optional id column) or .jsonl "
    '(one {"id": ..., "answers": {...}} object per line); see the README.'
)


class RawRow(NamedTuple):
    """One input row: ``data`` to check, or ``error`` when the row cannot even be read.

    A named tuple, not a dataclass: rows cross to worker processes, and tuples pickle fast."""

    number: int
    """1-based, counting data rows only (not the CSV header or blank lines)."""
    id: str
    data: dict[str, Any] | None
    error: str | None = None
    where: str = ""
    """How messages name the row: ``row 3`` (CSV) or ``row 3 (line 4)`` (JSONL)."""
    columns: tuple[tuple[str, int], ...] = ()
    """CSV: (item id, 1-based column) for the items the row answers, for messages."""


class Source:
    """An open batch input: iterate it for rows; ``done()`` is how many bytes were read."""

    def __init__(self, binary: IO[bytes], rows: Iterator[RawRow], size: int) -> None:
        self._binary = binary
        self.rows = rows
        self.size = size

    def done(self) -> int:
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return 0


def _csv_rows(bank: Bank, text: IO[str], name: str) -> Iterator[RawRow]:
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(
            f"{name}: the header row cannot be read ({exc})", hint=_INPUT_HINT
        ) from None
    if not header or not any(cell.strip() for cell in header):
        raise InputError(f"{name}: the file is empty; expected a header row", hint=_INPUT_HINT)
    names = [cell.strip() for cell in header]
    problems: list[str] = []
    seen: dict[str, int] = {}
    for column, label in enumerate(names, start=1):
        if label in seen:
            problems.append(f"{name}: column {column} ({label}) repeats column {seen[label]}")
        elif label != ID and label not in bank.items:
            close = difflib.get_close_matches(label, list(bank.items), n=1, cutoff=0.6)
            tip = f"; did you mean {close[0]}?" if close else ""
            problems.append(f"{name}: column {column} ({label or 'no name'}): unknown item id{tip}")
        seen.setdefault(label, column)
    if problems:
        raise InputError(
            f"{name}: the header row has problems", problems=problems, hint=_INPUT_HINT
        )
    id_at = seen.get(ID)
    cells = [
        (index, label, bank.items[label].item.type == "multiple")
        for index, label in enumerate(names)
        if label != ID
    ]
    width = len(names)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            where = f"row {number}"
            yield RawRow(
                number, str(number), None, f"{where}: the row cannot be read ({exc})", where
            )
            continue
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # a blank line is not a respondent
        number += 1
        where = f"row {number}"
        row_id = record[id_at - 1].strip() if id_at is not None and id_at <= len(record) else ""
        row_id = row_id or str(number)
        if len(record) != width:
            error = f"{where}: the row has {len(record)} cells; the header has {width}"
            yield RawRow(number, row_id, None, error, where)
            continue
        answers: dict[str, Any] = {}
        columns: list[tuple[str, int]] = []
        for index, label, many in cells:
            cell = record[index].strip()
            if not cell:
                continue
            if many and cell.lower() != DECLINED:
                answers[label] = [part.strip() for part in cell.split(";") if part.strip()]
            else:
                answers[label] = cell
            columns.append((label, index + 1))
        yield RawRow(number, row_id, {"answers": answers}, None, where, tuple(columns))


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key '{key}' appears more than once")
        found[key] = value
    return found


def _jsonl_rows(text: IO[str]) -> Iterator[RawRow]:
    number = 0
    for line_number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        number += 1
        where = f"row {number} (line {line_number})"
        try:
            data = json.loads(line, object_pairs_hook=_no_repeats)
        except json.JSONDecodeError as exc:
            error = f"{where}: not valid JSON (column {exc.colno}: {exc.msg})"
            yield RawRow(number, str(number), None, error, where)
            continue
        except (ValueError, RecursionError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
            yield RawRow(number, str(number), None, f"{where}: not valid JSON ({reason})", where)
            continue
        if not isinstance(data, dict):
            error = f'{where}: expected an object like {{"id": ..., "answers": {{...}}}}'
            yield RawRow(number, str(number), None, error, where)
            continue
        raw_id = data.pop(ID, None)
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
            error = f"{where}: id: expected text or a number"
            yield RawRow(number, str(number), None, error, where)
            continue
        row_id = str(raw_id).strip() if raw_id is not None else ""
        yield RawRow(number, row_id or str(number), data, None, where)


def _decoded(rows: Iterator[RawRow], name: str) -> Iterator[RawRow]:
    """Turn a decoding failure part-way through into a message naming the row."""
    last = 0
    try:
        for row in rows:
            last = row.number
            yield row
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: the file is not UTF-8 text (after row {last})", hint=_INPUT_HINT
        ) from None


@contextmanager
def open_source(bank: Bank, path: Path) -> Iterator[Source]:
    """Open a batch input file and stream its rows."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{name}: cannot tell the file type from '{path.suffix or path.name}'; "
            "use a .csv or .jsonl file",
            hint=_INPUT_HINT,
        )
    if path.is_dir():
        raise InputError(f"{name}: this is a folder, not a batch file")
    try:
        binary = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    with binary:
        size = _size(binary)
        text = _text(binary)
        if suffix == ".csv":
            rows = _csv_rows(bank, text, name)
        else:
            rows = _jsonl_rows(text)
        yield Source(binary, _decoded(rows, name), size)


def _size(binary: IO[bytes]) -> int:
    try:
        return os.fstat(binary.fileno()).st_size
    except OSError:
        return 0


def _text(binary: IO[bytes]) -> IO[str]:
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
