"""Update data: an admin uploads an export through the validated ingest; a bad file publishes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import polars as pl

from tests.app.conftest import OFFICER, open_page, text_of

ADMIN = {**OFFICER, "name": "Dee Admin", "email": "dee@leicester.gov.uk", "groups": ["asc-data-admins"]}
HEADER = "indicator_id,area_code,period,value,numerator,denominator,source\n"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def upload(at, name: str, body: bytes, dataset: str):
    at.file_uploader(key="update.file").set_value((name, body, "text/csv"))
    at.text_input(key="update.dataset").set_value(dataset)
    next(b for b in at.button if b.label == "Check and publish").click().run()
    return at


def test_a_bad_file_is_listed_by_line_and_column_and_nothing_is_published(broken_copy):
    before = snapshot(broken_copy)
    at = open_page("app_pages/update.py", user=ADMIN)
    assert not at.exception and "Update data" in at.title[0].value
    body = (
        HEADER + "contacts_new,E06000016,2023/24 Q2,12x,,,Leicester export\n"
        "contacts_new,E99999999,2023/24 Q2,100,,,Leicester export\n"
    ).encode()
    upload(at, "leicester.csv", body, "leicester_monthly")
    assert any("leicester.csv was rejected: nothing was published" in h.value for h in at.get("html"))
    problems = next(h.value for h in at.get("html") if "problem(s): nothing was published" in h.value)
    assert "line 2" in problems and "value" in problems and "12x" in problems and "E99999999" in problems
    assert snapshot(broken_copy) == before


def test_a_good_file_is_published_and_can_be_stepped_back(broken_copy):
    at = open_page("app_pages/update.py", user=ADMIN)
    body = (HEADER + "contacts_new,E06000016,2023/24 Q2,5001,,,Leicester export\n").encode()
    upload(at, "leicester.csv", body, "leicester_upload")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "published" in text_of(at) and "Dee Admin" in text_of(at)
    published = pl.read_parquet(broken_copy / "values" / "leicester_upload.parquet")
    assert published["value"].to_list() == [5001.0]
    upload(at, "leicester.csv", (HEADER + "contacts_new,E06000016,2023/24 Q2,5002,,,x\n").encode(), "leicester_upload")
    at.selectbox(key="update.restore_name").set_value("leicester_upload").run()
    next(b for b in at.button if b.label == "Restore the previous version").click().run()
    assert "stepped back" in text_of(at)
    assert pl.read_parquet(broken_copy / "values" / "leicester_upload.parquet")["value"].to_list() == [5001.0]


def test_an_uploaded_name_is_shown_as_text_never_as_markup(broken_copy):
    at = open_page("app_pages/update.py", user=ADMIN)
    upload(at, "![x](http://attacker.example/p.png)<img src=x>.csv", (HEADER + "bad\n").encode(), "x")
    alert = next(h.value for h in at.get("html") if 'role="alert"' in h.value)
    assert "&lt;img src=x&gt;" in alert and "<img" not in alert


def test_a_file_whose_contents_are_not_its_type_is_refused(broken_copy):
    before = snapshot(broken_copy)
    at = open_page("app_pages/update.py", user=ADMIN)
    at.file_uploader(key="update.file").set_value(
        ("sheet.xlsx", b"indicator_id,area_code\n", "application/octet-stream")
    )
    at.text_input(key="update.dataset").set_value("x")
    next(b for b in at.button if b.label == "Check and publish").click().run()
    assert any("sheet.xlsx: the file's contents are not XLSX" in h.value for h in at.get("html"))
    upload(at, "export.csv", (HEADER + "contacts_new,E06000016,2023/24 Q2,1,,,x\n").encode(), "../../etc/passwd")
    assert any("Dataset name" in h.value for h in at.get("html") if 'role="alert"' in h.value)
    assert snapshot(broken_copy) == before


def test_an_admin_rehearsing_the_public_view_cannot_publish(broken_copy):
    at = open_page("app_pages/update.py", user=ADMIN)
    at.toggle(key="identity.public_view").set_value(True).run()
    assert any("Only a signed-in admin" in e.value for e in at.error)
    assert not at.file_uploader


# --- CLD extracts, uploaded in the browser ----------------------------------------------------------------------

from tests.metrics.cld.test_submissions import Q1, csv  # noqa: E402 - the hand-worked extract, written once

LEICESTERSHIRE = "E10000018"


def upload_cld(at, files: list[tuple[str, bytes]], *, area: str, dataset: str, test: bool = False):
    at.file_uploader(key="update.cld_files").set_value([(n, b, "text/csv") for n, b in files])
    at.selectbox(key="update.cld_area").set_value(area)
    at.text_input(key="update.cld_dataset").set_value(dataset)
    if test:
        at.checkbox(key="update.cld_test").check()
    next(b for b in at.button if b.label == "Compute and publish").click().run()
    return at


def test_a_cld_extract_uploaded_in_the_browser_reaches_the_councils_pages_without_a_restart(broken_copy):
    at = open_page("app_pages/update.py", user=ADMIN)
    upload_cld(at, [("leics_q1.csv", csv(Q1).encode())], area=LEICESTERSHIRE, dataset="leics_cld")
    assert not at.exception and not at.error, [e.value for e in at.error]
    said = text_of(at)
    assert "created dataset leics_cld for Leicestershire" in said and "reporting period 1 Apr 2022" in said
    published = pl.read_parquet(broken_copy / "values" / "leics_cld.parquet")
    q1 = published.filter(
        (pl.col("indicator_id") == "wait_assessment_median_days")
        & (pl.col("period_label") == "2023/24 Q1")
        & pl.col("breakdown_dim").is_null()
    )
    assert q1["value"].to_list() == [20.0]
    assert not {c.lower() for c in published.columns} & {"la_person_unique_identifier", "birth_year_month"}
    demand = open_page(  # an officer: the three waits behind this median are too few for the public view
        "app_pages/demand.py",
        user=OFFICER,
        area=LEICESTERSHIRE,
        indicator="wait_assessment_median_days",
        ptype="quarter",
    )
    assert not demand.exception
    page = text_of(demand)
    # the chart's title states its finding with the latest figure and its period
    assert re.search(
        r'<h2 class="chart-title">Median wait to first response \(days, DHSC Part 1\)[^<]* 2023/24 Q1', page
    )
    assert 'Latest (2023/24 Q1)</div><div class="big-number">20.0' in page
    assert (
        "First responses after a wait over 28 days (%)"
        in next(s for s in demand.selectbox if s.label == "Indicator").options
    )


def test_another_councils_cld_extract_is_refused_in_the_browser_naming_both(broken_copy):
    before = snapshot(broken_copy)
    at = open_page("app_pages/update.py", user=ADMIN)
    upload_cld(at, [("notts.csv", csv(Q1, la="E06000018").encode())], area=LEICESTERSHIRE, dataset="leics_cld")
    alert = next(h.value for h in at.get("html") if 'role="alert"' in h.value)
    assert "Nottingham (E06000018)" in alert and "Leicestershire (E10000018)" in alert
    assert snapshot(broken_copy) == before


def test_a_cld_extract_that_cannot_be_computed_lists_every_problem_by_line(broken_copy):
    before = snapshot(broken_copy)
    bad = (
        csv(Q1)
        .replace("2023-04-13,2023-04-20", "2023-04-13,2023-03-20")
        .replace("2023-05-02,2023-05-02", "2023-05-02,soon")
    )
    at = open_page("app_pages/update.py", user=ADMIN)
    upload_cld(at, [("bad.csv", bad.encode())], area=LEICESTERSHIRE, dataset="leics_cld")
    problems = next(h.value for h in at.get("html") if "problem(s): nothing was published" in h.value)
    assert "row 4" in problems and "Event_End_Date" in problems and "soon" in problems
    assert snapshot(broken_copy) == before


def test_a_file_that_is_not_a_cld_extract_is_refused_by_its_contents(broken_copy):
    at = open_page("app_pages/update.py", user=ADMIN)
    upload_cld(at, [("x.parquet", b"indicator_id,area_code\n")], area=LEICESTERSHIRE, dataset="x")
    assert any("x.parquet: the file's contents are not PARQUET" in h.value for h in at.get("html"))
