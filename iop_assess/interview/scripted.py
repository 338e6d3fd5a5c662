"""A prompter that reads answers line by line: for tests, and for piped input.

When standard input is not a terminal, the CLI uses this prompter: each line of input is one
answer (or key), and the questions go to standard error so standard output keeps only the result.
Every block and question shown is also kept in ``shown`` for tests to inspect.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from iop_assess.interview.prompter import Block, Question
from iop_assess.interview.text import block_text, question_text, wrap

DEFAULT_WIDTH = 80


class ScriptedPrompter:
    """Answers come from ``lines`` (a list of strings or an open text stream); output goes to
    ``out`` (default: kept in memory). Runs out of lines → ``EOFError``, like closed input."""

    def __init__(
        self,
        lines: Iterable[str] | TextIO,
        out: TextIO | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        echo: bool = True,
    ) -> None:
        self._lines: Iterator[str] = iter(lines)
        self.out: TextIO = out if out is not None else io.StringIO()
        self.width = width
        self.echo = echo
        self.shown: list[Block | Question] = []
        self.prompts: list[str] = []

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _read(self) -> str:
        try:
            raw = next(self._lines)
        except StopIteration:
            self._write("\n")
            raise EOFError from None
        text = raw.rstrip("\r\n")
        # the answer itself is written back only with ``echo``; the line ends either way, as
        # Enter ends it at a terminal, so the next prompt starts on a line of its own
        self._write(text + "\n" if self.echo else "\n")
        return text

    def show(self, block: Block) -> None:
        self.shown.append(block)
        self._write(block_text(block, self.width) + "\n")

    def ask(self, question: Question) -> str:
        self.shown.append(question)
        self._write(question_text(question, self.width) + "\n> ")
        return self._read().strip()

    def line(self, prompt: str) -> str:
        self.prompts.append(prompt)
        self._write("\n".join(wrap(prompt.strip(), self.width - 10)) + " ")
        return self._read()

    # -- for tests -------------------------------------------------------------------------------

    @property
    def transcript(self) -> str:
        """Everything written so far (when ``out`` is the in-memory default)."""
        return self.out.getvalue() if isinstance(self.out, io.StringIO) else ""

    def blocks(self, title: str | None = None) -> list[Block]:
        """Blocks shown, optionally only those whose title starts with ``title``."""
        found = [b for b in self.shown if isinstance(b, Block)]
        return [b for b in found if title is None or b.title.startswith(title)]

    def questions(self) -> list[str]:
        """Item ids of the questions asked, in order (repeats included)."""
        return [q.item_id for q in self.shown if isinstance(q, Question)]
