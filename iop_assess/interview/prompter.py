"""What the interview shows and asks, as plain data, and the ``Prompter`` protocol that shows it.

The engine (``engine.py``) decides *what* to say; a prompter decides *how*: ``RichPrompter`` for a
person at a terminal, ``ScriptedPrompter`` for tests and piped input. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Tone(StrEnum):
    """What kind of message a block is. Prompters may colour it, but the title always says it
    in words too, so meaning never rests on colour alone."""

    INFO = "info"
    NOTE = "note"
    WARNING = "warning"
    CRISIS = "crisis"


@dataclass(frozen=True)
class Block:
    """A titled block of short paragraphs (welcome, section intro, crisis, review, messages)."""

    title: str
    lines: tuple[str, ...]
    tone: Tone = Tone.INFO
    compact: bool = False
    """The lines are a list (one per line), not paragraphs (a blank line between)."""


@dataclass(frozen=True)
class Choice:
    """One numbered choice: ``number`` is what a person types, ``value`` the option value."""

    number: int
    label: str
    value: str


@dataclass(frozen=True)
class Question:
    """One question, ready to show."""

    item_id: str
    text: str
    progress: str
    """e.g. ``Section 3 of 8 · question 12 of about 40``."""
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    hint: str = ""
    """How to answer, e.g. ``Type a number from 1 to 4.``"""
    keys: str = ""
    """The keys that work here, e.g. ``? help · b back · s skip · q save and quit``."""
    current: str | None = None
    """The answer already given (shown as the default; Enter keeps it)."""
    tag: str | None = None
    """A short prefix shown before the question (the item id in counselor mode)."""
    extra: tuple[str, ...] = ()
    """More lines shown above the question (running totals in counselor mode)."""

    @property
    def label(self) -> str:
        """The question's first line, with its tag."""
        return f"[{self.tag}] {self.text}" if self.tag else self.text


class Prompter(Protocol):
    """How the interview talks to a person. ``ask`` and ``line`` return the raw text typed and
    raise ``EOFError`` when input is closed or ``KeyboardInterrupt`` on Ctrl-C."""

    def show(self, block: Block) -> None:
        """Show a block of text."""

    def ask(self, question: Question) -> str:
        """Show a question and return what was typed (stripped)."""

    def line(self, prompt: str) -> str:
        """Ask for one free line (Enter to continue, a note, a file name) and return it."""
