"""Load questionnaire files: safe YAML → pydantic models → cross-file checks.

Every problem becomes a :class:`~iop_assess.errors.Problem` (``file:line:col: message``) and all
problems of all files are reported together, sorted by file and line.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from iop_assess.errors import Problem, QuestionnaireError, UsageError
from iop_assess.files import reason
from iop_assess.model import (
    DECLINED,
    Band,
    BandVariant,
    Condition,
    Instrument,
    Item,
    Option,
    Questionnaire,
    Section,
    ShortForm,
    SkipRule,
    Subscale,
    Translation,
    options_of,
)
from iop_assess.yamlsource import Located, YamlProblems, read_file

_PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": "use lowercase letters, digits and '_', starting with a letter",
    r"^[a-z0-9][a-z0-9_]*$": "use lowercase letters, digits and '_'",
    r"^\d+\.\d+\.\d+$": "use a version like 1.0.0 (major.minor.patch)",
    r"^\d{4}-\d{2}-\d{2}$": "use a date like '2026-12-01' (in quotes)",
}
_UNION_TAGS = {"constrained-str", "str", "int", "list[...]", "dict[...]"}


def _field_names() -> list[str]:
    models: list[type[BaseModel]] = [
        Questionnaire,
        Section,
        Item,
        Option,
        Condition,
        Instrument,
        Band,
        BandVariant,
        SkipRule,
        Subscale,
        ShortForm,
        Translation,
    ]
    names = {f.alias or name for m in models for name, f in m.model_fields.items()}
    return sorted(names)


_FIELD_NAMES = _field_names()


def _kind_of(value: Any) -> str:
    """A value as a person would describe it: ``'first' (text)``, ``1.5 (a number)``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


@dataclass(frozen=True)
class LoadedFile:
    """A valid questionnaire with the positions of its source, for cross-file messages."""

    questionnaire: Questionnaire
    source: Located


def _describe(error: dict[str, Any], located: Located) -> tuple[list[str | int], str, bool]:
    loc = [part for part in error["loc"] if part not in _UNION_TAGS]
    path: list[str | int] = []
    node: Any = located.data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
        path.append(part)
    last = loc[-1] if loc else ""
    field = str(path[-1]) if path and isinstance(path[-1], str) else ""
    kind = error["type"]
    if kind == "extra_forbidden":
        return path, f"unknown field '{last}'" + _did_you_mean(str(last), _FIELD_NAMES), True
    if kind == "missing":
        return path, f"missing required field '{last}'", False
    if last == "[key]":
        return path, f"unknown language '{loc[-2]}': {error['msg']}", True
    ctx = error.get("ctx") or {}
    pattern = ctx.get("pattern")
    got = error.get("input")
    if pattern in _PATTERN_WORDS:
        message = f"{_PATTERN_WORDS[pattern]}; got {got!r}"
    elif kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
    elif kind in {"dict_type", "model_type"}:
        message = f"a mapping (key: value) expected, got {_kind_of(got)}"
    elif kind == "list_type":
        message = f"a list expected, got {_kind_of(got)}"
    elif kind == "string_type":
        quote = "; put it in quotes" if isinstance(got, int | float) else ""
        message = f"text expected, got {_kind_of(got)}{quote}"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        message = f"a whole number expected, got {_kind_of(got)}"
    elif kind in {"bool_type", "bool_parsing"}:
        message = f"true or false expected, got {_kind_of(got)}"
    elif kind == "literal_error":
        message = f"one of {ctx.get('expected', '?')} expected, got {got!r}"
    elif kind == "too_short":
        message = f"at least {ctx.get('min_length', 1)} entry expected, got none"
    else:
        message = f"{error['msg']}, got {got!r}"
    prefix = f"'{field}': " if field and kind != "value_error" else ""
    return path, prefix + message, False


