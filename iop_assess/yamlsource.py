"""Read YAML safely and remember where every key and value stands, for ``file:line:col`` messages.

ruamel.yaml reads YAML 1.2 (so ``yes`` and ``no`` stay strings) and refuses duplicate keys. On top
of that this module refuses tags (``!!python/...`` and custom ones), aliases (which rules out
"billion laughs" alias bombs), merge keys, ``%YAML 1.1`` documents and very deep nesting, and turns
ruamel's nodes into plain dicts, lists and scalars.

Two paths give the same result. The fast path reads a plain file (mappings, lists, text, whole
numbers, true/false, null: every questionnaire and answers file) in one pass over the parser's
events, with libyaml's C parser when ``ruamel.yaml.clib`` is installed; it gives up at the first
thing it does not handle itself, and the careful path (ruamel's round-trip loader and the safety
scan, two passes) reads the file instead and says exactly what is wrong and where.
``tests/test_yamlsource_fast.py`` checks that both paths agree, with either parser.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from iop_assess.errors import Problem
from iop_assess.files import NotRegularFile, TooLarge, read_limited, reason

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError

# ruamel.yaml is imported only when YAML is read (JSON answers and the compiled questionnaires
# never need it), so start-up stays short.

PathKey = tuple[str | int, ...]


class _Mark(Protocol):
    """A parser's mark (ruamel's or libyaml's): 0-based line and column."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


