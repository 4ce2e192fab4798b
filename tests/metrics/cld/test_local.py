"""A CLD extract's local columns (Team, Locality) publish categories, never what someone typed: names, NHS numbers,
postcodes, dates and e-mail addresses fed through every kept column reach no stored file, no chart table and no
CSV; nor does the extract's file name."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from metrics.cld import local
from metrics.figures import chart_data
from metrics.figures.export import csv_bytes
from metrics.ingest.__main__ import main
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.conftest import HOME, make_data_dir

HOSTILE = (
    "Ann Smith",
    "Bob Jones 9434765870",
    "943 476 5919",
    "LE1 1AA",
    "le2 2bb",
    "14/03/1950",
    "ann.smith@example.org",
    "x" * 61,
)


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("9434765919", True),  # a valid NHS number (its check digit is right)
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),  # the check digit is wrong: not an NHS number
        ("Team 1234567890", False),
        ("LE1 1AA", True),
        ("sw1a1aa", True),
        ("North Locality", False),
        ("Reablement (East)", False),
        ("born 1950-03-14", True),
        ("14.3.50", True),
        ("ann@example.org", True),
    ],
)
def test_what_looks_personal(text, personal):
    assert local.looks_personal(text) is personal


def frame(values: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"LA_Person_Unique_Identifier": [p for p, _ in values], "Team": [t for _, t in values]},
        schema={"LA_Person_Unique_Identifier": pl.String, "Team": pl.String},
    )


def test_a_listed_name_is_published_as_listed_and_anything_else_as_other():
    found = local.categorise(
        frame([("1", "north  team"), ("2", "NORTH-TEAM"), ("3", "Ann Smith"), ("4", None)]),
        names={"Team": ("North Team", "South Team")},
        threshold=5,
    )
    assert found["Team"].to_list() == ["North Team", "North Team", "Other", None]


def test_with_no_list_a_value_needs_enough_people_and_nothing_personal():
    rows = [(str(k), "North Team") for k in range(5)] + [(str(k), "Ann Smith") for k in range(4)]
    rows += [(str(k), "LE1 1AA") for k in range(9)] + [("1", "North Team")]  # a person twice counts once
    found = local.categorise(frame(rows), threshold=5)
    assert found.group_by("Team").len().sort("Team").rows() == [("North Team", 6), ("Other", 13)]


def _extract(folder: Path) -> Path:
    """An extract whose Team and Locality hold names, NHS numbers, postcodes and more, beside real teams; every
    free-text column carries them too. Its file name is a person's."""
    header = (
        "LA_Person_Unique_Identifier,Client_Type,Gender,Ethnicity,Primary_Support_Reason,Birth_Year_Month,"
        "Event_Type,Event_Reference,Event_Start_Date,Event_End_Date,Event_Outcome,Service_Type,Service_Component,"
        "Cost_Frequency_Unit_Type,Team,Locality"
    )
    lines = [header]
    for k in range(40):
        bad = HOSTILE[k % len(HOSTILE)]
        team = "North Team" if k < 20 else bad  # each typed value on two or three people: fewer than five
        place = "City Centre" if k >= 20 or k % 2 else bad
        lines.append(
            f'P{k},Service user,"{bad}","{bad}","{bad}",1950-01,Request,R{k},2023-0{1 + k % 6}-0{1 + k % 9},'
            f'2023-0{1 + k % 6}-1{k % 9},"{bad}",,,,"{team}","{place}"'
        )
        lines.append(
            f"P{k},Service user,Female,White: Irish,Mental health support,1950-01,Service,S{k},2022-01-01,,,"
            f'Long term support: Community,"{bad}","{bad}","{team}","{place}"'
        )
    path = folder / "ann_smith_9434765919_referrals.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _every_text(folder: Path) -> str:
    cells = []
    for path in folder.rglob("*"):
        if path.suffix == ".parquet":
            table = pl.read_parquet(path)
            cells.extend(table.columns)
            for column in table.columns:
                if table[column].dtype == pl.String:
                    cells.extend(v for v in table[column].unique().to_list() if v)
        elif path.is_file():
            cells.append(path.read_text(errors="replace"))
        cells.append(path.name)
    return "\n".join(cells)


def test_nothing_typed_in_an_extract_reaches_a_stored_file_a_chart_table_or_a_csv(tmp_path):
    data = make_data_dir(tmp_path)
    extract = _extract(tmp_path)
    assert main(["--data-dir", str(data), "cld", str(extract), "--dataset", "hostile_cld", "--area", HOME]) == 0
    stored = _every_text(data)
    store = DataStore(data)
    texts = [stored]
    for indicator_id in ("requests_all", "people_long_term_support"):
        for dim in query.breakdowns(store=store, indicator_id=indicator_id, area_code=HOME):
            for audience in ("public", "officer"):
                table = chart_data.build(
                    store=store,
                    indicator_id=indicator_id,
                    area_code=HOME,
                    breakdown_dim=dim,
                    audience=audience,
                    threshold=5,
                )
                texts.append(csv_bytes(chart_data.export_frame(table)).decode())
    every = "\n".join(texts).lower()
    for bad in (*HOSTILE, "ann_smith", "9434765919", "referrals.csv"):
        assert bad.lower() not in every, bad
    published = DataStore(data).values().filter(pl.col("breakdown_dim") == "team").collect()
    assert set(published["breakdown_cat"]) == {"North Team", "Other"}
