"""Identifiers the FHIR resources use: canonical URLs, LOINC codes and our own code systems.

LOINC codes [regenstrief-loinc], each as a public FHIR source uses it: the PHQ-9 panel, items and
answers as in HL7 US Core's PHQ-9 Questionnaire [hl7-us-core]; the GAD-7 panel, items and total; the
AUDIT and AUDIT-C panels and totals and the DAST-10 panel and total; the AUDIT-C items 1–3 (68518-0,
68519-8, 68520-6). The SCOFF has no LOINC code, so it gets none. Panel codes are never used for
totals (the GAD-7 panel 69737-5 is not its total, 70274-6). Panel and total codes live in the
questionnaire files (``loinc:``); item and answer codes live here, so adding them did not change any
questionnaire's version.
"""

from __future__ import annotations

LOINC = "http://loinc.org"
BASE = "urn:iop-assess:fhir"
"""The root of our canonical URLs: a URN, because no web address is ours to promise."""
INSTRUMENT_SYSTEM = f"{BASE}:instrument"
"""Codes for instrument totals that have no LOINC code (the SCOFF), by instrument id."""
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
DECLINED_CODE = "asked-declined"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}


def questionnaire_url(questionnaire_id: str) -> str:
    return f"{BASE}:Questionnaire:{questionnaire_id}"


def answer_system(questionnaire_id: str) -> str:
    """The code system of a questionnaire's own answer codes (the option values)."""
    return f"{BASE}:answers:{questionnaire_id}"


ITEM_LOINC: dict[str, tuple[str, str]] = {
    "phq9_1": ("44250-9", "Little interest or pleasure in doing things in last 2 weeks"),
    "phq9_2": ("44255-8", "Feeling down, depressed, or hopeless in last 2 weeks"),
    "phq9_3": ("44259-0", "Trouble falling or staying asleep, or sleeping too much"),
    "phq9_4": ("44254-1", "Feeling tired or having little energy"),
    "phq9_5": ("44251-7", "Poor appetite or overeating"),
    "phq9_6": ("44258-2", "Feeling bad about yourself-or that you are a failure"),
    "phq9_7": ("44252-5", "Trouble concentrating on things"),
    "phq9_8": ("44253-3", "Moving or speaking so slowly / fidgety or restless"),
    "phq9_9": ("44260-8", "Thoughts that you would be better off dead, or of hurting yourself"),
    "gad7_1": ("69725-0", "Feeling nervous, anxious, or on edge"),
    "gad7_2": ("68509-9", "Not being able to stop or control worrying"),
    "gad7_3": ("69733-4", "Worrying too much about different things"),
    "gad7_4": ("69734-2", "Trouble relaxing"),
    "gad7_5": ("69735-9", "Being so restless that it is hard to sit still"),
    "gad7_6": ("69689-8", "Becoming easily annoyed or irritable"),
    "gad7_7": ("69736-7", "Feeling afraid as if something awful might happen"),
    "audit_1": ("68518-0", "How often do you have a drink containing alcohol"),
    "audit_2": (
        "68519-8",
        "How many standard drinks containing alcohol do you have on a typical day",
    ),
    "audit_3": ("68520-6", "How often do you have 6 or more drinks on 1 occasion"),
}
"""LOINC item codes [regenstrief-loinc; hl7-us-core]."""

UNASKED_LOINC: dict[str, str] = {
    "69722-7": "the PHQ difficulty question (how difficult the problems made daily life)",
}
"""Items of a published instrument that this program does not ask (no score depends on them):
the PHQ difficulty question, 69722-7, as US Core's PHQ-9 and the GAD-7 ask it [hl7-us-core;
regenstrief-loinc]. A response that answers one is read with a warning, not refused."""

FREQUENCY_LOINC: dict[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}
"""The PHQ-9 and GAD-7 answer codes, by option value (US Core PHQ-9 example)."""
FREQUENCY_ITEMS = ("phq9_", "gad7_")


def answer_coding(
    questionnaire_id: str, item_id: str, value: str | int, label: str
) -> dict[str, str]:
    """The ``Coding`` of one answer option: LOINC where it has a code, else our own."""
    if item_id.startswith(FREQUENCY_ITEMS) and isinstance(value, int) and value in FREQUENCY_LOINC:
        code, display = FREQUENCY_LOINC[value]
        return {"system": LOINC, "code": code, "display": display}
    return {"system": answer_system(questionnaire_id), "code": str(value), "display": label}
