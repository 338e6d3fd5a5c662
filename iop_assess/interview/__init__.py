"""The interview: the ``Interview`` engine and the prompters that show it.

``RichPrompter`` (a person at a terminal) lives in ``rich_prompter.py`` and is imported only by
the CLI, so the engine and the scripted prompter never load rich.
"""

from iop_assess.interview.engine import Interview, Outcome, QuitRequested
from iop_assess.interview.prompter import Block, Choice, Prompter, Question, Tone
from iop_assess.interview.scripted import ScriptedPrompter

__all__ = [
    "Block",
    "Choice",
    "Interview",
    "Outcome",
    "Prompter",
    "Question",
    "QuitRequested",
    "ScriptedPrompter",
    "Tone",
]
