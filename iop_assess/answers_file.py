"""An assessment written back as an answers file (contract §1), readable again by ``score``.

The file carries the client label, when and by whom the questions were answered
(``answered``: ISO 8601 with the local offset; ``answered_by``), the questionnaire versions, the
counselor's notes, the answers in questionnaire order, and the questions a counselor left blank
(``blank``), so that a blank survives the round trip: ``score`` of the file gives the same
assessment, and writing that again gives the same file.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

from iop_assess.assessment import Assessment, stamp

HEADER = "# iop-assess answers file: score it with `iop-assess score FILE`\n"


def data(assessment: Assessment) -> dict[str, Any]:
    """The answers file's content, keys in the order they are written."""
    found: dict[str, Any] = {}
    if assessment.client:
        found["client"] = assessment.client
    if assessment.answered_at is not None:
        found["answered"] = stamp(assessment.answered_at)
    if assessment.answered_by is not None:
        found["answered_by"] = assessment.answered_by
    found["questionnaires"] = [{"id": i, "version": v} for i, v in assessment.questionnaires]
    if assessment.notes:
        found["notes"] = dict(assessment.notes)
    found["answers"] = {
        item_id: list(value) if isinstance(value, list) else value
        for item_id in assessment.in_order()
        if (value := assessment.answers.get(item_id)) is not None
    }
    if assessment.blank:
        found["blank"] = list(assessment.blank)
    return found


def _inline(value: Any) -> Any:
    """Lists and mappings written on one line (``[alcohol, opioids]``)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node: CommentedMap | CommentedSeq
    if isinstance(value, list):
        node = CommentedSeq(_inline(v) for v in value)
    elif isinstance(value, dict):
        node = CommentedMap((k, _inline(v)) for k, v in value.items())
    else:
        return value
    node.fa.set_flow_style()
    return node


def document(assessment: Assessment) -> str:
    """The answers file as YAML text: one line per answer, lists and versions written inline."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    content = CommentedMap()
    for key, value in data(assessment).items():
        if key in ("answers", "notes"):
            content[key] = CommentedMap((k, _inline(v)) for k, v in value.items())
        elif key == "questionnaires":
            content[key] = CommentedSeq(_inline(v) for v in value)
        else:
            content[key] = _inline(value)
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    buffer = StringIO()
    yaml.dump(content, buffer)
    return HEADER + buffer.getvalue()
