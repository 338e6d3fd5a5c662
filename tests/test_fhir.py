"""FHIR R4 out and in: exported Questionnaires and assessment Bundles parse strictly with the R4
models (fhirclient, FHIR 4.0.1), agree with each other (linkIds, codes, totals, status), and a
QuestionnaireResponse scores exactly like the answers it was made from."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from iop_assess.answers import parse_answers
from iop_assess.assess import assess
from iop_assess.bank import load_bank
from iop_assess.cli import app
from iop_assess.fhir import bundle
from iop_assess.fhir.codes import DATA_ABSENT, ITEM_WEIGHT, LOINC, ORDINAL_VALUE
from iop_assess.fhir.questionnaire import questionnaires
from iop_assess.fhir.validate import problems
from iop_assess.result import to_json

BANK = load_bank()
SCORE = Path(__file__).parent / "assets" / "answers" / "score"
LEVELS = ["emergency", "detox_first", "residential", "iop", "outpatient", "insufficient"]
AUTHORED = datetime(2026, 3, 4, 21, 30, tzinfo=timezone(timedelta(hours=-5)))
EXPORTED = {q["url"]: q for q in questionnaires(BANK)}


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def level_answers(name: str) -> dict[str, Any]:
    return dict(YAML(typ="safe").load((SCORE / f"{name}.yaml").read_text("utf-8"))["answers"])


def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found += walk(item.get("item", []))
    return found


def make_bundle(answers: dict[str, Any], status: str = "completed") -> dict[str, Any]:
    given = parse_answers(BANK, {"answers": answers}, "test")
    result = assess(BANK, given.answers)
    return bundle(BANK, given.answers, result, AUTHORED, status)  # type: ignore[arg-type]


def resources(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


# -- Questionnaire export ----------------------------------------------------------------------


@pytest.mark.parametrize("url", sorted(EXPORTED))
def test_every_exported_questionnaire_parses_strictly_as_r4(url: str) -> None:
    assert problems(EXPORTED[url]) == []


@pytest.mark.parametrize("url", sorted(EXPORTED))
def test_link_ids_are_unique_and_enable_when_names_an_earlier_question(url: str) -> None:
    items = walk(EXPORTED[url]["item"])
    ids = [i["linkId"] for i in items]
    assert len(ids) == len(set(ids))
    for index, item in enumerate(items):
        for when in item.get("enableWhen", []):
            assert when["question"] in ids[:index]
            asked = items[ids.index(when["question"])]
            if "answerCoding" in when:
                assert when["answerCoding"] in [o["valueCoding"] for o in asked["answerOption"]]
        if len(item.get("enableWhen", [])) > 1:
            assert item["enableBehavior"] in ("all", "any")


def test_scores_live_on_the_answer_options() -> None:
    phq9 = EXPORTED["urn:iop-assess:fhir:Questionnaire:phq9"]
    item9 = next(i for i in walk(phq9["item"]) if i["linkId"] == "phq9_9")
    assert item9["code"] == [
        {
            "system": LOINC,
            "code": "44260-8",
            "display": "Thoughts that you would be better off dead, or of hurting yourself",
        }
    ]
    nearly = item9["answerOption"][3]
    assert nearly["valueCoding"]["code"] == "LA6571-9"
    assert {e["url"]: e["valueDecimal"] for e in nearly["extension"]} == {
        ORDINAL_VALUE: 3,
        ITEM_WEIGHT: 3,
    }


def test_the_audit_follow_ups_are_enabled_by_any_answer_above_never() -> None:
    audit = EXPORTED["urn:iop-assess:fhir:Questionnaire:audit"]
    audit_2 = next(i for i in walk(audit["item"]) if i["linkId"] == "audit_2")
    assert audit_2["enableBehavior"] == "any"
    assert [w["answerCoding"]["code"] for w in audit_2["enableWhen"]] == ["1", "2", "3", "4"]


def test_loinc_codes_avoid_the_known_mistakes() -> None:
    codes = {url.rsplit(":", 1)[1]: q.get("code") for url, q in EXPORTED.items()}
    assert codes["phq9"] == [{"system": LOINC, "code": "44249-1"}]
    assert codes["gad7"] == [{"system": LOINC, "code": "69737-5"}]  # the panel, not the total
    assert codes["scoff"] is None  # SCOFF has no LOINC code
    scoff_text = json.dumps(EXPORTED["urn:iop-assess:fhir:Questionnaire:scoff"])
    assert LOINC not in scoff_text
    totals = {
        o["code"]["coding"][0]["code"]
        for o in resources(make_bundle(level_answers("iop")), "Observation")
    }
    assert {"70274-6", "44261-6", "75624-7", "75626-2"} <= totals
    assert "69737-5" not in totals and "44249-1" not in totals


def test_every_questionnaire_carries_its_copyright_and_licence() -> None:
    for q in BANK.questionnaires:
        exported = EXPORTED[f"urn:iop-assess:fhir:Questionnaire:{q.id}"]
        assert q.license in exported["copyright"]
        assert exported["version"] == q.version


def test_export_command_writes_one_or_all(tmp_path: Path) -> None:
    code, out, err = run("export", "--format", "fhir", "gad7")
    assert code == 0, err
    assert json.loads(out)["url"] == "urn:iop-assess:fhir:Questionnaire:gad7"
    target = tmp_path / "all.json"
    code, out, err = run("export", "--out", str(target))
    assert code == 0 and out == ""
    document = json.loads(target.read_text("utf-8"))
    assert document["resourceType"] == "Bundle"
    assert len(document["entry"]) == len(BANK.questionnaires)
    assert target.stat().st_mode & 0o777 == 0o600
    code, _, err = run("export", "gad8")
    assert code == 2 and "no questionnaire 'gad8'" in err


def test_a_missing_fhir_package_is_a_clear_message() -> None:
    real = __import__("importlib").import_module

    def without_fhirclient(name: str, *args: Any) -> Any:
        if name.startswith("fhirclient"):
            raise ImportError(name)
        return real(name, *args)

    with mock.patch("importlib.import_module", without_fhirclient):
        code, _, err = run("export", "phq9")
    assert code == 2
    assert "FHIR needs the optional package fhirclient" in err
    assert "pip install 'iop-assess[fhir]'" in err


# -- Bundle of responses and observations -------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_assessment_bundles_parse_strictly_and_agree_with_the_questionnaires(level: str) -> None:
    answers = level_answers(level)
    document = make_bundle(answers)
    assert problems(document) == []
    result = assess(BANK, parse_answers(BANK, {"answers": answers}, "t").answers)
    urls = {e["fullUrl"] for e in document["entry"]}
    for response in resources(document, "QuestionnaireResponse"):
        url, version = response["questionnaire"].split("|")
        exported = EXPORTED[url]
        assert version == exported["version"]
        assert response["authored"] == "2026-03-04T21:30:00-05:00"
        options = {i["linkId"]: i for i in walk(exported["item"])}
        for item in walk(response.get("item", [])):
            assert item["linkId"] in options
            for answer in item.get("answer", []):
                if "valueCoding" in answer:
                    allowed = [o["valueCoding"] for o in options[item["linkId"]]["answerOption"]]
                    assert answer["valueCoding"] in allowed
    for observation in resources(document, "Observation"):
        assert observation["derivedFrom"][0]["reference"] in urls
        (instrument,) = [
            s for s in result.instruments.values() if s.title in observation["code"]["text"]
        ]
        assert observation["valueInteger"] == instrument.total
        assert observation["interpretation"] == [{"text": instrument.band_label}]


def test_recomputed_totals_from_item_weights_equal_the_stated_totals() -> None:
    document = make_bundle(level_answers("iop"))
    weights: dict[tuple[str, str], float] = {}
    for exported in EXPORTED.values():
        for item in walk(exported["item"]):
            for option in item.get("answerOption", []):
                for ext in option.get("extension", []):
                    if ext["url"] == ITEM_WEIGHT:
                        key = (item["linkId"], option["valueCoding"]["code"])
                        weights[key] = ext["valueDecimal"]
    points = {
        item["linkId"]: sum(
            weights[(item["linkId"], a["valueCoding"]["code"])] for a in item["answer"]
        )
        for r in resources(document, "QuestionnaireResponse")
        for item in walk(r.get("item", []))
        if item.get("answer")
        and "valueCoding" in item["answer"][0]
        and (item["linkId"], item["answer"][0]["valueCoding"]["code"]) in weights
    }
    stated = {o["code"]["text"]: o["valueInteger"] for o in resources(document, "Observation")}
    assert stated["PHQ-9 depression score (total)"] == sum(
        points[f"phq9_{n}"] for n in range(1, 10)
    )
    assert stated["GAD-7 anxiety score (total)"] == sum(points[f"gad7_{n}"] for n in range(1, 8))


def test_status_is_completed_only_when_every_applicable_question_was_answered() -> None:
    answers = level_answers("iop")
    statuses = {
        r["questionnaire"].split("|")[0].rsplit(":", 1)[1]: r["status"]
        for r in resources(make_bundle(answers), "QuestionnaireResponse")
    }
    assert statuses["phq9"] == "completed"
    del answers["phq9_4"]
    partial = {
        r["questionnaire"].split("|")[0].rsplit(":", 1)[1]: r["status"]
        for r in resources(make_bundle(answers), "QuestionnaireResponse")
    }
    assert partial["phq9"] == "in-progress"
    assert partial["gad7"] == "completed"
    left = resources(make_bundle(level_answers("iop"), "in-progress"), "QuestionnaireResponse")
    assert {r["status"] for r in left} == {"in-progress"}


def test_a_declined_answer_carries_the_data_absent_reason_never_a_value() -> None:
    answers = dict(level_answers("iop"), phq9_9="declined")
    document = make_bundle(answers)
    items = walk(resources(document, "QuestionnaireResponse")[1]["item"]) + [
        i for r in resources(document, "QuestionnaireResponse") for i in walk(r.get("item", []))
    ]
    item9 = next(i for i in items if i["linkId"] == "phq9_9")
    assert "answer" not in item9
    assert item9["extension"] == [{"url": DATA_ABSENT, "valueCode": "asked-declined"}]
    assert not any(
        o["code"]["text"].startswith("PHQ-9") for o in resources(document, "Observation")
    )


# -- reading a QuestionnaireResponse ------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_round_trip_a_bundle_scores_like_the_answers_it_came_from(
    tmp_path: Path, level: str
) -> None:
    answers = level_answers(level)
    source = tmp_path / "answers.json"
    source.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    fhir = tmp_path / "bundle.json"
    fhir.write_text(json.dumps(make_bundle(answers)), encoding="utf-8")
    code, direct, err = run("score", str(source), "--format", "json")
    assert code == 0, err
    code, via_fhir, err = run("score", str(fhir), "--format", "json")
    assert code == 0, err
    # the bundle holds only the answers that apply; the file may hold more (ignored, with a
    # warning each): the results are the same but for those warnings
    from_fhir, from_file = json.loads(via_fhir), json.loads(direct)
    assert from_fhir.pop("warnings") == []
    assert all("it was ignored" in w for w in from_file.pop("warnings"))
    # the response says when it was authored; the plain answers file does not
    assert from_fhir.pop("assessment")["answered_at"] == AUTHORED.isoformat()
    assert from_file.pop("assessment")["answered_at"] is None
    assert from_fhir == from_file


def test_one_response_alone_is_read(tmp_path: Path) -> None:
    answers = level_answers("iop")
    phq9 = next(
        r
        for r in resources(make_bundle(answers), "QuestionnaireResponse")
        if "phq9" in r["questionnaire"]
    )
    path = tmp_path / "phq9.json"
    path.write_text(json.dumps(phq9), encoding="utf-8")
    code, out, err = run("score", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["instruments"]["phq9"]["total"] == 11
    assert data["instruments"]["phq9"]["band"] == "moderate"


def _response_with(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "urn:iop-assess:fhir:Questionnaire:phq9|1.0.0",
        "status": "in-progress",
        "item": [{"linkId": "phq9", "item": [item]}],
    }


def test_unknown_link_ids_and_codes_are_located_errors_that_never_echo_the_answer(
    tmp_path: Path,
) -> None:
    secret = "LA-zebra-42"
    path = tmp_path / "qr.json"
    document = _response_with({"linkId": "phq9_1"})
    document["item"][0]["item"] = [
        {"linkId": "phq9_10", "answer": [{"valueInteger": 3}]},
        {"linkId": "phq9_2", "answer": [{"valueCoding": {"system": LOINC, "code": secret}}]},
        {"linkId": "phq9_3", "answer": [{"valueString": secret}]},
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("score", str(path))
    assert code == 4
    flat = " ".join(err.split())
    assert "item[0].item[0] (linkId phq9_10): unknown linkId" in flat
    assert (
        "item[0].item[1].answer[0] (phq9_2): the code is not one of the question's answers" in flat
    )
    assert "item[0].item[2].answer[0] (phq9_3): valueString does not fit this question" in flat
    assert secret not in out + err


def test_a_stated_total_that_differs_is_a_warning(tmp_path: Path) -> None:
    answers = level_answers("iop")
    document = make_bundle(answers)
    for observation in resources(document, "Observation"):
        if observation["code"]["coding"][0]["code"] == "44261-6":
            observation["valueInteger"] = 20
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("score", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["instruments"]["phq9"]["total"] == 11
    flat = " ".join(err.split())
    assert "states a PHQ-9 depression score total of 20, but the answers give 11" in flat


def test_a_structurally_invalid_response_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "qr.json"
    document = _response_with({"linkId": "phq9_1", "answer": [{"valueInteger": 1}]})
    del document["status"]
    document["valueFoo"] = 1
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("score", str(path))
    assert code == 4
    assert "not a valid FHIR R4 QuestionnaireResponse" in err


def test_authored_has_an_offset_even_for_a_naive_time() -> None:
    naive = datetime(2026, 1, 2, 3, 4, 5)
    answers = {"phq9_1": 0}
    given = parse_answers(BANK, {"answers": answers}, "t")
    document = bundle(BANK, given.answers, assess(BANK, given.answers), naive)
    authored = resources(document, "QuestionnaireResponse")[0]["authored"]
    assert datetime.fromisoformat(authored).utcoffset() is not None
    assert datetime.fromisoformat(authored).astimezone(UTC) == naive.astimezone(UTC)


def test_result_json_is_unchanged_by_the_fhir_path() -> None:
    # the JSON report of a bundle's answers is the ordinary one (no FHIR fields leak in)
    answers = parse_answers(BANK, {"answers": level_answers("iop")}, "t").answers
    assert "resourceType" not in json.dumps(to_json(assess(BANK, answers)))


# -- a public fixture: HL7 US Core's PHQ-9 QuestionnaireResponse (CC0) --------------------------

US_CORE = Path(__file__).parent / "assets" / "fhir" / "uscore-qr-phq-9-example.json"


def test_the_us_core_phq9_response_scores_with_a_warning_for_the_question_we_do_not_ask() -> None:
    code, out, err = run("score", str(US_CORE), "--format", "json")
    assert code == 0, err
    flat = " ".join(err.split())
    assert (
        "Warning: item[10] (linkId /69722-7) is the PHQ difficulty question (how difficult the "
        "problems made daily life), which this program does not ask and no score uses; the "
        "answer was not used." in flat
    )
    assert "LA6573-5" not in flat and "Somewhat" not in flat
    phq9 = json.loads(out)["instruments"]["phq9"]
    assert (phq9["status"], phq9["total"], phq9["band"]) == ("complete", 12, "moderate")
    assert json.loads(out)["assessment"]["answered_at"] == "2022-11-29T20:50:32+00:00"


def test_an_unknown_link_id_next_to_the_unasked_question_is_still_an_error(
    tmp_path: Path,
) -> None:
    document = json.loads(US_CORE.read_text("utf-8"))
    document["item"].append({"linkId": "/99999-9", "answer": [{"valueInteger": 1}]})
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("score", str(path))
    assert code == 4
    flat = " ".join(err.split())
    assert "item[11] (linkId /99999-9): unknown linkId; no question has it" in flat


def test_the_us_core_phq9_response_scores_12_like_its_stated_total(tmp_path: Path) -> None:
    document = json.loads(US_CORE.read_text("utf-8"))
    assert problems(document) == []
    document["item"] = [i for i in document["item"] if i["linkId"] != "/69722-7"]
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("score", str(path), "--format", "json")
    assert code == 0, err
    phq9 = json.loads(out)["instruments"]["phq9"]
    assert (phq9["status"], phq9["total"], phq9["band"]) == ("complete", 12, "moderate")
    assert "states a" not in err  # the stated total 12 agrees
    assert "not one of ours; its items were matched by linkId" in " ".join(err.split())


# -- score --format fhir and screen --format fhir ---------------------------------------------


def _same_result(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Levels, totals, bands and flags agree."""
    for key in ("level", "then", "could_reach"):
        assert first["recommendation"][key] == second["recommendation"][key]
    assert first["flags"] == second["flags"]
    for key, score in first["instruments"].items():
        other = second["instruments"][key]
        assert (score["status"], score["total"], score["band"]) == (
            other["status"],
            other["total"],
            other["band"],
        )


