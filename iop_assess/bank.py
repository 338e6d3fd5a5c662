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
    Band,
    BandVariant,
    Condition,
    Instrument,
    Item,
    Option,
    Questionnaire,
    Section,
    ShortForm,
    options_of,
)

Answer = str | int | list[str | int]
Answers = Mapping[str, Answer]
QUESTIONS_ENV = "IOP_ASSESS_QUESTIONS"
Checker = Callable[[Answers], bool | None]
Span = Callable[[str, Answers], tuple[int, int] | None]
"""The lowest and highest total a scale can still reach (``None``: none of it applies)."""


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


@dataclass(frozen=True)
class Scale:
    """What a ``score`` condition reads: an instrument, or a subscale of one."""

    id: str
    title: str
    items: tuple[str, ...]
    instrument: Instrument
    """The instrument itself, or the one a subscale belongs to (its skip rules and reverse
    items apply)."""
    bands: tuple[Band, ...]
    variants: tuple[BandVariant, ...] = ()


def _scales(instruments: Mapping[str, Instrument]) -> dict[str, Scale]:
    """Every instrument and subscale by id (an instrument wins over a subscale of the same id;
    ``validate`` refuses a condition that names such an id)."""
    found: dict[str, Scale] = {}
    for inst in instruments.values():
        for sub in inst.subscales:
            found.setdefault(
                sub.id, Scale(sub.id, sub.title["en"], tuple(sub.items), inst, tuple(sub.bands))
            )
    for inst in instruments.values():
        found[inst.id] = Scale(
            inst.id,
            inst.title["en"],
            tuple(inst.items),
            inst,
            tuple(inst.bands),
            tuple(inst.band_variants),
        )
    return found


def _compile(
    cond: Condition,
    hidden: Callable[[str, Answers], bool],
    span: Span | None = None,
    bands: Callable[[str, Answers], Sequence[Band]] | None = None,
) -> Checker:
    """A display condition as a function of the answers (see :meth:`Bank.check`), worked out
    once per condition instead of on every call. ``hidden(item, answers)`` says whether an item
    does not apply; a condition on an unanswered item that does not apply is ``False``.
    ``span(scale, answers)`` gives the totals a scale can still reach and ``bands(scale,
    answers)`` its bands, for conditions on a ``score``."""
    if cond.not_ is not None:
        inner = _compile(cond.not_, hidden, span, bands)

        def negated(answers: Answers) -> bool | None:
            found = inner(answers)
            return None if found is None else not found

        return negated
    if cond.all is not None or cond.any is not None:
        parts = tuple(_compile(c, hidden, span, bands) for c in (cond.all or cond.any or ()))
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
    if cond.score is not None:
        assert span is not None and bands is not None
        return _score_checker(cond, cond.score, span, bands)
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


def _score_checker(
    cond: Condition,
    scale: str,
    span: Span,
    bands: Callable[[str, Answers], Sequence[Band]],
) -> Checker:
    """A condition on a scale's total or band: known as soon as every total it can still reach
    gives the same answer."""
    low_bound, high_bound = cond.at_least, cond.at_most
    wanted = (
        frozenset(str(v) for v in ([cond.equals] if cond.in_ is None else cond.in_))
        if cond.equals is not None or cond.in_ is not None
        else None
    )

    def check(answers: Answers) -> bool | None:
        reach = span(scale, answers)
        if reach is None:
            return False  # none of it applies, like an item that does not apply
        low, high = reach
        if wanted is not None:
            hits = {b.id in wanted for b in bands(scale, answers) if b.min <= high and b.max >= low}
            return None if len(hits) != 1 else hits.pop()
        if low_bound is not None:
            return True if low >= low_bound else False if high < low_bound else None
        assert high_bound is not None
        return True if high <= high_bound else False if low > high_bound else None

    return check


def option_points(ref: ItemRef, answer: Answer) -> int | None:
    """Points for an answer, before reversing; ``None`` when an option chosen has no score."""
    values = answer if isinstance(answer, list) else [answer]
    total = 0
    for value in values:
        option = ref.option(value)
        if option is None or option.score is None:
            return None
        total += option.score
    return total


