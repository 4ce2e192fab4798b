from datetime import date

import pytest

from metrics.core import periods
from metrics.core.errors import PeriodParseError


@pytest.mark.parametrize(
    ("label", "start", "end", "ptype", "canonical"),
    [
        ("2022/23", date(2022, 4, 1), date(2023, 3, 31), "financial year", "2022/23"),
        ("2022-23", date(2022, 4, 1), date(2023, 3, 31), "financial year", "2022/23"),
        ("2023/24 Q1", date(2023, 4, 1), date(2023, 6, 30), "quarter", "2023/24 Q1"),
        ("2023/24 Q4", date(2024, 1, 1), date(2024, 3, 31), "quarter", "2023/24 Q4"),
        ("Jun 2023", date(2023, 6, 1), date(2023, 6, 30), "month", "Jun 2023"),
        ("2023-06", date(2023, 6, 1), date(2023, 6, 30), "month", "Jun 2023"),
        ("February 2024", date(2024, 2, 1), date(2024, 2, 29), "month", "Feb 2024"),
        ("30/06/2023", date(2023, 6, 30), date(2023, 6, 30), "snapshot", "30 Jun 2023"),
        ("2023-06-30", date(2023, 6, 30), date(2023, 6, 30), "snapshot", "30 Jun 2023"),
        ("18 January 2023", date(2023, 1, 18), date(2023, 1, 18), "snapshot", "18 Jan 2023"),
        ("2022/23 Q1-Q3", date(2022, 4, 1), date(2022, 12, 31), "part year", "2022/23 Q1-Q3"),
    ],
)
def test_parse_reads_each_form(label, start, end, ptype, canonical):
    p = periods.parse(label)
    assert (p.start, p.end, p.type, p.label) == (start, end, ptype, canonical)


def test_month_label_can_be_a_snapshot():
    p = periods.parse("Feb 2023", period_type="snapshot")
    assert p.type == "snapshot" and p.label == "Feb 2023"


@pytest.mark.parametrize("label", ["", "Q1", "2023/25", "2023-13", "31/02/2023", "Smarch 2023", "2022/23 Q3-Q1"])
def test_parse_rejects_nonsense_and_names_it(label):
    with pytest.raises(PeriodParseError) as err:
        periods.parse(label)
    assert f"`{label}`" in str(err.value)


def test_a_quarter_label_cannot_be_read_as_a_month():
    with pytest.raises(PeriodParseError):
        periods.parse("2023/24 Q1", period_type="month")


@pytest.mark.parametrize("label", ["w/e 2 Jul 2023", "week ending 2 July 2023", "W/E 2 jul 2023", "week to 2 Jul 2023"])
def test_a_week_is_named_by_its_last_day(label):
    p = periods.parse(label)
    assert (p.start, p.end, p.type, p.label) == (date(2023, 6, 26), date(2023, 7, 2), "week", "w/e 2 Jul 2023")


def test_every_day_of_a_week_ends_on_its_sunday():
    days = [date(2023, 6, d) for d in range(26, 31)] + [date(2023, 7, 1), date(2023, 7, 2)]
    assert {periods.week_ending(d) for d in days} == {date(2023, 7, 2)}
    assert periods.week_ending(date(2023, 7, 3)) == date(2023, 7, 9)
