"""The report formats and the one entry point that renders a result in any of them.

Each format lives in its own module with a ``render(result, *, width, plain) -> str`` function.
``render`` picks one by ``Format``; a test proves every member is handled. Modules are imported
only when used, so JSON and Markdown never load rich.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from iop_assess.result import Result


class Format(StrEnum):
    """The ``--format`` choices (a ``str`` enum: ``Format.md == "md"``)."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"


def render(result: Result, fmt: Format, *, width: int | None = None, plain: bool = False) -> str:
    """The report for ``result`` in ``fmt``.

    ``width`` is the line length for text (default: the ``COLUMNS`` variable or 80); ``plain``
    asks for linear text with no boxes or colours (text and Markdown; HTML and JSON are already
    linear). The result always ends with a newline.
    """
    if fmt is Format.text:
        from iop_assess.report.text import render as render_text

        return render_text(result, width=width, plain=plain)
    if fmt is Format.md:
        from iop_assess.report.markdown import render as render_markdown

        return render_markdown(result)
    if fmt is Format.html:
        from iop_assess.report.html import render as render_html

        return render_html(result)
    if fmt is Format.json:
        from iop_assess.report.json import render as render_json

        return render_json(result)
    assert_never(fmt)
