"""``iop-assess batch`` (contract §6): CSV and JSONL in and out, row errors that keep their place
and never echo an answer, exit codes, owner-only output that appears only when complete, Ctrl-C,
``--jobs``, and a differential property: a batch row equals ``score --format json``."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from iop_assess.bank import Bank, load_bank
from iop_assess.batch import header
from iop_assess.cli import app

SCORE = Path(__file__).parent / "assets" / "answers" / "score"
LEVELS = ["emergency", "detox_first", "residential", "iop", "outpatient", "insufficient"]
BANK = load_bank()
SECRET = "zebra42"


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def level_answers(name: str) -> dict[str, Any]:
    data = YAML(typ="safe").load((SCORE / f"{name}.yaml").read_text("utf-8"))
    return dict(data["answers"])


def csv_cell(value: Any) -> str:
    return ";".join(map(str, value)) if isinstance(value, list) else str(value)


def write_csv(path: Path, rows: list[tuple[str, dict[str, Any]]], *, ids: bool = True) -> None:
    columns = sorted({key for _, answers in rows for key in answers}, key=BANK.order.get)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((["id"] if ids else []) + columns)
        for row_id, answers in rows:
            cells = [csv_cell(answers[c]) if c in answers else "" for c in columns]
            writer.writerow(([row_id] if ids else []) + cells)


def write_jsonl(path: Path, rows: list[tuple[str, dict[str, Any]]]) -> None:
    lines = [json.dumps({"id": row_id, "answers": answers}) for row_id, answers in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def every_level(tmp_path: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(f"client-{name}", level_answers(name)) for name in LEVELS]


def test_csv_in_csv_out_one_row_per_input_row_in_order(
    tmp_path: Path, every_level: list[tuple[str, dict[str, Any]]]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, every_level)
    code, stdout, stderr = run("batch", str(source), "--out", str(out))
    assert code == 0, stderr
    assert stdout == ""
    text = out.read_text("utf-8")
    assert text.splitlines()[0] == ",".join(header(BANK))
    rows = read_csv(text)
    assert [r["id"] for r in rows] == [f"client-{name}" for name in LEVELS]
    assert [r["level"] for r in rows] == LEVELS
    assert all(r["error"] == "" for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["client-detox_first"]["then"] == "iop"
    assert by_id["client-iop"]["audit_total"] == "17"
    assert by_id["client-iop"]["audit_band"] == "harmful"
    assert "suicide_risk" in by_id["client-emergency"]["flags"].split(";")
    assert "6 rows scored: " in stderr
    assert f"Results written to {out}" in stderr


def test_the_output_is_owner_only_and_no_temporary_file_is_left(
    tmp_path: Path, every_level: list[tuple[str, dict[str, Any]]]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, every_level)
    assert run("batch", str(source), "--out", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_jsonl_in_jsonl_out_keeps_types(
    tmp_path: Path, every_level: list[tuple[str, dict[str, Any]]]
) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, every_level)
    code, _, stderr = run("batch", str(source), "--out", str(out))
    assert code == 0, stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [list(r) for r in rows] == [header(BANK)] * len(LEVELS)
    assert [r["level"] for r in rows] == LEVELS
    iop = rows[LEVELS.index("iop")]
    assert iop["audit_total"] == 17 and iop["error"] is None and iop["then"] is None


def test_dash_writes_csv_to_standard_output(
    tmp_path: Path, every_level: list[tuple[str, dict[str, Any]]]
) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, every_level)
    code, stdout, stderr = run("batch", str(source), "--out", "-")
    assert code == 0, stderr
    assert [r["level"] for r in read_csv(stdout)] == LEVELS
    assert "Results written" not in stderr


def test_without_an_id_column_rows_are_numbered(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, [("", level_answers("iop")), ("", level_answers("outpatient"))], ids=False)
    assert run("batch", str(source), "--out", str(out))[0] == 0
    assert [r["id"] for r in read_csv(out.read_text("utf-8"))] == ["1", "2"]


def test_a_bad_row_keeps_its_place_names_row_column_and_item_never_the_answer(
    tmp_path: Path,
) -> None:
    good = level_answers("iop")
    bad = dict(good, audit_3=SECRET)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, [("a", good), ("b", bad), ("c", good)])
    column = next(csv.reader(source.open(encoding="utf-8"))).index("audit_3") + 1
    code, stdout, stderr = run("batch", str(source), "--out", str(out))
    assert code == 1
    rows = read_csv(out.read_text("utf-8"))
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert [r["level"] for r in rows] == ["iop", "", "iop"]
    assert rows[1]["error"] == (
        f"row 2: column {column} (audit_3): expected one of the choices 0, 1, 2, 3, 4, or declined"
    )
    assert rows[1]["audit_total"] == ""
    assert "1 row has an error" in stderr
    assert SECRET not in out.read_text("utf-8") + stdout + stderr


def test_jsonl_row_errors_name_the_line_and_never_echo_the_answer(tmp_path: Path) -> None:
    good = level_answers("outpatient")
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        json.dumps({"id": "ok", "answers": good}),
        '{"id": "broken", "answers": {"age": ' + SECRET,
        "",
        json.dumps({"id": "range", "answers": dict(good, alcohol_days=31)}),
        json.dumps({"id": "list", "answers": dict(good, substances=SECRET)}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "unknown", "answers": {"agee": 30}}),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = run("batch", str(source), "--out", str(out))
    assert code == 1
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["ok", "2", "range", "list", "5", "unknown"]
    errors = [r["error"] for r in rows]
    assert errors[0] is None and rows[0]["level"] == "outpatient"
    assert errors[1].startswith("row 2 (line 2): not valid JSON (column ")
    assert errors[2] == (
        "row 3 (line 4): alcohol_days: expected a whole number from 0 to 30, or declined"
    )
    assert errors[3].startswith("row 4 (line 5): substances: expected one or more of the choices")
    assert errors[4] == 'row 5 (line 6): expected an object like {"id": ..., "answers": {...}}'
    assert errors[5] == "row 6 (line 7): agee: unknown item id; did you mean age?"
    assert "5 rows have an error" in stderr
    assert SECRET not in out.read_text("utf-8") + stderr


def test_a_header_that_names_no_item_is_a_file_error(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,age,audit1\nx,30,1\n", encoding="utf-8")
    code, _, stderr = run("batch", str(source), "--out", str(out))
    assert code == 4
    assert "column 3 (audit1): unknown item id; did you mean audit_1?" in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.txt", "x", "cannot tell the file type from '.txt'; use a .csv or .jsonl file"),
        ("missing.csv", None, "no such file"),
        ("empty.csv", "", "the file is empty; expected a header row"),
    ],
)
def test_unreadable_inputs_exit_4(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code, _, stderr = run("batch", str(source), "--out", str(tmp_path / "out.csv"))
    assert code == 4
    assert message in stderr


def test_an_unknown_output_type_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_csv(source, [("a", level_answers("iop"))])
    code, _, stderr = run("batch", str(source), "--out", str(tmp_path / "out.xlsx"))
    assert code == 2
    assert "use a .csv or .jsonl file, or - for standard output" in stderr


def test_ctrl_c_leaves_no_output_and_says_how_many_rows_were_done(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, [(str(n), level_answers("iop")) for n in range(5)])
    out.write_text("an older result\n", encoding="utf-8")
    from iop_assess.batch import runner

    real = runner.score_row
    calls = 0

    def stop_on_the_fourth(bank: Bank, row: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt
        return real(bank, row)

    with mock.patch.object(runner, "score_row", stop_on_the_fourth):
        code, _, stderr = run("batch", str(source), "--out", str(out), "--force")
    assert code == 130
    assert f"Stopped: 3 rows were done; {out} was not written." in " ".join(stderr.split())
    assert out.read_text("utf-8") == "an older result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, [("a", level_answers("iop"))])
    out.write_text("an older result\n", encoding="utf-8")
    code, _, stderr = run("batch", str(source), "--out", str(out))
    assert code == 4
    assert f"{out} already exists. The output was not written." in " ".join(stderr.split())
    assert "Add --force to replace it" in stderr
    assert out.read_text("utf-8") == "an older result\n"
    assert run("batch", str(source), "--out", str(out), "--force")[0] == 0
    assert read_csv(out.read_text("utf-8"))[0]["level"] == "iop"


def test_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    source, elsewhere = tmp_path / "in.csv", tmp_path / "keep.csv"
    write_csv(source, [("a", level_answers("iop"))])
    elsewhere.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(elsewhere)
    code, _, stderr = run("batch", str(source), "--out", str(link), "--force")
    assert code == 4
    assert "is a symbolic link" in stderr
    assert elsewhere.read_text("utf-8") == "keep me\n" and link.is_symlink()


def test_jobs_gives_the_same_rows_in_the_same_order(tmp_path: Path) -> None:
    rows = [(f"r{n}", level_answers(LEVELS[n % len(LEVELS)])) for n in range(600)]
    rows[301] = ("bad", dict(rows[301][1], age=SECRET))
    source = tmp_path / "in.csv"
    write_csv(source, rows)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run("batch", str(source), "--out", str(one))[0] == 1
    assert run("batch", str(source), "--out", str(two), "--jobs", "2")[0] == 1
    assert one.read_bytes() == two.read_bytes()
    assert [r["id"] for r in read_csv(two.read_text("utf-8"))] == [r for r, _ in rows]


# -- differential property: a batch row equals ``score --format json`` on the same answers --

ITEMS = [i for i, ref in BANK.items.items() if ref.item.type != "text"]


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item_id in ITEMS:
        if not draw(st.booleans()):
            continue
        ref = BANK.items[item_id]
        options = [o.value for o in ref.options or ()]
        kind = ref.item.type
        if kind == "integer":
            assert ref.item.min is not None and ref.item.max is not None
            good = st.integers(ref.item.min, ref.item.max)
        elif kind == "multiple":
            plain = [
                v
                for v in options
                if not any(o.exclusive and o.value == v for o in ref.options or ())
            ]
            good = st.lists(st.sampled_from(plain), min_size=1, max_size=3, unique=True)
        else:
            good = st.sampled_from(options)
        answers[item_id] = draw(
            st.one_of(
                good,
                good,
                good,
                good,
                st.just("declined"),
                st.just(SECRET) if draw(st.integers(0, 9)) == 0 else good,
            )
        )
    return answers


def _score_json(path: Path) -> tuple[int, dict[str, Any] | None]:
    code, out, _ = run("score", str(path), "--format", "json")
    return code, (json.loads(out) if code == 0 else None)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answer_sets())
def test_a_batch_row_equals_score_on_the_same_answers(
    tmp_path: Path, answers: dict[str, Any]
) -> None:
    with mock.patch("iop_assess.bank.load_bank", return_value=BANK):
        single = tmp_path / "answers.json"
        single.write_text(json.dumps({"answers": answers}), encoding="utf-8")
        code, scored = _score_json(single)
        rows = {}
        for suffix in (".csv", ".jsonl"):
            source, out = tmp_path / f"in{suffix}", tmp_path / "out.jsonl"
            (write_csv if suffix == ".csv" else write_jsonl)(source, [("p", answers)])
            batch_code, _, _ = run("batch", str(source), "--out", str(out), "--force")
            (rows[suffix],) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
            assert batch_code == (0 if code == 0 else 1)
        csv_code, csv_out, _ = run("score", str(single), "--format", "csv")
    # the same row from either format; only the error's wording of the place differs
    plain = {k: {**v, "error": bool(v["error"])} for k, v in rows.items()}
    assert plain[".csv"] == plain[".jsonl"]
    row = rows[".csv"]
    if scored is None:
        assert code == 4
        assert row["error"] and row["level"] is None
        return
    assert row["error"] is None
    # ``score --format csv`` writes the same row (its id is the client label: none here)
    assert csv_code == 0
    (as_csv,) = read_csv(csv_out)
    assert as_csv == {k: "" if v is None else str(v) for k, v in row.items()} | {"id": ""}
    assert row["level"] == scored["recommendation"]["level"]
    assert row["then"] == scored["recommendation"]["then"]
    assert row["flags"] == ";".join(scored["flags"])
    for key, score in scored["instruments"].items():
        assert row[f"{key}_total"] == score["total"]
        assert row[f"{key}_band"] == score["band"]


def test_environment_has_no_stray_questions_folder() -> None:
    # The tests above assume the bundled questionnaires.
    assert "IOP_ASSESS_QUESTIONS" not in os.environ
