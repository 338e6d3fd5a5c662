"""Broken questionnaire files, each with the exact ``file:line:col: message`` a person sees.

Every broken file under ``tests/assets/questionnaires/broken/`` is checked twice: through
``iop-assess validate PATH`` (exit code 3, problems on stderr) and through ``loader.load_files``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from iop_assess.bank import Bank, load_bank
from iop_assess.cli import app
from iop_assess.errors import ExitCode, QuestionnaireError
from iop_assess.loader import load_files, questionnaire_paths

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path("tests/assets/questionnaires")
BROKEN = ASSETS / "broken"
VALID = ASSETS / "valid"

# file name → the problems it must produce, as "line:col: message", in output order.
EXPECTED: dict[str, list[str]] = {
    "yaml_syntax.yaml": [
        "4:12: YAML syntax: expected ',' or '}', but got ':' "
        "(in a flow mapping that starts at line 3, column 8)"
    ],
    "duplicate_key.yaml": [
        '15:9: key "text" appears twice; each key may appear only once in a mapping'
    ],
    "unknown_field.yaml": ["15:9: unknown field 'show_iff'; did you mean 'show_if'?"],
    "wrong_type.yaml": ["9:12: 'order': a whole number expected, got 'first' (text)"],
    "unknown_condition_item.yaml": [
        "19:25: condition names unknown item 'condunknow_1'; did you mean 'condunknown_1'?"
    ],
    "condition_loop.yaml": ["14:18: display conditions form a loop: loop_a → loop_b → loop_a"],
    "band_gap.yaml": ["26:25: gap in bands: no band covers 3"],
    "band_overlap.yaml": ["26:25: band 'high' overlaps band 'low' at 2"],
    "repeated_option.yaml": ["18:21: option value 'often' is repeated (first used at line 17)"],
    "python_tag.yaml": [
        "4:14: YAML tag !!python/object/apply:os.system is not allowed in questionnaire files"
    ],
    "alias_bomb.yaml": [
        "3:8: YAML aliases (*a) are not allowed; use option_sets to share answer choices "
        "(80 aliases found)"
    ],
    "empty.yaml": [
        "1:1: the file is empty; a questionnaire mapping with id, version, title, … expected"
    ],
    "list_file.yaml": [
        "1:1: the file holds a list; a questionnaire mapping with id, version, title, … expected"
    ],
    "unknown_option_value.yaml": [
        "19:47: item 'optunknown_1' has no option 'true'; its options are no, yes"
    ],
    "instrument_unknown_item.yaml": [
        "21:28: instrument 'instunknown' names unknown item 'instunknown_2'; "
        "did you mean 'instunknown_1'?"
    ],
    "many_missing_translations.yaml": [
        "5:14: 'description' has no translation for 'es'; the file declares languages: en, es",
        "14:35: 'label' has no translation for 'es'; the file declares languages: en, es",
        "18:12: 'title' has no translation for 'es'; the file declares languages: en, es",
        "24:15: 'text' has no translation for 'es'; the file declares languages: en, es",
        "29:15: 'unit' has no translation for 'es'; the file declares languages: en, es",
        "31:15: 'help' has no translation for 'es'; the file declares languages: en, es",
        "39:43: 'label' has no translation for 'es'; the file declares languages: en, es",
    ],
    "translation_records.yaml": [
        "10:3: English is the base language; 'translations' lists the other languages",
        "12:13: the 'es' translation is 'missing', so 'es' must not be in 'languages'",
        "22:41: 'text' has text in 'es', but the 'es' translation is 'missing': the questions "
        "are shown in English as a whole; remove it, or give the translation its status and "
        "source",
    ],
    "translation_shape.yaml": [
        "11:16: 'retrieved': use a date like '2026-12-01' (in quotes); got '1 December 2026'",
        "13:5: unknown field 'reviewer'; did you mean 'reverse'?",
    ],
    "translation_status.yaml": [
        "11:5: a translation with status 'official-unverified' needs 'source'",
    ],
    "translation_unrecorded.yaml": [
        "6:17: the file declares 'es' but has no 'translations: {es: ...}' record saying where "
        "that wording comes from (status and source)",
    ],
    "translation_undeclared.yaml": [
        "9:16: the 'es' translation is 'project' but 'es' is not in 'languages'; add it there, "
        "or set status: missing",
    ],
    "missing_translation.yaml": [
        "15:15: 'text' has no translation for 'es'; the file declares languages: en, es"
    ],
    "bad_version.yaml": [
        "2:10: 'version': use a version like 1.0.0 (major.minor.patch); got '1.0'"
    ],
    "several_problems.yaml": [
        "16:15: 'text' has no translation for 'es'; the file declares languages: en, es",
        "20:21: option value '1' is repeated (first used at line 19)",
        "23:25: condition names unknown item 'several_one'; did you mean 'several_1'?",
        "28:24: instrument 'several' names unknown item 'several_3'; did you mean 'several_2'?",
    ],
    "true_false_as_number.yaml": [
        "9:12: 'order': a whole number expected, got true (true/false)",
        "17:42: 'equals': text expected, got true (true/false); put it in quotes",
        "20:36: 'score': a whole number expected, got false (true/false)",
    ],
    "score_condition_unknown.yaml": [
        "20:26: condition names unknown score 'sevrity' (an instrument or subscale id); "
        "did you mean 'severity'?"
    ],
    "score_condition_band.yaml": [
        "22:42: score 'scoreband' has no band 'hihg'; its bands are high, low",
        "23:33: score 'pair' has no bands to compare with; use at_least or at_most",
    ],
    "short_form_problems.yaml": [
        "31:14: the first stage 'sfa_pairs' is not a subscale of 'sfa' (its subscales: "
        "sfa_pair) or another instrument made of its items; did you mean 'sfa_pair'?",
        "45:16: 'sfb_1' is already in the first stage 'sfb_first'",
        "45:23: 'sfb_9' is not one of the instrument's items",
    ],
    "short_form_loop.yaml": ["29:16: display conditions form a loop: sfloop_2 → sfloop_2"],
    "condition_shape.yaml": [
        "15:18: a condition reads either an 'item' or a 'score', not both",
        "20:11: use either 'all', 'any' or 'not' alone, or 'item' (or 'score') with one comparison",
    ],
    "several_shape_problems.yaml": [
        "2:5: 'id': use lowercase letters, digits and '_', starting with a letter; got 'Shape'",
        "3:10: 'version': text expected, got 1 (a number); put it in quotes",
        "14:15: 'type': one of 'single', 'multiple', 'integer', 'yes_no' or 'text' expected, "
        "got 'yesno'",
    ],
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root so paths print as a person would type them."""
    monkeypatch.chdir(ROOT)


