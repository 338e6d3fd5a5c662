"""The batch loop: rows in, rows out, in input order, memory flat however long the input.

With ``jobs`` > 1 the rows go to worker processes in chunks, with at most a few chunks per worker
in flight (a bounded window), and come back in order. Progress goes to a callback; nothing here
prints. Workers ignore Ctrl-C: the main process stops them and lets the caller clean up.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from iop_assess.bank import Bank, load_bank
from iop_assess.batch.rows import Cell, score_row, score_rows
from iop_assess.batch.sinks import Sink
from iop_assess.batch.sources import RawRow

CHUNK = 250
"""Rows per task sent to a worker: large enough that sending them costs little."""
WINDOW = 4
"""Chunks in flight per worker: enough to keep it busy, few enough to keep memory flat."""

Progress = Callable[[int], None]


@dataclass
class Summary:
    """What a batch did: rows written, rows per level, and rows with an error."""

    rows: int = 0
    errors: int = 0
    levels: Counter[str] = field(default_factory=Counter)

    def add(self, cells: list[Cell]) -> None:
        self.rows += 1
        if cells[4] is not None:
            self.errors += 1
        elif isinstance(cells[1], str):
            self.levels[cells[1]] += 1


_worker_bank: Bank | None = None


def _start_worker(questions: Path | None) -> None:
    global _worker_bank
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _worker_bank is None:  # started fresh (spawn); a forked worker has the parent's bank
        _worker_bank = load_bank(questions)


def _work(rows: list[RawRow]) -> list[list[Cell]]:
    assert _worker_bank is not None
    return score_rows(_worker_bank, rows)


def _chunks(rows: Iterable[RawRow]) -> Iterator[list[RawRow]]:
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _in_workers(
    bank: Bank, rows: Iterable[RawRow], jobs: int, questions: Path | None
) -> Iterator[list[list[Cell]]]:
    global _worker_bank
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    _worker_bank = bank
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(questions,)
    )
    pending: deque[Future[list[list[Cell]]]] = deque()
    try:
        for chunk in _chunks(rows):
            pending.append(pool.submit(_work, chunk))
            while len(pending) >= jobs * WINDOW:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _worker_bank = None


def run(
    bank: Bank,
    rows: Iterable[RawRow],
    sink: Sink,
    *,
    jobs: int = 1,
    questions: Path | None = None,
    progress: Progress | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Score every row into ``sink``. ``summary`` (if given) is filled as rows are written, so a
    caller interrupted part-way can still say how many were done."""
    done = summary if summary is not None else Summary()
    if jobs <= 1:
        for row in rows:
            cells = score_row(bank, row)
            sink.write(cells)
            done.add(cells)
            if progress is not None:
                progress(done.rows)
        return done
    for chunk in _in_workers(bank, rows, jobs, questions):
        for cells in chunk:
            sink.write(cells)
            done.add(cells)
        if progress is not None:
            progress(done.rows)
    return done
