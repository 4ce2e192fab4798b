"""A tiny CLD extract, written by hand: three people, with identifying columns the ingest must drop."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from metrics.ingest.cld import attached_report

HEADER = (
    "LA_Person_Unique_Identifier,NHS_Number,Forename,Surname,Date_of_Birth,Postcode,Gender,Ethnicity,"
    "Client_Type,Primary_Support_Reason,Event_Type,Event_Reference,Event_Start_Date,Event_End_Date,Event_Outcome,"
    "Request_Route_of_Access,Assessment_Type,Eligible_Needs_Identified,Service_Type,Service_Component,"
    "Review_Reason,Review_Outcomes_Achieved,Date_of_Death,Team"
)
PEOPLE = {
    "P1": "9434765919,Ann,Smith,1950-03-14,LE1 1AA,Female,White: Irish,Service user,Learning disability support",
    "P2": "9434765870,Bob,Jones,1990-11-02,LE2 2BB,Male,Asian or Asian British: Indian,Service user,"
    "Mental health support",
    "P3": "9434765862,Cy,Brown,1940-01-20,LE3 3CC,Male,Purple,Service user,Mental health support",
}
EVENTS = [  # person, type, ref, start, end, outcome, route, assessment type, eligible, service type, review reason
    (
        "P1",
        "Request",
        "R1",
        "2021-01-05",
        "2021-01-06",
        "Progress to assessment, review or reassessment",
        "Community / other route",
        "",
        "",
        "",
        "",
    ),
    (
        "P1",
        "Assessment",
        "A1",
        "2021-01-10",
        "2021-02-01",
        "Progress to support planning or services",
        "",
        "Long term support: First assessment",
        "Yes",
        "",
        "",
    ),
    (
        "P1",
        "Service",
        "S1",
        "2021-02-15",
        "",
        "Continuation of support or services",
        "",
        "",
        "",
        "Long term support: Community",
        "",
    ),
    (
        "P2",
        "Request",
        "R2",
        "2023-05-02",
        "2023-05-02",
        "NFA: Information and advice or signposting",
        "Discharge from hospital",
        "",
        "",
        "",
        "",
    ),
    (
        "P2",
        "Service",
        "S2",
        "2022-03-01",
        "",
        "Continuation of support or services",
        "",
        "",
        "",
        "Long term support: Residential care",
        "",
    ),
    (
        "P2",
        "Review",
        "V2",
        "2022-09-01",
        "2022-09-20",
        "Continuation of support or services",
        "",
        "",
        "",
        "",
        "Planned",
    ),
    (
        "P3",
        "Request",
        "R3",
        "2023-06-01",
        "2023-06-01",
        "Progress to assessment, review or reassessment",
        "Carrier pigeon",
        "",
        "",
        "",
        "",
    ),
    (
        "P3",
        "Assessment",
        "A3",
        "2023-06-05",
        "2023-06-20",
        "NFA: Support declined",
        "",
        "Long term support: First assessment",
        "No",
        "",
        "",
    ),
    (
        "P2",
        "Request",
        "R2b",
        "2023-01-10",
        "2023-01-10",
        "Progress to assessment, review or reassessment",
        "Community / other route",
        "",
        "",
        "",
        "",
    ),  # P2 asks again while in residential care: not a new person
]


def extract_text(events=EVENTS) -> str:
    lines = [HEADER]
    for person, kind, ref, start, end, outcome, route, atype, eligible, stype, reason in events:
        lines.append(
            f'{person},{PEOPLE[person]},{kind},{ref},{start},{end},"{outcome}",{route},{atype},{eligible},'
            f"{stype},,{reason},,,Team {person[-1]}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def extract_file(tmp_path) -> Path:
    path = tmp_path / "cld_2023_q1.csv"
    path.write_text(extract_text())
    return path


IDENTIFYING_VALUES = ("9434765919", "Smith", "1950-03-14", "LE1 1AA", "Ann")


IDENTIFYING_COLUMNS = {"nhs_number", "date_of_birth", "postcode", "forename", "surname", "la_person_unique_identifier"}


def _stored_frames(path: Path) -> list[pl.DataFrame]:
    """A Parquet file's rows, and what is attached to them (a CLD dataset's quality report, in its metadata)."""
    report = attached_report(path=path)
    return [pl.read_parquet(path)] + ([report] if report is not None else [])


def assert_nothing_identifying(folder: Path) -> None:
    """No stored file holds a column or value that identifies a person, in its rows, its metadata or what is
    attached to them."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".parquet":
            frames = _stored_frames(path)
            for frame in frames:
                assert not {c.lower() for c in frame.columns} & IDENTIFYING_COLUMNS, path
            text = "".join(f.cast(dict.fromkeys(f.columns, pl.String)).write_csv() for f in frames)
            text += str(pl.read_parquet_metadata(path))
        else:
            text = path.read_bytes().decode("utf-8", "replace")
        for value in IDENTIFYING_VALUES:
            assert value not in text, (path, value)
