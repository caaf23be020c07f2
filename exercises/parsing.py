"""Answer parsing that forgives form but not substance.

"15", "15 mg", "0.015 g", "1.5e1" and "15 mg/day" are all 15 mg when a dose is asked. Units are
converted by pint within a dimension; a wrong dimension, an empty answer, text, NaN, infinities,
overflow and impossible signs each get their own clear message. Parsing never raises anything but
``AnswerError``.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import pint


class AnswerError(ValueError):
    """An answer that cannot be judged; the message tells the student what to fix. Not an attempt."""


@lru_cache(maxsize=1)
def ureg() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    reg.define("percent_point = 0.01 = pp")
    return reg


DIMENSION_NAMES = {
    "[mass]": "a mass (a dose)",
    "[time]": "a time",
    "[mass] / [length] ** 3": "a mass concentration",
    "[substance] / [length] ** 3": "a molar concentration",
    "dimensionless": "a plain number or a percentage",
    "[mass] / [time]": "a dose rate",
    "[length] ** 3 / [time]": "a clearance (volume per time)",
    "1 / [time]": "a rate (per time)",
}

_NUMBER_ONLY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_SUBSTITUTIONS = [
    ("μ", "u"), ("µ", "u"), ("×", "*"), ("·", "*"), ("−", "-"), ("–", "-"),
    (",", "."),  # decimal comma (thousands separators are rare in dose answers)
]
_PER_DAY = re.compile(r"\s*(/\s*(day|d)|per\s+day|daily|a\s+day)\s*$", re.IGNORECASE)


def dimension_name(units: pint.Unit | pint.Quantity) -> str:
    dim = str(units.dimensionality)
    return DIMENSION_NAMES.get(dim, f"a quantity of dimension {dim}")


def _clean(text: str) -> str:
    out = text.strip()
    for a, b in _SUBSTITUTIONS:
        out = out.replace(a, b)
    return re.sub(r"\s+", " ", out)


def parse_number(text) -> float:
    """A plain finite number from a string or a number; AnswerError otherwise."""
    if isinstance(text, bool):
        raise AnswerError("Give a number, not True/False.")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        if text is None or not str(text).strip():
            raise AnswerError("The answer is empty: type a number.")
        cleaned = _clean(str(text))
        if cleaned.lower() in ("nan", "inf", "+inf", "-inf", "infinity", "-infinity"):
            raise AnswerError(f"{cleaned!r} is not a usable number: give a finite value.")
        if not _NUMBER_ONLY.match(cleaned):
            raise AnswerError(f"{text!r} is not a number.")
        value = float(cleaned)
    if math.isnan(value):
        raise AnswerError("NaN (not a number) is not an answer: give a finite value.")
    if math.isinf(value):
        raise AnswerError("That number is infinite or too large to represent (for example 1e309): "
                          "give a finite value.")
    return value


def parse_quantity(answer, unit: str, *, minimum: float | None = None,
                   maximum: float | None = None) -> float:
    """The answer as a magnitude in ``unit``.

    ``unit`` is a pint unit string ("mg", "h", "ng/mL", "nM", "percent", "dimensionless").
    A bare number is taken to be in ``unit``. ``minimum``/``maximum`` (in ``unit``) reject impossible
    values, e.g. a negative time.
    """
    reg = ureg()
    target = reg.Unit(unit)
    if isinstance(answer, pint.Quantity):
        quantity = answer
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
        quantity = reg.Quantity(parse_number(answer), target)
    else:
        if answer is None or not str(answer).strip():
            raise AnswerError("The answer is empty: type a number" +
                              ("" if target.dimensionless else f", in {unit} or another unit of "
                               f"{dimension_name(target)}") + ".")
        text = _clean(str(answer))
        if _NUMBER_ONLY.match(text) or text.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
            quantity = reg.Quantity(parse_number(text), target)
        else:
            quantity = _parse_with_unit(text, target, reg)
    magnitude = float(quantity.magnitude) if not isinstance(quantity.magnitude, float) else quantity.magnitude
    if math.isnan(magnitude) or math.isinf(magnitude):
        parse_number(magnitude)  # raises the specific message
    if quantity.dimensionality != target.dimensionality:
        if target.dimensionality == reg.Unit("mg").dimensionality and \
                quantity.dimensionality == (reg.Unit("mg") / reg.Unit("day")).dimensionality:
            quantity = (quantity * reg.Quantity(1, "day")).to(target)
        else:
            raise AnswerError(
                f"You gave {dimension_name(quantity)}; the question asks for {dimension_name(target)}"
                + ("" if target.dimensionless else f" (for example in {unit})") + ".")
    try:
        value = float(quantity.to(target).magnitude)
    except pint.errors.DimensionalityError:  # pragma: no cover - guarded above
        raise AnswerError(f"Cannot convert {answer!r} to {unit}.") from None
    value = parse_number(value)  # overflow after conversion, e.g. 1e308 g in mg
    if minimum is not None and value < minimum:
        raise AnswerError(f"{value:g} {_unit_word(unit)} is impossible here: the answer cannot be "
                          f"below {minimum:g}" + ("" if target.dimensionless else f" {_unit_word(unit)}") + ".")
    if maximum is not None and value > maximum:
        raise AnswerError(f"{value:g} {_unit_word(unit)} is impossible here: the answer cannot be "
                          f"above {maximum:g}" + ("" if target.dimensionless else f" {_unit_word(unit)}") + ".")
    return value


def _unit_word(unit: str) -> str:
    return {"percent": "%", "dimensionless": ""}.get(unit, unit)


def _parse_with_unit(text: str, target, reg):
    per_day = _PER_DAY.search(text)
    if per_day and target.dimensionality == reg.Unit("mg").dimensionality:
        text = text[: per_day.start()]
    text = text.replace("%", " percent")
    match = re.match(r"^\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*(.*)$", text)
    if not match:
        raise AnswerError(f"{text!r} does not start with a number. Type a number, then its unit "
                          f"(for example 15 mg).")
    number = parse_number(match.group(1))
    unit_text = match.group(5).strip()
    if not unit_text:
        return reg.Quantity(number, target)
    try:
        unit = reg.Unit(unit_text)
    except Exception:
        raise AnswerError(f"{unit_text!r} is not a unit the checker knows. Use a unit such as "
                          f"mg, h, ng/mL, nM or %.") from None
    return reg.Quantity(number, unit)
