"""Read an answers file (contract §1) and check every answer against the question bank.

The result is an :class:`AnswerSet`: plain, normalised answers in asking order, plus the answers
that were dropped because their question did not apply, and plain-language warnings. Every
problem in a file is collected and reported at once, as ``file:line:col: <item id>: <message>``.

Messages name the item id, the place and what is allowed, never the value given (it may be an
answer; contract §1). Labels, notes and text answers lose any control characters.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iop_assess.bank import Answer, Answers, Bank, ItemRef
from iop_assess.errors import InputError
from iop_assess.files import NotRegularFile, TooLarge, read_limited, reason
from iop_assess.gates import contradictions
from iop_assess.model import DECLINED, Condition
from iop_assess.safetext import clean
from iop_assess.yamlsource import MAX_FILE_BYTES, Located

if TYPE_CHECKING:
    from iop_assess.assessment import AnsweredBy

TEXT_MAX = 500
"""The longest text answer accepted, in characters."""
CLIENT_MAX = 200
TOP_KEYS = (
    "answers",
    "client",
    "notes",
    "questionnaires",
    "answered",
    "answered_by",
    "blank",
)
ANSWERED_BY = ("self", "counselor_read", "counselor_entered")
"""Who answered (see :mod:`iop_assess.assessment`)."""
EXTENSIONS = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON"}
STDIN = "-"
_WHOLE = re.compile(r"[+-]?\d{1,9}")
_CHOICE = ("single", "yes_no")
_FILE_HINT = (
    "An answers file is YAML or JSON with an 'answers:' mapping of item id to answer; "
    "see the README."
)
_FIX_HINT = "Fix the places listed above, then run the command again."


@dataclass(frozen=True)
class AnswerSet:
    """Checked answers, ready to score."""

    answers: dict[str, Answer]
    """Effective, normalised answers in asking order."""
    ignored: tuple[str, ...] = ()
    """Item ids that were answered but do not apply (dropped via ``Bank.effective``)."""
    warnings: tuple[str, ...] = ()
    """Plain sentences about things that were accepted but may not be what was meant."""
    client: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    answered_at: datetime | None = None
    """When the answers were given (``answered:``), with an offset."""
    answered_by: AnsweredBy | None = None
    """Who answered (``answered_by:``)."""
    blank: tuple[str, ...] = ()
    """Items a counselor left blank (``blank:``), in asking order."""


# ---------------------------------------------------------------------------------------------
# One value


class ChoiceError(ValueError):
    """A problem with one element of a multiple-choice list; ``index`` says which."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def _kind(raw: object) -> str:
    """What kind of value was given, for messages: never the value itself, which may be an
    answer (contract §1)."""
    if isinstance(raw, bool):
        return "true or false"
    if isinstance(raw, str):
        return "text"
    if isinstance(raw, int):
        return "a whole number"
    if isinstance(raw, float):
        return "a decimal number"
    if raw is None:
        return "nothing"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return "a value of another kind"


def _choices(ref: ItemRef) -> str:
    return ", ".join(str(o.value) for o in ref.options or ())


def _is_yes_no(ref: ItemRef) -> bool:
    return sorted(str(o.value) for o in ref.options or ()) == ["no", "yes"]


def _option(ref: ItemRef, raw: object) -> str | int:
    """The option value ``raw`` names (its own type kept), or a ``ValueError``."""
    if isinstance(raw, bool):
        if _is_yes_no(ref):
            raise ValueError("true and false are not answers here; write yes or no")
        raise ValueError(f"true and false are not answers here; the choices are {_choices(ref)}")
    if isinstance(raw, int) or (isinstance(raw, str) and raw.strip()):
        text = raw.strip() if isinstance(raw, str) else str(raw)
        option = ref.option(text) or ref.option(text.lower())
        if option is not None:
            return option.value
        raise ValueError(f"the answer is not one of the choices {_choices(ref)}")
    if isinstance(raw, list | dict | float):
        raise ValueError(f"expected one of the choices {_choices(ref)}, got {_kind(raw)}")
    raise ValueError(f"the answer is not one of the choices {_choices(ref)}")


