"""Crisis and treatment resources, and the disclaimer every result carries.

Contacts: 988 Suicide & Crisis Lifeline [lifeline-988], 911 [asam-guides-2023], SAMHSA National
Helpline [samhsa-helpline], FindTreatment.gov [findtreatment-gov], the National Domestic Violence
Hotline [dv-hotline], naloxone without a prescription [fda-naloxone-2023], 211 for housing
[dial-211]. No network is needed: these are plain text (with ``tel:`` and ``sms:`` numbers for
the HTML report).
"""

from __future__ import annotations

from collections.abc import Iterable

from iop_assess.result import CRISIS_FLAGS, Level, Resource

DISCLAIMER = (
    "This questionnaire is a screening aid, not a diagnosis or a placement decision. Only a "
    "qualified clinician can assess your needs and recommend a level of care. If you are in "
    "danger or thinking about harming yourself, call or text 988 now, or call 911. For help "
    "finding treatment, call SAMHSA's National Helpline at 1-800-662-4357 (free, 24/7), or "
    "search FindTreatment.gov."
)
"""Common non-diagnostic wording [mha-screening], with the crisis and referral lines."""

LIFELINE = Resource(
    "988 Suicide & Crisis Lifeline",
    "call or text 988",
    "Free and private, any time. Call or text if you think about suicide, or if you are in "
    "a crisis with your mood, alcohol or drugs.",
    phone="988",
    sms="988",
)
EMERGENCY = Resource(
    "Emergency services",
    "call 911",
    "For danger right now. Call for a seizure, an overdose, or if you are very confused or "
    "see things in withdrawal.",
    phone="911",
)
HELPLINE = Resource(
    "SAMHSA National Helpline",
    "1-800-662-4357",
    "Free and private help to find treatment, any time, day or night. In English and Spanish.",
    phone="+18006624357",
)
FIND_TREATMENT = Resource(
    "FindTreatment.gov",
    "https://findtreatment.gov",
    "Search for licensed treatment programs near you, with filters for cost and type of care.",
)
FIND_MEDICATION = Resource(
    "FindTreatment.gov",
    "https://findtreatment.gov",
    "Search for licensed treatment programs near you. To find medicine for opioid use "
    "(buprenorphine, methadone or naltrexone), choose the filter for medication treatment "
    "for opioid use.",
)
NALOXONE = Resource(
    "Naloxone (Narcan)",
    "at most drugstores, without a prescription; often free from health departments and "
    "harm-reduction programs",
    "Naloxone can reverse an opioid overdose. Keep it with you and show the people around "
    "you where it is. Street drugs can contain fentanyl, even pills and powders sold as "
    "something else.",
)
DOMESTIC_VIOLENCE = Resource(
    "National Domestic Violence Hotline",
    "call 1-800-799-7233, or text START to 88788",
    "Free and private help if you do not feel safe at home, 24/7.",
    phone="+18007997233",
    sms="88788",
    sms_body="START",
)
YOUTH = Resource(
    "Services for young people",
    "ask the SAMHSA National Helpline (1-800-662-4357) or search FindTreatment.gov",
    "This tool is built for adults. These can point you to programs for people under 18.",
    phone="+18006624357",
)
HOUSING = Resource(
    "211",
    "call 211",
    "Free and private help to find local housing, food and other basics.",
    phone="211",
)


def is_crisis(flags: Iterable[str], level: Level) -> bool:
    """Whether crisis lines come first: an emergency, suicide risk, or a declined safety item."""
    return level == "emergency" or any(flag in CRISIS_FLAGS for flag in flags)


def resources_for(
    flags: Iterable[str], level: Level, wanted: Iterable[str] = ()
) -> tuple[Resource, ...]:
    """The resources to show: crisis lines first when the result is a crisis; youth services
    lead the rest; ``wanted`` are the resource rules that fired (``naloxone``,
    ``medication_finder``, ``dv_hotline``, ``youth``, ``housing``)."""
    flags = tuple(flags)
    wanted = set(wanted)
    crisis = [LIFELINE, EMERGENCY]
    if level == "emergency":
        crisis = [EMERGENCY, LIFELINE]
    special = []
    if "youth" in wanted or "youth" in flags:
        special.append(YOUTH)
    if "dv_hotline" in wanted or "unsafe_home" in flags:
        special.append(DOMESTIC_VIOLENCE)
    if "naloxone" in wanted:
        special.append(NALOXONE)
    find = FIND_MEDICATION if "medication_finder" in wanted else FIND_TREATMENT
    treatment = [HELPLINE, find]
    if "housing" in wanted:
        treatment.append(HOUSING)
    if is_crisis(flags, level):
        return (*crisis, *special, *treatment)
    return (*special, *treatment, *crisis)