@pytest.mark.parametrize("level", [*LEVELS, "declined_safety"])
def test_export_score_as_fhir_and_score_that_again_gives_the_same_result(
    tmp_path: Path, level: str
) -> None:
    code, exported, err = run("export")
    assert code == 0, err
    options = {
        item["linkId"]: [o["valueCoding"] for o in item.get("answerOption", [])]
        for entry in json.loads(exported)["entry"]
        for item in walk(entry["resource"]["item"])
    }
    source = SCORE / f"{level}.yaml"
    code, direct, err = run("score", str(source), "--format", "json")
    assert code == 0, err
    fhir = tmp_path / "visit.fhir.json"
    code, _, err = run("score", str(source), "--out", str(fhir))  # the name picks FHIR
    assert code == 0, err
    document = json.loads(fhir.read_text("utf-8"))
    assert problems(document) == []
    for response in resources(document, "QuestionnaireResponse"):
        for item in walk(response.get("item", [])):
            assert item["linkId"] in options  # every question is one the export has
            for answer in item.get("answer", []):
                if "valueCoding" in answer:
                    assert answer["valueCoding"] in options[item["linkId"]]
    code, again, err = run("score", str(fhir), "--format", "json")
    assert code == 0, err
    _same_result(json.loads(direct), json.loads(again))


