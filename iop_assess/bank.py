"""The question bank: every loaded questionnaire, merged, in asking order, with display logic.

Answers are plain values keyed by item id: an option value (``str`` or ``int``), an ``int`` for
integer items, a ``str`` for text items, a list of option values for multiple choice, or
:data:`~iop_assess.model.DECLINED` for "prefer not to answer".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iop_assess.errors import UsageError
from iop_assess.files import reason
from iop_assess.model import (
    DECLINED,
    Condition,
    Instrument,
    Item,
    Option,
    Questionnaire,
    Section,
    options_of,
)

Answer = str | int | list[str | int]
Answers = Mapping[str, Answer]
QUESTIONS_ENV = "IOP_ASSESS_QUESTIONS"
Checker = Callable[[Answers], bool | None]


@dataclass(frozen=True)
class ItemRef:
    """An item with the section and questionnaire it belongs to and its resolved options."""

    item: Item
    section: Section
    questionnaire: Questionnaire
    options: tuple[Option, ...] | None
    _by_value: dict[str, Option] = field(init=False, repr=False, compare=False, hash=False)
    span: tuple[int, int] = field(init=False, repr=False, compare=False)
    """The lowest and highest option score (``(0, 0)`` for an item without scores)."""

    def __post_init__(self) -> None:
        by_value = {str(o.value): o for o in reversed(self.options or ())}
        object.__setattr__(self, "_by_value", by_value)
        scores = [o.score for o in self.options or () if o.score is not None]
        object.__setattr__(self, "span", (min(scores), max(scores)) if scores else (0, 0))

    def option(self, value: str | int) -> Option | None:
        return self._by_value.get(str(value))


def _compile(cond: Condition, hidden: Callable[[str, Answers], bool]) -> Checker:
    """A display condition as a function of the answers (see :meth:`Bank.check`), worked out
    once per condition instead of on every call. ``hidden(item, answers)`` says whether an item
    does not apply; a condition on an unanswered item that does not apply is ``False``."""
    if cond.all is not None or cond.any is not None:
        parts = tuple(_compile(c, hidden) for c in (cond.all or cond.any or ()))
        decisive = cond.all is None  # ``any`` stops at True, ``all`` at False

        def group(answers: Answers) -> bool | None:
            unsure = False
            for part in parts:
                found = part(answers)
                if found is decisive:
                    return decisive
                if found is None:
                    unsure = True
            return None if unsure else not decisive

        return group
    item = cond.item
    assert item is not None
    if cond.equals is not None or cond.in_ is not None:
        wanted = frozenset(str(v) for v in ([cond.equals] if cond.in_ is None else cond.in_))

        def chosen(answers: Answers) -> bool | None:
            answer = answers.get(item)
            if answer is None:
                return False if hidden(item, answers) else None
            if answer == DECLINED:
                return None
            if isinstance(answer, list):
                return any(str(v) in wanted for v in answer)
            return str(answer) in wanted

        return chosen
    low, high = cond.at_least, cond.at_most

    def number(answers: Answers) -> bool | None:
        answer = answers.get(item)
        if answer is None:
            return False if hidden(item, answers) else None
        if answer == DECLINED or not isinstance(answer, int):
            return None
        if low is not None:
            return answer >= low
        assert high is not None
        return answer <= high

    return number


@dataclass(frozen=True)
class Bank:
    questionnaires: tuple[Questionnaire, ...]
    sections: tuple[tuple[Section, Questionnaire], ...]
    items: dict[str, ItemRef] = field(hash=False)
    instruments: dict[str, Instrument] = field(hash=False)
    order: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)
    """Each item id's place in asking order, for sorting ids the way they are asked."""
    _checkers: dict[int, tuple[Condition, Checker]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _shown_if: dict[str, tuple[Checker, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _maxima: dict[tuple[str, ...], int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", {item_id: n for n, item_id in enumerate(self.items)})
        object.__setattr__(self, "_checkers", {})
        object.__setattr__(self, "_maxima", {})
        shown_if = {
            item_id: tuple(
                self._checker(cond)
                for cond in (ref.section.show_if, ref.item.show_if)
                if cond is not None
            )
            for item_id, ref in self.items.items()
        }
        object.__setattr__(self, "_shown_if", shown_if)
        for instrument in self.instruments.values():
            self.top(instrument.items)
            for sub in instrument.subscales:
                self.top(sub.items)

    def _checker(self, cond: Condition) -> Checker:
        # Keyed by identity; the condition is kept alongside so its id cannot be reused.
        found = self._checkers.get(id(cond))
        if found is None or found[0] is not cond:
            found = (cond, _compile(cond, self._hidden))
            self._checkers[id(cond)] = found
        return found[1]

    def top(self, items: Sequence[str]) -> int:
        """The highest total ``items`` can reach (the sum of each item's highest score)."""
        key = tuple(items)
        total = self._maxima.get(key)
        if total is None:
            total = self._maxima[key] = sum(self.items[i].span[1] for i in key)
        return total

    @classmethod
    def build(cls, questionnaires: Sequence[Questionnaire]) -> Bank:
        ordered = sorted(
            ((s, q) for q in questionnaires for s in q.sections), key=lambda sq: sq[0].order
        )
        items: dict[str, ItemRef] = {}
        for section, q in ordered:
            for item in section.items:
                opts = options_of(item, q)
                items[item.id] = ItemRef(item, section, q, tuple(opts) if opts else None)
        instruments = {i.id: i for q in questionnaires for i in q.instruments}
        return cls(tuple(questionnaires), tuple(ordered), items, instruments)

    def versions(self) -> list[dict[str, str]]:
        """``[{"id", "version"}]`` of every questionnaire, for results and sessions."""
        return [{"id": q.id, "version": q.version} for q in self.questionnaires]

    # -- display logic ---------------------------------------------------------------------------

    def check(self, cond: Condition, answers: Answers) -> bool | None:
        """Evaluate a condition: ``True``, ``False``, or ``None`` when an item it reads has no
        usable answer (missing or declined). An item that does not apply has no answer to
        match, so a condition on it is ``False``: follow-ups of a hidden question stay hidden."""
        return self._checker(cond)(answers)

    def _hidden(self, item_id: str, answers: Answers) -> bool:
        return item_id in self.items and not self.applies(item_id, answers)

    def applies(self, item_id: str, answers: Answers) -> bool:
        """Whether an item applies: only a condition known to be false hides it."""
        for check in self._shown_if[item_id]:
            if check(answers) is False:
                return False
        return True

    def effective(self, answers: Answers) -> tuple[dict[str, Answer], list[str]]:
        """The answers of items that apply, in asking order, and the ids of answered items that
        do not apply (their answers are dropped, as FHIR drops answers to disabled items)."""
        kept: dict[str, Answer] = {}
        dropped: list[str] = []
        visible = dict(answers)
        for item_id in self.items:
            if item_id not in answers:
                continue
            if self.applies(item_id, visible):
                kept[item_id] = answers[item_id]
            else:
                dropped.append(item_id)
                del visible[item_id]
        return kept, dropped


def bundled_dir() -> Path:
    """The folder of bundled questionnaires: inside the installed package, or the source tree."""
    # the package's own folder, as importlib.resources.files("iop_assess") gives it for a
    # package on disk, without importing that machinery at every start
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def questions_dir(override: Path | None = None) -> Path:
    """``--questions`` wins, then the ``IOP_ASSESS_QUESTIONS`` environment variable, then the
    bundled folder."""
    chosen = override or (
        Path(os.environ[QUESTIONS_ENV]) if os.environ.get(QUESTIONS_ENV) else None
    )
    folder = chosen or bundled_dir()
    try:
        found = folder.is_dir()
    except OSError as exc:  # a name too long, a folder on the way that may not be entered …
        raise UsageError(f"cannot open the questionnaire folder {folder}: {reason(exc)}") from None
    if not found:
        raise UsageError(f"questionnaire folder not found: {folder}")
    return folder


def load_bank(folder: Path | None = None) -> Bank:
    """Load every questionnaire file of a folder (default: see :func:`questions_dir`).

    The bundled questionnaires come from their compiled form (:mod:`iop_assess.compiled`) when
    it matches the YAML files; anything else is read and checked from YAML.
    """
    root = questions_dir(folder)
    bundled = root == bundled_dir()
    if bundled:
        from iop_assess.compiled import load_compiled

        compiled = load_compiled(root)
        if compiled is not None:
            return Bank.build(compiled)
    from iop_assess.loader import load_files, questionnaire_paths

    paths = questionnaire_paths(root)
    if not paths:
        raise UsageError(f"no questionnaire files (*.yaml) in {root}")
    loaded = load_files([(p, f"questions/{p.name}" if bundled else str(p)) for p in paths])
    return Bank.build([lf.questionnaire for lf in loaded])
