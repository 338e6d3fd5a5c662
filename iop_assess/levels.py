"""Plain-language words for each level of care: its name, what that kind of care is like, and
what to do next. Every report format reads these, so the words stay the same everywhere.

Hours a week and settings follow the ASAM level descriptions: outpatient is under 9 hours a
week, intensive outpatient 9–19 hours a week, residential is 24-hour structured living
[asam-criteria-2013]. Withdrawal management ("detox") can be at home with a clinician or where
staff watch day and night, depending on the risk [asam-awm-2020 Rec III.1; wolf-2020 Table 3].
Crisis lines: 988 and 911 [lifeline-988].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: the interview reads these words before any result
    from iop_assess.result import Level


@dataclass(frozen=True)
class LevelWords:
    """What a person reads about one level."""

    name: str
    """A short title, e.g. "Intensive outpatient care (IOP)"."""
    phrase: str
    """The level inside a sentence: "intensive outpatient care (IOP)"."""
    what_it_is: tuple[str, ...]
    """What this kind of care is like (or why it must come first)."""
    next_steps: tuple[str, ...]


LEVELS: dict[Level, LevelWords] = {
    "emergency": LevelWords(
        name="Urgent help now",
        phrase="urgent help now",
        what_it_is=(
            "Some of your answers point to a danger that should not wait.",
            "Getting help today comes before any plan for treatment.",
            "Once you are safe, a professional can help you plan the next step.",
        ),
        next_steps=(
            "If you are in danger now, call 911 or go to the nearest emergency room.",
            "Call or text 988 to talk with someone right now. It is free and open all day, "
            "every day.",
            "If you can, stay with someone you trust until you get help.",
            "Bring this report, or tell the staff what you answered here.",
        ),
    ),
    "detox_first": LevelWords(
        name="Medical help to stop safely (detox) first",
        phrase="getting medical help to stop safely (detox)",
        what_it_is=(
            "Stopping what you use all at once can make you very sick, and can even cause "
            "seizures.",
            "In detox, a doctor or nurse checks on you and can give you medicine, so you can "
            "stop safely.",
            "Some people do this while living at home, with daily visits to a clinic and "
            "someone staying with them. Others need to stay a few days where staff can watch "
            "them day and night.",
            "Please do not stop suddenly on your own before you talk with a doctor.",
        ),
        next_steps=(
            "Talk with a doctor, a clinic or an emergency room soon. Tell them how much you "
            "use and what happened when you stopped before.",
            "Call SAMHSA's National Helpline at 1-800-662-4357 (free, any time) to find a "
            "detox program near you.",
            "If you shake badly, get confused, see or hear things that are not there, or "
            "have a seizure, call 911.",
        ),
    ),
    "residential": LevelWords(
        name="Residential care",
        phrase="residential care (living at a treatment center for a while)",
        what_it_is=(
            "You live at a treatment center for a while. Staff are there day and night.",
            "Your days are planned: groups, one-on-one talks, and time to practice new skills.",
            "You take a break from home and work. This gives you a safe place to start, "
            "away from things that make it hard to stop.",
        ),
        next_steps=(
            "Talk with a doctor or counselor about these results.",
            "Call SAMHSA's National Helpline at 1-800-662-4357 (free, any time) for a "
            "referral, or search FindTreatment.gov.",
            "Ask a program what your insurance covers and how to plan for work, family "
            "and home while you are there.",
        ),
    ),
    "iop": LevelWords(
        name="Intensive outpatient care (IOP)",
        phrase="intensive outpatient care (IOP)",
        what_it_is=(
            "You go to a program for about 9 to 19 hours a week, often spread over 3 to 5 days.",
            "You keep living at home.",
            "Many programs meet in the evening or online, so you can often keep your job "
            "or school.",
            "Most of the time is spent in groups, with some one-on-one time with a counselor.",
        ),
        next_steps=(
            "Talk with a doctor or counselor about these results.",
            "Call SAMHSA's National Helpline at 1-800-662-4357 (free, any time) or search "
            "FindTreatment.gov for an intensive outpatient program (IOP) near you.",
            "Ask about evening or online groups, and help with rides, if you need them.",
        ),
    ),
    "outpatient": LevelWords(
        name="Outpatient care",
        phrase="outpatient care",
        what_it_is=(
            "You meet with a counselor or group for fewer than 9 hours a week, often once "
            "or twice a week.",
            "You live at home and keep your job, school and usual routine.",
        ),
        next_steps=(
            "Talk with a doctor or counselor about these results.",
            "Call SAMHSA's National Helpline at 1-800-662-4357 (free, any time) or search "
            "FindTreatment.gov to find outpatient care near you.",
            "If things get harder, you can take this questionnaire again.",
        ),
    ),
    "none": LevelWords(
        name="No treatment level suggested",
        phrase="no alcohol or drug treatment",
        what_it_is=(
            "Your answers do not show a need for alcohol or drug treatment right now.",
            "If that changes, or if you start to worry about your use, you can take this "
            "questionnaire again or talk with a doctor.",
        ),
        next_steps=(
            "Keep doing what works for you.",
            "If you want to talk with someone, call SAMHSA's National Helpline at "
            "1-800-662-4357. It is free and private, any time.",
        ),
    ),
    "insufficient": LevelWords(
        name="Not enough answers yet",
        phrase="not enough answers to say",
        what_it_is=(
            "Too few questions were answered to suggest a level of care.",
            "This does not mean things are fine. It only means we cannot tell yet.",
        ),
        next_steps=(
            "Answer the questions this report lists as not answered, then score again.",
            "Or talk with a doctor or counselor. They can ask you these questions.",
        ),
    ),
}

NONE_WITH_OTHER_HELP_STEPS = (
    "Start with the notes above. They say where to find help for the other things you "
    "answered, like your mood, your home or your safety.",
    "If you want to talk with someone, call SAMHSA's National Helpline at 1-800-662-4357. "
    "It is free and private, any time.",
)
"""Next steps for level ``none`` when other answers point to help (mental health, housing, a
home that is not safe): that help comes first, not "keep doing what works for you"."""

RATING_WORDS = ("none", "low", "moderate", "high", "very high")
"""The word for each dimension rating, 0–4."""

DIMENSION_NAMES: dict[str, str] = {
    "withdrawal": "Withdrawal (feeling sick when you stop)",
    "biomedical": "Physical health",
    "emotional": "Mood, stress and safety",
    "readiness": "Readiness to change",
    "relapse": "Risk of going back to use",
    "environment": "Home and support",
}

SAFETY_ITEMS: dict[str, str] = {
    "phq9_9": "thoughts of being better off dead or of hurting yourself",
    "suicide_plan": "a plan or attempt to end your life",
    "danger_now": "being in danger of hurting someone right now",
    "medical_urgent": "urgent medical problems right now",
    "withdrawal_now": "withdrawal signs right now",
    "withdrawal_history": "what happened when you stopped before",
}
"""Words for each safety item (``rules.base.SAFETY_ITEMS``); an unanswered one is named in the
report with the crisis numbers."""


def rating_word(rating: int) -> str:
    """The word for a 0–4 rating ("none" … "very high")."""
    return RATING_WORDS[max(0, min(rating, len(RATING_WORDS) - 1))]


NONE_ON_MEDICINE = (
    "Your answers do not show a need for more treatment than the medicine you take now.",
    "If that changes, or if you start to worry about your use, talk with your prescriber or "
    "take this questionnaire again.",
)
"""What level none means for someone who takes medicine for opioid use."""

WITHDRAWAL_CARE = {
    "monitored": "For you, this should be where staff can watch you day and night, not at home.",
    "with_clinician": "With a doctor or nurse checking on you, this may be possible without an "
    "overnight stay.",
}
"""What each kind of withdrawal care means, for detox_first."""


NONE_OTHER_HELP = " Other answers point to help that may fit: see the notes below."


def headline(
    level: Level, then: Level | None, *, on_medicine: bool = False, other_help: bool = False
) -> str:
    """The one sentence that says which level may fit, in plain words. ``on_medicine``: the
    person takes medicine for opioid use; ``other_help``: the notes name other help (mental
    health care, housing, the domestic violence hotline)."""
    if level == "insufficient":
        return "There are not enough answers yet to suggest a level of care."
    if level == "none":
        if on_medicine:
            text = (
                "Your answers do not point to more alcohol or drug treatment than you have "
                "now. Keep taking your medicine."
            )
        else:
            text = "Your answers do not point to a need for alcohol or drug treatment right now."
        return text + (NONE_OTHER_HELP if other_help else "")
    if level == "emergency":
        text = "Your answers suggest that you may need urgent help now, before anything else."
        if then == "none":
            text += " Once you are safe, your answers do not point to alcohol or drug treatment."
        elif then is not None:
            text += f" Once you are safe, {LEVELS[then].phrase} may fit."
        return text
    if level == "detox_first":
        text = f"Your answers suggest that {LEVELS[level].phrase} may need to come first."
        if then == "none":
            text += " After that, your answers do not point to more alcohol or drug treatment."
        elif then is not None:
            text += f" After that, {LEVELS[then].phrase} may fit."
        else:
            text += " After that, a professional can help you choose the next step."
        return text
    return f"Your answers suggest that {LEVELS[level].phrase} may fit."


CRISIS_TITLE = "Get help now"
CRISIS_LINES = (
    "Some of your answers are about your safety. Please reach out today.",
    "In danger now, hurt, or very sick (a seizure, chest pain, an overdose)? Call 911.",
    "Thinking about hurting yourself, or in crisis? Call or text 988 (Suicide & Crisis "
    "Lifeline). It is free, private, and open all day, every day.",
    "You do not have to wait until you finish reading this report.",
)

CARE_NOTE = (
    "This is not a diagnosis. Talk with a professional, who can look at your whole situation."
)


def could_reach_sentence(could_reach: Level | None) -> str | None:
    """What the unanswered questions could mean, or ``None`` when they could not change it."""
    if could_reach is None:
        return None
    return (
        f"The unanswered questions could point as high as {LEVELS[could_reach].phrase}. "
        "Answering them, or going over them with a counselor, would make this result surer."
    )


YOUTH_TITLE = "Built for adults"
YOUTH_LINES = (
    "You are under 18. This tool is built for adults, so the suggestion below is labelled as "
    "an adult's result and may not fit you.",
    "Please talk with a parent, a school counselor or a doctor about services made for young "
    "people. The SAMHSA National Helpline (1-800-662-4357) and FindTreatment.gov can help you "
    "find them.",
)

YOUTH_HEADLINE = (
    "This tool is built for adults, and you are under 18. Services made for young people may "
    "fit you better: a school counselor, a doctor or the SAMHSA Helpline (1-800-662-4357) can "
    "help you find them. For an adult with the same answers:"
)
"""Said before the level when the person is under 18 (the ``youth`` flag)."""

MEDICATION_TITLE = "Medicine that may help"
BARRIERS_TITLE = "What may get in the way, and what helps"

ASAM_TITLE = "For professionals: ASAM Criteria reference"
ASAM_NAMES = {
    "1.5": "Outpatient Therapy",
    "1.7": "Medically Managed Outpatient",
    "2.1": "Intensive Outpatient",
    "2.7": "Medically Managed Intensive Outpatient",
    "3.1": "Clinically Managed Low-Intensity Residential",
    "3.5": "Clinically Managed High-Intensity Residential",
    "3.7": "Medically Managed Residential",
}
"""4th-edition level names [asam-criteria-2023]."""
ASAM_NOTE = (
    "This is the nearest level in The ASAM Criteria (4th edition numbering), given as a "
    "reference for professionals. It is not an ASAM assessment: only a trained clinician can "
    "do one."
)


def asam_sentence(code: str | None) -> str | None:
    """The crosswalk in words, labelled as a reference: "ASAM level 2.7 (…)"."""
    if code is None:
        return None
    return f"Nearest ASAM Criteria level: {code}, {ASAM_NAMES.get(code, '')}.".replace(", .", ".")
