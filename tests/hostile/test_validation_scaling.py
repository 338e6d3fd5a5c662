"""Validation stays linear in the number of items, however the display conditions chain.

Speed itself is measured in ``benchmarks/validate_scaling.py``; here the work is counted: the
lines the cross-file checks run for 500 chained items and for 2,000 must grow like 4×, not 16×.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from iop_assess import loader
from iop_assess.errors import QuestionnaireError
from iop_assess.loader import cross_check, load_files

from .hostile_tools import run

HEADER = """\
id: {qid}
version: 1.0.0
title: {{en: Part {index}}}
description: {{en: Generated.}}
source: Generated.
license: MIT
sections:
  - id: {qid}
    order: {index}
    title: {{en: Part {index}}}
    items:
"""
ITEM = """\
      - id: item_{n}
        type: yes_no
        text: {{en: Question {n}}}
"""
CONDITION = """\
        show_if: {{item: item_{prev}, equals: "yes"}}
"""


def write_chain(folder: Path, count: int, per_file: int = 1000, loop: bool = False) -> None:
    """``count`` items, each shown when the one before is yes (the first one too, when
    ``loop``: then the whole chain is one loop)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, start in enumerate(range(0, count, per_file)):
        parts = [HEADER.format(qid=f"part_{index}", index=index)]
        for n in range(start, min(start + per_file, count)):
            parts.append(ITEM.format(n=n))
            if n > 0 or loop:
                parts.append(CONDITION.format(prev=(n - 1) % count))
        (folder / f"part_{index}.yaml").write_text("".join(parts), encoding="utf-8")


def loaded(folder: Path) -> list[loader.LoadedFile]:
    return load_files([(p, p.name) for p in sorted(folder.glob("*.yaml"))])


def lines_run_in_loader(files: list[loader.LoadedFile]) -> int:
    """How many lines of loader.py the cross-file checks run for ``files``."""
    count = 0
    source = loader.__file__

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == source else None

    sys.settrace(calls)
    try:
        cross_check(files)
    finally:
        sys.settrace(None)
    return count


def test_cross_file_checks_grow_linearly_with_chained_items(tmp_path: Path) -> None:
    small = lines_run_in_loader(loaded(write_chain_at(tmp_path / "small", 500)))
    large = lines_run_in_loader(loaded(write_chain_at(tmp_path / "large", 2000)))
    assert large / small < 5, (small, large)  # linear: about 4; quadratic: about 16


def write_chain_at(folder: Path, count: int) -> Path:
    write_chain(folder, count, per_file=250)
    return folder


def test_thousands_of_chained_items_validate(home: Path, tmp_path: Path) -> None:
    write_chain(tmp_path / "questions", 3000)
    done = run(["validate", str(tmp_path / "questions")], home).no_traceback()
    assert done.code == 0, done.err
    assert done.out.strip() == "OK: 3 questionnaire files, 3000 items, no problems found."


def test_a_long_loop_is_found_and_named_once(tmp_path: Path) -> None:
    write_chain(tmp_path / "questions", 1500, per_file=500, loop=True)
    with pytest.raises(QuestionnaireError) as caught:
        loaded(tmp_path / "questions")
    [problem] = caught.value.problems
    # each item reads the one before it: item_0 reads item_1499, which reads item_1498 …
    assert problem.message.startswith("display conditions form a loop: item_0 → item_1499 → ")
    assert problem.message.endswith("item_2 → item_1 → item_0")
    assert problem.message.count("→") == 1500


def test_loops_in_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}, "f": {"g"}}
    assert loader.condition_loops(graph) == [["a", "b", "c", "a"], ["d", "d"]]
    assert loader.condition_loops({"x": {"y"}, "y": set()}) == []


def test_a_deep_chain_does_not_exhaust_the_stack() -> None:
    depth = sys.getrecursionlimit() * 5
    chain = {f"i{n:06d}": {f"i{n + 1:06d}"} for n in range(depth)}
    assert loader.condition_loops(chain) == []
    chain[f"i{depth:06d}"] = {"i000000"}
    [loop] = loader.condition_loops(chain)
    assert len(loop) == depth + 2
