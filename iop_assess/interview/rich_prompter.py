"""The prompter for a person at a terminal (the only interview module that imports rich).

Boxes and colour help the eye, but every block's title says in words what it is (``IMPORTANT:``
for the crisis block), so nothing depends on colour. ``plain=True`` (``--plain``, ``NO_COLOR``,
``TERM=dumb``) prints the same words as linear text with no boxes or colour.
"""

from __future__ import annotations

import shutil

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from iop_assess.interview.prompter import Block, Question, Tone
from iop_assess.interview.text import block_text, question_text

_BORDER = {Tone.INFO: "blue", Tone.NOTE: "cyan", Tone.WARNING: "yellow", Tone.CRISIS: "red"}
_TITLE = {Tone.INFO: "", Tone.NOTE: "Note: ", Tone.WARNING: "", Tone.CRISIS: "IMPORTANT: "}


def make_console(*, plain: bool = False, stderr: bool = False) -> Console:
    """A console for the interview: no colour when ``plain``. Rich assumes 80 columns on a
    ``TERM=dumb`` terminal, so a plain console takes the real width from the terminal."""
    size = shutil.get_terminal_size((80, 24)) if plain else None
    return Console(
        stderr=stderr,
        width=size.columns if size else None,
        height=size.lines if size else None,
        highlight=False,
        emoji=False,
        no_color=plain or None,
        color_system=None if plain else "auto",
    )


class RichPrompter:
    """Shows blocks as panels and questions with numbered choices; reads a line per answer."""

    def __init__(self, console: Console | None = None, *, plain: bool = False) -> None:
        self.plain = plain
        self.console = console if console is not None else make_console(plain=plain)

    def show(self, block: Block) -> None:
        if self.plain:
            self.console.print(block_text(block, self.console.width), markup=False)
            return
        body = Text(("\n" if block.compact else "\n\n").join(block.lines))
        title = Text(_TITLE[block.tone] + block.title, style="bold")
        if not block.lines:
            self.console.print()
            self.console.print(title)
            return
        self.console.print()
        self.console.print(
            Panel(body, title=title, title_align="left", border_style=_BORDER[block.tone])
        )

    def ask(self, question: Question) -> str:
        if self.plain:
            self.console.print(question_text(question, self.console.width), markup=False)
            return self.console.input(Text("> ")).strip()
        parts: list[Text | Padding] = [Text(question.progress, style="dim")]
        parts += [Text(line, style="cyan") for line in question.extra]
        parts.append(Text(question.label, style="bold"))
        if question.choices:
            table = Table.grid(padding=(0, 1))
            table.add_column(justify="right", no_wrap=True)
            table.add_column()
            for choice in question.choices:
                table.add_row(Text(f"{choice.number}."), Text(choice.label))
            parts.append(Padding(table, (0, 0, 0, 1)))
        if question.current is not None:
            parts.append(Text(f"Your answer now: {question.current}", style="green"))
        parts.append(Text(question.hint))
        parts.append(Text(question.keys, style="dim"))
        self.console.print()
        self.console.print(Group(*parts))
        return self.console.input(Text("> ", style="bold")).strip()

    def line(self, prompt: str) -> str:
        return self.console.input(Text(prompt))
