"""What a CLD file says about itself: its reporting period, its council, and which file stands where several cover
the same months; Release 1 columns and values read in full; an extract read from memory."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from metrics.cld import extract
from metrics.cld.extract import ExtractFile
from metrics.core.errors import MetricsError
from metrics.figures import briefing
from metrics.ingest.__main__ import main
from metrics.ingest.cld import ingest_cld
from metrics.storage import schema
from metrics.storage.store import OTHER_AUTHORITIES_FILE, DataStore, values_path
from pack.slides import slide_text
from tests.conftest import HOME, N2, N3, make_data_dir

HEADER = (
    "LA Code,Reporting Period Start Date,Reporting Period End Date,LA_Person_Unique_Identifier,Client_Type,"
    "Birth_Year_Month,Event_Type,Event_Reference,Event_Start_Date,Event_End_Date,Event_Outcome,Assessment_Type,"
    "Service_Type"
)
ASK = "Progress to assessment, review or reassessment"


def csv(rows: list[tuple], *, la: str = N3, start: str = "2022-04-01", end: str = "2023-06-30") -> str:
    lines = [HEADER]
    for person, kind, ref, began, ended, outcome, atype, stype in rows:
        lines.append(
            f'{la},{start},{end},{person},Service user,1950-01,{kind},{ref},{began},{ended},"{outcome}",{atype},{stype}'
        )
    return "\n".join(lines) + "\n"


#: Three people asked in 2023/24 Q1 and were assessed 10, 20 and 40 days later; something happens every month.
Q1 = [
    ("A", "Request", "r1", "2023-04-03", "2023-04-03", ASK, "", ""),
    ("A", "Assessment", "a1", "2023-04-13", "2023-04-20", "NFA: Other", "Long term assessment", ""),
    ("B", "Request", "r2", "2023-05-02", "2023-05-02", ASK, "", ""),
    ("B", "Assessment", "a2", "2023-05-22", "2023-05-30", "NFA: Other", "Long term assessment", ""),
    ("C", "Request", "r3", "2023-05-10", "2023-05-10", ASK, "", ""),
    ("C", "Assessment", "a3", "2023-06-19", "2023-06-25", "NFA: Other", "Long term assessment", ""),
]


def headline(data: Path, dataset: str, indicator_id: str, period: str):
    rows = pl.read_parquet(values_path(data_dir=data, dataset=dataset)).filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("period_label") == period)
        & pl.col("breakdown_dim").is_null()
    )
    return rows.select("value", "numerator", "denominator").row(0) if rows.height else None


def test_an_extract_whose_reporting_period_began_a_year_earlier_gives_its_quarters_waits(tmp_path):
    data = make_data_dir(tmp_path)
    path = tmp_path / "leics.csv"
    path.write_text(csv(Q1))
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "leics_cld", "--area", N3]) == 0
    assert headline(data, "leics_cld", "wait_assessment_median_days", "2023/24 Q1") == (20.0, None, 3.0)
    assert headline(data, "leics_cld", "completed_wait_28d_pct", "2023/24 Q1") == (33.3, 1.0, 3.0)
    sources = pl.read_parquet(values_path(data_dir=data, dataset="leics_cld"))["source"].unique().to_list()
    assert sources == [
        "Computed from CLD dataset leics_cld (reporting period 1 Apr 2022 to 30 Jun 2023) (Apr 2023 to Jun 2023; "
        "2023/24 Q1); DHSC CLD definitions"  # the dataset, never a file's name
    ]


def test_another_councils_extract_is_refused_naming_both(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    path = tmp_path / "notts.csv"
    path.write_text(csv(Q1, la=N2))
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "leics_cld", "--area", N3]) == 1
    said = capsys.readouterr().err
    assert "Nottingham (E06000018)" in said and f"Leicestershire ({N3})" in said and "--test-extract" in said
    assert not values_path(data_dir=data, dataset="leics_cld").exists()
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "t", "--area", N3, "--test-extract"]) == 0


def test_a_three_digit_la_code_is_read_as_its_council(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    pl.DataFrame(
        [("512", "Nottingham", schema.LA_CODE_KIND, N2, "Nottingham", None, "test")],
        schema=schema.OTHER_AUTHORITIES,
        orient="row",
    ).write_parquet(data / OTHER_AUTHORITIES_FILE)
    path = tmp_path / "notts.csv"
    path.write_text(csv(Q1, la="512"))
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "leics_cld", "--area", N3]) == 1
    assert "Nottingham (512)" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "notts_cld", "--area", N2]) == 0


def test_an_la_code_that_is_no_council_is_refused(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    path = tmp_path / "odd.csv"
    path.write_text(csv(Q1, la="XYZ"))
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "leics_cld", "--area", N3]) == 1
    assert "'XYZ', which is not a council" in capsys.readouterr().err


def test_a_later_files_reporting_period_replaces_an_earlier_ones_events(tmp_path):
    first = tmp_path / "q1.csv"
    first.write_text(
        csv(
            [
                ("A", "Request", "r1", "2023-04-03", "2023-04-03", ASK, "", ""),  # April: only the first file has it
                ("B", "Request", "r2", "2023-06-10", "2023-06-10", ASK, "", ""),  # June: the second file drops it
                ("C", "Service", "s1", "2023-01-01", "", "", "", "Long term support: Community"),  # in both
            ],
            start="2023-04-01",
            end="2023-06-30",
        )
    )
    second = tmp_path / "q2.csv"
    second.write_text(
        csv(
            [
                ("D", "Request", "r4", "2023-07-03", "2023-07-03", ASK, "", ""),
                ("C", "Service", "s1", "2023-01-01", "", "", "", "Long term support: Community"),
            ],
            start="2023-06-01",
            end="2023-09-30",
        )
    )
    events, quality = extract.read_extracts([first, second])
    assert sorted(events.filter(pl.col("Event_Type") == "Request")["LA_Person_Unique_Identifier"]) == ["A", "D"]
    assert events.filter(pl.col("LA_Person_Unique_Identifier") == "C").height == 1  # the service, once
    assert quality.replaced == 1 and quality.duplicates == 1
    assert [s.words() for s in quality.submissions] == [
        f"{first.name} (reporting period 1 Apr 2023 to 30 Jun 2023)",
        f"{second.name} (reporting period 1 Jun 2023 to 30 Sep 2023)",
    ]


def test_a_reporting_period_that_ends_before_it_starts_is_refused(tmp_path):
    path = tmp_path / "backwards.csv"
    path.write_text(csv(Q1, start="2023-06-30", end="2023-04-01"))
    with pytest.raises(MetricsError, match="Reporting_Period_End_Date"):
        extract.read_extracts([path])


R1_HEADER = "Person ID,Event Type,Event Start Date,Event End Date,Event Outcome,Request: Route of Access,Client Type"


def test_release_1_columns_and_values_are_read_as_release_2(tmp_path):
    path = tmp_path / "r1.csv"
    path.write_text(
        R1_HEADER
        + "\nP1,Request,2023-04-03,2023-04-03,NFA - Information & Advice / Signposting only,Discharge from Hospital,Service User"
        + "\nP2,Request,2023-04-04,2023-04-04,Progress to Assessment,Community / Other route,Service User"
        + "\nP3,Request,2023-04-05,2023-04-05,Progress to financial assessment,Prison,Service User\n"
    )
    events, quality = extract.read_extracts([path])
    assert events["Event_Outcome"].to_list() == [
        "NFA: Information and advice or signposting",
        "Progress to assessment, review or reassessment",
        "Release 1 specification only: Not mapped",
    ]
    assert events["Request_Route_of_Access"].to_list() == [
        "Discharge from hospital",
        "Community / other route",
        "Prison",
    ]
    report = dict(quality.frame.select("field", "missing").iter_rows())
    assert report["Request_Route_of_Access"] == 0 and report["Event_Outcome"] == 0
    statuses = dict(quality.frame.select("field", "status").iter_rows())
    assert (statuses["Request_Route_of_Access"], statuses["Client_Type"]) == ("mandatory on requests", "mandatory")


def test_a_first_conversation_is_read_from_the_description_which_is_never_kept(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "Person ID,Event Type,Event Start Date,Event Description\n"
        "P1,Request,2024-05-01,Conversation 1 with Mrs Example at home\nP2,Request,2024-05-02,Phone call\n"
    )
    events, quality = extract.read_extracts([path])
    assert events["Conversation"].to_list() == ["Yes", None]
    assert (
        "Event_Description" not in events.columns
        and "Event Description (read only for a first conversation)" in quality.dropped
    )
    assert "Mrs Example" not in events.write_csv()


def test_an_extract_in_memory_is_read_and_published_without_touching_the_disk(tmp_path):
    data = make_data_dir(tmp_path)
    before = set(tmp_path.rglob("*"))
    upload = ExtractFile(name="upload.csv", body=csv(Q1).encode())
    outcome, quality = ingest_cld(paths=[upload], dataset="leics_cld", area_code=N3, data_dir=data)
    assert outcome == "created" and quality.submissions[0].name == "upload.csv"
    written = set(tmp_path.rglob("*")) - before
    assert written and all(p.is_relative_to(data) for p in written)
    assert not any("upload" in p.name for p in written)
    assert headline(data, "leics_cld", "wait_assessment_median_days", "2023/24 Q1") == (20.0, None, 3.0)


def test_the_home_council_is_not_refused_for_its_own_extract(tmp_path):
    data = make_data_dir(tmp_path)
    path = tmp_path / "own.csv"
    path.write_text(csv(Q1, la=HOME))
    assert main(["--data-dir", str(data), "cld", str(path), "--dataset", "own", "--area", HOME]) == 0


def test_the_quarters_wait_reaches_the_meeting_packs_slide_as_on_the_page(tmp_path):
    data = make_data_dir(tmp_path)
    ingest_cld(paths=[ExtractFile(name="q1.csv", body=csv(Q1).encode())], dataset="q1", area_code=N3, data_dir=data)
    brief = briefing.build(
        store=DataStore(data),
        indicator_id="completed_wait_28d_pct",
        area_code=N3,
        audience="officer",
        threshold=5,
        period_type="quarter",
    )
    assert (brief.latest_period, brief.latest_value) == ("2023/24 Q1", "33.3%")
    slide = slide_text(brief, threshold=5, audience="officer")
    assert "33.3%" in " ".join(str(v) for v in vars(slide).values())


def test_a_parquet_extract_in_memory_is_read_as_a_csv_one_is(tmp_path):
    frame = pl.read_csv(csv(Q1).encode(), infer_schema=False)
    buffer = tmp_path / "q1.parquet"
    frame.write_parquet(buffer)
    from_parquet, _ = extract.read_extracts([ExtractFile(name="q1.parquet", body=buffer.read_bytes())])
    from_csv, _ = extract.read_extracts([ExtractFile(name="q1.csv", body=csv(Q1).encode())])
    assert from_parquet.equals(from_csv)


def test_a_release_1_referral_can_be_a_first_conversation(tmp_path):
    path = tmp_path / "r1.csv"
    path.write_text(
        "Person ID,Event Type,Event Start Date,Conversation\nP1,referral,2024-05-01,Y\nP2,Service,2024-05-01,Y\n"
    )
    events, _ = extract.read_extracts([path])
    assert dict(events.select("LA_Person_Unique_Identifier", "Conversation").iter_rows()) == {"P1": "Yes", "P2": None}
