"""``iop-assess batch`` in a real terminal: the progress bar on stderr, and Ctrl-C part-way."""

from __future__ import annotations

import csv
import os
import signal
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX terminal"),
]

ANSWERS = Path(__file__).parent / "assets" / "answers" / "score" / "iop.yaml"


def _input(folder: Path, rows: int) -> Path:
    answers = YAML(typ="safe").load(ANSWERS.read_text("utf-8"))["answers"]
    columns = list(answers)
    source = folder / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *columns])
        for n in range(rows):
            cells = [";".join(v) if isinstance(v, list) else v for v in answers.values()]
            writer.writerow([n, *cells])
    return source


def _spawn(folder: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "iop_assess", "batch", *args],
        env=dict(os.environ, TERM="xterm-256color", COLUMNS="120"),
        cwd=str(folder),
        dimensions=(30, 120),
        encoding="utf-8",
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_a_progress_bar_then_a_summary(tmp_path: Path) -> None:
    source = _input(tmp_path, 4000)
    child = _spawn(tmp_path, str(source), "--out", "out.csv")
    child.expect(r"Scoring.*rows/s")
    child.expect(r"4,000 rows scored: 4,000 iop\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "out.csv").read_text("utf-8").count("\n") == 4001


def test_ctrl_c_stops_cleanly_and_says_how_far_it_got(tmp_path: Path) -> None:
    source = _input(tmp_path, 200_000)
    child = _spawn(tmp_path, str(source), "--out", "out.csv", "--jobs", "2")
    child.expect(r"rows/s")
    child.sendintr()
    child.expect(r"Stopped: ([\d,]+) rows were done; out\.csv was not written\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
