"""``iop-assess score``: every level, every format, --out, warnings and exit codes, through the
real CLI (CliRunner) with answer files under tests/assets/answers/score/ (``v1/`` holds files
written before the version 2 questions, which must still load)."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iop_assess.cli import app
from iop_assess.report import Format

ASSETS = Path(__file__).parent / "assets" / "answers" / "score"
LEVEL_FILES = [
    "emergency",
    "detox_first",
    "residential",
    "iop",
    "outpatient",
    "none",
    "insufficient",
]
V1 = ASSETS / "v1"
V1_LEVELS = {
    # file written for version 1: (level, then) under version 2
    "emergency": ("emergency", "iop"),
    "detox_first": ("detox_first", "iop"),
    "residential": ("residential", None),
    "iop": ("iop", None),
    "outpatient": ("none", None),  # light drinking (AUDIT 2): no treatment level now
    "insufficient": ("insufficient", None),
    "declined_safety": ("none", None),
    "ignored": ("none", None),
}
V2_ITEMS = ("prescribed_meds", "withdrawal_support")
ANSI = re.compile(r"\x1b\[")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(app, list(args), input=stdin, catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def answers(name: str) -> str:
    return str(ASSETS / f"{name}.yaml")


@pytest.mark.parametrize("level", LEVEL_FILES)
def test_each_answer_file_gives_its_level_and_exit_0(level: str) -> None:
    code, out, err = run("score", answers(level), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["recommendation"]["level"] == level
    assert data["disclaimer"]


@pytest.mark.parametrize("name", sorted(V1_LEVELS))
def test_answers_files_from_version_1_still_load(name: str) -> None:
    """A missing version 2 item is simply unanswered: named as missing, never an error."""
    code, out, err = run("score", str(V1 / f"{name}.yaml"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema_version"] == 2
    assert (data["recommendation"]["level"], data["recommendation"]["then"]) == V1_LEVELS[name]
    if name in ("detox_first", "iop", "outpatient", "residential"):
        # full version 1 files: version 1 asked suicide_plan only after phq9_9 >= 1
        assert "suicide_plan" in data["missing"]
        assert data["recommendation"]["could_reach"] == "emergency"


def test_v1_files_are_the_files_written_before_version_2() -> None:
    assert sorted(p.stem for p in V1.glob("*.yaml")) == sorted(V1_LEVELS)
    for path in V1.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not any(f"  {item}:" in text for item in V2_ITEMS), path.name


def test_detox_first_says_what_comes_after() -> None:
    code, out, _ = run("score", answers("detox_first"), "--format", "json")
    data = json.loads(out)
    assert data["recommendation"]["then"] == "iop"
    code, out, _ = run("score", answers("detox_first"))
    flat = " ".join(out.split())
    assert "getting medical help to stop safely (detox) may need to come first" in flat
    assert "After that, intensive outpatient care (IOP) may fit." in flat
    assert "withdrawal_history" not in flat  # a person's report names no question ids …
    code, out, _ = run("score", answers("detox_first"), "--answered-by", "counselor_read")
    assert "withdrawal_history" in " ".join(out.split())  # … a counselor's does


@pytest.mark.parametrize("fmt", [f.value for f in Format])
@pytest.mark.parametrize("level", LEVEL_FILES)
def test_every_format_renders_from_the_command_line(fmt: str, level: str) -> None:
    code, out, err = run("score", answers(level), "--format", fmt)
    assert code == 0, err
    assert out.endswith("\n")
    assert "988" in out or fmt == "csv"  # the batch row has fixed columns (contract §6)
    assert not ANSI.search(out)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("name", ["emergency", "declined_safety"])
def test_crisis_block_is_first(fmt: str, name: str) -> None:
    code, out, _ = run("score", answers(name), "--format", fmt)
    assert code == 0
    if fmt == "html":
        out = re.sub(r"<[^>]+>", " ", out.split("<body>", 1)[1])
    words = re.sub(r"[#*\u2500-\u257f]", " ", out).split()
    assert [w.lower() for w in words[:3]] == ["get", "help", "now"]


def test_declined_suicide_item_is_named_in_the_crisis_block() -> None:
    code, out, _ = run("score", answers("declined_safety"), "--plain")
    assert code == 0
    crisis = " ".join(out[: out.index("Your self-assessment results")].split())
    assert "thoughts of being better off dead or of hurting yourself" in crisis
    assert "phq9_9" not in crisis
    assert "988" in crisis and "911" in crisis
    code, out, _ = run(
        "score", answers("declined_safety"), "--plain", "--answered-by", "counselor_entered"
    )
    assert "phq9_9" in out[: out.index("Your self-assessment results")]


def test_stdin_dash_reads_the_answers() -> None:
    text = (ASSETS / "iop.yaml").read_text(encoding="utf-8")
    code, out, _ = run("score", "-", "--format", "json", stdin=text)
    assert code == 0
    assert json.loads(out)["recommendation"]["level"] == "iop"


def test_ignored_answers_warn_on_stderr_only() -> None:
    code, out, err = run("score", answers("ignored"), "--format", "json")
    assert code == 0
    assert "Warning: opioids_days was answered" in err
    assert json.loads(out)["warnings"]  # the result records it too
    assert "Warning:" not in out


def test_bad_answers_exit_4_listing_every_problem() -> None:
    code, out, err = run("score", answers("bad"))
    assert code == 4
    assert out == ""
    assert "3 problems" in err
    for place in ("bad.yaml:3:8: age", "bad.yaml:4:14: readiness", "bad.yaml:5:3: no_such_item"):
        assert place in err
    assert "Traceback" not in err


def test_missing_answers_file_exits_4(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path / "nope.yaml"))
    assert code == 4
    assert "Error:" in err


@pytest.mark.parametrize(
    "args",
    [("score",), ("score", "x.yaml", "--format", "pdf"), ("score", "x.yaml", "--bogus")],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, _ = run(*args)
    assert code == 2


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_out_writes_an_owner_only_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run("score", answers("iop"), "--format", fmt, "--out", str(target))
    assert code == 0
    assert out == ""
    assert f"Report written to {target}" in " ".join(err.split())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_text(encoding="utf-8")
    assert "988" in written or fmt == "csv"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary files left


def test_out_replaces_an_existing_file_only_with_force_and_keeps_it_private(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    code, _, err = run("score", answers("outpatient"), "-f", "md", "--out", str(target))
    assert code == 4
    assert f"{target} already exists. The report was not written." in " ".join(err.split())
    assert "Add --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "old"
    code, _, _ = run("score", answers("outpatient"), "-f", "md", "--out", str(target), "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# Your self-assessment results")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("report.html", "<!DOCTYPE html>"),
        ("report.htm", "<!DOCTYPE html>"),
        ("report.md", "# Your self-assessment results"),
        ("report.txt", "Your self-assessment results"),
        ("report", "Your self-assessment results"),
        ("report.json", '{\n  "schema_version": 2'),
        ("report.csv", "id,level,then,flags,error,"),
        ("report.fhir.json", '{\n  "resourceType": "Bundle"'),
        ("note.summary.txt", "iop-assess "),
    ],
)
def test_out_picks_the_format_from_the_file_name(tmp_path: Path, name: str, kind: str) -> None:
    target = tmp_path / name
    code, _, err = run("score", answers("iop"), "--out", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith(kind)


def test_format_wins_over_the_file_name_and_an_unknown_ending_is_refused(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.html"
    assert run("score", answers("iop"), "-f", "json", "--out", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 2
    code, _, err = run("score", answers("iop"), "--out", str(tmp_path / "report.pdf"))
    assert code == 2
    assert "cannot tell the report format from the name report.pdf" in err
    assert not (tmp_path / "report.pdf").exists()
    assert run("score", answers("iop"), "-f", "md", "--out", str(tmp_path / "r.pdf"))[0] == 0


def test_out_never_follows_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "notes.txt"
    elsewhere.write_text("mine", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(elsewhere)
    dangling = tmp_path / "new.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    for target in (link, dangling):
        code, _, err = run("score", answers("iop"), "--out", str(target), "--force")
        assert code == 4
        assert f"{target} is a symbolic link" in " ".join(err.split())
        assert target.is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "nowhere.txt").exists()


def test_out_refuses_a_folder(tmp_path: Path) -> None:
    code, out, err = run("score", answers("iop"), "--out", str(tmp_path))
    assert code == 4
    assert f"{tmp_path} is a folder" in " ".join(err.split())
    assert list(tmp_path.iterdir()) == []


def test_out_into_a_missing_folder_exits_4(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.html"
    code, _, err = run("score", answers("iop"), "--out", str(target))
    assert code == 4
    assert "does not exist" in err
    assert not target.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_out_into_a_read_only_folder_exits_4(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = run("score", answers("iop"), "--out", str(folder / "r.txt"))
    finally:
        folder.chmod(0o700)
    assert code == 4
    assert "permission denied" in err
    assert list(folder.iterdir()) == []


def test_scoring_writes_nothing_without_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    for var in ("HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home))
    for fmt in Format:
        code, _, _ = run("score", answers("detox_first"), "--format", fmt.value)
        assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["home"]
    assert list(home.iterdir()) == []


def test_no_color_output_has_no_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run("score", answers("emergency"))
    assert code == 0
    assert not ANSI.search(out)


def test_plain_at_40_columns_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    for level in LEVEL_FILES:
        code, out, _ = run("score", answers(level), "--plain")
        assert code == 0
        assert max(len(line) for line in out.splitlines()) <= 40
        assert not set(out) & set("┏┃━│─╭╮")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_any_declined_safety_item_leads_with_the_crisis_block(fmt: str) -> None:
    data = {
        "answers": {
            "age": 50,
            "alcohol_past_year": "no",
            "drugs_past_year": "no",
            "substances": ["none"],
            "danger_now": "declined",
        }
    }
    code, out, _ = run("score", "-", "--format", fmt, stdin=json.dumps(data))
    assert code == 0
    if fmt == "html":
        out = re.sub(r"<[^>]+>", " ", out.split("<body>", 1)[1])
    words = re.sub(r"[#*\u2500-\u257f]", " ", out).split()
    assert [w.lower() for w in words[:3]] == ["get", "help", "now"]
    crisis = out[: out.index("Your self-assessment results")]
    assert "being in danger of hurting someone right now" in " ".join(
        re.sub(r"[\u2500-\u257f]", " ", crisis).split()
    )