Place = tuple[int, int] | _Mark
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40


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
    values: dict[PathKey, Place] = field(default_factory=dict)
    keys: dict[PathKey, Place] = field(default_factory=dict)
    """Positions by path: ``(line, column)``, 1-based, or the parser's own (0-based) mark,
    turned into a position only when asked for (most never are)."""

    def where(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Position of ``path`` (its key when ``key``), else of the nearest enclosing value."""
        parts = tuple(path)
        if key and parts in self.keys:
            return _position(self.keys[parts])
        while parts:
            if parts in self.values:
                return _position(self.values[parts])
            parts = parts[:-1]
        return _position(self.values.get((), (1, 1)))

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message)


def _position(place: Place) -> tuple[int, int]:
    if isinstance(place, tuple):
        return place
    return place.line + 1, place.column + 1


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


class _Stop(Exception):
    """Stops reading at a refusal after which nothing more can be trusted."""


class _Refusals:
    """Refuse, as the events go by, what a questionnaire never needs: aliases (``*name``, how
    "billion laughs" bombs multiply), merge keys (``<<``), YAML 1.1 documents (where ``yes``
    turns into true), complex keys and nesting deep enough to exhaust the stack.

    It watches the one event stream that ruamel composes from (see :func:`_checking_parser`),
    so the text is parsed once. An alias is handed on as an empty scalar: nothing is ever
    built from it, since any refusal stops the reading before construction.
    """

    def __init__(self, file: str) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        self.file = file
        self.problems: list[Problem] = []
        self.aliases: list[Any] = []
        self.stack: list[list[bool]] = []  # per open collection: [is a mapping, a key comes next]
        self.alias, self.scalar, self.document = AliasEvent, ScalarEvent, DocumentStartEvent
        self.starts = (MappingStartEvent, SequenceStartEvent)
        self.ends = (MappingEndEvent, SequenceEndEvent)
        self.mapping = MappingStartEvent
        self.nodes = (AliasEvent, ScalarEvent, MappingStartEvent, SequenceStartEvent)

    def see(self, event: Any) -> Any:
        mark = event.start_mark
        here = (mark.line + 1, mark.column + 1)
        stack = self.stack
        is_key = bool(stack) and stack[-1][0] and stack[-1][1]
        if stack and stack[-1][0] and isinstance(event, self.nodes):
            stack[-1][1] = not stack[-1][1]
        if is_key and isinstance(event, self.starts):
            self.problems.append(
                Problem(self.file, *here, "mapping keys must be text, not lists or mappings")
            )
            raise _Stop
        if isinstance(event, self.document) and event.version not in (None, (1, 2)):
            self.problems.append(
                Problem(self.file, *here, "only YAML 1.2 is supported; remove the %YAML line")
            )
        elif isinstance(event, self.alias):
            self.aliases.append(event)
            return self.scalar(None, None, (True, False), "", event.start_mark, event.end_mark)
        elif isinstance(event, self.scalar) and event.value == "<<" and not event.style:
            self.problems.append(
                Problem(
                    self.file,
                    *here,
                    "YAML merge keys (<<) are not allowed; write the keys out "
                    "(or put '<<' in quotes if it is text)",
                )
            )
        elif isinstance(event, self.starts):
            stack.append([isinstance(event, self.mapping), True])
            if len(stack) > MAX_DEPTH:
                self.problems.append(
                    Problem(self.file, *here, f"the file nests more than {MAX_DEPTH} levels deep")
                )
                raise _Stop
        elif isinstance(event, self.ends):
            stack.pop()
        return event

    def found(self) -> list[Problem]:
        problems = list(self.problems)
        if self.aliases:
            mark = self.aliases[0].start_mark
            count = f" ({len(self.aliases)} aliases found)" if len(self.aliases) > 1 else ""
            problems.append(
                Problem(
                    self.file,
                    mark.line + 1,
                    mark.column + 1,
                    f"YAML aliases (*{self.aliases[0].anchor}) are not allowed; "
                    f"use option_sets to share answer choices{count}",
                )
            )
        return problems


_PARSER: Any = None


def _checking_parser() -> Any:
    """ruamel's round-trip parser, with every event shown to the loader's :class:`_Refusals`
    before the composer sees it."""
    global _PARSER
    if _PARSER is None:
        from ruamel.yaml.parser import RoundTripParser

        class CheckingParser(RoundTripParser):
            refusals: _Refusals

            def _next(self) -> None:
                if self.current_event is None and self.state:
                    self.current_event = self.refusals.see(self.state())

            def check_event(self, *choices: Any) -> bool:
                self._next()
                return bool(super().check_event(*choices))

            def peek_event(self) -> Any:
                self._next()
                return super().peek_event()

            def get_event(self) -> Any:
                self._next()
                return super().get_event()

        _PARSER = CheckingParser
    return _PARSER


def parse_text(text: str, file: str) -> Located:
    """Parse YAML text; raise :class:`YamlProblems` for anything unsafe or unreadable.

    Plain files (mappings, lists, text, whole numbers, true/false, null: every questionnaire
    and answers file) take the fast path, one pass over the parser's events. Anything else
    (tags, anchors and aliases, merge keys, repeated keys, dates, decimals, version lines, deep
    nesting, syntax errors) takes the careful path, which says exactly what is wrong and where.
    """
    c_parser = _tools().c_parser
    fast = _parse_fast(text, file, use_c=c_parser is not None and _c_agrees(text))
    if fast is None and c_parser is not None:  # libyaml gave up: maybe ruamel's parser will not
        fast = _parse_fast(text, file, use_c=False)
    return fast if fast is not None else _parse_careful(text, file)


def _parse_careful(text: str, file: str) -> Located:
    """One careful pass (see :class:`_Refusals`) that names exactly what is wrong and where."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.docinfo import DocInfo, version
    from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    refusals = _Refusals(file)
    yaml.Parser = type("Parser", (_checking_parser(),), {"refusals": refusals})
    try:
        with warnings.catch_warnings():
            # A reused anchor name only matters with aliases, and those are refused.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            # What YAML.load does, with the refusals checked between composing and building.
            yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))
            yaml.tags = {}
            constructor, _ = yaml.get_constructor_parser(text)
            node = constructor.composer.get_single_node()
            refused = refusals.found()
            if refused:
                raise YamlProblems(refused)
            raw = constructor.construct_document(node) if node is not None else None
    except _Stop:
        raise YamlProblems(refusals.found()) from None
    except ComposerError as exc:
        # a second document: report what was refused in the first one, if anything
        raise YamlProblems(refusals.found() or [_mark_problem(file, exc)]) from None
    except MarkedYAMLError as exc:
        raise YamlProblems([_mark_problem(file, exc)]) from None
    except YAMLError as exc:  # pragma: no cover - unmarked ruamel errors are rare
        raise YamlProblems([Problem(file, 1, 1, f"YAML syntax: {exc}")]) from None
    except ValueError as exc:
        # Python refuses to read an integer of more than 4,300 digits (int_max_str_digits).
        message = (
            "a number has too many digits to be read"
            if "digits" in str(exc)
            else f"this YAML cannot be read ({type(exc).__name__}); simplify the file"
        )
        raise YamlProblems([Problem(file, 1, 1, message)]) from None
    except (TypeError, KeyError, AttributeError) as exc:  # pragma: no cover
        # ruamel.yaml can trip over odd input it accepted while parsing (the fuzz test found
        # complex keys, now refused as they go by); still a message, never a traceback.
        message = f"this YAML cannot be read ({type(exc).__name__}); simplify the file"
        raise YamlProblems([Problem(file, 1, 1, message)]) from None
    located = Located(file=file, data=None)
    problems: list[Problem] = []
    try:
        # No shared nodes reach here (aliases are refused), so this walk is a tree walk.
        located.data = _plain(raw, (), (1, 1), located, problems)
    except RecursionError:  # pragma: no cover - deep nesting is refused first
        raise YamlProblems([Problem(file, 1, 1, "the file nests too deeply")]) from None
    except ValueError:  # an integer of more than 4,300 digits, as a mapping key
        raise YamlProblems(
            [Problem(file, 1, 1, "a number has too many digits to be read")]
        ) from None
    if problems:
        raise YamlProblems(problems)
    return located