def _validate(located: Located) -> Questionnaire:
    if located.data is None:
        raise YamlProblems(
            [
                located.problem(
                    (),
                    "the file is empty; a questionnaire mapping "
                    "with id, version, title, … expected",
                )
            ]
        )
    if not isinstance(located.data, dict):
        kind = "a list" if isinstance(located.data, list) else type(located.data).__name__
        raise YamlProblems(
            [
                located.problem(
                    (),
                    f"the file holds {kind}; a questionnaire "
                    "mapping with id, version, title, … expected",
                )
            ]
        )
    try:
        return Questionnaire.model_validate(located.data)
    except ValidationError as exc:
        problems: dict[tuple[str | int, ...], Problem] = {}
        for error in exc.errors():
            path, message, at_key = _describe(dict(error), located)
            key = (
                (*path, message) if error["type"] in {"extra_forbidden", "missing"} else tuple(path)
            )
            problems.setdefault(key, located.problem(path, message, key=at_key))
        raise YamlProblems(list(problems.values())) from None


def load_files(paths: Sequence[tuple[Path, str]]) -> list[LoadedFile]:
    """Load and check ``(path, display name)`` pairs together; raise every problem at once."""
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    for path, display in paths:
        try:
            located = read_file(path, display)
            loaded.append(LoadedFile(_validate(located), located))
        except YamlProblems as exc:
            problems.extend(exc.problems)
    problems.extend(cross_check(loaded))
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def questionnaire_paths(folder: Path) -> list[Path]:
    """The questionnaire files of a folder, in name order. A folder that cannot be read is a
    :class:`~iop_assess.errors.UsageError` naming the reason."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    except OSError as exc:
        raise UsageError(f"cannot read the questionnaire folder {folder}: {reason(exc)}") from None


# ---------------------------------------------------------------------------------------------
# Cross-file checks


def _item_paths(q: Questionnaire) -> Iterator[tuple[tuple[str | int, ...], Item]]:
    for s_index, section in enumerate(q.sections):
        for i_index, item in enumerate(section.items):
            yield ("sections", s_index, "items", i_index), item


def cross_check(files: Iterable[LoadedFile]) -> list[Problem]:
    files = list(files)
    problems: list[Problem] = []
    owner: dict[str, tuple[Item, Questionnaire, LoadedFile, tuple[str | int, ...]]] = {}
    seen_q: dict[str, LoadedFile] = {}
    for lf in files:
        q, src = lf.questionnaire, lf.source
        if q.id in seen_q:
            problems.append(
                src.problem(
                    ("id",), f"questionnaire id '{q.id}' is also used in {seen_q[q.id].source.file}"
                )
            )
        seen_q.setdefault(q.id, lf)
        problems.extend(_check_texts(lf))
        for name, options in q.option_sets.items():
            problems.extend(_check_options(options, src, ("option_sets", name)))
        for path, item in _item_paths(q):
            if item.id in owner:
                other = owner[item.id][2].source
                line, col = other.where((*owner[item.id][3], "id"))
                problems.append(
                    src.problem(
                        (*path, "id"),
                        f"item id '{item.id}' is already used at {other.file}:{line}:{col}",
                    )
                )
                continue
            owner[item.id] = (item, q, lf, path)
            if item.option_set is not None and item.option_set not in q.option_sets:
                problems.append(
                    src.problem(
                        (*path, "option_set"),
                        f"unknown option set "
                        f"'{item.option_set}'; defined sets: "
                        f"{', '.join(q.option_sets) or 'none'}",
                    )
                )
            if item.options is not None:
                problems.extend(_check_options(item.options, src, (*path, "options")))
    scales = _scales(files)
    problems.extend(_check_conditions(files, owner, scales))
    for lf in files:
        problems.extend(_check_instruments(lf, owner, scales))
    return problems


@dataclass(frozen=True)
class _Scale:
    """What a ``score`` condition may name: an instrument, or a subscale of one."""

    id: str
    kind: str
    """``instrument 'audit'`` or ``subscale of 'phq9'``, for messages."""
    items: tuple[str, ...]
    bands: tuple[str, ...]
    """Band ids (band variants' included)."""
    reads: frozenset[str]
    """Items its skip rules and band variants read: a condition on it depends on them too."""


def _scales(files: Iterable[LoadedFile]) -> dict[str, list[_Scale]]:
    """Every instrument and subscale by id (a list: two with one id make a name ambiguous)."""
    found: dict[str, list[_Scale]] = {}
    for lf in files:
        for inst in lf.questionnaire.instruments:
            reads: set[str] = set()
            for rule in inst.skip:
                reads |= rule.when.items_read()
            for variant in inst.band_variants:
                reads |= variant.when.items_read()
            bands = {b.id for b in inst.bands}
            bands.update(b.id for v in inst.band_variants for b in v.bands)
            found.setdefault(inst.id, []).append(
                _Scale(
                    inst.id,
                    f"instrument '{inst.id}'",
                    tuple(inst.items),
                    tuple(sorted(bands)),
                    frozenset(reads),
                )
            )
            skip_reads = frozenset().union(*(r.when.items_read() for r in inst.skip))
            for sub in inst.subscales:
                found.setdefault(sub.id, []).append(
                    _Scale(
                        sub.id,
                        f"subscale of '{inst.id}'",
                        tuple(sub.items),
                        tuple(sorted({b.id for b in sub.bands})),
                        skip_reads,
                    )
                )
    return found


def _one_scale(scales: Mapping[str, list[_Scale]], name: str) -> _Scale | None:
    found = scales.get(name, [])
    return found[0] if len(found) == 1 else None


def _rest(instrument: Instrument, scales: Mapping[str, list[_Scale]]) -> list[str]:
    """The items of a short form's second stage (none while its first stage is unknown: that
    is reported by itself)."""
    form = instrument.short_form
    assert form is not None
    first = _one_scale(scales, form.first)
    if first is None:
        return []
    asked = set(first.items) | set(form.always)
    return [i for i in instrument.items if i not in asked]


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


_TEXT_FIELDS = {"text", "title", "description", "help", "intro", "label", "unit"}
_FORM_FIELDS = {"text", "help", "intro", "unit"}


def _on_the_form(path: tuple[str | int, ...]) -> bool:
    """Whether a text is read while answering (a question, its help, a section intro, an answer
    choice); titles, descriptions and band labels are not. With a language's status ``missing``
    no text on the form may carry that language: the questions are shown in English as a whole,
    never half translated."""
    if path[-1] in _FORM_FIELDS:
        return True
    return path[-1] == "label" and (
        (len(path) >= 3 and path[-3] == "options") or (len(path) >= 4 and path[-4] == "option_sets")
    )


def _check_texts(lf: LoadedFile) -> list[Problem]:
    """Every text offers each language the file declares; ``languages`` and ``translations``
    agree; a language whose translation is ``missing`` appears in no question. Every problem is
    listed, not only the first."""
    q = lf.questionnaire
    absent = {lang for lang, t in q.translations.items() if t.status == "missing"}
    declared = set(q.languages) - absent  # a 'missing' one declared is reported once, below
    problems = _check_languages(lf)

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            if path and path[-1] in _TEXT_FIELDS and "en" in node:
                missing = declared - set(node)
                if missing:
                    problems.append(
                        lf.source.problem(
                            path,
                            f"'{path[-1]}' has no translation for "
                            f"{', '.join(repr(m) for m in sorted(missing))}; the file declares "
                            f"languages: {', '.join(q.languages)}",
                        )
                    )
                for lang in sorted(absent & set(node)) if _on_the_form(path) else ():
                    problems.append(
                        lf.source.problem(
                            (*path, lang),
                            f"'{path[-1]}' has text in '{lang}', but the '{lang}' translation "
                            "is 'missing': the questions are shown in English as a whole; "
                            "remove it, or give the translation its status and source",
                            key=True,
                        )
                    )
                return
            if path == ("translations",):
                return
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(lf.source.data, ())
    return problems


def _check_languages(lf: LoadedFile) -> list[Problem]:
    """``languages`` and ``translations`` tell the same story."""
    q, src = lf.questionnaire, lf.source
    problems: list[Problem] = []
    if "en" in q.translations:
        problems.append(
            src.problem(
                ("translations", "en"),
                "English is the base language; 'translations' lists the other languages",
                key=True,
            )
        )
    for index, lang in enumerate(q.languages):
        if lang != "en" and lang not in q.translations:
            problems.append(
                src.problem(
                    ("languages", index),
                    f"the file declares '{lang}' but has no 'translations: {{{lang}: ...}}' "
                    "record saying where that wording comes from (status and source)",
                )
            )
    for lang, record in q.translations.items():
        if lang == "en":
            continue
        if record.status == "missing" and lang in q.languages:
            problems.append(
                src.problem(
                    ("translations", lang, "status"),
                    f"the '{lang}' translation is 'missing', so '{lang}' must not be in "
                    "'languages'",
                )
            )
        elif record.status != "missing" and lang not in q.languages:
            problems.append(
                src.problem(
                    ("translations", lang, "status"),
                    f"the '{lang}' translation is '{record.status}' but '{lang}' is not in "
                    f"'languages'; add it there, or set status: missing",
                )
            )
    return problems


def _check_options(
    options: list[Option], src: Located, path: tuple[str | int, ...]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        value = str(option.value)
        where = (*path, index, "value")
        if value == DECLINED:
            problems.append(
                src.problem(
                    where,
                    "'declined' is reserved for 'prefer not to "
                    "answer'; use declinable: true instead",
                )
            )
        if value in seen:
            first, _ = src.where((*path, seen[value], "value"))
            problems.append(
                src.problem(
                    where, f"option value '{value}' is repeated (first used at line {first})"
                )
            )
        seen.setdefault(value, index)
    return problems


def _conditions(
    lf: LoadedFile, scales: Mapping[str, list[_Scale]] | None = None
) -> Iterator[tuple[tuple[str | int, ...], Condition, list[str]]]:
    """Each display condition with its path and the items it controls."""
    q = lf.questionnaire
    for s_index, section in enumerate(q.sections):
        ids = [item.id for item in section.items]
        if section.show_if is not None:
            yield ("sections", s_index, "show_if"), section.show_if, ids
        for i_index, item in enumerate(section.items):
            if item.show_if is not None:
                yield ("sections", s_index, "items", i_index, "show_if"), item.show_if, [item.id]
    for n_index, instrument in enumerate(q.instruments):
        for k_index, rule in enumerate(instrument.skip):
            yield ("instruments", n_index, "skip", k_index, "when"), rule.when, []
        for v_index, variant in enumerate(instrument.band_variants):
            yield ("instruments", n_index, "band_variants", v_index, "when"), variant.when, []
        if instrument.short_form is not None:
            rest = _rest(instrument, scales or {})
            where = ("instruments", n_index, "short_form", "rest_if")
            yield where, instrument.short_form.rest_if, rest


def _leaves(
    cond: Condition, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Condition]]:
    if cond.item is not None or cond.score is not None:
        yield path, cond
    for group in ("all", "any"):
        for index, sub in enumerate(getattr(cond, group) or []):
            yield from _leaves(sub, (*path, group, index))
    if cond.not_ is not None:
        yield from _leaves(cond.not_, (*path, "not"))


def _check_conditions(
    files: list[LoadedFile], owner: dict[str, Any], scales: Mapping[str, list[_Scale]]
) -> list[Problem]:
    problems: list[Problem] = []
    depends: dict[str, set[str]] = {}
    where: dict[str, tuple[LoadedFile, tuple[str | int, ...]]] = {}
    for lf in files:
        for path, cond, controlled in _conditions(lf, scales):
            read = cond.items_read()
            for name in cond.scores_read():
                scale = _one_scale(scales, name)
                if scale is not None:
                    read = read | set(scale.items) | scale.reads
            for target in controlled:
                depends.setdefault(target, set()).update(read)
                where.setdefault(target, (lf, path))
            for leaf_path, leaf in _leaves(cond, path):
                if leaf.score is not None:
                    problems.extend(_check_score_leaf(lf, leaf_path, leaf, scales))
                    continue
                problems.extend(_check_leaf(lf, leaf_path, leaf, owner, controlled))
    # A condition loop: an item whose display depends, through other items, on itself.
    for loop in condition_loops(depends):
        lf, path = where[loop[0]]
        problems.append(
            lf.source.problem(path, f"display conditions form a loop: {' → '.join(loop)}")
        )
    return problems


def condition_loops(depends: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every loop in the condition graph (``item → the items its display reads``), one per
    group of items that depend on each other, as ``[a, b, …, a]`` starting from the group's
    first id in sorted order.

    One pass over the graph, however long the chains (Tarjan's strongly connected components,
    iterative, so deep chains cannot exhaust the stack): linear in items plus conditions.
    """
    graph = {node: sorted(set(targets)) for node, targets in depends.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, ())
            if edge < len(targets):
                work.append((node, edge + 1))
                nxt = targets[edge]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:  # back in the caller: pass the low-link up
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph.get(node, ()):
                    groups.append(group)
    return sorted(_loop_through(sorted(group)[0], set(group), graph) for group in groups)


def _loop_through(start: str, group: set[str], graph: Mapping[str, Sequence[str]]) -> list[str]:
    """The shortest loop from ``start`` back to itself inside ``group`` (breadth first, so
    linear in the group's size), as ``[start, …, start]``."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt == start:
                trail = [node]
                while trail[-1] != start:
                    trail.append(came_from[trail[-1]])
                return [*reversed(trail), start]
            if nxt in group and nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError("a strongly connected group always has a loop")  # pragma: no cover


def _check_score_leaf(
    lf: LoadedFile,
    path: tuple[str | int, ...],
    leaf: Condition,
    scales: Mapping[str, list[_Scale]],
) -> list[Problem]:
    """A condition on a ``score``: it names one instrument or subscale, and compares its total
    (at_least, at_most) or its band (equals, in)."""
    name = leaf.score
    assert name is not None
    found = scales.get(name, [])
    if not found:
        return [
            lf.source.problem(
                (*path, "score"),
                f"condition names unknown score '{name}' (an instrument or subscale id)"
                + _did_you_mean(name, scales),
            )
        ]
    if len(found) > 1:
        kinds = " and ".join(sorted(s.kind for s in found))
        return [
            lf.source.problem(
                (*path, "score"),
                f"score '{name}' is ambiguous: it names both {kinds}; give one of them another id",
            )
        ]
    scale = found[0]
    if leaf.equals is None and leaf.in_ is None:
        return []
    key = "equals" if leaf.equals is not None else "in"
    if not scale.bands:
        return [
            lf.source.problem(
                (*path, key),
                f"score '{name}' has no bands to compare with; use at_least or at_most",
            )
        ]
    values = [leaf.equals] if leaf.equals is not None else list(leaf.in_ or [])
    return [
        lf.source.problem(
            (*path, key),
            f"score '{name}' has no band '{value}'; its bands are {', '.join(scale.bands)}",
        )
        for value in values
        if str(value) not in scale.bands
    ]


def _check_short_form(
    src: Located,
    base: tuple[str | int, ...],
    instrument: Instrument,
    scales: Mapping[str, list[_Scale]],
) -> list[Problem]:
    """The first stage is a subscale of the instrument, or an instrument made of its items;
    ``always`` names items of the rest; something is left for the second stage."""
    form = instrument.short_form
    assert form is not None
    path = (*base, "short_form")
    subscales = [s.id for s in instrument.subscales]
    named = scales.get(form.first, [])
    if len(named) > 1:
        kinds = " and ".join(sorted(s.kind for s in named))
        return [
            src.problem(
                (*path, "first"),
                f"the first stage '{form.first}' is ambiguous: it names both {kinds}; give one "
                "of them another id",
            )
        ]
    first = next(
        (
            s
            for s in scales.get(form.first, [])
            if s.kind in (f"subscale of '{instrument.id}'", f"instrument '{form.first}'")
        ),
        None,
    )
    if first is None or first.id == instrument.id:
        known = ", ".join(subscales) or "none"
        return [
            src.problem(
                (*path, "first"),
                f"the first stage '{form.first}' is not a subscale of '{instrument.id}' (its "
                f"subscales: {known}) or another instrument made of its items"
                + _did_you_mean(form.first, [n for n in [*subscales, *scales] if n != form.first]),
            )
        ]
    problems: list[Problem] = []
    stray = [i for i in first.items if i not in instrument.items]
    if stray:
        problems.append(
            src.problem(
                (*path, "first"),
                f"the first stage '{form.first}' has items that are not '{instrument.id}''s: "
                + ", ".join(stray),
            )
        )
    for index, item_id in enumerate(form.always):
        if item_id not in instrument.items:
            problems.append(
                src.problem(
                    (*path, "always", index),
                    f"'{item_id}' is not one of the instrument's items",
                )
            )
        elif item_id in first.items:
            problems.append(
                src.problem(
                    (*path, "always", index),
                    f"'{item_id}' is already in the first stage '{form.first}'",
                )
            )
    if not problems and not _rest(instrument, scales):
        problems.append(
            src.problem(path, "the short form leaves no questions for the second stage")
        )
    return problems


def _check_leaf(
    lf: LoadedFile,
    path: tuple[str | int, ...],
    leaf: Condition,
    owner: dict[str, Any],
    controlled: Sequence[str] = (),
) -> list[Problem]:
    assert leaf.item is not None
    if leaf.item not in owner:
        suggestion = _did_you_mean(leaf.item, (i for i in owner if i not in controlled))
        return [
            lf.source.problem(
                (*path, "item"), f"condition names unknown item '{leaf.item}'{suggestion}"
            )
        ]
    item, q, _, _ = owner[leaf.item]
    options = options_of(item, q)
    if leaf.equals is not None or leaf.in_ is not None:
        values = [leaf.equals] if leaf.equals is not None else list(leaf.in_ or [])
        key = "equals" if leaf.equals is not None else "in"
        if options is None:
            return [
                lf.source.problem(
                    (*path, key),
                    f"item '{leaf.item}' has no options to compare with; use at_least or at_most",
                )
            ]
        known = {str(o.value) for o in options}
        return [
            lf.source.problem(
                (*path, key),
                f"item '{leaf.item}' has no option "
                f"'{value}'; its options are {', '.join(sorted(known))}",
            )
            for value in values
            if str(value) not in known
        ]
    numeric = item.type == "integer" or (
        options is not None and all(isinstance(o.value, int) for o in options)
    )
    if not numeric:
        key = "at_least" if leaf.at_least is not None else "at_most"
        return [
            lf.source.problem((*path, key), f"item '{leaf.item}' is not numeric; use equals or in")
        ]
    return []


def score_range(item: Item, q: Questionnaire) -> tuple[int, int] | None:
    options = options_of(item, q) or []
    scores = [o.score for o in options if o.score is not None]
    return (min(scores), max(scores)) if scores else None


def _check_instruments(
    lf: LoadedFile, owner: dict[str, Any], scales: Mapping[str, list[_Scale]]
) -> list[Problem]:
    q, src = lf.questionnaire, lf.source
    problems: list[Problem] = []
    for n_index, instrument in enumerate(q.instruments):
        base = ("instruments", n_index)
        if instrument.short_form is not None:
            problems.extend(_check_short_form(src, base, instrument, scales))
        lows = highs = 0
        ok = True
        for field in ("items", "reverse"):
            for index, item_id in enumerate(getattr(instrument, field)):
                if item_id not in owner:
                    problems.append(
                        src.problem(
                            (*base, field, index),
                            f"instrument '{instrument.id}' names unknown item '{item_id}'"
                            + _did_you_mean(item_id, owner),
                        )
                    )
                    ok = False
                elif field == "items":
                    item, owner_q, _, _ = owner[item_id]
                    span = score_range(item, owner_q)
                    if span is None:
                        problems.append(
                            src.problem(
                                (*base, field, index),
                                f"item '{item_id}' has no option scores, so it cannot be summed",
                            )
                        )
                        ok = False
                    else:
                        lows, highs = lows + span[0], highs + span[1]
        for index, item_id in enumerate(instrument.reverse):
            if item_id in owner and item_id not in instrument.items:
                problems.append(
                    src.problem(
                        (*base, "reverse", index),
                        f"reverse item '{item_id}' is not one of the instrument's items",
                    )
                )
        for k_index, rule in enumerate(instrument.skip):
            for index, item_id in enumerate(rule.zero):
                if item_id not in instrument.items:
                    problems.append(
                        src.problem(
                            (*base, "skip", k_index, "zero", index),
                            f"skip rule zeroes '{item_id}', which is not one "
                            "of the instrument's items",
                        )
                    )
        if not ok:
            continue
        problems.extend(_check_bands(src, (*base, "bands"), instrument.bands, lows, highs))
        for v_index, variant in enumerate(instrument.band_variants):
            problems.extend(
                _check_bands(
                    src, (*base, "band_variants", v_index, "bands"), variant.bands, lows, highs
                )
            )
        for s_index, sub in enumerate(instrument.subscales):
            sub_path = (*base, "subscales", s_index)
            stray = [i for i in sub.items if i not in instrument.items]
            problems.extend(
                src.problem(
                    (*sub_path, "items", sub.items.index(item_id)),
                    f"subscale item '{item_id}' is not one of the instrument's items",
                )
                for item_id in stray
            )
            if sub.bands and not stray:
                spans = [score_range(owner[i][0], owner[i][1]) or (0, 0) for i in sub.items]
                problems.extend(
                    _check_bands(
                        src,
                        (*sub_path, "bands"),
                        sub.bands,
                        sum(s[0] for s in spans),
                        sum(s[1] for s in spans),
                    )
                )
    return problems


def _check_bands(
    src: Located, path: tuple[str | int, ...], bands: list[Band], low: int, high: int
) -> list[Problem]:
    """Bands must cover ``low``..``high`` exactly: no gap, no overlap, nothing outside."""
    problems: list[Problem] = []
    ids: set[str] = set()
    previous: Band | None = None
    order = sorted(range(len(bands)), key=lambda i: (bands[i].min, bands[i].max))
    expected = low
    for index in order:
        band = bands[index]
        here = (*path, index)
        if band.id in ids:
            problems.append(src.problem((*here, "id"), f"band id '{band.id}' is repeated"))
        ids.add(band.id)
        if band.min > expected:
            problems.append(
                src.problem(
                    (*here, "min"),
                    f"gap in bands: no band covers {_span(expected, band.min - 1)}",
                )
            )
        elif band.min < expected:
            problems.append(
                src.problem(
                    (*here, "min"),
                    f"band '{band.id}' overlaps band "
                    f"'{previous.id if previous else '?'}' at "
                    f"{_span(band.min, min(band.max, expected - 1))}",
                )
            )
        if band.max + 1 > expected:
            previous = band
        expected = max(expected, band.max + 1)
    if bands and expected <= high:
        last = max(range(len(bands)), key=lambda i: bands[i].max)
        problems.append(
            src.problem(
                (*path, last, "max"),
                f"gap in bands: no band covers {_span(expected, high)} "
                f"(the total can reach {high})",
            )
        )
    for index, band in enumerate(bands):
        if band.max > high or band.min < low:
            problems.append(
                src.problem(
                    (*path, index),
                    f"band '{band.id}' ({band.min}–"
                    f"{band.max}) lies outside the possible total {low}–{high}",
                )
            )
    return problems