def _footer(count: int) -> str:
    noun = "problem" if count == 1 else "problems"
    return (
        f"{count} {noun} found in the questionnaire files.\n"
        "Fix the places listed above, then run `iop-assess validate` again.\n"
    )


def test_every_broken_file_has_an_expected_message() -> None:
    on_disk = {p.name for p in questionnaire_paths(BROKEN)}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_prints_every_problem_exactly(name: str) -> None:
    path = BROKEN / name
    result = CliRunner().invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == ExitCode.QUESTIONNAIRE_INVALID == 3
    lines = [f"{path}:{where}" for where in EXPECTED[name]]
    assert result.stderr == "\n".join(lines) + "\n" + _footer(len(lines))
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_files_raises_the_same_located_problems(name: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(BROKEN / name, name)])
    assert [str(p) for p in caught.value.problems] == [f"{name}:{e}" for e in EXPECTED[name]]
    assert caught.value.exit_code == 3


def test_several_problems_are_reported_at_once_sorted_by_line() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(BROKEN / "several_problems.yaml", "several.yaml")])
    problems = caught.value.problems
    assert len(problems) == 4
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert str(caught.value).endswith("4 problems found in the questionnaire files.")


def test_duplicate_item_id_across_two_files_names_both_places() -> None:
    folder = BROKEN / "duplicate_id_across_files"
    result = CliRunner().invoke(app, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 3
    first, second = folder / "first.yaml", folder / "second.yaml"
    expected = f"{second}:15:13: item id 'shared_q' is already used at {first}:12:14\n"
    assert result.stderr == expected + _footer(1)


def test_duplicate_item_id_through_load_files() -> None:
    folder = BROKEN / "duplicate_id_across_files"
    pairs = [(p, p.name) for p in questionnaire_paths(folder)]
    with pytest.raises(QuestionnaireError) as caught:
        load_files(pairs)
    assert [str(p) for p in caught.value.problems] == [
        "second.yaml:15:13: item id 'shared_q' is already used at first.yaml:12:14"
    ]


def test_problems_from_several_files_are_listed_together() -> None:
    names = ["band_gap.yaml", "bad_version.yaml", "empty.yaml"]
    result = CliRunner().invoke(
        app, ["validate", *(str(BROKEN / n) for n in names)], catch_exceptions=False
    )
    assert result.exit_code == 3
    reported = result.stderr.splitlines()[:-2]
    assert reported == sorted(f"{BROKEN / n}:{e}" for n in names for e in EXPECTED[n])


def test_the_alias_bomb_is_refused_without_expanding_it() -> None:
    # 10**8 "lol"s if expanded; refusing aliases up front keeps it to one small problem.
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(BROKEN / "alias_bomb.yaml", "bomb.yaml")])
    assert len(caught.value.problems) == 1