# ---------------------------------------------------------------------------------------------
# The fast path: one pass over the parser's events, for plain files
#
# It builds exactly what the careful path builds (the same data, the same positions: ruamel's
# line/column records are the start marks of these events) and gives up, returning None, at
# the first thing it does not handle itself. The events come from libyaml's C parser when
# ruamel.yaml.clib is installed (about 15 times faster), else from ruamel's own parser.


def _c_parser() -> Any:
    """libyaml's parser, from ruamel.yaml.clib (or clibz) when installed: the same events as
    ruamel's own parser, much faster. ``None`` without it."""
    for module in ("_ruamel_yaml", "_ruamel_yaml_clibz"):
        try:
            return importlib.import_module(module).CParser
        except (ImportError, AttributeError):
            continue
    return None  # pragma: no cover - depends on the installation


class _Tools:
    """What the fast path needs from ruamel.yaml, imported the first time YAML is read (JSON
    answers and the compiled questionnaires never need it, so start-up stays short)."""

    def __init__(self) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )
        from ruamel.yaml.resolver import VersionedResolver

        self.c_parser: Any = _c_parser()
        self.yaml, self.error = YAML, YAMLError
        self.alias, self.document, self.stream_end = AliasEvent, DocumentStartEvent, StreamEndEvent
        self.scalar, self.mapping, self.sequence = (
            ScalarEvent,
            MappingStartEvent,
            SequenceStartEvent,
        )
        self.ends = (MappingEndEvent, SequenceEndEvent)
        self.implicit: dict[Any, list[tuple[Any, Any]]] = VersionedResolver(
            version=(1, 2)
        ).versioned_resolver


_TOOLS: _Tools | None = None


def _tools() -> _Tools:
    global _TOOLS
    if _TOOLS is None:
        _TOOLS = _Tools()
    return _TOOLS


_GIVE_UP = object()
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TRUE = frozenset({"true", "True", "TRUE"})
_SIMPLE_INT = re.compile(r"[-+]?[0-9]{1,4000}")
_PLAIN: dict[str, Any] = {}


