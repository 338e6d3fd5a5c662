"""The JSON report: ``result.to_json`` (contract §4), indented, keys in a stable order."""

from __future__ import annotations

import json

from iop_assess.result import Result, to_json


def render(result: Result) -> str:
    """The public JSON result, two-space indent, UTF-8 text, ending with a newline."""
    return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
