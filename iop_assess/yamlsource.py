"""Read YAML safely and remember where every key and value stands, for ``file:line:col`` messages.

ruamel.yaml reads YAML 1.2 (so ``yes`` and ``no`` stay strings) and refuses duplicate keys. On top
of that this module refuses tags (``!!python/...`` and custom ones), aliases (which rules out
"billion laughs" alias bombs), merge keys, ``%YAML 1.1`` documents and very deep nesting, and turns
ruamel's nodes into plain dicts, lists and scalars.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from iop_assess.errors import Problem
from iop_assess.files import NotRegularFile, TooLarge, read_limited, reason

PathKey = tuple[str | int, ...]
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
_NODE_EVENTS = (AliasEvent, ScalarEvent, MappingStartEvent, SequenceStartEvent)


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
    if exc.problem and context and not context.startswith("while ") and text.startswith("but "):
        text = f"{context} {text}"
    start = exc.context_mark
    if exc.problem and context.startswith("while ") and start is not None:
        where = (start.line + 1, start.column + 1)
        if where != (line, col):
            what = context.removeprefix("while ").removeprefix("parsing ").removeprefix("scanning ")
            text += f" (in {what} that starts at line {where[0]}, column {where[1]})"
    return Problem(file, line, col, f"YAML syntax: {text}")


def _scan(text: str, file: str, yaml: YAML) -> list[Problem]:
    """Refuse, before building anything, what a questionnaire never needs: aliases (``*name``,
    how "billion laughs" bombs multiply), merge keys (``<<``), YAML 1.1 documents (where ``yes``
    turns into true) and nesting deep enough to exhaust the stack."""
    problems: list[Problem] = []
    aliases: list[AliasEvent] = []
    stack: list[list[bool]] = []  # per open collection: [is a mapping, a key comes next]
    for event in yaml.parse(text):
        mark = event.start_mark
        here = (mark.line + 1, mark.column + 1)
        is_key = bool(stack) and stack[-1][0] and stack[-1][1]
        if stack and stack[-1][0] and isinstance(event, _NODE_EVENTS):
            stack[-1][1] = not stack[-1][1]
        if is_key and isinstance(event, MappingStartEvent | SequenceStartEvent):
            problems.append(
                Problem(file, *here, "mapping keys must be text, not lists or mappings")
            )
            break
        if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 2)):
            problems.append(
                Problem(file, *here, "only YAML 1.2 is supported; remove the %YAML line")
            )
        elif isinstance(event, AliasEvent):
            aliases.append(event)
        elif isinstance(event, ScalarEvent) and event.value == "<<" and not event.style:
            problems.append(
                Problem(
                    file,
                    *here,
                    "YAML merge keys (<<) are not allowed; write the keys out "
                    "(or put '<<' in quotes if it is text)",
                )
            )
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            stack.append([isinstance(event, MappingStartEvent), True])
            if len(stack) > MAX_DEPTH:
                problems.append(
                    Problem(file, *here, f"the file nests more than {MAX_DEPTH} levels deep")
                )
                break
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            stack.pop()
    if aliases:
        mark = aliases[0].start_mark
        count = f" ({len(aliases)} aliases found)" if len(aliases) > 1 else ""
        problems.append(
            Problem(
                file,
                mark.line + 1,
                mark.column + 1,
                f"YAML aliases (*{aliases[0].anchor}) are not allowed; "
                f"use option_sets to share answer choices{count}",
            )
        )
    return problems


def parse_text(text: str, file: str) -> Located:
    """Parse YAML text; raise :class:`YamlProblems` for anything unsafe or unreadable."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        refused = _scan(text, file, yaml)
        if refused:
            raise YamlProblems(refused)
        with warnings.catch_warnings():
            # A reused anchor name only matters with aliases, and _scan refuses those.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            raw = yaml.load(text)
    except MarkedYAMLError as exc:
        raise YamlProblems([_mark_problem(file, exc)]) from None
    except YAMLError as exc:  # pragma: no cover - unmarked ruamel errors are rare
        raise YamlProblems([Problem(file, 1, 1, f"YAML syntax: {exc}")]) from None
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # pragma: no cover
        # ruamel.yaml can trip over odd input it accepted while parsing (the fuzz test found
        # complex keys, now refused in _scan); still a message, never a traceback.
        message = f"this YAML cannot be read ({type(exc).__name__}); simplify the file"
        raise YamlProblems([Problem(file, 1, 1, message)]) from None
    located = Located(file=file, data=None)
    problems: list[Problem] = []
    try:
        # No shared nodes reach here (_scan refuses aliases), so this walk is a tree walk.
        located.data = _plain(raw, (), (1, 1), located, problems)
    except RecursionError:  # pragma: no cover - _scan stops deep nesting first
        raise YamlProblems([Problem(file, 1, 1, "the file nests too deeply")]) from None
    if problems:
        raise YamlProblems(problems)
    return located


def read_file(path: Path, display: str | None = None) -> Located:
    """Read and parse one YAML file, naming it ``display`` in messages. Only a regular file is
    read, and never more than ``MAX_FILE_BYTES`` of it."""
    name = display or str(path)
    try:
        text = read_limited(path, MAX_FILE_BYTES).decode("utf-8")
    except TooLarge as exc:
        size = f"{exc.size} bytes" if exc.size is not None else f"over {MAX_FILE_BYTES} bytes"
        raise YamlProblems([Problem(name, 1, 1, f"file is too large ({size})")]) from None
    except NotRegularFile as exc:
        message = f"this is {exc.what}, not a questionnaire file"
        raise YamlProblems([Problem(name, 1, 1, message)]) from None
    except UnicodeDecodeError:
        raise YamlProblems([Problem(name, 1, 1, "file is not UTF-8 text")]) from None
    except OSError as exc:
        raise YamlProblems([Problem(name, 1, 1, f"cannot read file: {reason(exc)}")]) from None
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


def _lc(lookup: Any, key: Any, fallback: tuple[int, int]) -> tuple[int, int]:
    """A 0-based position from ruamel's line/column records, or the enclosing node's position
    (converted back to 0-based) when ruamel kept none (e.g. ``!!omap``)."""
    try:
        line, col = lookup(key)
    except (KeyError, TypeError, IndexError):
        return fallback[0] - 1, fallback[1] - 1
    return int(line), int(col)


def _plain(
    node: Any,
    path: PathKey,
    pos: tuple[int, int],
    out: Located,
    problems: list[Problem],
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
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            kline, kcol = _lc(node.lc.key, key, pos)
            vline, vcol = _lc(node.lc.value, key, pos)
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
            result[str(key)] = _plain(value, child, (vline + 1, vcol + 1), out, problems)
        return result
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, value in enumerate(node):
            iline, icol = _lc(node.lc.item, index, pos)
            items.append(_plain(value, (*path, index), (iline + 1, icol + 1), out, problems))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    kind = "a date" if isinstance(node, date) else type(node).__name__
    problems.append(
        Problem(
            out.file, *pos, f"{kind} is not allowed here; put the value in quotes if it is text"
        )
    )
    return None