def test_score_as_fhir_carries_totals_bands_declined_answers_and_the_disclaimer(
    tmp_path: Path,
) -> None:
    source = tmp_path / "answers.json"
    source.write_text(json.dumps({"answers": level_answers("iop") | {"phq9_9": "declined"}}))
    code, out, err = run("score", str(source), "--format", "fhir")
    assert code == 0, err
    document = json.loads(out)
    assert problems(document) == []
    urls = {e["fullUrl"] for e in document["entry"]}
    declined = [
        item
        for response in resources(document, "QuestionnaireResponse")
        for item in walk(response.get("item", []))
        if item["linkId"] == "phq9_9"
    ]
    assert declined == [
        {
            "linkId": "phq9_9",
            "text": declined[0]["text"],
            "extension": [{"url": DATA_ABSENT, "valueCode": "asked-declined"}],
        }
    ]
    observations = resources(document, "Observation")
    assert observations
    assert {o["code"]["coding"][0]["code"] for o in observations} >= {"75624-7", "70274-6"}
    assert "44261-6" not in {o["code"]["coding"][0]["code"] for o in observations}  # incomplete
    for observation in observations:
        assert observation["derivedFrom"][0]["reference"] in urls
        assert "988" in observation["note"][0]["text"]
        assert isinstance(observation["valueInteger"], int)
    for response in resources(document, "QuestionnaireResponse"):
        assert "not a diagnosis" in response["text"]["div"]