@dataclass(frozen=True)
class Bank:
    questionnaires: tuple[Questionnaire, ...]
    sections: tuple[tuple[Section, Questionnaire], ...]
    items: dict[str, ItemRef] = field(hash=False)
    instruments: dict[str, Instrument] = field(hash=False)
    full: bool = field(default=False, compare=False)
    """Short forms off: every item of a two-stage instrument is asked (``screen --full``)."""
    order: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)
    """Each item id's place in asking order, for sorting ids the way they are asked."""
    scales: dict[str, Scale] = field(init=False, repr=False, compare=False, hash=False)
    """What a ``score`` condition can name: every instrument and subscale, by id."""
    short_forms: dict[str, tuple[ShortForm, tuple[str, ...]]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    """Two-stage instruments (none when ``full``): the short form and the items of its second
    stage, by instrument id."""
    _checkers: dict[int, tuple[Condition, Checker]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _shown_if: dict[str, tuple[Checker, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _screen_if: dict[str, tuple[Checker, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _maxima: dict[tuple[str, ...], int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", {item_id: n for n, item_id in enumerate(self.items)})
        object.__setattr__(self, "_checkers", {})
        object.__setattr__(self, "_maxima", {})
        object.__setattr__(self, "scales", _scales(self.instruments))
        shown_if = {
            item_id: tuple(
                self._checker(cond)
                for cond in (ref.section.show_if, ref.item.show_if)
                if cond is not None
            )
            for item_id, ref in self.items.items()
        }
        object.__setattr__(self, "_shown_if", shown_if)
        forms: dict[str, tuple[ShortForm, tuple[str, ...]]] = {}
        screen_if: dict[str, list[Checker]] = {}
        for instrument in self.instruments.values():
            form = instrument.short_form
            if form is None or self.full or form.first not in self.scales:
                continue
            first = set(self.scales[form.first].items) | set(form.always)
            rest = tuple(i for i in instrument.items if i not in first)
            forms[instrument.id] = (form, rest)
            for item_id in rest:
                screen_if.setdefault(item_id, []).append(self._checker(form.rest_if))
        object.__setattr__(self, "short_forms", forms)
        object.__setattr__(self, "_screen_if", {k: tuple(v) for k, v in screen_if.items()})
        for instrument in self.instruments.values():
            self.top(instrument.items)
            for sub in instrument.subscales:
                self.top(sub.items)

    def _checker(self, cond: Condition) -> Checker:
        # Keyed by identity; the condition is kept alongside so its id cannot be reused.
        found = self._checkers.get(id(cond))
        if found is None or found[0] is not cond:
            found = (cond, _compile(cond, self._hidden, self._span, self._bands))
            self._checkers[id(cond)] = found
        return found[1]

    # -- scores in conditions --------------------------------------------------------------------

    def zeroed(self, instrument: Instrument, answers: Answers) -> set[str]:
        """The items an instrument's skip rules zero for these answers (the WHO AUDIT rule)."""
        found: set[str] = set()
        for rule in instrument.skip:
            if self.check(rule.when, answers) is True:
                found.update(rule.zero)
        return found

    def _span(self, scale_id: str, answers: Answers) -> tuple[int, int] | None:
        """The lowest and highest total a scale can still reach: answered items give their
        points, zeroed items and items that do not apply 0, missing or declined ones anything
        from their lowest to their highest score. ``None`` when none of its items applies."""
        scale = self.scales[scale_id]
        zeroed = self.zeroed(scale.instrument, answers)
        low = high = 0
        applies = False
        for item_id in scale.items:
            if item_id in zeroed:
                applies = True
                continue
            ref = self.items[item_id]
            answer = answers.get(item_id)
            if answer is None and not self.applies(item_id, answers):
                continue
            applies = True
            points = None if answer is None or answer == DECLINED else option_points(ref, answer)
            if points is None:
                low, high = low + ref.span[0], high + ref.span[1]
                continue
            if item_id in scale.instrument.reverse:
                points = ref.span[1] + ref.span[0] - points
            low, high = low + points, high + points
        return (low, high) if applies else None

    def _bands(self, scale_id: str, answers: Answers) -> Sequence[Band]:
        scale = self.scales[scale_id]
        for variant in scale.variants:
            if self.check(variant.when, answers) is True:
                return variant.bands
        return scale.bands

    def bands_for(self, instrument: Instrument, answers: Answers) -> Sequence[Band]:
        """The bands that name an instrument's total: the first band variant whose condition
        holds, else the default bands."""
        return self._bands(instrument.id, answers)

    def top(self, items: Sequence[str]) -> int:
        """The highest total ``items`` can reach (the sum of each item's highest score)."""
        key = tuple(items)
        total = self._maxima.get(key)
        if total is None:
            total = self._maxima[key] = sum(self.items[i].span[1] for i in key)
        return total

    @classmethod
    def build(cls, questionnaires: Sequence[Questionnaire], *, full: bool = False) -> Bank:
        ordered = sorted(
            ((s, q) for q in questionnaires for s in q.sections), key=lambda sq: sq[0].order
        )
        items: dict[str, ItemRef] = {}
        for section, q in ordered:
            for item in section.items:
                opts = options_of(item, q)
                items[item.id] = ItemRef(item, section, q, tuple(opts) if opts else None)
        instruments = {i.id: i for q in questionnaires for i in q.instruments}
        return cls(tuple(questionnaires), tuple(ordered), items, instruments, full)

    def with_full(self, full: bool = True) -> Bank:
        """The same questionnaires with short forms off (``full``) or on."""
        if full == self.full:
            return self
        return Bank.build(self.questionnaires, full=full)

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
        """Whether an item applies: only a condition known to be false hides it. A short form
        hides only an item that has no answer: an answer given anyway (a counselor's file with
        every item) is kept and scored."""
        for check in self._shown_if[item_id]:
            if check(answers) is False:
                return False
        if item_id in answers:
            return True
        for check in self._screen_if.get(item_id, ()):
            if check(answers) is False:
                return False
        return True

    def surely_applies(self, item_id: str, answers: Answers) -> bool:
        """Whether an item applies whatever the answers still to come: every condition on it is
        known to hold. (:meth:`applies` also counts conditions that cannot be known yet.)"""
        checks = self._shown_if[item_id]
        if item_id not in answers:
            checks = checks + self._screen_if.get(item_id, ())
        return all(check(answers) is True for check in checks)

    def screened(self, instrument_id: str, answers: Answers) -> bool:
        """Whether a two-stage instrument stopped after its first stage: its short form's
        ``rest_if`` is known to be false and none of the rest was answered."""
        found = self.short_forms.get(instrument_id)
        if found is None:
            return False
        form, rest = found
        if any(item_id in answers for item_id in rest):
            return False
        return self.check(form.rest_if, answers) is False

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
