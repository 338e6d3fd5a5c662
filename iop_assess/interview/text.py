"""Plain, linear text for interview blocks and questions: no boxes, no colour, wrapped to a width.

Used by ``ScriptedPrompter`` (piped input, tests) and by ``RichPrompter`` in ``--plain`` mode, so
a screen reader or a 40-column terminal gets the same words in the same order.
"""

from __future__ import annotations

import textwrap

from iop_assess.interview.prompter import Block, Question, Tone

_TONE_WORDS = {Tone.INFO: "", Tone.NOTE: "Note: ", Tone.WARNING: "", Tone.CRISIS: "IMPORTANT: "}


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` wrapped to ``width`` columns (at least 20), each line starting with ``indent``."""
    return textwrap.wrap(
        text,
        width=max(20, width),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def block_text(block: Block, width: int) -> str:
    """A block as plain lines: its title (with a word for its tone), then its paragraphs."""
    out = [""]
    out += wrap(_TONE_WORDS[block.tone] + block.title, width)
    for paragraph in block.lines:
        out += wrap(paragraph, width, "  " if paragraph[:2] in ("- ",) else "")
    return "\n".join(out)


def question_text(question: Question, width: int) -> str:
    """A question as plain lines: progress, extra lines, the question, numbered choices, keys."""
    out = [""]
    out += wrap(question.progress, width)
    for extra in question.extra:
        out += wrap(extra, width)
    out += wrap(question.label, width)
    for choice in question.choices:
        head = f"  {choice.number}. "
        out += textwrap.wrap(
            choice.label,
            width=max(20, width),
            initial_indent=head,
            subsequent_indent=" " * len(head),
            break_on_hyphens=False,
        )
    if question.current is not None:
        out += wrap(f"Your answer now: {question.current}", width)
    out += wrap(question.hint, width)
    out += wrap(question.keys, width)
    return "\n".join(out)
