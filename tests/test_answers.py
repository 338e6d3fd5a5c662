"""Reading answers files: every broken file says exactly what is wrong and where (exit code 4).

The files live in tests/assets/answers/; they are checked against a small fixed questionnaire
(tests/assets/answers/questions/intake.yaml) so the messages stay stable.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from iop_assess.answers import AnswerSet, coerce, parse_answers, read_answers
from iop_assess.bank import Bank, load_bank
from iop_assess.errors import ExitCode, InputError
from iop_assess.model import DECLINED

ASSETS = Path(__file__).parent / "assets" / "answers"
FIX = "Fix the places listed above, then run the command again."


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ASSETS / "questions")


def problems_of(bank: Bank, name: str) -> tuple[str, list[str]]:
    with pytest.raises(InputError) as caught:
        read_answers(bank, ASSETS / name)
    assert caught.value.exit_code == ExitCode.INPUT_INVALID
    return str(caught.value).splitlines()[0], caught.value.problems


def where(name: str) -> str:
    return str(ASSETS / name)


# -- good files --------------------------------------------------------------------------------


def test_yaml_answers_are_normalised_and_in_asking_order(bank: Bank) -> None:
    got = read_answers(bank, ASSETS / "good.yaml")
    assert got.answers == {
        "age": 35,
        "sex": "male",
        "medical_urgent": "no",
        "goal": "Drink less.",
        "substances": ["alcohol", "cannabis"],
        "alcohol_days": 12,
        "withdrawal_now": "mild",
        "mood_1": 2,
        "mood_2": 3,
    }
    assert list(got.answers) == [i for i in bank.items if i in got.answers]
    assert got.client == "case 0142"
    assert got.notes == {"use": "Drinks mostly on weekends."}
    assert got.warnings == ()
    assert got.ignored == ()


def test_json_answers_are_read_like_yaml(bank: Bank) -> None:
    got = read_answers(bank, ASSETS / "good.json")
    assert got.answers == {
        "age": 35,
        "medical_urgent": "yes",
        "substances": ["alcohol"],
        "alcohol_days": 12,
        "mood_1": 1,
    }


def test_declined_is_accepted_for_every_kind_of_item(bank: Bank) -> None:
    got = read_answers(bank, ASSETS / "declined.yaml")
    assert set(got.answers) == {
        "age",
        "sex",
        "medical_urgent",
        "goal",
        "substances",
        "alcohol_days",
        "mood_1",
    }
    assert all(value == DECLINED for value in got.answers.values())


def test_follow_up_that_does_not_apply_is_ignored_with_a_warning(bank: Bank) -> None:
    got = read_answers(bank, ASSETS / "ignored.yaml")
    assert got.answers == {"substances": ["cannabis"], "cannabis_days": 20}
    assert got.ignored == ("alcohol_days",)
    assert got.warnings == (
        "alcohol_days was answered, but it only applies when alcohol is chosen under "
        "substances; it was ignored.",
    )


def test_follow_up_counts_when_its_gate_was_not_answered(bank: Bank) -> None:
    got = parse_answers(bank, {"answers": {"alcohol_days": 5}}, "x")
    assert got.answers == {"alcohol_days": 5}
    assert got.ignored == ()


def test_version_differences_and_empty_values_are_warnings(bank: Bank) -> None:
    got = read_answers(bank, ASSETS / "versions.yaml")
    assert got.answers == {"age": 30}
    assert got.warnings == (
        "The answers were written for intake version 1.0.0, but this program uses version "
        "1.2.0; check that they still fit.",
        "The answers name questionnaire audit, which is not in use; its answers were not expected.",
        "mood_1 has no answer; it counts as not answered.",
    )


def test_stdin_is_read_with_a_dash(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"answers": {"age": 50, "substances": ["none"]}}'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    got = read_answers(bank, "-")
    assert got.answers == {"age": 50, "substances": ["none"]}


def test_stdin_takes_yaml_and_names_stdin_in_messages(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"answers:\n  age: 7\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(InputError) as caught:
        read_answers(bank, "-")
    assert caught.value.problems == ["stdin:2:8: age: the number is not from 12 to 120"]


# -- broken files: one problem each ------------------------------------------------------------


def test_unknown_item_ids_suggest_the_closest(bank: Bank) -> None:
    head, problems = problems_of(bank, "unknown_id.yaml")
    assert head == f"{where('unknown_id.yaml')}: 2 problems in the answers"
    assert problems == [
        f"{where('unknown_id.yaml')}:3:3: alcohol_dayz: unknown item id; did you mean "
        "alcohol_days?",
        f"{where('unknown_id.yaml')}:4:3: favourite_colour: unknown item id",
    ]


def test_values_outside_the_options(bank: Bank) -> None:
    _, problems = problems_of(bank, "outside_options.yaml")
    assert problems == [
        f"{where('outside_options.yaml')}:2:11: mood_1: the answer is not one of the choices "
        "0, 1, 2, 3",
        f"{where('outside_options.yaml')}:3:19: withdrawal_now: the answer is not one of the "
        "choices none, mild, moderate, severe",
    ]


def test_integers_out_of_range(bank: Bank) -> None:
    _, problems = problems_of(bank, "out_of_range.yaml")
    assert problems == [
        f"{where('out_of_range.yaml')}:3:17: alcohol_days: the number is not from 0 to 30",
        f"{where('out_of_range.yaml')}:4:8: age: the number is not from 12 to 120",
    ]


def test_wrong_types(bank: Bank) -> None:
    _, problems = problems_of(bank, "wrong_types.yaml")
    name = where("wrong_types.yaml")
    assert problems == [
        f"{name}:2:8: age: expected a whole number from 12 to 120, got text",
        f"{name}:3:15: substances: expected a list of choices, like [alcohol, cannabis], got text",
        f"{name}:4:19: medical_urgent: true and false are not answers here; write yes or no",
        f"{name}:5:17: alcohol_days: expected a whole number from 0 to 30, got a decimal number",
        f"{name}:6:9: goal: expected text in quotes, got a whole number",
    ]


def test_exclusive_choice_with_others(bank: Bank) -> None:
    _, problems = problems_of(bank, "exclusive.yaml")
    assert problems == [
        f"{where('exclusive.yaml')}:2:15: substances: 'none' cannot be chosen together with "
        "other answers"
    ]


def test_unknown_top_level_keys(bank: Bank) -> None:
    _, problems = problems_of(bank, "unknown_top_key.yaml")
    assert problems == [
        f"{where('unknown_top_key.yaml')}:3:1: unknown key 'anwsers'; did you mean answers?",
        f"{where('unknown_top_key.yaml')}:5:1: unknown key 'counselor'; the keys are answers, "
        "client, notes, questionnaires, answered, answered_by, blank",
    ]


def test_missing_answers_key(bank: Bank) -> None:
    _, problems = problems_of(bank, "missing_answers.yaml")
    assert problems == [
        f"{where('missing_answers.yaml')}:1:1: 'answers:' is missing; it holds a mapping of "
        "item id to answer"
    ]


def test_client_and_notes_are_checked(bank: Bank) -> None:
    _, problems = problems_of(bank, "notes_client.yaml")
    name = where("notes_client.yaml")
    assert problems == [
        f"{name}:1:9: client: expected a short text label, like a case number",
        f"{name}:3:10: notes: moods: unknown section id; did you mean mood?",
        f"{name}:4:8: notes: use: expected text in quotes, got a whole number",
    ]


def test_several_problems_are_reported_at_once(bank: Bank) -> None:
    head, problems = problems_of(bank, "several.yaml")
    name = where("several.yaml")
    assert head == f"{name}: 4 problems in the answers"
    assert problems == [
        f"{name}:3:8: age: the number is not from 12 to 120",
        f"{name}:4:8: sex: the answer is not one of the choices female, male, other",
        f"{name}:5:25: substances: in the list: the answer is not one of the choices alcohol, "
        "cannabis, opioids, none",
        f"{name}:7:3: mood_3: unknown item id; did you mean mood_2?",
    ]


def test_json_problems_have_positions(bank: Bank) -> None:
    _, problems = problems_of(bank, "bad_value.json")
    assert problems == [
        f"{where('bad_value.json')}:4:15: mood_1: the answer is not one of the choices 0, 1, 2, 3"
    ]


# -- files that cannot be read as answers at all -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.yaml", "the file is empty; expected a mapping that starts with 'answers:'"),
        ("only_comments.yaml", "the file is empty; expected a mapping that starts with 'answers:'"),
        ("top_list.yaml", "the file holds a list; expected a mapping that starts with 'answers:'"),
        ("answers.txt", "cannot tell the file type from '.txt'; use a .yaml, .yml or .json file"),
        ("no_such_file.yaml", "no such file"),
    ],
)
def test_unusable_files(bank: Bank, name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_answers(bank, ASSETS / name)
    assert str(caught.value) == f"{where(name)}: {message}"
    assert caught.value.exit_code == ExitCode.INPUT_INVALID


def test_a_folder_is_not_an_answers_file(bank: Bank, tmp_path: Path) -> None:
    folder = tmp_path / "answers.yaml"
    folder.mkdir()
    with pytest.raises(InputError, match=r"answers\.yaml: this is a folder, not an answers file"):
        read_answers(bank, folder)


def test_text_that_is_not_utf8(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("answers:\n  goal: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_answers(bank, path)
    assert str(caught.value) == f"{path}: the file is not UTF-8 text"


def test_invalid_yaml(bank: Bank) -> None:
    head, problems = problems_of(bank, "invalid.yaml")
    assert head == f"{where('invalid.yaml')}: the file is not valid YAML"
    assert problems == [
        f"{where('invalid.yaml')}:3:7: YAML syntax: mapping values are not allowed here"
    ]


def test_invalid_json(bank: Bank) -> None:
    head, problems = problems_of(bank, "invalid.json")
    assert head == f"{where('invalid.json')}: the file is not valid JSON"
    assert problems == [
        f"{where('invalid.json')}:4:3: JSON syntax: Expecting property name enclosed in double "
        "quotes"
    ]


def test_repeated_json_key(bank: Bank) -> None:
    _, problems = problems_of(bank, "repeated_key.json")
    assert problems == [
        f"{where('repeated_key.json')}: JSON syntax: the key 'age' appears more than once"
    ]


def test_python_tags_are_refused(bank: Bank) -> None:
    head, problems = problems_of(bank, "python_tag.yaml")
    assert head == f"{where('python_tag.yaml')}: the file is not valid YAML"
    assert problems == [
        f"{where('python_tag.yaml')}:2:8: YAML tag !!python/object/apply:os.system is not "
        "allowed in answers files"
    ]


def test_problem_messages_never_echo_text_answers(bank: Bank) -> None:
    secret = "my private story " * 40
    with pytest.raises(InputError) as caught:
        parse_answers(bank, {"answers": {"goal": secret, "age": 3}}, "answers.yaml")
    assert "private" not in str(caught.value)
    assert caught.value.problems == [  # without positions: in the order given
        f"answers.yaml: goal: the text is too long ({len(secret.strip())} characters; at most 500)",
        "answers.yaml: age: the number is not from 12 to 120",
    ]


def test_parse_answers_returns_an_answer_set(bank: Bank) -> None:
    got = parse_answers(bank, {"answers": {}}, "x")
    assert got == AnswerSet({}, (), (), None, {})


# -- one value at a time (coerce) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "raw", "expected"),
    [
        ("mood_1", 2, 2),
        ("mood_1", "3", 3),
        ("mood_1", " 0 ", 0),
        ("sex", "female", "female"),
        ("sex", "Male", "male"),
        ("medical_urgent", "yes", "yes"),
        ("age", 40, 40),
        ("age", "40", 40),
        ("substances", ["opioids", "alcohol", "opioids"], ["alcohol", "opioids"]),
        ("substances", ["none"], ["none"]),
        ("goal", "Stop by spring", "Stop by spring"),
        ("goal", "declined", DECLINED),
        ("substances", "declined", DECLINED),
        ("age", " Declined ", DECLINED),
    ],
)
def test_coerce_accepts(bank: Bank, item: str, raw: object, expected: object) -> None:
    got = coerce(bank.items[item], raw)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("item", "raw", "message"),
    [
        ("mood_1", 7, "the answer is not one of the choices 0, 1, 2, 3"),
        ("mood_1", 1.0, "expected one of the choices 0, 1, 2, 3, got a decimal number"),
        ("mood_1", True, "true and false are not answers here; the choices are 0, 1, 2, 3"),
        ("mood_1", [1], "expected one of the choices 0, 1, 2, 3, got a list"),
        ("medical_urgent", False, "true and false are not answers here; write yes or no"),
        ("age", True, "expected a whole number from 12 to 120, got true or false"),
        ("age", 30.0, "expected a whole number from 12 to 120, got a decimal number"),
        ("age", 121, "the number is not from 12 to 120"),
        ("age", "-5", "the number is not from 12 to 120"),
        (
            "substances",
            "alcohol",
            "expected a list of choices, like [alcohol, cannabis], got text",
        ),
        (
            "substances",
            3,
            "expected a list of choices, like [alcohol, cannabis], got a whole number",
        ),
        ("substances", [], "the list is empty; write [none] if none apply, or leave the item out"),
        ("substances", ["alcohol", "none"], "'none' cannot be chosen together with other answers"),
        ("substances", ["declined"], "write declined on its own, not inside a list"),
        ("goal", "   ", "the text is empty; leave the item out if there is nothing to say"),
        ("goal", None, "no answer given; leave the item out or write declined"),
    ],
)
def test_coerce_refuses(bank: Bank, item: str, raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        coerce(bank.items[item], raw)
    assert str(caught.value) == message


# -- the bundled questionnaires (contract ids) -------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Bank:
    return load_bank()


def test_bundled_follow_ups_that_do_not_apply_are_ignored(bundled: Bank) -> None:
    data = {
        "answers": {
            "substances": ["cannabis"],
            "alcohol_days": 0,
            "cannabis_days": 20,
            "alcohol_past_year": "no",
            "drugs_past_year": "yes",
            "audit_1": 2,
        }
    }
    got = parse_answers(bundled, data, "answers.yaml")
    assert got.answers == {
        "alcohol_past_year": "no",
        "drugs_past_year": "yes",
        "substances": ["cannabis"],
        "cannabis_days": 20,
    }
    assert set(got.ignored) == {"alcohol_days", "audit_1"}
    assert (
        "alcohol_days was answered, but it only applies when alcohol is chosen under "
        "substances; it was ignored."
    ) in got.warnings
    assert (
        "audit_1 was answered, but it only applies when alcohol_past_year is yes; it was ignored."
    ) in got.warnings


def test_bundled_contract_example_is_accepted(bundled: Bank) -> None:
    data = {
        "answers": {
            "age": 35,
            "substances": ["alcohol", "cannabis"],
            "alcohol_days": 25,
            "alcohol_past_year": "yes",
            "audit_1": 4,
            "phq9_9": "declined",
        }
    }
    got = parse_answers(bundled, data, "answers.yaml")
    assert got.answers["phq9_9"] == DECLINED
    assert got.answers["audit_1"] == 4
    assert got.warnings == ()


def test_bundled_unknown_id_suggests_the_closest(bundled: Bank) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(bundled, {"answers": {"phq9_10": 1, "dast_3": "no"}}, "a.yaml")
    assert caught.value.problems == [
        "a.yaml: phq9_10: unknown item id; did you mean phq9_1?",
        "a.yaml: dast_3: unknown item id; did you mean dast10_3?",
    ]


def test_values_never_appear_in_messages(bank: Bank) -> None:
    """Contract §1 (v2): a message names the item and what is allowed, never the value."""
    with pytest.raises(ValueError) as caught:
        coerce(bank.items["sex"], "x" * 100)
    assert str(caught.value) == "the answer is not one of the choices female, male, other"
    with pytest.raises(ValueError) as caught:
        coerce(bank.items["age"], "9" * 5000)
    assert str(caught.value) == "expected a whole number from 12 to 120, got text"


def test_python_callers_may_pass_any_keys(bank: Bank) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(bank, {"answers": {1: 2}, 3: 4, "notes": {5: "x"}}, "api")
    assert caught.value.problems == [
        "api: unknown key '3'; the keys are answers, client, notes, questionnaires, answered, "
        "answered_by, blank",
        "api: notes: 5: unknown section id",
        "api: 1: unknown item id",
    ]


def test_yaml_aliases_are_refused_with_advice_for_answers(bank: Bank) -> None:
    head, problems = problems_of(bank, "alias.yaml")
    assert head == f"{where('alias.yaml')}: the file is not valid YAML"
    assert len(problems) == 1
    assert problems[0].startswith(f"{where('alias.yaml')}:3:16: YAML ")
    assert problems[0].endswith("write each answer out in full")
    assert "option_sets" not in problems[0]


def test_deeply_nested_json_is_refused_plainly(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"answers": {"age": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    with pytest.raises(InputError) as caught:
        read_answers(bank, path)
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.exit_code == ExitCode.INPUT_INVALID


def test_deeply_nested_yaml_is_refused_plainly(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("answers:\n  age: " + "[" * 5_000 + "]" * 5_000 + "\n")
    with pytest.raises(InputError) as caught:
        read_answers(bank, path)
    assert caught.value.exit_code == ExitCode.INPUT_INVALID


NO_USE = {"alcohol_past_year": "no", "drugs_past_year": "no", "prescribed_meds": "no"}


@pytest.mark.parametrize("now", ["mild", "moderate", "severe"])
def test_withdrawal_now_without_any_use_is_a_contradiction_not_an_ignored_answer(
    bundled: Bank, now: str
) -> None:
    # withdrawal_now is not asked after "no" to all three past-year questions; an answers file
    # that has it anyway must not lose a severe answer as one that "does not apply"
    with pytest.raises(InputError) as caught:
        parse_answers(bundled, {"answers": {**NO_USE, "withdrawal_now": now}}, "answers.yaml")
    assert caught.value.exit_code == 4
    (problem,) = caught.value.problems
    assert problem == (
        "answers.yaml: withdrawal_now: alcohol_past_year, drugs_past_year, prescribed_meds and "
        "withdrawal_now contradict each other (the past-year answers rule out what the other "
        "one says); change one of them"
    )


@pytest.mark.parametrize(
    ("answers", "gate", "other"),
    [
        (
            {"alcohol_past_year": "no", "drugs_past_year": "yes", "substances": ["alcohol"]},
            "alcohol_past_year",
            "substances",
        ),
        ({"alcohol_past_year": "no", "alcohol_days": 30}, "alcohol_past_year", "alcohol_days"),
        (
            {"drugs_past_year": "no", "alcohol_past_year": "yes", "substances": ["cannabis"]},
            "drugs_past_year",
            "substances",
        ),
        (
            {
                "drugs_past_year": "no",
                "prescribed_meds": "yes",
                "substances": ["benzodiazepines"],
                "prescribed_as_directed": ["none"],
            },
            "drugs_past_year",
            "prescribed_as_directed",
        ),
        ({"drugs_past_year": "no", "other_days": 3}, "drugs_past_year", "other_days"),
    ],
)
def test_answers_that_contradict_a_past_year_question_are_an_error_naming_both_ids(
    bundled: Bank, answers: dict[str, Any], gate: str, other: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(bundled, {"answers": answers}, "answers.yaml")
    assert caught.value.exit_code == 4
    (problem,) = caught.value.problems
    assert problem.startswith(f"answers.yaml: {other}: {gate} and {other} contradict each other")
    for value in ("alcohol", "cannabis", "benzodiazepines", "30", "yes", "none"):
        assert value not in problem.replace(gate, "").replace(other, "")


@pytest.mark.parametrize(
    "answers",
    [
        # prescribed benzodiazepines with drugs_past_year no: not misuse, no contradiction
        {
            "drugs_past_year": "no",
            "prescribed_meds": "yes",
            "substances": ["benzodiazepines"],
            "prescribed_as_directed": ["benzodiazepines"],
        },
        # a version 1 file: prescribed_as_directed did not exist yet, so benzos may be prescribed
        {"drugs_past_year": "no", "substances": ["benzodiazepines"]},
        {"alcohol_past_year": "no", "alcohol_days": 0, "substances": ["none"]},
        # no use at all, and no withdrawal now
        {**NO_USE, "withdrawal_now": "none"},
        # prescribed medicines: withdrawal now may come from them
        {**NO_USE, "prescribed_meds": "yes", "withdrawal_now": "severe"},
    ],
)
def test_answers_that_fit_the_past_year_questions_load(
    bundled: Bank, answers: dict[str, Any]
) -> None:
    parse_answers(bundled, {"answers": answers}, "answers.yaml")
