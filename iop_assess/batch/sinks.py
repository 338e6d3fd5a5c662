"""Output rows of a batch, streamed as CSV or JSONL (contract §6), by the output's extension.

CSV: an empty cell for a missing value. JSONL: one object per row with the same keys and values
(``null`` for a missing value; totals are numbers; flags joined with ``;`` as in CSV).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Protocol

from iop_assess.batch.rows import Cell

FORMATS = (".csv", ".jsonl")


class Sink(Protocol):
    def write(self, cells: Sequence[Cell]) -> None: ...


class CsvSink:
    def __init__(self, stream: IO[str], columns: Sequence[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(columns)

    def write(self, cells: Sequence[Cell]) -> None:
        self._writer.writerow(cells)


class JsonlSink:
    def __init__(self, stream: IO[str], columns: Sequence[str]) -> None:
        self._stream = stream
        self._columns = tuple(columns)

    def write(self, cells: Sequence[Cell]) -> None:
        row = dict(zip(self._columns, cells, strict=True))
        self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def open_sink(stream: IO[str], columns: Sequence[str], suffix: str) -> Sink:
    """A writer for ``suffix`` (``.csv`` or ``.jsonl``); it writes the CSV header at once."""
    if suffix == ".jsonl":
        return JsonlSink(stream, columns)
    return CsvSink(stream, columns)
