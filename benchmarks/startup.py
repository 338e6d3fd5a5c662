"""Start-up cost of ``iop-assess screen``, measured against a minimal Typer app in the same run.

Three figures, each the ratio of medians over ``--runs`` launches (interleaved, so both
programs see the same machine load):

1. launch → first question: both programs run in a pseudo-terminal; the clock stops when the
   first question is on the screen (for iop-assess: after the welcome, whose Enter is sent as
   soon as its prompt appears).
2. ``score`` of a JSON answers file (``--format json``, to a pipe): launch → exit. The minimal
   app reads the same file with ``json`` and prints it back.
3. ``--help``: launch → exit.

Goals (issue #10): first question ≤ 1.5×, score ≤ 1.5×, ``--help`` ≤ 1.0× the minimal app.

Both programs run with compiled bytecode, as an installed program does: a cache folder in the
temporary folder (``PYTHONPYCACHEPREFIX``), filled by the warm-up run, even where the
environment sets ``PYTHONDONTWRITEBYTECODE`` (which would time Python's compiler instead).

Usage: ``uv run python benchmarks/startup.py [--runs 15]``. Not a test: numbers depend on the
machine; the ratio is what to compare between versions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def screen() -> None:
    """Ask one question."""
    typer.echo("Section 1 of 1 · question 1 of about 1 ")
    input("> ")


@app.command()
def score(file: str) -> None:
    """Read a JSON file and print it."""
    import json

    with open(file, encoding="utf-8") as handle:
        typer.echo(json.dumps(json.load(handle)))


app()
'''

QUESTION_MARK = r"question 1 of (about|up to) "


def first_question(argv: list[str], env: dict[str, str], welcome: bool) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(40, 120), encoding="utf-8")
    if welcome:
        child.expect(r"Press Enter to start", timeout=60)
        child.sendline("")
    child.expect(QUESTION_MARK, timeout=60)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    child.close()
    return elapsed


def run_time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


ANSWERS = {
    "answers": {
        "age": 35,
        "sex": "female",
        "alcohol_past_year": "yes",
        "drugs_past_year": "no",
        "substances": ["alcohol"],
        "alcohol_days": 12,
        "alcohol_drinks": 4,
        **{f"audit_{n}": 2 for n in range(1, 9)},
        "audit_9": 0,
        "audit_10": 2,
        **{f"phq9_{n}": 1 for n in range(1, 10)},
        **{f"gad7_{n}": 1 for n in range(1, 8)},
    }
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="launches per program (default 15)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        minimal = home / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        answers = home / "answers.json"
        answers.write_text(json.dumps(ANSWERS))
        env = dict(os.environ, IOP_ASSESS_HOME=str(home / "state"), TERM="xterm-256color")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
        ours = [sys.executable, "-m", "iop_assess"]
        theirs = [sys.executable, str(minimal)]
        first_question(ours + ["screen", "--no-save"], env, welcome=True)  # warm the caches
        first_question(theirs + ["screen"], env, welcome=False)
        run_time([*ours, "score", str(answers), "--format", "json"], env)
        run_time([*theirs, "score", str(answers)], env)
        run_time([*ours, "--help"], env)
        run_time([*theirs, "--help"], env)
        q_ours, q_min, s_ours, s_min, h_ours, h_min = [], [], [], [], [], []
        for _ in range(runs):
            q_ours.append(first_question(ours + ["screen", "--no-save"], env, welcome=True))
            q_min.append(first_question(theirs + ["screen"], env, welcome=False))
            s_ours.append(run_time([*ours, "score", str(answers), "--format", "json"], env))
            s_min.append(run_time([*theirs, "score", str(answers)], env))
            h_ours.append(run_time([*ours, "--help"], env))
            h_min.append(run_time([*theirs, "--help"], env))
    rows = [
        ("launch → first question", q_ours, q_min, 1.5),
        ("score answers.json", s_ours, s_min, 1.5),
        ("--help", h_ours, h_min, 1.0),
    ]
    print(f"Python {sys.version.split()[0]}, {runs} runs each, medians")
    print(f"{'measure':<26}{'iop-assess':>12}{'minimal typer':>15}{'ratio':>8}{'goal':>8}")
    for name, a, b, goal in rows:
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:<26}{ma * 1000:>10.0f}ms{mb * 1000:>13.0f}ms{ma / mb:>8.2f}{goal:>7.1f}×")


if __name__ == "__main__":
    main()