_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?(?:[ \t]+(?:#.*)?)?\r?$")
_C_DIFFERS = re.compile("[\t\x85\u2028\u2029\ue000]|\r(?!\n)")
_QUESTION_MARK = re.compile(r"(?<=[^\s\[\]{},:'\"])\?")
_STAND_IN = "\ue000"
"""Stands in for a question mark inside text, for libyaml (a private-use character)."""


def _c_agrees(text: str) -> bool:
    """Whether libyaml reads ``text`` as ruamel does. They differ on tabs (libyaml accepts
    some that ruamel refuses), on line breaks other than ``\\n`` and ``\\r\\n`` and on a byte
    order mark after the start (columns are counted differently); such (rare) text is read by
    ruamel's own parser."""
    return _C_DIFFERS.search(text) is None and "\ufeff" not in text[1:]


def _for_libyaml(text: str) -> str:
    """``text`` with every question mark that follows a letter (or any character but a space,
    a flow indicator, a colon or a quote) replaced by :data:`_STAND_IN`, one for one, so
    positions do not move. libyaml, a YAML 1.1 parser, refuses ``?`` inside plain text in a flow
    mapping (``{en: How old are you?}``); YAML 1.2 allows it. A ``?`` in that place is never the
    explicit-key indicator, so the structure is unchanged; the fast path turns the stand-in back
    into ``?`` in every value and key."""
    return _QUESTION_MARK.sub(_STAND_IN, text) if "?" in text else text


def _plain_scalar(value: str) -> Any:
    """What a plain (unquoted) scalar means in YAML 1.2, by ruamel's own resolver rules: text,
    a whole number, true/false or null; :data:`_GIVE_UP` for anything else (decimals, dates,
    ``0x1F``, ``<<`` …, which the careful path reads). Remembered, as most values repeat."""
    found = _PLAIN.get(value, _GIVE_UP)
    if found is not _GIVE_UP or value in _PLAIN:
        return found
    tag = _STR
    implicit = _tools().implicit
    for candidate, regexp in implicit.get(value[:1], []) + implicit.get(None, []):
        if regexp.match(value):
            tag = str(candidate)
            break
    if tag == _STR:
        found = value
    elif tag == _INT and _SIMPLE_INT.fullmatch(value):
        found = int(value)
    elif tag == _BOOL:
        found = value in _TRUE
    elif tag == _NULL:
        found = None
    if len(value) <= 100 and len(_PLAIN) < 100_000:
        _PLAIN[value] = found
    return found


def _parse_fast(text: str, file: str, *, use_c: bool = False) -> Located | None:
    """The file read in one pass, or ``None`` when it needs the careful path. ``use_c``: with
    libyaml's parser (see :func:`_c_agrees`), else with ruamel's."""
    located = Located(file=file, data=None)
    values, keys = located.values, located.keys
    values[()] = (1, 1)
    # One frame per open mapping or list: [container, path, is a mapping, key waiting]
    stack: list[list[Any]] = []
    documents = 0
    lines: list[str] | None = None
    t = _tools()
    parser = t.c_parser(_for_libyaml(text)) if use_c else None
    stand_in = use_c and "?" in text
    next_event = (
        parser.get_event
        if parser is not None
        else iter(t.yaml(typ="safe", pure=True).parse(text)).__next__
    )
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind is t.scalar:
                if event.tag is not None or event.anchor is not None:
                    return None
                value = event.value
                if stand_in and _STAND_IN in value:
                    value = value.replace(_STAND_IN, "?")
                if event.style:  # quoted, or a block scalar: text
                    node = value
                    if use_c and event.style in "|>":
                        lines = lines or text.split("\n")
                        mark = event.start_mark
                        if not _BLOCK_HEADER.match(lines[mark.line], mark.column):
                            return None  # libyaml accepts `|#`, ruamel does not
                else:
                    node = _plain_scalar(value)
                    if node is _GIVE_UP or not value:
                        # An empty value (`key:`) is null, but where it stands depends on
                        # the parser and on comments around it: the careful path places it.
                        return None
            elif kind is t.mapping or kind is t.sequence:
                if event.tag is not None or event.anchor is not None:
                    return None
                node = {} if kind is t.mapping else []
            elif kind in t.ends:
                stack.pop()
                continue
            elif kind is t.stream_end:
                break
            elif kind is t.document:
                documents += 1
                if documents > 1 or event.version not in (None, (1, 2)):
                    return None
                continue
            elif kind is t.alias:
                return None
            else:
                continue
            mark = event.start_mark
            if not stack:
                path: PathKey = ()
                located.data = node
            else:
                frame = stack[-1]
                if frame[2]:
                    key = frame[3]
                    if key is None:  # this node is the key
                        if kind is not t.scalar or type(node) not in (str, int):
                            return None  # a list, a mapping, true/false or null as a key
                        key = node if type(node) is str else str(node)  # `1:` is "1"
                        if key in frame[0]:
                            return None  # a repeated key: the careful path names it
                        frame[3] = key
                        keys[(*frame[1], key)] = mark
                        continue
                    path = (*frame[1], key)
                    frame[0][key] = node
                    frame[3] = None
                else:
                    path = (*frame[1], len(frame[0]))
                    frame[0].append(node)
                values[path] = mark
            if kind is not t.scalar:
                stack.append([node, path, kind is t.mapping, None])
                if len(stack) > MAX_DEPTH:
                    return None
    except (t.error, ValueError, TypeError, RecursionError, StopIteration):
        return None
    finally:
        if parser is not None:
            parser.dispose()
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
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

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
