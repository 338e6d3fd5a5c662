"""The interview engine driven by ScriptedPrompter, without a terminal: order, skip logic, keys,
safety interrupts, review, counselor mode."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from interview_scripts import CALM, HEAVY_WITHDRAWAL, LEVELS, Responder, asked, script_for

from iop_assess.assess import assess
from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.gates import contradictions
from iop_assess.interview import Block, Interview, Question, QuitRequested, ScriptedPrompter
from iop_assess.interview.engine import CRISIS_TITLE, TOTALS_WIDTH
from iop_assess.model import DECLINED


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def run(
    bank: Bank, lines: Sequence[str], *, counselor: bool = False, width: int = 80
) -> tuple[Interview, ScriptedPrompter]:
    prompter = ScriptedPrompter(list(lines), width=width)
    interview = Interview(bank, prompter, counselor=counselor)
    interview.run()
    return interview, prompter


def start(bank: Bank, lines: Sequence[str], **kwargs: object) -> tuple[Interview, ScriptedPrompter]:
    """Run until the scripted input runs out (closed input), like a person who stops."""
    prompter = ScriptedPrompter(list(lines))
    interview = Interview(bank, prompter, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(EOFError):
        interview.run()
    return interview, prompter


def warnings(prompter: ScriptedPrompter) -> list[str]:
    return [line for b in prompter.blocks() for line in b.lines if b.title == "Please try again"]


# -- whole questionnaires --------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(LEVELS))
def test_a_whole_questionnaire_reaches_each_level(bank: Bank, level: str) -> None:
    answers = LEVELS[level]
    interview, prompter = run(bank, script_for(bank, answers))
    assert interview.answers == asked(bank, answers)
    assert assess(bank, interview.answers).recommendation.level == level
    assert prompter.blocks("Review your answers")


def test_questions_come_in_order_with_numbered_choices_and_progress(bank: Bank) -> None:
    _, prompter = start(bank, ["", "35", "2"])
    questions = [q for q in prompter.shown if isinstance(q, Question)]
    assert [q.item_id for q in questions[:3]] == ["age", "alcohol_past_year", "drugs_past_year"]
    alcohol = questions[1]
    assert [(c.number, c.value) for c in alcohol.choices] == [(1, "yes"), (2, "no")]
    assert questions[0].progress.startswith("Section 1 of ")
    assert "question 1 of up to " in questions[0].progress
    assert "question 2 of up to " in alcohol.progress
    assert "1. Yes" in prompter.transcript
    assert "Type a whole number from 12 to 120" in prompter.transcript


def test_the_progress_line_follows_what_can_still_apply(bank: Bank) -> None:
    """ "Question 3 of up to N": N is every question that can still apply, so it shrinks as
    answers rule questions out (no alcohol: no AUDIT, no question about sex)."""
    _, prompter = start(bank, ["", "35", "2", "2"])
    questions = [q for q in prompter.shown if isinstance(q, Question)]
    totals = [int(q.progress.rsplit(" ", 1)[1]) for q in questions]
    assert totals[0] == len(bank.items)
    assert totals[1] == totals[0]
    assert totals[2] < totals[1] - 10  # after "no alcohol": the AUDIT and sex are gone
    assert totals[3] < totals[2]  # after "no drugs": the DAST-10 and drug questions too


def test_welcome_says_what_it_is_how_long_not_a_diagnosis_and_crisis_numbers(bank: Bank) -> None:
    _, prompter = start(bank, [])
    welcome = " ".join(prompter.blocks("Welcome")[0].lines)
    most = sum(1 for i in bank.items if bank.applies(i, {}))
    least = sum(1 for i in bank.items if bank.surely_applies(i, {}))
    assert least < 20 < most
    assert f"It takes {least} to {most} questions, about 5 to " in welcome
    assert "not a diagnosis" in welcome
    assert "stay on this computer" in welcome
    crisis = " ".join(prompter.blocks(CRISIS_TITLE)[0].lines)
    assert "988" in crisis and "911" in crisis


# -- keys: back, help, decline, quit -----------------------------------------------------------


def test_back_reasks_the_previous_question_and_enter_keeps_its_answer(bank: Bank) -> None:
    interview, prompter = start(bank, ["", "35", "b", "", "2"])
    assert prompter.questions() == [
        "age",
        "alcohol_past_year",
        "age",
        "alcohol_past_year",
        "drugs_past_year",
    ]
    again = [q for q in prompter.shown if isinstance(q, Question)][2]
    assert again.current == "35 years"
    assert interview.answers == {"age": 35, "alcohol_past_year": "no"}


def test_back_then_a_new_answer_replaces_the_old_one(bank: Bank) -> None:
    interview, _ = start(bank, ["", "35", "b", "41", "1"])
    assert interview.answers == {"age": 41, "alcohol_past_year": "yes"}


def test_back_on_the_first_question_says_so(bank: Bank) -> None:
    _, prompter = start(bank, ["", "b", "35"])
    assert prompter.blocks("This is the first question")
    assert prompter.questions()[:2] == ["age", "age"]


def test_question_mark_shows_the_help_text(bank: Bank) -> None:
    _, prompter = start(bank, ["", "?"])
    help_block = prompter.blocks("Help for this question")[0]
    assert bank.items["age"].item.help is not None
    assert bank.items["age"].item.help["en"] in help_block.lines


def test_s_declines_and_declined_is_stored_as_declined(bank: Bank) -> None:
    interview, _ = start(bank, ["", "s", "s"])
    assert interview.answers == {"age": DECLINED, "alcohol_past_year": DECLINED}


def test_q_saves_and_stops(bank: Bank) -> None:
    saved: list[dict[str, Answer]] = []
    prompter = ScriptedPrompter(["", "35", "q"])
    interview = Interview(bank, prompter, on_change=lambda a, n: saved.append(a))
    with pytest.raises(QuitRequested):
        interview.run()
    assert saved == [{"age": 35}]


def test_every_answer_is_saved_as_it_is_given(bank: Bank) -> None:
    saved: list[dict[str, Answer]] = []
    prompter = ScriptedPrompter(["", "35", "2", "1"])
    interview = Interview(bank, prompter, on_change=lambda a, n: saved.append(dict(a)))
    with pytest.raises(EOFError):
        interview.run()
    assert saved == [
        {"age": 35},
        {"age": 35, "alcohol_past_year": "no"},
        {"age": 35, "alcohol_past_year": "no", "drugs_past_year": "yes"},
    ]


# -- invalid input re-prompts with a specific message ------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "That is not a whole number"),
        ("200", "That number is not from 12 to 120"),
        ("-3", "That number is not from 12 to 120"),
        ("9" * 5000, "That number is not from 12 to 120"),
        ("", "Nothing was typed"),
    ],
)
def test_a_wrong_number_reprompts_with_the_range(bank: Bank, typed: str, message: str) -> None:
    interview, prompter = start(bank, ["", typed, "35"])
    said = " ".join(line for b in prompter.blocks() for line in b.lines)
    assert message in said
    assert "Type a whole number from 12 to 120" in said
    assert interview.answers == {"age": 35}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4", "That is not one of the numbers shown (1 to 3)"),
        ("1,2", "Choose just one answer here"),
        ("maybe", "That is not one of the choices"),
    ],
)
def test_a_wrong_choice_reprompts(bank: Bank, typed: str, message: str) -> None:
    # age, alcohol yes, no drugs, no medicines, then sex (three choices)
    interview, prompter = start(bank, ["", "35", "1", "2", "2", typed, "2"])
    assert any(message in w for w in warnings(prompter))
    assert interview.answers["sex"] == "male"


def test_none_cannot_be_chosen_with_other_substances(bank: Bank) -> None:
    interview, prompter = start(bank, ["", "35", "1", "1", "2", "2", "1,7", "1,5"])
    assert any("'none' cannot be chosen together" in w for w in warnings(prompter))
    assert interview.answers["substances"] == ["alcohol", "cannabis"]


def test_words_and_y_n_are_understood(bank: Bank) -> None:
    interview, _ = start(bank, ["", "35", "y", "y", "n", "male", "Alcohol, cannabis"])
    assert interview.answers == {
        "age": 35,
        "alcohol_past_year": "yes",
        "drugs_past_year": "yes",
        "prescribed_meds": "no",
        "sex": "male",
        "substances": ["alcohol", "cannabis"],
    }


def test_person_mode_numbers_are_the_listed_numbers(bank: Bank) -> None:
    """For PHQ-9 the values are 0-3, but a person types the number shown (1-4)."""
    partial = {k: v for k, v in CALM.items() if not k.startswith(("phq9", "suicide", "danger"))}
    prompter = ScriptedPrompter(["", "2"])
    interview = Interview(bank, prompter, answers=partial)
    with pytest.raises(EOFError):
        interview.run()
    assert prompter.questions()[0] == "phq9_1"
    assert interview.answers["phq9_1"] == 1
    assert "  2. Several days" in prompter.transcript


# -- answers that contradict a past-year question ---------------------------------------------

# age 35, no alcohol in the past year, drugs yes, no prescribed medicines, then alcohol
CONTRADICTING = ["", "35", "2", "1", "2", "1"]


def test_a_contradiction_is_pointed_out_and_the_person_fixes_the_past_year_answer(
    bank: Bank,
) -> None:
    interview, prompter = start(bank, [*CONTRADICTING, "1", "1"])
    (block,) = prompter.blocks("Two answers do not fit together")
    assert block.tone == "warning"
    text = " ".join(block.lines)
    assert "cannot both be true" in text
    assert "1. In the past 12 months, have you had any drink that contains alcohol? — No" in text
    assert (
        "2. In the past 30 days, which of these have you used? Choose all that apply. — "
        "Alcohol" in text
    )
    assert "Type 1 or 2 to change that answer: " in prompter.prompts
    assert interview.answers["alcohol_past_year"] == "yes"
    assert interview.answers["substances"] == ["alcohol"]
    assert contradictions(interview.answers) == []
    # the walk goes on where it was: the drinking days come next
    assert prompter.questions()[-3:] == ["substances", "alcohol_past_year", "alcohol_days"]


def test_a_contradiction_can_be_fixed_by_changing_the_other_answer(bank: Bank) -> None:
    interview, prompter = start(bank, [*CONTRADICTING, "x", "2", "5"])
    assert len(prompter.blocks("Two answers do not fit together")) == 2  # "x" asks again
    assert interview.answers["alcohol_past_year"] == "no"
    assert interview.answers["substances"] == ["cannabis"]
    assert prompter.questions()[-2:] == ["substances", "cannabis_days"]


def test_a_contradiction_from_a_saved_session_is_settled_before_going_on(bank: Bank) -> None:
    saved: dict[str, Answer] = {
        "age": 35,
        "sex": "male",
        "alcohol_past_year": "no",
        "drugs_past_year": "no",
        "substances": ["alcohol"],  # accepted before version 2
        "alcohol_days": 12,
    }
    prompter = ScriptedPrompter(["", "1", "1"])
    interview = Interview(bank, prompter, answers=saved, welcome_back=["Welcome back."])
    with pytest.raises(EOFError):
        interview.run()
    shown = [b.title for b in prompter.blocks()]
    assert shown == ["Welcome back", "Help is available now", "Two answers do not fit together"]
    assert interview.answers["alcohol_past_year"] == "yes"
    assert interview.answers["alcohol_days"] == 12
    assert prompter.questions() == ["alcohol_past_year", "prescribed_meds"]


# -- skip logic and dropped follow-ups -----------------------------------------------------------


def test_follow_ups_are_asked_only_for_the_substances_chosen(bank: Bank) -> None:
    _, prompter = start(bank, ["", "35", "1", "1", "2", "2", "1,5", "20", "6", "3", "2", "2"])
    assert prompter.questions()[3:] == [
        "prescribed_meds",
        "sex",
        "substances",
        "alcohol_days",
        "alcohol_drinks",
        "cannabis_days",
        "overdose_past_year",
        "injection_use",
        "audit_1",
    ]


def test_changing_an_answer_after_going_back_drops_follow_ups_and_says_which(bank: Bank) -> None:
    lines = ["", "35", "1", "1", "2", "2", "1,5", "20", "6", "3", "2", "2"]
    # at audit_1: back x6 to substances, choose alcohol only, keep the other answers
    lines += ["b"] * 6 + ["1", "", "", "", ""]
    interview, prompter = start(bank, lines)
    assert "cannabis_days" not in interview.answers
    assert interview.answers["substances"] == ["alcohol"]
    assert interview.answers["alcohol_days"] == 20
    removed = prompter.blocks("Some answers were removed")
    assert len(removed) == 1
    assert any("cannabis" in line for line in removed[0].lines[1:])


def _review_pages(prompter: ScriptedPrompter) -> list[Block]:
    return prompter.blocks("Review your answers")


def test_review_shows_a_section_a_page_and_an_edit_drops_follow_ups(bank: Bank) -> None:
    answers = LEVELS["iop"]
    lines = script_for(bank, answers)
    reviewing = lines.index("", len(lines) - 20)  # Enter through the review pages
    kept = asked(bank, answers)
    interview = Interview(bank, ScriptedPrompter([]), answers=kept)
    pages = interview.review_pages()
    assert len(pages) >= 8
    assert all(len(rows) <= 8 for _, rows in pages)
    number = next(n for _, rows in pages for n, i, _ in rows if i == "alcohol_past_year")
    # on the first page: change alcohol in the past year to no; sex is then no longer asked,
    # so pregnancy is ("This does not apply to me"); then Enter through the rest
    lines = lines[:reviewing] + [str(number), "2", "4"] + [""] * 20
    interview, prompter = run(bank, lines)
    first = _review_pages(prompter)[0]
    assert first.title.startswith("Review your answers (page 1 of ")
    assert first.lines[0].startswith("1. How old are you?")
    assert interview.answers["alcohol_past_year"] == "no"
    assert not any(k.startswith("audit_") for k in interview.answers)
    removed = " ".join(prompter.blocks("Some answers were removed")[0].lines)
    assert "How often do you have a drink containing alcohol?" in removed


def test_review_pages_fit_a_24_row_terminal(bank: Bank) -> None:
    """Every page of the review, at 80 columns: title, answers, prompt in 24 rows or fewer."""
    lines = script_for(bank, LEVELS["detox_first"])
    _, prompter = run(bank, lines)
    for page in _review_pages(prompter):
        from iop_assess.interview.text import block_text

        rows = block_text(page, 80).splitlines()
        assert len(rows) + 2 <= 24, page.title  # the prompt takes two lines at most


def test_a_typo_in_the_review_asks_again_without_showing_the_page_again(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["outpatient"])[:-1]
    pages = len(_review_pages(run(bank, script_for(bank, LEVELS["outpatient"]))[1]))
    _, prompter = run(bank, [*lines, "999", "x", ""])
    assert len(_review_pages(prompter)) == pages  # no page was shown twice
    said = warnings(prompter)
    assert len(said) == 2 and all("Type a number from 1 to" in w for w in said)


def test_question_mark_explains_the_review_and_b_and_f_move_through_it(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["outpatient"])
    first_review = len(lines) - len(_review_pages(run(bank, lines)[1]))
    head = lines[:first_review]
    _, prompter = run(bank, [*head, "?", "", "b", "b", "f"])
    help_block = prompter.blocks("About the review")[0]
    assert any("type the number beside it" in line for line in help_block.lines)
    titles = [b.title.split(":")[0] for b in _review_pages(prompter)]
    assert titles[:3] == [
        "Review your answers (page 1 of " + titles[0].split(" of ")[1],
        "Review your answers (page 2 of " + titles[0].split(" of ")[1],
        "Review your answers (page 1 of " + titles[0].split(" of ")[1],
    ]
    assert prompter.blocks("This is the first page")
    assert len(titles) == 3  # f: straight to the result from page 1


def test_a_review_edit_that_opens_follow_ups_asks_them_before_finishing(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["outpatient"])
    kept = asked(bank, LEVELS["outpatient"])
    pages = Interview(bank, ScriptedPrompter([]), answers=kept).review_pages()
    reviewing = len(lines) - len(pages)
    number = next(n for _, rows in pages for n, i, _ in rows if i == "drugs_past_year")
    # yes, then overdose and injection ("no"), then the DAST-10: all "no"
    lines = lines[:reviewing] + [str(number), "1"] + ["2"] * 12 + [""] * 20
    interview, prompter = run(bank, lines)
    assert interview.answers["drugs_past_year"] == "yes"
    assert [interview.answers[f"dast10_{i}"] for i in range(1, 11)] == ["no"] * 10
    assert prompter.questions()[-12:] == [
        "overdose_past_year",
        "injection_use",
        *(f"dast10_{i}" for i in range(1, 11)),
    ]


# -- safety interrupts ---------------------------------------------------------------------------

CRISIS_PAUSE = "Press Enter to go on, r to see your result now, or q to stop: "


def _shown_ids(prompter: ScriptedPrompter) -> list[str]:
    return [
        s.item_id if isinstance(s, Question) else f"block:{s.title}"
        for s in prompter.shown
        if isinstance(s, Question) or s.title == CRISIS_TITLE
    ]


@pytest.mark.parametrize(
    ("item", "answer", "next_item"),
    [
        ("phq9_9", 1, "suicide_plan"),
        ("suicide_plan", "yes", "danger_now"),
        ("danger_now", "yes", "gad7_1"),
        ("medical_urgent", "yes", "medical_conditions"),
        ("withdrawal_now", "severe", "withdrawal_support"),
        ("phq9_9", DECLINED, "suicide_plan"),
    ],
)
def test_a_safety_answer_shows_the_crisis_block_before_the_next_question(
    bank: Bank, item: str, answer: Answer, next_item: str
) -> None:
    answers = dict(CALM) | {item: answer}
    if item == "suicide_plan":
        answers["phq9_9"] = 1
    if item == "phq9_9":
        answers["suicide_plan"] = "no"
    interview, prompter = run(bank, script_for(bank, answers))
    shown = _shown_ids(prompter)
    at = shown.index(item)
    assert shown[at + 1] == f"block:{CRISIS_TITLE}"
    assert shown[at + 2] == next_item
    crisis = [b for b in prompter.blocks(CRISIS_TITLE) if b.tone == "crisis"][1]
    text = " ".join(crisis.lines)
    assert "988" in text and "911" in text
    assert CRISIS_PAUSE in prompter.prompts


@pytest.mark.parametrize(
    ("item", "answer", "said", "first"),
    [
        ("medical_urgent", "yes", "medical problem right now", "911"),
        ("withdrawal_now", "severe", "severe withdrawal right now", "911"),
        ("danger_now", "yes", "afraid you might hurt someone", "911"),
        ("phq9_9", 1, "better off dead", "988"),
    ],
)
def test_the_crisis_block_says_why_and_leads_with_the_number_that_fits(
    bank: Bank, item: str, answer: Answer, said: str, first: str
) -> None:
    answers = dict(CALM) | {item: answer, "suicide_plan": "no"}
    _, prompter = run(bank, script_for(bank, answers))
    text = " ".join(prompter.blocks(CRISIS_TITLE)[1].lines)
    assert said in text
    other = "988" if first == "911" else "911"
    assert text.index(first) < text.index(other)


def test_calm_answers_show_no_crisis_block_after_the_welcome(bank: Bank) -> None:
    _, prompter = run(bank, script_for(bank, CALM))
    assert len(prompter.blocks(CRISIS_TITLE)) == 1  # the welcome's numbers only


# -- counselor mode -----------------------------------------------------------------------------


def test_counselor_prompts_start_with_the_item_id(bank: Bank) -> None:
    _, prompter = start(bank, ["", "35"], counselor=True)
    assert "[age] How old are you?" in prompter.transcript
    assert "[alcohol_past_year] In the past 12 months" in prompter.transcript


def test_counselor_numbers_are_values_for_numeric_items_and_numbers_or_values_otherwise(
    bank: Bank,
) -> None:
    answers = {k: v for k, v in CALM.items() if not k.startswith(("phq9", "suicide", "danger"))}
    prompter = ScriptedPrompter(["", "2", "3", "0"])
    interview = Interview(bank, prompter, answers=answers, counselor=True)
    with pytest.raises(EOFError):
        interview.run()
    assert interview.answers["phq9_1"] == 2
    assert interview.answers["phq9_2"] == 3
    assert interview.answers["phq9_3"] == 0
    assert "a number here means the value" in prompter.transcript
    interview, _ = start(bank, ["", "35", "yes", "1", "no", "2", "alcohol,5"], counselor=True)
    assert interview.answers["sex"] == "male"
    assert interview.answers["alcohol_past_year"] == "yes"
    assert interview.answers["drugs_past_year"] == "yes"
    assert interview.answers["substances"] == ["alcohol", "cannabis"]


def test_counselor_sees_running_totals_on_one_line_when_they_change(bank: Bank) -> None:
    answers = {k: v for k, v in CALM.items() if not k.startswith(("phq9", "suicide", "danger"))}
    prompter = ScriptedPrompter(["", "2", "3", "1", "n", "tearful", "1"])
    with pytest.raises(EOFError):
        Interview(bank, prompter, answers=answers, counselor=True).run()
    questions = [q for q in prompter.shown if isinstance(q, Question)]
    assert [q.item_id for q in questions][:5] == ["phq9_1", "phq9_2", "phq9_3", "phq9_4", "phq9_4"]
    first = questions[0].extra
    # the AUDIT is done: its total says what the AUDIT-C's would
    assert first == ("Totals: audit 1/40 low_risk · gad7 0/21 minimal · scoff 0/5 negative",)
    # too long for one line with the PHQ-9: the others keep their totals only
    assert questions[2].extra == ("Totals: audit 1 · gad7 0 · phq9 5 so far · scoff 0",)
    assert "· phq9 6 so far ·" in questions[3].extra[0]
    # asked again after a note: the totals did not change, so they are not repeated
    assert questions[4].extra == ()
    assert all(len(q.extra) <= 1 for q in questions)


def test_counselor_totals_stay_on_one_line_with_every_instrument(bank: Bank) -> None:
    heavy = HEAVY_WITHDRAWAL | {
        "drugs_past_year": "yes",
        "substances": ["alcohol", "cannabis"],
        "cannabis_days": 20,
        **{f"dast10_{i}": "yes" for i in range(1, 11)},
    }
    responder = Responder(heavy, counselor=True, bank=bank)
    Interview(bank, responder, counselor=True).run()
    lines = {q.item_id: q.extra[0] for q in responder.shown if isinstance(q, Question) and q.extra}
    assert all(len(line) <= TOTALS_WIDTH for line in lines.values()), lines
    # the AUDIT-C alone while it is asked, beside the AUDIT while the rest is
    assert lines["audit_2"] == "Totals: audit_c 4 so far"
    assert lines["audit_4"] == "Totals: audit 12 so far · audit_c 12/12 positive"
    # the question's own instrument keeps its words; the others shrink to fit
    assert lines["phq9_9"].endswith("· phq9 15 so far")
    assert lines["gad7_7"] == "Totals: audit 33 · dast10 9 · gad7 10 so far · phq9 15"


def test_counselor_can_leave_a_question_blank_and_add_a_note_at_any_question(
    bank: Bank,
) -> None:
    prompter = ScriptedPrompter(["", "-", "n", "lives with sister", "1", "n", "", "2"])
    interview = Interview(bank, prompter, counselor=True)
    with pytest.raises(EOFError):
        interview.run()
    assert interview.answers == {"alcohol_past_year": "yes", "drugs_past_year": "no"}
    assert interview.notes == {"substance_use": "lives with sister"}
    assert prompter.prompts[1].startswith("Note for 'What you use and how often' [substance_use]")
    assert not any(p.startswith("Note for 'About you'") for p in prompter.prompts)


def test_counselor_notes_one_prompt_at_the_end_not_one_per_section(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["outpatient"], counselor=True)
    assert lines[-1] == ""  # the note for the record, left empty
    interview, prompter = run(bank, [*lines[:-1], "Seen with her sister."], counselor=True)
    notes = [p for p in prompter.prompts if "note" in p.lower()]
    assert notes == ["A note for the record (optional; press Enter to skip): "]
    assert interview.notes == {"general": "Seen with her sister."}


def test_q_at_the_end_note_saves_and_stops(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["outpatient"], counselor=True)
    prompter = ScriptedPrompter([*lines[:-1], "q"])
    with pytest.raises(QuitRequested):
        Interview(bank, prompter, counselor=True).run()


def test_a_person_cannot_leave_a_question_blank(bank: Bank) -> None:
    interview, prompter = start(bank, ["", "-", "35"])
    assert interview.answers == {"age": 35}
    assert any("That is not a whole number" in w for w in warnings(prompter))


# -- resuming -----------------------------------------------------------------------------------


def test_resuming_starts_at_the_first_question_not_yet_answered(bank: Bank) -> None:
    done = {"age": 35, "sex": "male", "alcohol_past_year": "no"}
    prompter = ScriptedPrompter([""])
    interview = Interview(bank, prompter, answers=done, welcome_back=["3 answers are kept."])
    with pytest.raises(EOFError):
        interview.run()
    assert prompter.questions() == ["drugs_past_year"]
    welcome = prompter.blocks("Welcome back")[0].lines
    assert welcome[0] == "3 answers are kept."
    assert any(line.startswith("Left to answer: ") for line in welcome)


def test_going_back_after_resuming_shows_the_earlier_answer(bank: Bank) -> None:
    done = {"age": 35, "alcohol_past_year": "yes"}
    prompter = ScriptedPrompter(["", "b", ""])
    with pytest.raises(EOFError):
        Interview(bank, prompter, answers=done).run()
    assert prompter.questions() == ["drugs_past_year", "alcohol_past_year", "drugs_past_year"]
    assert [q for q in prompter.shown if isinstance(q, Question)][1].current == "Yes"


# -- plain text ---------------------------------------------------------------------------------


def test_plain_text_fits_40_columns(bank: Bank) -> None:
    lines = script_for(bank, LEVELS["emergency"])
    _, prompter = run(bank, lines, width=40)
    too_long = [line for line in prompter.transcript.splitlines() if len(line) > 40]
    assert too_long == []
    assert "IMPORTANT: Help is available now" in prompter.transcript


def test_blocks_name_their_kind_in_words_not_only_colour(bank: Bank) -> None:
    _, prompter = run(bank, script_for(bank, LEVELS["emergency"]))
    crisis = [b for b in prompter.shown if isinstance(b, Block) and b.tone == "crisis"]
    assert crisis and all("Help" in b.title for b in crisis)
    assert "IMPORTANT:" in prompter.transcript


def test_counselor_sees_values_as_the_numbers_to_type(bank: Bank) -> None:
    answers = {k: v for k, v in CALM.items() if not k.startswith(("phq9", "suicide", "danger"))}
    prompter = ScriptedPrompter([""])
    with pytest.raises(EOFError):
        Interview(bank, prompter, answers=answers, counselor=True).run()
    phq9_1 = [q for q in prompter.shown if isinstance(q, Question)][0]
    assert [(c.number, c.label) for c in phq9_1.choices][:2] == [
        (0, "Not at all"),
        (1, "Several days"),
    ]
    _, prompter = start(bank, ["", "35", "1", "1", "no", "2"], counselor=True)
    substances = [q for q in prompter.shown if isinstance(q, Question)][-1]
    assert substances.item_id == "substances"
    assert substances.choices[0].label == "Alcohol"
    assert substances.choices[2].label.endswith("= benzodiazepines")


def test_q_at_the_crisis_pause_saves_and_stops(bank: Bank) -> None:
    answers = {k: v for k, v in CALM.items() if not k.startswith(("phq9", "suicide", "danger"))}
    saved: list[dict[str, Answer]] = []
    # PHQ-2 of 0: straight on to question 9, "nearly every day"; then q at the pause
    prompter = ScriptedPrompter(["", "1", "1", "4", "q"])
    interview = Interview(bank, prompter, answers=answers, on_change=lambda a, n: saved.append(a))
    with pytest.raises(QuitRequested):
        interview.run()
    assert saved[-1]["phq9_9"] == 3
    assert prompter.blocks(CRISIS_TITLE)[-1].tone == "crisis"
    assert len(prompter.blocks(CRISIS_TITLE)) == 2


def test_our_own_words_read_at_grade_8_or_below(bank: Bank) -> None:
    """Welcome, crisis block, help keys and messages: Flesch-Kincaid grade 8 or below."""
    from readability import GRADE_ALL, grade

    lines = script_for(bank, LEVELS["emergency"])
    lines[1:1] = ["?", "abc"]
    _, prompter = run(bank, lines)
    own = {"Welcome", CRISIS_TITLE, "Help for this question", "Please try again"}
    texts = [line for b in prompter.blocks() if b.title in own for line in b.lines]
    texts = [t for t in texts if t != bank.items["age"].item.help["en"]]  # type: ignore[index]
    texts += prompter.prompts
    text = " ".join(t if t.rstrip().endswith((".", "?", "!", ":")) else f"{t}." for t in texts)
    assert grade(text) <= GRADE_ALL


# -- the short screen ---------------------------------------------------------------------------


def _without(answers: dict[str, Answer], prefix: str) -> dict[str, Answer]:
    return {k: v for k, v in answers.items() if not k.startswith(prefix)}


@pytest.mark.parametrize(
    ("typed", "after"),
    [
        (["1", "1"], "phq9_9"),  # not at all, not at all: PHQ-2 of 0, straight to question 9
        (["2", "1"], "phq9_9"),  # 1
        (["2", "2"], "phq9_3"),  # 2: the rest of the PHQ-9
    ],
)
def test_the_phq2_comes_first_and_question_9_is_always_asked(
    bank: Bank, typed: list[str], after: str
) -> None:
    answers = _without(_without(CALM, "phq9"), "suicide") | {"danger_now": "no"}
    prompter = ScriptedPrompter(["", *typed])
    with pytest.raises(EOFError):
        Interview(bank, prompter, answers=answers).run()
    assert prompter.questions() == ["phq9_1", "phq9_2", after]


def test_the_full_form_asks_every_question(bank: Bank) -> None:
    answers = _without(_without(CALM, "phq9"), "suicide") | {"danger_now": "no"}
    prompter = ScriptedPrompter(["", "1", "1"])
    with pytest.raises(EOFError):
        Interview(bank.with_full(), prompter, answers=answers).run()
    assert prompter.questions() == ["phq9_1", "phq9_2", "phq9_3"]


def test_the_counselor_welcome_says_which_form_is_asked(bank: Bank) -> None:
    for asked_bank, words in ((bank, "Short screen: the AUDIT-C"), (bank.with_full(), "--full")):
        _, prompter = start(asked_bank, [], counselor=True)
        assert words in " ".join(prompter.blocks("Welcome")[0].lines)


# -- after a safety answer: see the result now ----------------------------------------------------

SAFETY_FIRST = ["", "35", "2", "2", "2", "2", "2", "1", "1", "4"]
"""Age 35, no alcohol, drugs or medicines; no urgent problem; pregnant no; PHQ-2 of 0; then
question 9 "nearly every day": the crisis block comes next."""


def test_r_at_the_crisis_pause_shows_the_result_with_the_rest_unanswered(bank: Bank) -> None:
    prompter = ScriptedPrompter([*SAFETY_FIRST, "r"])
    interview = Interview(bank, prompter)
    outcome = interview.run()
    assert outcome.early
    assert outcome.answers["phq9_9"] == 3
    assert outcome.unanswered[:2] == ("suicide_plan", "danger_now")
    assert not prompter.blocks("Review your answers")
    result = assess(bank, outcome.answers)
    assert result.crisis and "suicide_risk" in result.flags
    assert result.recommendation.could_reach == "emergency"  # suicide_plan was not answered
    assert "suicide_plan" in result.missing


def test_r_works_at_any_question_after_the_crisis_block_but_not_before(bank: Bank) -> None:
    prompter = ScriptedPrompter(["", "r", "35", *SAFETY_FIRST[2:], "", "r"])
    outcome = Interview(bank, prompter).run()
    assert any("That is not a whole number" in w for w in warnings(prompter))  # r before
    assert outcome.unanswered[:2] == ("suicide_plan", "danger_now")  # r at suicide_plan
    keys = [q.keys for q in prompter.shown if isinstance(q, Question)]
    assert "r see my result now" not in keys[0]
    assert "r see my result now" in keys[-1]


def test_the_crisis_block_says_whether_answers_are_saved(bank: Bank) -> None:
    for where, words in (
        (None, "Your answers are not saved (--no-save)."),
        ("/tmp/s.json", "Your answers so far are saved."),
    ):
        prompter = ScriptedPrompter([*SAFETY_FIRST, "q"])
        with pytest.raises(QuitRequested):
            Interview(bank, prompter, saved_where=where).run()
        text = " ".join(prompter.blocks(CRISIS_TITLE)[-1].lines)
        assert words in text
        if where is None:
            assert "kept" not in text and "are saved" not in text


def test_the_welcome_estimate_narrows_after_resuming(bank: Bank) -> None:
    _, fresh = start(bank, [])
    _, later = start(
        bank,
        [],
        answers={"age": 35, "alcohol_past_year": "no", "drugs_past_year": "no"},
        welcome_back=["Welcome back."],
    )
    first = " ".join(fresh.blocks("Welcome")[0].lines)
    again = " ".join(later.blocks("Welcome back")[0].lines)
    low, high = map(int, re.search(r"It takes (\d+) to (\d+) questions", first).groups())  # type: ignore[union-attr]
    low2, high2 = map(int, re.search(r"Left to answer: (\d+) to (\d+) questions", again).groups())  # type: ignore[union-attr]
    assert high2 < high - 20 and low2 <= low
