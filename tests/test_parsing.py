"""Answer parsing: forgiving about form, strict about substance, never a traceback."""
import math
import re

import pytest

from exercises.parsing import AnswerError, parse_number, parse_quantity


@pytest.mark.parametrize("text", ["15", "15 mg", "0.015 g", "1.5e1", "15 mg/day", "15 mg per day", "15000 µg",
                                  "15000 μg", " 15mg ", "15,0 mg"])
def test_equivalent_forms_of_a_dose(text):
    assert parse_quantity(text, "mg") == pytest.approx(15.0)


@pytest.mark.parametrize("text, unit, expected", [
    ("2 days", "h", 48.0), ("90 min", "h", 1.5), ("3 µM", "nM", 3000.0), ("0.5 uM", "nM", 500.0),
    ("30 ng/mL", "ng/mL", 30.0), ("0.03 mg/L", "ng/mL", 30.0), ("30 µg/L", "ng/mL", 30.0),
    ("85 %", "percent", 85.0), ("85%", "percent", 85.0), ("2.35", "dimensionless", 2.35),
])
def test_unit_conversion_within_a_dimension(text, unit, expected):
    assert parse_quantity(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize("text, unit, message", [
    ("15 h", "mg", "You gave a time; the question asks for a mass"),
    ("15 mg", "nM", "You gave a mass (a dose); the question asks for a molar concentration"),
    ("30 nM", "ng/mL", "You gave a molar concentration; the question asks for a mass concentration"),
    ("", "mg", "empty"),
    ("   ", "h", "empty"),
    ("abc", "mg", "does not start with a number"),
    ("NaN", "mg", "not a usable number"),
    ("inf", "h", "not a usable number"),
    ("1e309", "mg", "too large"),
    ("1e308 g", "mg", "too large"),
    ("15 furlongz", "mg", "is not a unit the checker knows"),
])
def test_bad_answers_get_a_specific_message(text, unit, message):
    with pytest.raises(AnswerError, match=re.escape(message)):
        parse_quantity(text, unit)


def test_impossible_values_are_refused_with_their_bound():
    with pytest.raises(AnswerError, match="cannot be below 0"):
        parse_quantity("-1", "h", minimum=0)
    with pytest.raises(AnswerError, match="cannot be above 100"):
        parse_quantity("120 %", "percent", maximum=100)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), True, None, "1e309"])
def test_parse_number_refuses_non_finite_and_non_numbers(value):
    with pytest.raises(AnswerError):
        parse_number(value)


def test_numbers_pass_through_unchanged():
    assert parse_number("1.5e1") == 15.0 and parse_number(3) == 3.0
    assert math.isclose(parse_quantity(15, "mg"), 15.0)


def test_every_unit_spelling_converts_as_pint_says():
    from exercises.parsing import UNIT_SPELLINGS, ureg, unit_spec

    reg = ureg()
    for target in ("mg", "h", "day", "ng/mL", "nM", "percent", "dimensionless"):
        spec = unit_spec(target)
        assert set(spec["factors"]) | set(spec["others"]) == set(UNIT_SPELLINGS)
        for spelling, factor in spec["factors"].items():
            want = reg.Quantity(2.5, UNIT_SPELLINGS[spelling]).to(target).magnitude
            assert parse_quantity(f"2.5 {spelling}", target) == pytest.approx(want, rel=1e-12), (spelling, target)
            assert factor == pytest.approx(want / 2.5, rel=1e-12)


@pytest.mark.parametrize("text, unit, expected", [
    ("3/4", "dimensionless", 0.75), ("1 / 4", "percent", 0.25), ("5 NG/ML", "ng/mL", 5.0), ("2 nm", "nM", 2.0),
    ("4,15 d", "day", 4.15), ("1 week", "day", 7.0), ("5 ng per mL", "ng/mL", 5.0), ("15 mcg", "mg", 0.015),
])
def test_fractions_any_case_and_spelled_out_units(text, unit, expected):
    assert parse_quantity(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize("text, unit, message", [
    ("1/0", "dimensionless", "'1/0' divides by zero"),
    ("abc", "percent", "(for example 75 %)"),
    ("abc", "day", "(for example 3 days)"),
    ("-2", "day", "-2 days is impossible here: the answer cannot be below 0 days."),
    ("-2", "dimensionless", "-2 is impossible here: the answer cannot be below 0."),
    ("5 mg/day", "h", "You gave a dose rate; the question asks for a time (for example in h)."),
    ("", "day", "The answer is empty: type a number, in days or another unit of a time."),
])
def test_refusals_read_naturally(text, unit, message):
    with pytest.raises(AnswerError) as err:
        parse_quantity(text, unit, minimum=0)
    assert message in str(err.value)


def test_the_tolerance_rule_is_one_interval():
    from exercises.core import tolerance_interval, within

    assert tolerance_interval(100.0, 0.02, 0.0) == (98.0, 102.0)
    assert tolerance_interval(1.0, 0.02, 0.5) == (0.5, 1.5)  # the larger of relative and absolute
    low, high = tolerance_interval(4.15, 0.05, 0)
    assert within(low, (low, high)) and within(high, (low, high))
    assert not within(math.nextafter(high, math.inf), (low, high))
