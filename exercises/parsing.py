"""Answer parsing that forgives form but not substance.

Why: the same answer must be judged the same way by the grader, the live form and the book's
kernel-free self-check. So the parser is small and explicit: a number (decimal comma, exponent or a
simple fraction such as 3/4), optionally followed by a unit spelling from ``UNIT_SPELLINGS``; the
conversion factor of each spelling comes from pint. Every refusal is one template of ``MESSAGES``.
``unit_spec(unit)`` hands the page exactly the spellings, factors and messages used here, and the
page's JavaScript (``bookext/assets/selfcheck.js``) follows the same steps. Parsing never raises
anything but ``AnswerError``.
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
    return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


DIMENSION_NAMES = {
    "[mass]": "a mass (a dose)",
    "[time]": "a time",
    "[mass] / [length] ** 3": "a mass concentration",
    "[substance] / [length] ** 3": "a molar concentration",
    "dimensionless": "a plain number or a percentage",
    "[mass] / [time]": "a dose rate",
}

# What a student may type after the number (after cleaning: µ and μ become u, '%' becomes 'percent'),
# and the pint unit it means. Lookup is exact first, then case-insensitive (see ``_lowercase``).
UNIT_SPELLINGS = {
    **{s: "mg" for s in ("mg", "milligram", "milligrams")},
    **{s: "g" for s in ("g", "gram", "grams")},
    **{s: "ug" for s in ("ug", "mcg", "microgram", "micrograms")},
    **{s: "ng" for s in ("ng", "nanogram", "nanograms")},
    "kg": "kg",
    **{s: "s" for s in ("s", "sec", "second", "seconds")},
    **{s: "min" for s in ("min", "mins", "minute", "minutes")},
    **{s: "h" for s in ("h", "hr", "hrs", "hour", "hours")},
    **{s: "day" for s in ("d", "day", "days")},
    **{s: "week" for s in ("wk", "week", "weeks")},
    "ng/mL": "ng/mL", "pg/mL": "pg/mL", "ug/mL": "ug/mL", "mg/mL": "mg/mL",
    "ng/L": "ng/L", "ug/L": "ug/L", "mg/L": "mg/L", "g/L": "g/L",
    "pM": "pM", "nM": "nM", "uM": "uM", "mM": "mM", "M": "M",
    "nmol/L": "nmol/L", "umol/L": "umol/L", "mmol/L": "mmol/L", "mol/L": "mol/L",
    "percent": "percent",
    "mg/day": "mg/day", "mg/d": "mg/day", "mg/h": "mg/h",
}

# Every message a refusal can give; {fields} are filled in by Python and by the page alike.
MESSAGES = {
    "bool": "Give a number, not True/False.",
    "empty_number": "The answer is empty: type a number.",
    "empty": "The answer is empty: type a number{where}.",
    "not_finite": "{text} is not a usable number: give a finite value.",
    "not_a_number": "{text} is not a number.",
    "nan": "NaN (not a number) is not an answer: give a finite value.",
    "infinite": "That number is infinite or too large to represent (for example 1e309): give a finite value.",
    "zero_division": "{text} divides by zero: give a finite value.",
    "no_number": "{text} does not start with a number. Type a number, then its unit if it has one "
                 "(for example {sample}).",
    "unknown_unit": "{unit} is not a unit the checker knows. Use a unit such as mg, h, ng/mL, nM or %.",
    "dimension": "You gave {given}; the question asks for {wanted}{example}.",
    "below": "{value} is impossible here: the answer cannot be below {bound}.",
    "above": "{value} is impossible here: the answer cannot be above {bound}.",
}

# How a unit reads after a number and in a prompt ("in days", "as a plain number").
UNIT_WORDS = {"percent": "%", "dimensionless": "", "day": "days", "h": "h", "week": "weeks", "min": "min"}
PROMPT_UNITS = {"percent": "in %", "dimensionless": "as a plain number", "day": "in days", "h": "in hours",
                "week": "in weeks", "min": "in minutes"}

NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_ONLY = re.compile(rf"^{NUMBER}$")
_FRACTION = re.compile(rf"^({NUMBER}) ?/ ?({NUMBER})$")
_LEADING_NUMBER = re.compile(rf"^({NUMBER}) ?(.*)$")
NON_FINITE = ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity")
SUBSTITUTIONS = [
    ("μ", "u"), ("µ", "u"), ("×", "*"), ("·", "*"), ("−", "-"), ("–", "-"),
    (",", "."),  # decimal comma (thousands separators are rare in dose answers)
]
PER_DAY = r"\s*(/\s*(day|d)|per\s+day|daily|a\s+day)\s*$"
_PER_DAY = re.compile(PER_DAY, re.IGNORECASE)


def fmt_g(value: float) -> str:
    """A number as messages show it (Python's ``:g``; the page has the same function)."""
    return f"{value:g}"


def dimension_name(units: pint.Unit | pint.Quantity) -> str:
    dim = str(units.dimensionality)
    return DIMENSION_NAMES.get(dim, f"a quantity of dimension {dim}")


def unit_word(unit: str) -> str:
    return UNIT_WORDS.get(unit, unit)


def prompt_unit(unit: str) -> str:
    return PROMPT_UNITS.get(unit, f"in {unit}")


def _fail(key: str, **fields) -> AnswerError:
    return AnswerError(MESSAGES[key].format(**fields))


def clean(text: str) -> str:
    out = text.strip()
    for a, b in SUBSTITUTIONS:
        out = out.replace(a, b)
    return re.sub(r"\s+", " ", out)


def _finite(value: float) -> float:
    if math.isnan(value):
        raise _fail("nan")
    if math.isinf(value):
        raise _fail("infinite")
    return value


def _number(cleaned: str, shown: str) -> float:
    """A cleaned number, non-finite word or simple fraction; ``shown`` is quoted in messages."""
    if cleaned.lower() in NON_FINITE:
        raise _fail("not_finite", text=repr(cleaned))
    fraction = _FRACTION.match(cleaned)
    if fraction:
        top, bottom = _finite(float(fraction.group(1))), _finite(float(fraction.group(2)))
        if bottom == 0:
            raise _fail("zero_division", text=repr(cleaned))
        return _finite(top / bottom)
    if not _NUMBER_ONLY.match(cleaned):
        raise _fail("not_a_number", text=repr(shown))
    return _finite(float(cleaned))


def parse_number(text) -> float:
    """A plain finite number from a string or a number; AnswerError otherwise."""
    if isinstance(text, bool):
        raise _fail("bool")
    if isinstance(text, (int, float)):
        return _finite(float(text))
    if text is None or not str(text).strip():
        raise _fail("empty_number")
    return _number(clean(str(text)), str(text))


def _lowercase() -> dict[str, str]:
    """Case-insensitive fallbacks ('ng/ml', 'nm'), kept only where they are unambiguous."""
    seen: dict[str, list[str]] = {}
    for spelling in UNIT_SPELLINGS:
        seen.setdefault(spelling.lower(), []).append(spelling)
    return {low: s[0] for low, s in seen.items() if len(s) == 1}


def unit_key(unit_text: str) -> str:
    """'ng / mL' and 'ng per mL' -> 'ng/mL' (spaces removed, 'per' as '/')."""
    return re.sub(r"\s+", "", re.sub(r"\s+per\s+", "/", unit_text))


@lru_cache(maxsize=None)
def unit_spec(unit: str) -> dict:
    """Everything needed to read an answer for a question asked in ``unit`` (a pint unit string).

    ``factors``: spelling -> factor into ``unit`` for every spelling of the same dimension;
    ``others``: spelling -> the dimension name of spellings that cannot be converted.
    """
    reg = ureg()
    target = reg.Unit(unit)
    factors, others = {}, {}
    for spelling, pint_unit in UNIT_SPELLINGS.items():
        q = reg.Quantity(1.0, pint_unit)
        if q.dimensionality == target.dimensionality:
            factors[spelling] = float(q.to(target).magnitude)
        else:
            others[spelling] = dimension_name(q)
    word = unit_word(unit)
    wanted = dimension_name(target)
    return {
        "unit": unit, "word": word, "factors": factors, "others": others, "lower": _lowercase(),
        "strip_per_day": target.dimensionality == reg.Unit("mg").dimensionality,
        "fields": {"where": "" if target.dimensionless else f", in {word} or another unit of {wanted}",
                   "sample": {"percent": "75 %", "dimensionless": "2.5"}.get(unit, f"3 {word}"),
                   "wanted": wanted, "example": "" if target.dimensionless else f" (for example in {word})"},
        "messages": dict(MESSAGES), "per_day": PER_DAY, "number": NUMBER,
        "substitutions": SUBSTITUTIONS, "non_finite": list(NON_FINITE),
    }


def _with_word(value: float, word: str) -> str:
    return fmt_g(value) + (f" {word}" if word else "")


def parse_quantity(answer, unit: str, *, minimum: float | None = None,
                   maximum: float | None = None) -> float:
    """The answer as a magnitude in ``unit``.

    ``unit`` is a pint unit string ("mg", "h", "ng/mL", "nM", "percent", "dimensionless").
    A bare number is taken to be in ``unit``. ``minimum``/``maximum`` (in ``unit``) reject impossible
    values, e.g. a negative time.
    """
    spec = unit_spec(unit)
    if isinstance(answer, pint.Quantity):
        if answer.dimensionality != ureg().Unit(unit).dimensionality:
            _raise_dimension(dimension_name(answer), spec)
        value = _finite(float(answer.to(unit).magnitude))
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
        value = parse_number(answer)
    elif answer is None or isinstance(answer, bool) or not str(answer).strip():
        if isinstance(answer, bool):
            raise _fail("bool")
        raise _fail("empty", **spec["fields"])
    else:
        value = _read_text(clean(str(answer)), spec)
    word = spec["word"]
    if minimum is not None and value < minimum:
        raise _fail("below", value=_with_word(value, word), bound=_with_word(minimum, word))
    if maximum is not None and value > maximum:
        raise _fail("above", value=_with_word(value, word), bound=_with_word(maximum, word))
    return value


def _raise_dimension(given: str, spec: dict):
    raise _fail("dimension", given=given, **spec["fields"])


def _read_text(text: str, spec: dict) -> float:
    if _NUMBER_ONLY.match(text) or _FRACTION.match(text) or text.lower() in NON_FINITE:
        return _number(text, text)
    shown = text
    if spec["strip_per_day"]:
        per_day = _PER_DAY.search(text)
        if per_day:
            text = text[: per_day.start()]
    text = text.replace("%", " percent")
    match = _LEADING_NUMBER.match(text.strip())
    if not match:
        raise _fail("no_number", text=repr(shown), sample=spec["fields"]["sample"])
    number = _number(match.group(1), match.group(1))
    unit_text = match.group(2).strip()
    if not unit_text:
        return number
    key = unit_key(unit_text)
    key = key if key in UNIT_SPELLINGS else spec["lower"].get(key.lower(), key)  # exact, then any case
    if key in spec["factors"]:
        return _finite(number * spec["factors"][key])
    if key in spec["others"]:
        _raise_dimension(spec["others"][key], spec)
    raise _fail("unknown_unit", unit=repr(unit_text))
