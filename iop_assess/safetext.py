"""Make text from people and files safe to show: no terminal escape codes, no control characters.

A client label, a note, a text answer or a file name can hold bytes a terminal obeys: ``ESC ]``
sequences set the window title or make hyperlinks, ``ESC [`` sequences colour or move the cursor,
and lone control characters ring the bell or rewrite the line. :func:`clean` removes whole escape
sequences (not just the ESC that starts them), every other C0 and C1 control character and the
Unicode marks that reverse the order of text on screen. Every string that comes from a person or
a file goes through it before any output: reports in every format, error messages and warnings,
and the ``sessions`` listings.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?      # CSI: colours, cursor moves
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                     # OSC, DCS, SOS, PM, APC ...
    [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?                       # ... up to BEL or ST
  | \x1b [\x20-\x2f]* [\x30-\x7e]?                               # any other ESC sequence
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline) and DEL, C1
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # marks that reorder text on screen
    "\u2028\u2029]"  # line and paragraph separators
)
_BREAKS = re.compile("[\t\n]")


def clean(text: str, *, lines: bool = False) -> str:
    """``text`` without escape sequences and control characters.

    With ``lines`` (messages that list several problems, notes), newlines and tabs are kept;
    otherwise they become spaces, so the text stays on one line.
    """
    if text.isprintable():  # the common case: nothing to do
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return text if lines else _BREAKS.sub(" ", text)