def _multiple(ref: ItemRef, raw: object) -> list[str | int]:
    if not isinstance(raw, list):
        example = ", ".join(str(o.value) for o in (ref.options or ())[:2]) or "..."
        raise ValueError(f"expected a list of choices, like [{example}], got {_kind(raw)}")
    if not raw:
        exclusive = [str(o.value) for o in ref.options or () if o.exclusive]
        tip = f"write [{exclusive[0]}] if none apply, or " if exclusive else ""
        raise ValueError(f"the list is empty; {tip}leave the item out")
    chosen: set[str] = set()
    for index, element in enumerate(raw):
        if isinstance(element, str) and element.strip().lower() == DECLINED:
            raise ChoiceError("write declined on its own, not inside a list", index)
        try:
            chosen.add(str(_option(ref, element)))
        except ValueError as exc:
            raise ChoiceError(f"in the list: {exc}", index) from None
    values = [o.value for o in ref.options or () if str(o.value) in chosen]
    if len(values) > 1:
        for option in ref.options or ():
            if option.exclusive and str(option.value) in chosen:
                raise ValueError(f"'{option.value}' cannot be chosen together with other answers")
    return values


def _integer(ref: ItemRef, raw: object) -> int:
    low, high = ref.item.min, ref.item.max
    expected = f"expected a whole number from {low} to {high}"
    if isinstance(raw, str) and _WHOLE.fullmatch(raw.strip()):
        number = int(raw.strip())
    elif isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    else:
        raise ValueError(f"{expected}, got {_kind(raw)}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"the number is not from {low} to {high}")
    return number


def _text(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"expected text in quotes, got {_kind(raw)}")
    text = clean(raw, lines=True).strip()
    if not text:
        raise ValueError("the text is empty; leave the item out if there is nothing to say")
    if len(text) > TEXT_MAX:
        raise ValueError(f"the text is too long ({len(text)} characters; at most {TEXT_MAX})")
    return text


def coerce(ref: ItemRef, raw: object) -> Answer:
    """One answer for one item, normalised; a ``ValueError`` with a plain message otherwise.

    ``"declined"`` (prefer not to answer) is accepted for every item. Option values may be given
    as digit strings ("3" from a CSV cell or a terminal); the result keeps the option's own type.
    """
    kind = ref.item.type
    if kind in _CHOICE and isinstance(raw, str | int) and not isinstance(raw, bool):
        exact = ref.option(raw)  # the common case, an option value as written: no reshaping
        if exact is not None:
            return exact.value
    if isinstance(raw, str) and raw.strip().lower() == DECLINED:
        return DECLINED
    if raw is None:
        raise ValueError("no answer given; leave the item out or write declined")
    if kind in _CHOICE:
        return _option(ref, raw)
    if kind == "multiple":
        return _multiple(ref, raw)
    if kind == "integer":
        return _integer(ref, raw)
    return _text(raw)


# ---------------------------------------------------------------------------------------------
# Display conditions in words (for the "it was ignored" warning)


LONG_CONDITION = 3
"""A condition with more parts than this is too long to repeat in a warning."""


def _leaf_count(cond: Condition) -> int:
    return sum(_leaf_count(c) for c in cond.parts()) if cond.parts() else 1


def condition_text(bank: Bank, cond: Condition) -> str:
    """A display condition in plain words, e.g. "alcohol is chosen under substances"."""
    if cond.all is not None:
        return " and ".join(condition_text(bank, c) for c in cond.all)
    if cond.any is not None:
        return " or ".join(condition_text(bank, c) for c in cond.any)
    if cond.not_ is not None:
        return f"not ({condition_text(bank, cond.not_)})"
    if cond.score is not None:
        name = f"the {cond.score} score"
        if cond.equals is not None:
            return f"{name} is {cond.equals}"
        if cond.in_ is not None:
            return f"{name} is one of {', '.join(str(v) for v in cond.in_)}"
        if cond.at_least is not None:
            return f"{name} is at least {cond.at_least}"
        return f"{name} is at most {cond.at_most}"
    item = cond.item or "?"
    ref = bank.items.get(item)
    many = ref is not None and ref.item.type == "multiple"
    if cond.equals is not None:
        return f"{cond.equals} is chosen under {item}" if many else f"{item} is {cond.equals}"
    if cond.in_ is not None:
        values = ", ".join(str(v) for v in cond.in_)
        if many:
            return f"one of {values} is chosen under {item}"
        return f"{item} is one of {values}"
    if cond.at_least is not None:
        return f"{item} is at least {cond.at_least}"
    return f"{item} is at most {cond.at_most}"


def _ignored_warning(bank: Bank, item_id: str, visible: Answers) -> str:
    ref = bank.items[item_id]
    for cond in (ref.section.show_if, ref.item.show_if):
        if cond is not None and bank.check(cond, visible) is False:
            if _leaf_count(cond) > LONG_CONDITION:
                break
            return (
                f"{item_id} was answered, but it only applies when "
                f"{condition_text(bank, cond)}; it was ignored."
            )
    return f"{item_id} was answered, but it does not apply with the other answers; it was ignored."


# ---------------------------------------------------------------------------------------------
# A whole file


def _closest(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean <closest>?"``, or nothing when no choice is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


class _Problems:
    """Collects ``file:line:col: <subject>: <message>`` lines."""

    def __init__(self, source: str, positions: Located | None) -> None:
        self.source = source
        self.positions = positions
        self.found: list[tuple[tuple[int, int], str]] = []

    def add(
        self, path: Sequence[str | int], subject: str, message: str, *, key: bool = False
    ) -> None:
        text = f"{subject}: {message}" if subject else message
        if self.positions is None:
            self.found.append(((0, 0), f"{self.source}: {text}"))
            return
        line, col = self.positions.where(path, key=key)
        self.found.append(((line, col), f"{self.source}:{line}:{col}: {text}"))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        lines = [text for _, text in sorted(self.found, key=lambda found: found[0])]
        noun = "problem" if len(lines) == 1 else "problems"
        raise InputError(
            f"{self.source}: {len(lines)} {noun} in the answers", problems=lines, hint=_FIX_HINT
        )


def _shape_error(source: str, data: object) -> InputError:
    if data is None:
        what = "the file is empty"
    elif isinstance(data, list):
        what = "the file holds a list"
    else:
        what = f"the file holds {_kind(data)}"
    return InputError(
        f"{source}: {what}; expected a mapping that starts with 'answers:'", hint=_FILE_HINT
    )


def _check_client(raw: object, problems: _Problems) -> str | None:
    label = clean(raw).strip() if isinstance(raw, str) else ""
    if label and len(label) <= CLIENT_MAX:
        return label
    if label:
        problems.add(("client",), "client", f"the label is too long (at most {CLIENT_MAX})")
    else:
        problems.add(("client",), "client", "expected a short text label, like a case number")
    return None


def _check_notes(bank: Bank, raw: object, problems: _Problems) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.add(("notes",), "notes", "expected a mapping of section id to text")
        return {}
    sections = [section.id for section, _ in bank.sections] + ["general"]
    notes: dict[str, str] = {}
    for name, value in raw.items():
        key = str(name)
        path = ("notes", key)
        if key not in sections:
            problems.add(path, f"notes: {key}", "unknown section id" + _closest(key, sections))
            continue
        try:
            notes[key] = _text(value)
        except ValueError as exc:
            problems.add(path, f"notes: {key}", str(exc))
    return notes


def _check_answered(raw: object, problems: _Problems) -> datetime | None:
    example = "a date and time in quotes, like '2026-03-04T21:30:00-05:00'"
    if not isinstance(raw, str):
        problems.add(("answered",), "answered", f"expected {example}")
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        problems.add(("answered",), "answered", f"expected {example}")
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


def _check_answered_by(raw: object, problems: _Problems) -> AnsweredBy | None:
    if isinstance(raw, str) and raw in ANSWERED_BY:
        return raw  # type: ignore[return-value]
    problems.add(("answered_by",), "answered_by", f"expected one of {', '.join(ANSWERED_BY)}")
    return None


def _check_blank(bank: Bank, raw: object, problems: _Problems) -> list[str]:
    if not isinstance(raw, list):
        problems.add(("blank",), "blank", "expected a list of item ids")
        return []
    found: list[str] = []
    for index, entry in enumerate(raw):
        item_id = str(entry)
        if not isinstance(entry, str) or item_id not in bank.items:
            tip = _closest(item_id, list(bank.items)) if isinstance(entry, str) else ""
            problems.add(("blank", index), "blank", "unknown item id" + tip)
        else:
            found.append(item_id)
    return found


def _check_versions(bank: Bank, raw: object, problems: _Problems) -> list[str]:
    if not isinstance(raw, list):
        problems.add(("questionnaires",), "questionnaires", "expected a list of {id, version}")
        return []
    ours = {q.id: q.version for q in bank.questionnaires}
    warnings: list[str] = []
    for index, entry in enumerate(raw):
        path = ("questionnaires", index)
        if (
            not isinstance(entry, dict)
            or set(entry) != {"id", "version"}
            or not all(isinstance(v, str) for v in entry.values())
        ):
            problems.add(path, "questionnaires", "each entry needs exactly 'id' and 'version'")
            continue
        qid, version = entry["id"], entry["version"]
        if qid not in ours:
            warnings.append(
                f"The answers name questionnaire {qid}, which is not in use; "
                "its answers were not expected."
            )
        elif version != ours[qid]:
            warnings.append(
                f"The answers were written for {qid} version {version}, but this program uses "
                f"version {ours[qid]}; check that they still fit."
            )
    return warnings


def parse_answers(
    bank: Bank, data: object, source: str, positions: Located | None = None
) -> AnswerSet:
    """Check already-parsed answers data (contract §1) against ``bank``.

    Collects every problem and raises one :class:`~iop_assess.errors.InputError` listing them.
    ``positions`` (from :func:`~iop_assess.yamlsource.parse_text`) adds ``line:col`` to messages.
    """
    if not isinstance(data, dict):
        raise _shape_error(source, data)
    problems = _Problems(source, positions)
    warnings: list[str] = []
    for key in map(str, data):
        if key not in TOP_KEYS:
            tip = _closest(key, TOP_KEYS) or f"; the keys are {', '.join(TOP_KEYS)}"
            problems.add((key,), "", f"unknown key '{key}'{tip}", key=True)
    client = _check_client(data["client"], problems) if "client" in data else None
    notes = _check_notes(bank, data["notes"], problems) if "notes" in data else {}
    if "questionnaires" in data:
        warnings.extend(_check_versions(bank, data["questionnaires"], problems))
    answered_at = _check_answered(data["answered"], problems) if "answered" in data else None
    answered_by = (
        _check_answered_by(data["answered_by"], problems) if "answered_by" in data else None
    )
    blank = _check_blank(bank, data["blank"], problems) if "blank" in data else []
    given: dict[str, Answer] = {}
    raw_answers = data.get("answers")
    if "answers" not in data:
        problems.add((), "", "'answers:' is missing; it holds a mapping of item id to answer")
    elif not isinstance(raw_answers, dict):
        problems.add(("answers",), "answers", "expected a mapping of item id to answer")
    else:
        for key, raw in raw_answers.items():
            item_id = str(key)
            path = ("answers", item_id)
            ref = bank.items.get(item_id)
            if ref is None:
                problems.add(
                    path, item_id, "unknown item id" + _closest(item_id, list(bank.items)), key=True
                )
            elif raw is None:
                warnings.append(f"{item_id} has no answer; it counts as not answered.")
            else:
                try:
                    given[item_id] = coerce(ref, raw)
                except ChoiceError as exc:
                    problems.add((*path, exc.index), item_id, str(exc))
                except ValueError as exc:
                    problems.add(path, item_id, str(exc))
    for found in contradictions(given):
        problems.add(("answers", found.other), found.other, found.message, key=True)
    for index, item_id in enumerate(blank):
        if item_id in given:
            problems.add(("blank", index), item_id, "left blank, but also answered")
    problems.raise_if_any()
    kept, dropped = bank.effective(given)
    visible = {k: v for k, v in given.items() if k not in dropped}
    warnings.extend(_ignored_warning(bank, item_id, visible) for item_id in dropped)
    chosen = set(blank)
    left = tuple(i for i in bank.items if i in chosen) if chosen else ()
    return AnswerSet(
        kept, tuple(dropped), tuple(warnings), client, notes, answered_at, answered_by, left
    )


# ---------------------------------------------------------------------------------------------
# Reading


def _too_large(name: str) -> InputError:
    return InputError(f"{name}: the file is too large (over {MAX_FILE_BYTES} bytes)")


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:  # started with standard input closed (``<&-``)
        raise InputError(
            "stdin: standard input is closed, so there are no answers to read",
            hint="Give the answers file's name instead of -, or pipe the file in.",
        )
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data: bytes = buffer.read(MAX_FILE_BYTES + 1)
            return data
        return stream.read(MAX_FILE_BYTES + 1).encode("utf-8")
    except OSError as exc:
        raise InputError(f"stdin: cannot read standard input ({reason(exc)})") from None
    except UnicodeDecodeError:
        raise InputError("stdin: the answers are not UTF-8 text", hint=_FILE_HINT) from None


def _read_bytes(path: str | Path) -> tuple[bytes, str]:
    if str(path) == STDIN:
        return _read_stdin(), "stdin"
    file = Path(path)
    name = str(path)
    if file.suffix.lower() not in EXTENSIONS:
        raise InputError(
            f"{name}: cannot tell the file type from '{file.suffix or file.name}'; "
            "use a .yaml, .yml or .json file",
            hint=_FILE_HINT,
        )
    try:
        return read_limited(file, MAX_FILE_BYTES), name
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except NotRegularFile as exc:
        if exc.what == "a folder":
            raise InputError(f"{name}: this is a folder, not an answers file") from None
        raise InputError(
            f"{name}: this is {exc.what}, not an answers file",
            hint="Give an answers file, or - to read the answers from standard input.",
        ) from None
    except TooLarge:
        raise _too_large(name) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({reason(exc)})") from None


_QUESTIONNAIRE_WORDS = (
    ("in questionnaire files", "in answers files"),
    ("use option_sets to share answer choices", "write each answer out in full"),
)


def _for_answers(message: str) -> str:
    """Reword the YAML reader's questionnaire-minded advice for an answers file."""
    for old, new in _QUESTIONNAIRE_WORDS:
        message = message.replace(old, new)
    return message


_NOT_JSON = object()


def _json_first(name: str, text: str, *, strict: bool) -> Any:
    """``text`` read with :mod:`json` (fast; most answers files from programs are JSON), or
    ``_NOT_JSON``. With ``strict`` (a ``.json`` file) a syntax error is the reader's message."""
    try:
        return json.loads(text, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        line = f"{name}:{exc.lineno}:{exc.colno}: JSON syntax: {exc.msg}"
    except RecursionError:
        line = f"{name}: the JSON is nested too deeply"
    except ValueError as exc:
        # a repeated key (see _no_repeats), or an integer longer than Python reads
        # (sys.get_int_max_str_digits): never the number itself
        too_long = "digits" in str(exc)
        line = f"{name}: a number in the file is too long to read" if too_long else f"{name}: {exc}"
    if not strict:
        return _NOT_JSON
    raise InputError(f"{name}: the file is not valid JSON", problems=[line], hint=_FILE_HINT)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"JSON syntax: the key '{key}' appears more than once")
        found[key] = value
    return found


def _json_data(name: str, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_repeats)
    except ValueError as exc:
        raise InputError(
            f"{name}: the file is not valid JSON", problems=[f"{name}: {exc}"], hint=_FILE_HINT
        ) from None


def read_answers(bank: Bank, path: str | Path) -> AnswerSet:
    """Read and check an answers file: ``.yaml``/``.yml``/``.json``, or ``-`` for stdin.

    Every way a file can be unusable raises :class:`~iop_assess.errors.InputError` (exit code 4).
    """
    raw, name = _read_bytes(path)
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: the file is not UTF-8 text", hint=_FILE_HINT) from None
    kind = EXTENSIONS.get(Path(str(path)).suffix.lower(), "YAML or JSON")
    if kind != "YAML":
        data = _json_first(name, text, strict=kind == "JSON")
        if data is not _NOT_JSON:
            if isinstance(data, dict) and "resourceType" in data:
                from iop_assess.fhir.reader import read_response

                return read_response(bank, data, name)
            try:
                return parse_answers(bank, data, name)
            except InputError:
                pass  # read it again below, only to place each problem at its line and column
    from iop_assess.yamlsource import YamlProblems, parse_text

    try:
        located = parse_text(text, name)
    except RecursionError:
        raise InputError(f"{name}: the file is nested too deeply", hint=_FILE_HINT) from None
    except YamlProblems as exc:
        if kind == "JSON":  # valid JSON the YAML reader refuses (e.g. tabs): read it as JSON
            return parse_answers(bank, _json_data(name, text), name)
        lines = [_for_answers(str(p)) for p in exc.problems]
        raise InputError(
            f"{name}: the file is not valid {kind}", problems=lines, hint=_FILE_HINT
        ) from None
    return parse_answers(bank, located.data, name, located)