def test_a_python_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "made.txt"
    bad = tmp_path / "tag.yaml"
    bad.write_text(f'id: !!python/object/apply:pathlib.Path.touch ["{marker}"]\n', "utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(bad, "tag.yaml")])
    assert not marker.exists()
    assert [str(p) for p in caught.value.problems] == [
        "tag.yaml:1:5: YAML tag !!python/object/apply:pathlib.Path.touch is not allowed "
        "in questionnaire files"
    ]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: {en: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(bad, "latin1.yaml")])
    assert [str(p) for p in caught.value.problems] == ["latin1.yaml:1:1: file is not UTF-8 text"]


# ---------------------------------------------------------------------------------------------
# The valid fixture folder


def _valid_bank() -> Bank:
    return load_bank(ROOT / VALID)


def test_the_valid_fixture_folder_passes_validate() -> None:
    result = CliRunner().invoke(app, ["validate", str(VALID)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "OK: 2 questionnaire files, 4 items, no problems found.\n"


def test_the_valid_fixture_loads_in_section_order_with_shared_options() -> None:
    bank = _valid_bank()
    assert list(bank.items) == ["mini_1", "mini_2", "mini_why", "extra_1"]
    assert [str(o.value) for o in bank.items["mini_1"].options or ()] == ["0", "1", "2"]
    assert [str(o.value) for o in bank.items["extra_1"].options or ()] == ["yes", "no"]
    assert bank.versions() == [
        {"id": "extra", "version": "0.2.0"},
        {"id": "mini", "version": "1.0.0"},
    ]
    assert [b.id for b in bank.instruments["mini"].bands] == ["low", "high"]


def test_display_conditions_across_files_follow_the_answers() -> None:
    bank = _valid_bank()
    assert bank.applies("extra_1", {"mini_2": 1}) is True
    assert bank.applies("extra_1", {"mini_2": 0}) is False
    # An unanswered item makes the condition unknown, and unknown never hides a question.
    assert bank.applies("extra_1", {}) is True
    assert bank.applies("mini_why", {"mini_1": 0}) is False
    assert bank.applies("mini_why", {"mini_1": "declined"}) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: x\n<<: {version: 1.0.0}\n",
            "2:1: YAML merge keys (<<) are not allowed; write the keys out "
            "(or put '<<' in quotes if it is text)",
        ),
        ("%YAML 1.1\n---\nid: yes\n", "2:1: only YAML 1.2 is supported; remove the %YAML line"),
        ("id: " + "[" * 50 + "]" * 50 + "\n", "1:44: the file nests more than 40 levels deep"),
        (
            "id: x\nversion: 2024-01-02\n",
            "2:10: a date is not allowed here; put the value in quotes if it is text",
        ),
        (
            "--- {id: a}\n--- {id: b}\n",
            "2:1: YAML syntax: expected a single document in the stream but found another document",
        ),
        ("id: x\n? [a, b]\n: 1\n", "2:3: mapping keys must be text, not lists or mappings"),
    ],
    ids=["merge-key", "yaml-1.1", "deep-nesting", "date", "two-documents", "complex-key"],
)
def test_other_unsafe_or_unclear_yaml_is_refused_with_its_place(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_files([(path, "q.yaml")])
    assert [str(p) for p in caught.value.problems] == [f"q.yaml:{expected}"]


def test_validate_lists_every_untranslated_text_at_once() -> None:
    """Seven texts of seven kinds lack Spanish: one run names them all, each with its place,
    not only the first."""
    path = BROKEN / "many_missing_translations.yaml"
    result = CliRunner().invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 3
    untranslated = [line for line in result.stderr.splitlines() if "no translation for" in line]
    kinds = [line.split(": ")[1].split()[0] for line in untranslated]
    assert kinds == [
        "'description'",
        "'label'",
        "'title'",
        "'text'",
        "'unit'",
        "'help'",
        "'label'",
    ]
    assert all(line.startswith(f"{path}:") for line in untranslated)
    assert result.stderr.endswith(_footer(7))


def test_a_missing_translation_is_reported_beside_other_problems() -> None:
    """Untranslated texts do not hide, or hide behind, the other cross-file problems."""
    with pytest.raises(QuestionnaireError) as caught:
        load_files(
            [
                (BROKEN / "many_missing_translations.yaml", "a.yaml"),
                (BROKEN / "several_problems.yaml", "b.yaml"),
            ]
        )
    messages = [str(p) for p in caught.value.problems]
    assert sum("no translation for 'es'" in m for m in messages) == 8
    assert "b.yaml:20:21: option value '1' is repeated (first used at line 19)" in messages
