"""What a typed answer means for one item, in the interview's terms.

A person types the listed number (or the words, or y/n); a counselor may also type the option's
value, and for items whose values are numbers (PHQ-9: 0–3) a typed number *is* the value.
Messages say what is allowed, never what was typed: it may be an answer, and the interview's
output can end up in a log (standard error, when the answers are piped in).
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
    digits = text.lstrip("+-")
    try:
        # no answer is that long (and int() refuses more than 4,300 digits)
        number = int(text) if len(digits) <= 12 else None
    except ValueError:
        raise ValueError("That is not a whole number") from None
    if number is None and digits.isascii() and digits.isdigit():
        raise ValueError(f"That number is not from {low} to {high}")
    if number is None:
        raise ValueError("That is not a whole number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"That number is not from {low} to {high}")
    answer = coerce(ref, number)
    assert isinstance(answer, int)
    return answer


def _pick(ref: ItemRef, token: str, counselor: bool) -> str | int:
    options = ref.options or ()
    if counselor and numeric_values(ref):
        option = ref.option(token)
        if option is None:
            values = ", ".join(str(o.value) for o in options)
            raise ValueError(f"That is not one of the values {values}")
        return option.value
    if token.isascii() and token.isdigit():
        number = int(token) if len(token) < 10 else 0
        if 1 <= number <= len(options):
            return options[number - 1].value
        raise ValueError(f"That is not one of the numbers shown (1 to {len(options)})")
    lowered = token.lower()
    if ref.item.type == "yes_no" and lowered in ("y", "n"):
        lowered = "yes" if lowered == "y" else "no"
    for option in options:
        if lowered in (str(option.value).lower(), option.label["en"].lower()):
            return option.value
    raise ValueError("That is not one of the choices")
