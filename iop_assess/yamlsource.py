"""Read YAML safely and remember where every key and value stands, for ``file:line:col`` messages.

ruamel.yaml reads YAML 1.2 (so ``yes`` and ``no`` stay strings) and refuses duplicate keys. On top
of that this module refuses tags (``!!python/...`` and custom ones) and anchors/aliases (which also
rules out "billion laughs" alias bombs), and turns ruamel's nodes into plain dicts, lists and
scalars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from iop_assess.errors import Problem

PathKey = tuple[str | int, ...]
MAX_FILE_BYTES = 2_000_000


class YamlProblems(Exception):
    """Raised when a file cannot be read as YAML at all; carries located problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass
class Located:
    """Plain data read from one file, plus the 1-based position of each value and mapping key."""

    file: str
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Position of ``path`` (its key when ``key``), else of the nearest enclosing value."""
        parts = tuple(path)
        if key and parts in self.keys:
            return self.keys[parts]
        while parts:
            if parts in self.values:
                return self.values[parts]
            parts = parts[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message)


def _mark_problem(file: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    text = (exc.problem or exc.context or "invalid YAML").strip()
    if "duplicate key" in text:
        key = text.split(" with value")[0].removeprefix("found duplicate key ")
        return Problem(
            file, line, col, f"key {key} appears twice; each key may appear only once in a mapping"
        )
    context = (exc.context or "").strip()
    start = exc.context_mark
    if exc.problem and context.startswith("while ") and start is not None:
        where = (start.line + 1, start.column + 1)
        if where != (line, col):
            what = context.removeprefix("while ").removeprefix("parsing ").removeprefix("scanning ")
            text += f" (in {what} that starts at line {where[0]}, column {where[1]})"
    return Problem(file, line, col, f"YAML syntax: {text}")


def _first_alias(text: str, file: str, yaml: YAML) -> Problem | None:
    """The first alias (``*name``) of a file, if any: aliases are how "billion laughs" bombs
    multiply, and questionnaire files have no need for them."""
    first: Problem | None = None
    count = 0
    for event in yaml.parse(text):
        if isinstance(event, AliasEvent):
            count += 1
            if first is None:
                mark = event.start_mark
                first = Problem(
                    file,
                    mark.line + 1,
                    mark.column + 1,
                    f"YAML aliases (*{event.anchor}) are not allowed; "
                    "use option_sets to share answer choices",
                )
    if first is not None and count > 1:
        first = Problem(
            first.file, first.line, first.col, f"{first.message} ({count} aliases found)"
        )
    return first


def parse_text(text: str, file: str) -> Located:
    """Parse YAML text; raise :class:`YamlProblems` for anything unsafe or unreadable."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        alias = _first_alias(text, file, yaml)
        if alias is not None:
            raise YamlProblems([alias])
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        raise YamlProblems([_mark_problem(file, exc)]) from None
    except YAMLError as exc:  # pragma: no cover - unmarked ruamel errors are rare
        raise YamlProblems([Problem(file, 1, 1, f"YAML syntax: {exc}")]) from None
    located = Located(file=file, data=None)
    problems: list[Problem] = []
    seen: set[int] = set()
    located.data = _plain(raw, (), (1, 1), located, problems, seen)
    if problems:
        raise YamlProblems(problems)
    return located


def read_file(path: Path, display: str | None = None) -> Located:
    """Read and parse one YAML file, naming it ``display`` in messages."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblems([Problem(name, 1, 1, f"file is too large ({size} bytes)")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlProblems([Problem(name, 1, 1, "file is not UTF-8 text")]) from None
    except OSError as exc:
        raise YamlProblems([Problem(name, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    return parse_text(text, name)


def _tag_of(node: Any) -> str | None:
    """The tag as written (``!!python/object``), or ``None`` for an untagged node."""
    tag = getattr(node, "tag", None)
    if tag is None:
        return None
    handle, suffix = getattr(tag, "handle", None), getattr(tag, "suffix", None)
    if isinstance(suffix, str) and suffix:
        return f"{handle or ''}{suffix}"
    value = getattr(tag, "value", None)
    return value if isinstance(value, str) and value else None


def _plain(
    node: Any,
    path: PathKey,
    pos: tuple[int, int],
    out: Located,
    problems: list[Problem],
    seen: set[int],
) -> Any:
    out.values[path] = pos
    tag = _tag_of(node)
    if isinstance(node, TaggedScalar) or (
        tag is not None and isinstance(node, CommentedMap | CommentedSeq)
    ):
        problems.append(
            Problem(out.file, *pos, f"YAML tag {tag or '?'} is not allowed in questionnaire files")
        )
        return None
    if isinstance(node, CommentedMap | CommentedSeq):
        if id(node) in seen:
            where = out.keys.get(path, pos)
            problems.append(
                Problem(
                    out.file,
                    *where,
                    "YAML anchors and aliases are not allowed; "
                    "use option_sets to share answer choices",
                )
            )
            return None
        seen.add(id(node))
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            kline, kcol = node.lc.key(key)
            vline, vcol = node.lc.value(key)
            if not isinstance(key, str | int | bool) or isinstance(key, bool):
                problems.append(
                    Problem(
                        out.file,
                        kline + 1,
                        kcol + 1,
                        f"mapping keys must be text, not {type(key).__name__}",
                    )
                )
                continue
            child = (*path, str(key))
            out.keys[child] = (kline + 1, kcol + 1)
            result[str(key)] = _plain(value, child, (vline + 1, vcol + 1), out, problems, seen)
        return result
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, value in enumerate(node):
            iline, icol = node.lc.item(index)
            items.append(_plain(value, (*path, index), (iline + 1, icol + 1), out, problems, seen))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    problems.append(
        Problem(out.file, *pos, f"unsupported YAML value of type {type(node).__name__}")
    )
    return None
