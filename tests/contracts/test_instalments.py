"""The "Generar cuotas" rule: one instalment a month from the value and the dates, the last one taking the rounding."""
from datetime import date

import pytest

from wizard.contracts.instalments import (MAX_INSTALMENTS, Planned, add_months, generate, month_count, summary,
                                          total_problem)


def test_a_year_from_the_first_of_february_is_twelve_equal_monthly_instalments_due_at_each_month_end():
    plan = generate(36_000_000, date(2026, 2, 1), date(2027, 1, 31))
    assert [p.number for p in plan] == list(range(1, 13))
    assert {p.value for p in plan} == {3_000_000}
    assert [p.due_on for p in plan[:3]] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert plan[-1].due_on == date(2027, 1, 31)


def test_the_last_instalment_takes_the_rounding_so_the_plan_adds_up_to_the_value():
    plan = generate(10_000_000, date(2026, 1, 15), date(2026, 4, 14))
    assert [p.value for p in plan] == [3_333_333, 3_333_333, 3_333_334]
    assert sum(p.value for p in plan) == 10_000_000


def test_a_contract_ending_part_way_through_a_month_gets_a_last_shorter_period():
    plan = generate(9_000_000, date(2026, 2, 15), date(2026, 5, 10))
    assert [p.due_on for p in plan] == [date(2026, 3, 14), date(2026, 4, 14), date(2026, 5, 10)]


def test_a_contract_shorter_than_a_month_is_one_instalment_due_on_its_last_day():
    assert generate(1_500_000, date(2026, 3, 1), date(2026, 3, 20)) == [Planned(1, date(2026, 3, 20), 1_500_000)]


def test_months_from_the_end_of_a_month_are_clamped_to_shorter_months_without_drifting():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)  # counted from the start, not from February
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_value_smaller_than_the_number_of_months_still_adds_up():
    plan = generate(5, date(2026, 1, 1), date(2026, 12, 31))
    assert len(plan) == 12 and sum(p.value for p in plan) == 5 and plan[-1].value == 5


@pytest.mark.parametrize("starts, ends, value", [
    (date(2026, 2, 1), date(2026, 1, 31), 1_000),  # ends before it starts
    (date(2026, 1, 1), date(2036, 2, 1), 1_000),  # more than ten years
    (date(2026, 1, 1), date(2026, 12, 31), 0),  # no value
])
def test_impossible_plans_are_refused(starts, ends, value):
    with pytest.raises(ValueError):
        generate(value, starts, ends)


def test_ten_years_is_the_most_a_plan_holds():
    assert month_count(date(2026, 1, 1), date(2035, 12, 31)) == MAX_INSTALMENTS


def test_the_total_check_says_how_much_is_missing_or_left_over():
    assert total_problem([3_000_000] * 12, 36_000_000) is None
    assert "faltan $ 3.000.000" in total_problem([3_000_000] * 11, 36_000_000)
    assert "sobran $ 1" in total_problem([3_000_000] * 11 + [3_000_001], 36_000_000)


def test_a_plan_is_summarised_in_one_line_for_the_history():
    plan = [(p.due_on, p.value) for p in generate(36_000_000, date(2026, 2, 1), date(2027, 1, 31))]
    assert summary(plan) == "12 cuotas, $ 36.000.000, de 28/02/2026 a 31/01/2027"
    assert summary([]) == "sin cuotas"
