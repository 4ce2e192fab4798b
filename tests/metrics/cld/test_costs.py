"""The planned cost of care from CLD (DHSC's costs fact), worked by hand, and the yearly ASCOF measures published
end to end from an extract that fills the fields they rest on."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.cld import costs, indicators
from metrics.core import periods
from metrics.ingest.__main__ import main
from metrics.ingest.cld import quality_reports
from metrics.storage.store import values_path
from tests.conftest import HOME, make_data_dir
from tests.metrics.cld.test_ascof import ev, events

Q1 = periods.parse("2024/25 Q1")  # 1 April to 30 June 2024: 91 days, 13 weeks
LTS = {"Service_Type": "Long term support: Community", "Client_Type": "Service user"}


def cost(frequency, unit, units=None) -> dict:
    return {"Unit_Cost": unit, "Cost_Frequency_Unit_Type": frequency, "Planned_Units_Per_Week": units}


def costed(*rows) -> pl.DataFrame:
    frame = events(*rows).with_columns(pl.col("Unit_Cost", "Planned_Units_Per_Week").cast(pl.Float64))
    return costs.costed_services(frame)


def test_the_frequency_gives_the_units_a_week_where_it_can_and_the_planned_units_otherwise():
    found = costed(
        ev("A", "Service", "2024-01-01", None, **LTS, **cost("Weekly", "700")),
        ev("B", "Service", "2024-01-01", None, **LTS, **cost("Four-weekly", "400", "9")),  # frequency wins
        ev("C", "Service", "2024-01-01", None, **LTS, **cost("Hourly", "-20", "-10")),  # made positive
        ev("D", "Service", "2024-01-01", None, **LTS, **cost("Hourly", "20", "0")),  # no units: left out
        ev("E", "Service", "2024-01-01", None, **LTS, **cost("Monthly", "0")),  # no cost: left out
        ev("F", "Service", "2024-05-01", "2024-05-01", **LTS, **cost("One-off", "250")),
    )
    got = dict(found.select("LA_Person_Unique_Identifier", "_per_week").iter_rows())
    assert got == {"A": 700.0, "B": 100.0, "C": 200.0, "F": None}


def test_the_cost_in_a_quarter_is_the_weekly_cost_times_the_weeks_inside_it():
    found = costed(
        ev("A", "Service", "2024-01-01", None, **LTS, **cost("Weekly", "700")),  # the whole quarter: 13 weeks
        ev("B", "Service", "2024-06-24", "2024-07-31", **LTS, **cost("Weekly", "70")),  # 7 days inside: 1 week
        ev("C", "Service", "2024-03-01", "2024-03-31", **LTS, **cost("Weekly", "70")),  # ended before
        ev("F", "Service", "2024-05-01", "2024-05-01", **LTS, **cost("One-off", "250")),
        ev("G", "Service", "2024-03-01", "2024-05-01", **LTS, **cost("One-off", "999")),  # started before: not here
    )
    inside = costs.in_period(found, period=Q1)
    assert dict(inside.select("LA_Person_Unique_Identifier", "_in_period").iter_rows()) == {
        "A": pytest.approx(9100.0),
        "B": pytest.approx(70.0),
        "F": 250.0,
    }
    rows = indicators.quarterly_costs(
        events(
            ev("A", "Service", "2024-01-01", None, **LTS, **cost("Weekly", "700")),
            ev("B", "Service", "2024-06-24", "2024-07-31", **LTS, **cost("Weekly", "70")),
        ).with_columns(pl.col("Unit_Cost", "Planned_Units_Per_Week").cast(pl.Float64)),
        quarters=[Q1],
    )
    head = {r["indicator_id"]: r for r in rows.filter(pl.col("breakdown_dim").is_null()).iter_rows(named=True)}
    assert head["care_cost_total"]["value"] == 9170.0
    assert (head["lts_cost_per_week"]["value"], head["lts_cost_per_week"]["denominator"]) == (385.0, 2.0)


HEADER = (
    "LA_Code,LA_Person_Unique_Identifier,Client_Type,Birth_Year_Month,Primary_Support_Reason,Event_Type,"
    "Event_Reference,Event_Start_Date,Event_End_Date,Event_Outcome,Service_Type,Service_Component,"
    "Delivery_Mechanism,Accommodation_Status,Unit_Cost,Cost_Frequency_(Unit_Type),Planned_units_per_week,"
    "Reporting_Period_Start_Date,Reporting_Period_End_Date"
)


def _line(person, kind, ref, start, end="", outcome="", stype="", component="", dm="", status="", unit="", freq=""):
    who = {"L": "Learning disability support"}.get(person[0], "Physical support: Personal care support")
    return (
        f"{HOME},{person},Service user,1980-01,{who},{kind},{ref},{start},{end},{outcome},{stype},{component},"
        f"{dm},{status},{unit},{freq},,2024-04-01,2025-03-31"
    )


def test_an_extract_with_costs_delivery_and_accommodation_publishes_every_yearly_measure(tmp_path):
    community = "Long term support: Community"
    lines = [
        HEADER,
        _line("R1", "Request", "r1", "2024-04-01", "2024-04-01", "NFA: Other"),
        _line("A1", "Service", "a1", "2023-01-01", "", "", community, "", "Direct payment", "", '"£1,050"', "Weekly"),
        _line("A2", "Service", "a2", "2023-01-01", "", "", community, "", "CASSR commissioned support", "", "x", ""),
        _line("L1", "Service", "l1", "2023-01-01", "", "", community, "", "", "Tenant"),
        _line("L2", "Service", "l2", "2023-01-01", "", "", community, "", "", "Registered care home"),
    ]
    for month in range(4, 16):  # an event every month, so every month of the year is covered
        day = date(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 2)
        lines.append(_line("R1", "Request", f"m{month}", day.isoformat(), day.isoformat(), "NFA: Other"))
    extract = tmp_path / "cld_2024_25.csv"
    extract.write_text("\n".join(lines) + "\n")
    data = make_data_dir(tmp_path)
    assert main(["--data-dir", str(data), "cld", str(extract), "--dataset", "costed", "--area", HOME]) == 0
    rows = pl.read_parquet(values_path(data_dir=data, dataset="costed")).filter(pl.col("breakdown_dim").is_null())
    got = {(r["indicator_id"], r["period_label"]): r["value"] for r in rows.iter_rows(named=True)}
    assert got[("sds_pct", "2024/25")] == 25.0  # A1 of the four in the community
    assert got[("direct_payments_pct", "2024/25")] == 25.0
    assert got[("ld_home_pct", "2024/25")] == 50.0  # L1 of L1 and L2
    assert got[("care_cost_total", "2024/25 Q1")] == 13_650.0  # £1,050 a week for 13 weeks
    assert got[("lts_cost_per_week", "2024/25 Q4")] == 1_050.0
    quality = quality_reports(data_dir=data).filter(pl.col("dataset") == "costed")
    unit = quality.filter(pl.col("field") == "Unit_Cost").row(0, named=True)
    assert (unit["invalid"], unit["missing"]) == (1, 2)  # 'x' is not a number; L1 and L2 give none
