"""The foundation commands as a person uses them: validate, list, schema and --version."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iop_assess.bank import bundled_dir, load_bank
from iop_assess.cli import app
from iop_assess.yamlsource import read_file

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests/assets/questionnaires/valid"
BROKEN = ROOT / "tests/assets/questionnaires/broken"


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False, env=env)


# --- validate ---------------------------------------------------------------------------------


def test_validate_without_arguments_checks_the_bundled_questionnaires() -> None:
    bank = load_bank()
    result = run("validate")
    assert result.exit_code == 0, result.output
    files = len(list(bundled_dir().glob("*.yaml")))
    assert result.stdout == (
        f"OK: {files} questionnaire files, {len(bank.items)} items, no problems found.\n"
    )


def test_validate_takes_a_folder() -> None:
    result = run("validate", str(VALID))
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: 2 questionnaire files, 4 items")


def test_validate_takes_files_and_checks_them_together() -> None:
    # extra.yaml reads an item of mini.yaml: alone it fails, together they pass.
    alone = run("validate", str(VALID / "extra.yaml"))
    assert alone.exit_code == 3
    assert "condition names unknown item 'mini_2'" in alone.stderr
    together = run("validate", str(VALID / "mini.yaml"), str(VALID / "extra.yaml"))
    assert together.exit_code == 0
    assert together.stdout.startswith("OK: 2 questionnaire files")


def test_validate_a_missing_path_is_a_usage_error() -> None:
    result = run("validate", "no/such/questionnaire.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Error: no such file or folder: no/such/questionnaire.yaml\n"
    assert result.stdout == ""


def test_validate_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: no questionnaire files (*.yaml) in {tmp_path}\n"


def test_validate_a_broken_folder_lists_problems_and_exits_3() -> None:
    result = run("validate", str(BROKEN))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[-1] == "Fix the places listed above, then run `iop-assess validate` again."
    assert re.fullmatch(r"\d+ problems found in the questionnaire files\.", lines[-2])
    problems = lines[:-2]
    assert len(problems) == int(lines[-2].split()[0])
    assert all(re.match(rf"{re.escape(str(BROKEN))}/\w+\.yaml:\d+:\d+: \S", p) for p in problems)


# --- list -------------------------------------------------------------------------------------


def test_list_shows_every_bundled_questionnaire_with_version_and_licence() -> None:
    result = run("list", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    out = result.stdout
    flat = " ".join(out.split())
    bank = load_bank()
    assert len(bank.questionnaires) >= 1
    for q in bank.questionnaires:
        header = f"{q.id} {q.version} - {q.title['en']} ({len(q.items())} items)"
        assert header + "\n" in out
        assert " ".join(q.license.split()) in flat
        assert " ".join(q.source.split()) in flat


def test_list_fits_in_80_columns() -> None:
    result = run("list", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    too_wide = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert too_wide == []


def test_list_uses_the_questions_folder_option() -> None:
    result = run("list", "--questions", str(VALID))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Questionnaires in {VALID}:\n")
    assert "extra 0.2.0 - Extra (1 items)" in result.stdout
    assert "mini 1.0.0 - Mini check (3 items)" in result.stdout
    assert "  licence: MIT" in result.stdout


def test_list_with_a_broken_questions_folder_exits_3() -> None:
    result = run("list", "--questions", str(BROKEN / "duplicate_id_across_files"))
    assert result.exit_code == 3
    assert "item id 'shared_q' is already used" in result.stderr


# --- schema -----------------------------------------------------------------------------------


def _check(schema: dict[str, Any], node: dict[str, Any], data: Any, where: str) -> list[str]:
    """A tiny JSON Schema check: $ref, anyOf, type, enum, pattern, required, properties,
    additionalProperties, items, propertyNames. Returns the places that do not fit."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        ok = any(not _check(schema, option, data, where) for option in node["anyOf"])
        return [] if ok else [f"{where}: fits none of anyOf"]
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
    }
    kind = node.get("type")
    if kind and not isinstance(data, types[kind]):
        return [f"{where}: expected {kind}"]
    if "enum" in node and data not in node["enum"]:
        return [f"{where}: {data!r} not in enum"]
    if "pattern" in node and not re.search(node["pattern"], data):
        return [f"{where}: {data!r} does not match {node['pattern']}"]
    errors: list[str] = []
    if isinstance(data, dict):
        errors += [f"{where}: missing {key}" for key in node.get("required", []) if key not in data]
        props = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        names = node.get("propertyNames", {})
        for key, value in data.items():
            if "enum" in names and key not in names["enum"]:
                errors.append(f"{where}: key {key!r} not allowed")
            if key in props:
                errors += _check(schema, props[key], value, f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: unknown key {key!r}")
            elif isinstance(extra, dict):
                errors += _check(schema, extra, value, f"{where}.{key}")
    if isinstance(data, list) and "items" in node:
        for index, value in enumerate(data):
            errors += _check(schema, node["items"], value, f"{where}[{index}]")
    return errors


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_schema_is_a_json_schema_of_the_questionnaire_format(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert {"id", "version", "sections", "instruments"} <= set(schema["properties"])
    assert {"id", "version", "sections"} <= set(schema["required"])
    assert {"Section", "Item", "Option", "Condition", "Instrument", "Band"} <= set(schema["$defs"])


@pytest.mark.parametrize("path", sorted((ROOT / "questions").glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_questionnaire_fits_the_schema(schema: dict[str, Any], path: Path) -> None:
    data = read_file(path).data
    assert _check(schema, schema, data, "$") == []


def test_the_schema_knows_the_translation_record(schema: dict[str, Any]) -> None:
    record = schema["$defs"]["Translation"]
    assert record["additionalProperties"] is False
    assert set(record["properties"]) == {"status", "source", "retrieved", "credit", "note"}
    assert record["properties"]["status"]["enum"] == [
        "official",
        "official-unverified",
        "project",
        "missing",
    ]
    data = read_file(ROOT / "questions" / "gad7.yaml").data
    data["translations"]["es"]["status"] = "verified"
    data["translations"]["es"]["by"] = "someone"
    assert sorted(_check(schema, schema, data, "$")) == [
        "$.translations.es.status: 'verified' not in enum",
        "$.translations.es: unknown key 'by'",
    ]


def test_the_schema_check_notices_a_broken_questionnaire(schema: dict[str, Any]) -> None:
    data = read_file(ROOT / "questions" / "phq9.yaml").data
    del data["sections"]
    data["instruments"][0]["colour"] = "red"
    data["version"] = "one"
    assert sorted(_check(schema, schema, data, "$")) == [
        "$.instruments[0]: unknown key 'colour'",
        "$.version: 'one' does not match ^\\d+\\.\\d+\\.\\d+$",
        "$: missing sections",
    ]


# --- version and errors -----------------------------------------------------------------------


def test_version_prints_the_installed_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"iop-assess {version('iop-assess')}\n"


def test_no_arguments_shows_help_with_crisis_numbers() -> None:
    result = run()
    assert "Usage: iop-assess" in result.output
    assert "988" in result.output and "911" in result.output


def test_tracebacks_never_show_local_variables() -> None:
    # Locals could hold a person's answers; Typer must not print them even on a crash.
    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize(
    ("args", "code", "first_line"),
    [
        (["validate", "nowhere.yaml"], 2, "Error: no such file or folder: nowhere.yaml"),
        (
            ["validate", str(BROKEN / "python_tag.yaml")],
            3,
            f"{BROKEN / 'python_tag.yaml'}:4:14: YAML tag !!python/object/apply:os.system",
        ),
        (["list", "--questions", "nowhere"], 2, "Error: questionnaire folder not found: nowhere"),
    ],
)
def test_errors_from_the_real_program_have_no_traceback(
    args: list[str], code: int, first_line: str
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "iop_assess", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == code
    assert proc.stderr.startswith(first_line)
    assert "Traceback" not in proc.stderr + proc.stdout
