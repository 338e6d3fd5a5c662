"""What a typed answer means for one item, in the interview's terms.

A person types the listed number (or the words, or y/n); a counselor may also type the option's
value, and for items whose values are numbers (PHQ-9: 0–3) a typed number *is* the value.
"""

from __future__ import annotations

from iop_assess.answers import coerce
from iop_assess.bank import Answer, ItemRef


def numeric_values(ref: ItemRef) -> bool:
    """Whether every option value of this item is a number."""
    return bool(ref.options) and all(isinstance(o.value, int) for o in ref.options or ())


def parse_typed(ref: ItemRef, raw: str, *, counselor: bool) -> Answer:
    """The answer ``raw`` stands for; ``ValueError`` with a plain message otherwise."""
    kind = ref.item.type
    text = raw.strip()
    if kind == "integer":
        return _integer(ref, text)
    if kind == "text":
        return coerce(ref, text)
    if kind == "multiple":
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        values = [_pick(ref, p, counselor) for p in parts if p]
        if not values:
            raise ValueError("Nothing was chosen")
        return coerce(ref, values)
    if "," in text:
        raise ValueError("Choose just one answer here")
    return coerce(ref, _pick(ref, text, counselor))


def _integer(ref: ItemRef, text: str) -> int:
    low, high = ref.item.min, ref.item.max
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"'{text[:20]}' is not a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{number} is outside the range")
    answer = coerce(ref, number)
    assert isinstance(answer, int)
    return answer


def _pick(ref: ItemRef, token: str, counselor: bool) -> str | int:
    options = ref.options or ()
    if counselor and numeric_values(ref):
        option = ref.option(token)
        if option is None:
            values = ", ".join(str(o.value) for o in options)
            raise ValueError(f"'{token[:20]}' is not one of the values {values}")
        return option.value
    if token.isdigit():
        number = int(token)
        if 1 <= number <= len(options):
            return options[number - 1].value
        raise ValueError(f"{number} is not one of the numbers shown")
    lowered = token.lower()
    if ref.item.type == "yes_no" and lowered in ("y", "n"):
        lowered = "yes" if lowered == "y" else "no"
    for option in options:
        if lowered in (str(option.value).lower(), option.label["en"].lower()):
            return option.value
    raise ValueError(f"'{token[:20]}' is not one of the choices")
