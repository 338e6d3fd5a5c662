"""The questionnaire format: pydantic models of one YAML file (see ``iop-assess schema``).

Ideas borrowed from FHIR Questionnaire/SDC (scores on the answer option, like ``itemWeight``;
declined as an answer of its own) and XLSForm (shared choice lists). Cross-file checks live in
``loader.py``; this module checks one file's shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, model_validator

DECLINED = "declined"
"""The answer value for "prefer not to answer" (FHIR data-absent-reason ``asked-declined``)."""

Lang = Literal["en", "es"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Value = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64)] | StrictInt
# Numbers are StrictInt: YAML's true/false must not pass as 1/0.


def _needs_english(texts: dict[Lang, str]) -> dict[Lang, str]:
    if "en" not in texts:
        raise ValueError("every text needs an English version under the key 'en'")
    for lang, text in texts.items():
        if not text.strip():
            raise ValueError(f"the '{lang}' text is empty")
    return texts


LocalText = Annotated[dict[Lang, str], AfterValidator(_needs_english)]
"""Text per language: ``{en: "...", es: "..."}``; English is required."""


class Strict(BaseModel):
    # defer_build: the validators are built on first use, so a start-up that loads the compiled
    # questionnaires (already checked; see compiled.py) never pays for building them.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Condition(Strict):
    """A display condition: one comparison, ``all``/``any`` of nested conditions, or ``not``
    one (true when it is false; ``not`` a question that does not apply is true, so
    ``not: {item: sex, equals: male}`` also holds when ``sex`` was not asked).

    A comparison reads an ``item`` or a ``score`` (an instrument or a subscale, by id).
    For an item, ``equals`` and ``in`` compare option values (for a multiple-choice item:
    whether any chosen value matches); ``at_least`` and ``at_most`` compare numbers (integer
    answers or numeric option values). For a score, ``at_least`` and ``at_most`` compare its
    total and ``equals`` and ``in`` its band id. A score is known once its answers decide it:
    a question that does not apply counts 0, and a missing or declined one could be anything
    (so "PHQ-2 at least 2" is true as soon as the first answer is 2).
    """

    item: Identifier | None = None
    score: Identifier | None = None
    equals: Value | None = None
    in_: list[Value] | None = Field(default=None, alias="in", min_length=1)
    at_least: StrictInt | None = None
    at_most: StrictInt | None = None
    all: list[Condition] | None = Field(default=None, min_length=1)
    any: list[Condition] | None = Field(default=None, min_length=1)
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        ops = [n for n in ("equals", "in_", "at_least", "at_most") if getattr(self, n) is not None]
        groups = [n for n in ("all", "any", "not_") if getattr(self, n) is not None]
        subject = [n for n in ("item", "score") if getattr(self, n) is not None]
        if groups:
            if len(groups) > 1 or subject or ops:
                raise ValueError(
                    "use either 'all', 'any' or 'not' alone, or 'item' (or 'score') with one "
                    "comparison"
                )
        elif len(subject) != 1 or len(ops) != 1:
            if len(subject) > 1:
                raise ValueError("a condition reads either an 'item' or a 'score', not both")
            raise ValueError(
                "a condition needs 'item' (or 'score') and exactly one of 'equals', 'in', "
                "'at_least', 'at_most'"
            )
        return self

    def items_read(self) -> set[str]:
        """Every item id this condition reads directly (a ``score`` reads its scale's items:
        see :meth:`scores_read`)."""
        found = {self.item} if self.item else set()
        for sub in self.parts():
            found |= sub.items_read()
        return found

    def parts(self) -> list[Condition]:
        """The nested conditions of ``all``, ``any`` or ``not``."""
        return (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else [])

    def scores_read(self) -> set[str]:
        """Every instrument or subscale id this condition reads."""
        found = {self.score} if self.score else set()
        for sub in self.parts():
            found |= sub.scores_read()
        return found


class Option(Strict):
    value: Value
    label: LocalText
    score: StrictInt | None = Field(default=None, ge=0, le=100)
    exclusive: bool = False
    """For multiple choice: this option cannot be chosen together with others (e.g. ``none``)."""


ItemType = Literal["single", "multiple", "integer", "yes_no", "text"]


class Item(Strict):
    id: Identifier
    type: ItemType
    text: LocalText
    help: LocalText | None = None
    options: list[Option] | None = Field(default=None, min_length=1)
    option_set: Identifier | None = None
    min: StrictInt | None = None
    max: StrictInt | None = None
    unit: LocalText | None = None
    declinable: bool = True
    show_if: Condition | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> Item:
        has_choices = self.options is not None or self.option_set is not None
        if self.options is not None and self.option_set is not None:
            raise ValueError("give either 'options' or 'option_set', not both")
        if self.type in ("single", "multiple") and not has_choices:
            raise ValueError(f"a '{self.type}' item needs 'options' or 'option_set'")
        if self.type in ("integer", "text") and has_choices:
            raise ValueError(f"an '{self.type}' item takes no options")
        if self.type == "integer":
            if self.min is None or self.max is None:
                raise ValueError("an 'integer' item needs 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"'min' ({self.min}) is greater than 'max' ({self.max})")
        elif self.min is not None or self.max is not None:
            raise ValueError("only 'integer' items take 'min' and 'max'")
        if self.type == "yes_no" and self.options is not None:
            if sorted(str(o.value) for o in self.options) != ["no", "yes"]:
                raise ValueError("a 'yes_no' item's options must be exactly 'yes' and 'no'")
        return self


class Section(Strict):
    id: Identifier
    title: LocalText
    intro: LocalText | None = None
    order: StrictInt = Field(ge=0, le=10_000)
    """Sections from all files are asked in this order."""
    show_if: Condition | None = None
    items: list[Item] = Field(min_length=1)


class Band(Strict):
    id: Identifier
    label: LocalText
    min: StrictInt
    max: StrictInt

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min > self.max:
            raise ValueError(f"band 'min' ({self.min}) is greater than 'max' ({self.max})")
        return self


class BandVariant(Strict):
    """Bands that replace the default ones when ``when`` holds (e.g. AUDIT-C cut-offs by sex)."""

    when: Condition
    bands: list[Band] = Field(min_length=1)


class SkipRule(Strict):
    """When ``when`` holds, the ``zero`` items are not asked and score 0 (the WHO AUDIT rule)."""

    when: Condition
    zero: list[Identifier] = Field(min_length=1)


class Subscale(Strict):
    id: Identifier
    title: LocalText
    items: list[Identifier] = Field(min_length=1)
    bands: list[Band] = Field(default_factory=list)
    cutoff_source: str | None = None

    @model_validator(mode="after")
    def _cited(self) -> Subscale:
        if self.bands and not self.cutoff_source:
            raise ValueError("a subscale with bands needs 'cutoff_source' (the citation)")
        return self


class ShortForm(Strict):
    """A two-stage instrument: the ``first`` stage (a subscale of the instrument, or another
    instrument made of some of its items, like the AUDIT-C) is asked first, with the ``always``
    items; the rest only when ``rest_if`` holds (or cannot be known yet). Below the cut-off the
    instrument is *screened negative*: no total, its lowest band, and the first stage's total.
    ``screen --full`` ignores short forms and asks every item."""

    first: Identifier
    """The first stage: a subscale id of this instrument, or an instrument id."""
    rest_if: Condition
    """When the rest of the items are asked (usually a condition on the first stage's score)."""
    always: list[Identifier] = Field(default_factory=list)
    """Items of the rest asked at the first stage whatever its score (a safety item)."""
    cutoff_source: str = Field(min_length=1)
    """Citation for the cut-off."""


class Instrument(Strict):
    id: Identifier
    title: LocalText
    items: list[Identifier] = Field(min_length=1)
    reverse: list[Identifier] = Field(default_factory=list)
    """Items scored in reverse: points = (highest + lowest option score) - option score."""
    skip: list[SkipRule] = Field(default_factory=list)
    missing: Literal["all_items"] = "all_items"
    """Missing-data policy. ``all_items``: a total only when every item is answered (items a skip
    rule zeroes count as answered); a declined or missing item makes the instrument incomplete."""
    bands: list[Band] = Field(min_length=1)
    band_variants: list[BandVariant] = Field(default_factory=list)
    subscales: list[Subscale] = Field(default_factory=list)
    short_form: ShortForm | None = None
    """Asked in two stages in the short screen (see :class:`ShortForm`)."""
    cutoff_source: str = Field(min_length=1)
    """Citation for the bands and cut-offs."""
    loinc: str | None = None


TranslationStatus = Literal["official", "official-unverified", "project", "missing"]
"""Where a language's wording comes from: ``official`` (the publisher's translation, checked
against the published form), ``official-unverified`` (said to be the publisher's translation but
not yet checked against the form: shown as unverified, never reworded), ``project`` (our own
translation of our own wording) or ``missing`` (no text we may use: the questions are shown in
English, after the ``note``)."""


class Translation(Strict):
    """Where one language's wording of a file comes from: ``translations: {es: {...}}``.

    A file offers a language other than English when it lists it in ``languages`` (then every
    text needs it) and says here where the words come from. ``status: missing`` is the other way
    round: the language is *not* in ``languages``, the questions carry no text in it, and
    ``note`` (written in that language) says so before the section.
    """

    status: TranslationStatus
    source: str | None = Field(default=None, min_length=1)
    """The citation of the translation, with its source id in brackets: ``... [pfizer-phq9-es]``."""
    retrieved: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    """When the wording was copied or last checked (YYYY-MM-DD, in quotes)."""
    credit: str | None = Field(default=None, min_length=1)
    """The credit line printed on the translated form, in that language, word for word."""
    note: str | None = Field(default=None, min_length=1)
    """For ``missing``: one sentence in that language, shown before the English questions."""

    @model_validator(mode="after")
    def _fits_status(self) -> Translation:
        if self.status in ("official", "official-unverified") and not self.source:
            raise ValueError(f"a translation with status '{self.status}' needs 'source'")
        if self.status == "missing":
            if not self.note:
                raise ValueError(
                    "a translation with status 'missing' needs 'note': one sentence in that "
                    "language saying the questions are shown in English"
                )
            if self.credit:
                raise ValueError("a translation with status 'missing' has no 'credit'")
        elif self.note:
            raise ValueError("only a translation with status 'missing' takes 'note'")
        return self


class Questionnaire(Strict):
    id: Identifier
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    title: LocalText
    description: LocalText
    languages: list[Lang] = Field(default_factory=lambda: list[Lang](["en"]), min_length=1)
    translations: dict[Lang, Translation] = Field(default_factory=dict)
    """Where each language other than English comes from (see :class:`Translation`); the loader
    checks it agrees with ``languages``."""
    source: str = Field(min_length=1)
    license: str = Field(min_length=1)
    copyright: str | None = None
    loinc: str | None = None
    option_sets: dict[Identifier, list[Option]] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
    instruments: list[Instrument] = Field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def options_of(item: Item, q: Questionnaire) -> list[Option] | None:
    """The answer options of an item (its own, a shared set, or implied yes/no)."""
    if item.options is not None:
        return item.options
    if item.option_set is not None:
        return q.option_sets.get(item.option_set)
    if item.type == "yes_no":
        # constants, so built without validation (which would build pydantic's validators at
        # start-up; see ``Strict``)
        return [
            Option.model_construct(value="yes", label={"en": "Yes", "es": "Sí"}),
            Option.model_construct(value="no", label={"en": "No", "es": "No"}),
        ]
    return None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a questionnaire file, for editors' YAML language servers."""
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:iop-assess:questionnaire-schema:1"
    schema["title"] = "iop-assess questionnaire"
    return schema
