"""Batch scoring (contract §6): many answer sets in, one row of results per answer set out.

- ``sources.py``: the input rows, streamed from a CSV or JSONL file (each row an answer set)
- ``rows.py``: one row checked (the answers-file checks of :mod:`iop_assess.answers`), assessed
  (:func:`iop_assess.assess.assess`) and turned into output cells
- ``sinks.py``: the output rows, streamed to CSV or JSONL
- ``runner.py``: the loop, in this process or in worker processes with a bounded window

Nothing here prints: progress goes to a callback and the summary is returned.
"""

from iop_assess.batch.rows import header, score_row
from iop_assess.batch.runner import Summary, run
from iop_assess.batch.sinks import open_sink
from iop_assess.batch.sources import open_source

__all__ = ["Summary", "header", "open_sink", "open_source", "run", "score_row"]