def test_a_session_left_part_way_is_in_progress_everywhere() -> None:
    from iop_assess.assessment import assess_set
    from iop_assess.fhir import assessment_bundle

    given = parse_answers(BANK, {"answers": level_answers("iop")}, "t")
    done = assessment_bundle(assess_set(BANK, given))
    partial = assessment_bundle(replace(assess_set(BANK, given), status="in_progress"))
    assert {r["status"] for r in resources(done, "QuestionnaireResponse")} >= {"completed"}
    assert {r["status"] for r in resources(partial, "QuestionnaireResponse")} == {"in-progress"}
    assert problems(partial) == []


def test_screen_writes_the_bundle_with_when_it_was_answered(tmp_path: Path) -> None:
    from interview_scripts import LEVELS as SCRIPTED
    from interview_scripts import script_for

    lines = script_for(BANK, SCRIPTED["detox_first"])
    report = tmp_path / "visit.json"
    done = CliRunner().invoke(
        app,
        ["screen", "--no-save", "--format", "fhir", "--report", str(report)],
        input="".join(f"{line}\n" for line in lines),
    )
    assert done.exit_code == 0, done.stderr
    document = json.loads(report.read_text("utf-8"))
    assert problems(document) == []
    statuses = {r["status"] for r in resources(document, "QuestionnaireResponse")}
    assert statuses == {"completed"}
    authored = resources(document, "QuestionnaireResponse")[0]["authored"]
    assert datetime.fromisoformat(authored).utcoffset() is not None
    code, out, err = run("score", str(report), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["recommendation"]["level"] == "detox_first"
    assert data["assessment"]["answered_at"] == authored
