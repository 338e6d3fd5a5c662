"""Batch throughput and memory: ``iop-assess batch`` on 20,000 and 80,000 generated rows, against
a floor measured in the same run.

The floor is the least any program must do with the same file: Python's ``csv`` module reading
it and writing a 17-column row per input row (the width of our output). Every figure is a child
process timed from launch to exit, so start-up counts on both sides; peak memory is the child's
largest resident set (``os.wait4``), workers included.

Goals (issue #10): one job ≤ 30× the floor's time; ``--jobs 2`` ≥ 8,000 rows/s; peak memory
within 10 % between the two sizes (rows are streamed).

Usage: ``uv run python benchmarks/batch.py [--sizes 20000 80000] [--seed 11]``. Not a test:
rates depend on the machine; compare ratios between versions.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.model import DECLINED

CALM = {
    # Safety items a random draw would answer "yes" half the time; most people answer "no".
    "medical_urgent": "no",
    "danger_now": "no",
    "suicide_plan": "no",
    "withdrawal_now": "none",
}

FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o, lineterminator="\\n")
    for row in csv.reader(f):
        w.writerow(row[:17])
"""


def answer_set(bank: Bank, rng: random.Random) -> dict[str, Answer]:
    """One person's answers as an interview collects them: only questions that apply, a few
    declined or skipped, risky answers to the safety items only now and then."""
    answers: dict[str, Answer] = {}
    calm = rng.random() < 0.8
    for item_id, ref in bank.items.items():
        item = ref.item
        if item.type == "text" or not bank.applies(item_id, answers):
            continue
        draw = rng.random()
        if draw < 0.02:
            answers[item_id] = DECLINED
        elif draw < 0.04:
            continue  # skipped
        elif calm and item_id in CALM:
            answers[item_id] = CALM[item_id]
        elif item.type == "integer":
            assert item.min is not None and item.max is not None
            answers[item_id] = rng.randint(item.min, min(item.max, 60))
        elif item.type == "multiple":
            values = [o.value for o in ref.options or () if not o.exclusive]
            answers[item_id] = rng.sample(values, rng.randint(1, min(2, len(values))))
        else:
            answers[item_id] = rng.choice([o.value for o in ref.options or ()])
    return answers


def write_input(bank: Bank, path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    columns = [i for i, ref in bank.items.items() if ref.item.type != "text"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", *columns])
        for number in range(rows):
            answers = answer_set(bank, rng)
            cells: list[object] = [f"r{number}"]
            for item_id in columns:
                value = answers.get(item_id, "")
                cells.append(";".join(map(str, value)) if isinstance(value, list) else value)
            writer.writerow(cells)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        assert child.stderr is not None
        raise SystemExit(f"{argv} failed: {child.stderr.read().decode()}")
    if child.stderr is not None:
        child.stderr.close()
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    bank = load_bank()
    ours = [sys.executable, "-m", "iop_assess", "batch"]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'rows':>7} {'run':<10}{'seconds':>9}{'rows/s':>10}{'× floor':>9}{'peak MiB':>10}")
    peaks: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # compiled bytecode, as an installed program has (see benchmarks/startup.py)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
        subprocess.run([*ours, "--help"], env=env, check=True, capture_output=True)
        for size in args.sizes:
            source = base / f"in_{size}.csv"
            write_input(bank, source, size, args.seed)
            floor_s, floor_kb = timed(
                [sys.executable, "-c", FLOOR, str(source), str(base / "f")], env
            )
            one, two = base / f"o1_{size}.csv", base / f"o2_{size}.csv"  # new files: no --force
            runs = {
                "floor": (floor_s, floor_kb),
                "1 job": timed([*ours, str(source), "--out", str(one)], env),
                "--jobs 2": timed([*ours, str(source), "--out", str(two), "--jobs", "2"], env),
            }
            same = one.read_bytes() == two.read_bytes()
            for name, (seconds, kib) in runs.items():
                peaks.setdefault(name, []).append(kib)
                print(
                    f"{size:>7} {name:<10}{seconds:>9.2f}{size / seconds:>10,.0f}"
                    f"{seconds / floor_s:>9.1f}{kib / 1024:>10.1f}"
                )
            print(f"{'':>7} 1 job and --jobs 2 wrote the same rows: {same}")
    if len(args.sizes) > 1:
        for name, kib in peaks.items():
            growth = (max(kib) - min(kib)) / min(kib) * 100
            print(f"peak memory, {name}: {growth:.1f} % between the sizes")
    print("goals: 1 job ≤ 30× floor; --jobs 2 ≥ 8,000 rows/s; peak memory within 10 %")


if __name__ == "__main__":
    main()
