"""How ``iop-assess validate`` scales with the number of items, against plain YAML parsing.

Two shapes of questionnaire folder are generated in a temporary folder (files of at most
``--per-file`` items, so each stays under the 2 MB file cap):

- *chained*: every item is shown only when the item before it (in the same file or the one
  before) is answered ``yes``, so display conditions form one long chain across files;
- *plain*: the same items without display conditions.

For each size the whole command runs once (``python -m iop_assess validate FOLDER``, start-up
included; ``startup s`` is ``iop-assess --version`` in the same run), and the baseline is
ruamel.yaml's safe loader reading the same files in this process. If validation is linear, the
ratio to the baseline and the seconds per 1,000 items stay flat as the size grows.

Python's bytecode cache is allowed for the runs (a warm-up run writes it), as on a user's
machine, even when ``PYTHONDONTWRITEBYTECODE`` is set here.

Usage: ``uv run python benchmarks/validate_scaling.py [--chained 1000,4000,20000]
[--plain 10000,100000] [--timeout 120]``. Not a test: the seconds depend on the machine. The
goals are 20,000 chained items in under 5 s and 100,000 plain items in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

HEADER = """\
id: {qid}
version: 1.0.0
title: {{en: Scaling {index}}}
description: {{en: Generated for the validation benchmark.}}
source: Generated.
license: MIT
sections:
  - id: {qid}
    order: {order}
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


def write_folder(folder: Path, count: int, per_file: int, chained: bool) -> None:
    folder.mkdir(parents=True)
    for index, start in enumerate(range(0, count, per_file)):
        qid = f"part_{index}"
        parts = [HEADER.format(qid=qid, index=index, order=min(index, 10_000))]
        for n in range(start, min(start + per_file, count)):
            parts.append(ITEM.format(n=n))
            if chained and n > 0:
                parts.append(CONDITION.format(prev=n - 1))
        (folder / f"{qid}.yaml").write_text("".join(parts), encoding="utf-8")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_command(args: list[str], timeout: float) -> tuple[float | None, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "iop_assess", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=environment(),
        )
    except subprocess.TimeoutExpired:
        return None, f"gave up after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        return elapsed, f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
    return elapsed, done.stdout.strip()


def time_plain_yaml(folder: Path) -> float:
    yaml = YAML(typ="safe")
    start = time.perf_counter()
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chained", default="1000,4000,20000", help="item counts, chained")
    parser.add_argument("--plain", default="10000,100000", help="item counts, no conditions")
    parser.add_argument("--per-file", type=int, default=2000, help="items per file")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    args = parser.parse_args()
    time_command(["--version"], args.timeout)  # warm-up: writes the bytecode cache
    startup, _ = time_command(["--version"], args.timeout)
    print(f"startup (iop-assess --version): {startup:.2f} s")
    print(f"{'shape':<8} {'items':>7} {'validate s':>11} {'yaml s':>8} {'ratio':>6} {'s/1k':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape, counts in (("chained", sizes(args.chained)), ("plain", sizes(args.plain))):
            for count in counts:
                folder = Path(tmp) / f"{shape}-{count}"
                write_folder(folder, count, args.per_file, chained=shape == "chained")
                elapsed, said = time_command(["validate", str(folder)], args.timeout)
                baseline = time_plain_yaml(folder)
                if elapsed is None:
                    print(f"{shape:<8} {count:>7} {'-':>11} {baseline:>8.2f}   ({said})")
                    continue
                ratio = elapsed / baseline if baseline else float("nan")
                per_k = elapsed / count * 1000
                print(
                    f"{shape:<8} {count:>7} {elapsed:>11.2f} {baseline:>8.2f} "
                    f"{ratio:>6.1f} {per_k:>6.3f}"
                )
                if not said.startswith("OK"):
                    print(f"         {said}")


if __name__ == "__main__":
    main()
