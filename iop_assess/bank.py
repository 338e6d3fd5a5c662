"""The question bank: every loaded questionnaire, merged, in asking order, with display logic.

Answers are plain values keyed by item id: an option value (``str`` or ``int``), an ``int`` for
integer items, a ``str`` for text items, a list of option values for multiple choice, or
:data:`~iop_assess.model.DECLINED` for "prefer not to answer".
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from iop_assess.errors import UsageError
from iop_assess.files import reason
from iop_assess.loader import load_files, options_of, questionnaire_paths
from iop_assess.model import DECLINED, Condition, Instrument, Item, Option, Questionnaire, Section

Answer = str | int | list[str | int]
Answers = Mapping[str, Answer]
QUESTIONS_ENV = "IOP_ASSESS_QUESTIONS"


@dataclass(frozen=True)
class ItemRef:
    """An item with the section and questionnaire it belongs to and its resolved options."""

    item: Item
    section: Section
    questionnaire: Questionnaire
    options: tuple[Option, ...] | None

    def option(self, value: str | int) -> Option | None:
        for option in self.options or ():
            if str(option.value) == str(value):
                return option
        return None


@dataclass(frozen=True)
class Bank:
    questionnaires: tuple[Questionnaire, ...]
    sections: tuple[tuple[Section, Questionnaire], ...]
    items: dict[str, ItemRef] = field(hash=False)
    instruments: dict[str, Instrument] = field(hash=False)

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
        usable answer (missing or declined)."""
        if cond.all is not None:
            results = [self.check(c, answers) for c in cond.all]
            if False in results:
                return False
            return None if None in results else True
        if cond.any is not None:
            results = [self.check(c, answers) for c in cond.any]
            if True in results:
                return True
            return None if None in results else False
        assert cond.item is not None
        answer = answers.get(cond.item)
        if answer is None or answer == DECLINED:
            return None
        chosen = [str(v) for v in answer] if isinstance(answer, list) else [str(answer)]
        if cond.equals is not None:
            return str(cond.equals) in chosen
        if cond.in_ is not None:
            return bool({str(v) for v in cond.in_} & set(chosen))
        if isinstance(answer, list) or not isinstance(answer, int):
            return None
        if cond.at_least is not None:
            return answer >= cond.at_least
        assert cond.at_most is not None
        return answer <= cond.at_most

    def applies(self, item_id: str, answers: Answers) -> bool:
        """Whether an item applies: only a condition known to be false hides it."""
        ref = self.items[item_id]
        for cond in (ref.section.show_if, ref.item.show_if):
            if cond is not None and self.check(cond, answers) is False:
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
    packaged = Path(str(resources.files("iop_assess"))) / "questions"
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
    """Load every questionnaire file of a folder (default: see :func:`questions_dir`)."""
    root = questions_dir(folder)
    paths = questionnaire_paths(root)
    if not paths:
        raise UsageError(f"no questionnaire files (*.yaml) in {root}")
    bundled = root == bundled_dir()
    loaded = load_files([(p, f"questions/{p.name}" if bundled else str(p)) for p in paths])
    return Bank.build([lf.questionnaire for lf in loaded])
