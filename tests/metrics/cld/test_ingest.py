"""`python -m metrics.ingest cld`: one command from extract to published rows; nothing partial, nothing identifying."""

from __future__ import annotations

import contextlib

import polars as pl
import pytest

from metrics.ingest.__main__ import main
from metrics.ingest.cld import quality_reports
from metrics.storage.publish import verify
from metrics.storage.store import DataStore, values_path
from tests.conftest import HOME, make_data_dir
from tests.metrics.cld.conftest import EVENTS, assert_nothing_identifying, extract_text
from tests.metrics.storage.test_publish_faults import STEPS, Stop, _stop_at


def test_one_command_publishes_the_indicators_with_their_source_and_the_quality_report(tmp_path, extract_file, capsys):
    data = make_data_dir(tmp_path)
    assert main(["--data-dir", str(data), "cld", str(extract_file), "--dataset", "leicester_cld", "--area", HOME]) == 0
    rows = pl.read_parquet(values_path(data_dir=data, dataset="leicester_cld"))
    assert {"requests_all", "reviews_overdue_24m", "assessments_eligible_pct"} <= set(rows["indicator_id"])
    # the months it holds events in, from January 2021 to June 2023; no quarter is whole, so none is named
    assert rows["source"].unique().to_list() == [
        "Computed from CLD dataset leicester_cld (Jan 2021 to Jun 2023); DHSC CLD definitions"  # never the file's name
    ]
    published = DataStore(data).values().filter(pl.col("dataset") == "leicester_cld").collect()
    assert published.height and set(published["provenance"]) == {"computed"}  # the council's own records
    overdue = (
        DataStore(data)
        .values()
        .filter(
            (pl.col("indicator_id") == "reviews_overdue_24m")
            & (pl.col("period_label") == "Jun 2023")
            & pl.col("breakdown_dim").is_null()
        )
        .collect()
    )
    assert overdue["value"].to_list() == [1.0] and overdue["period_type"].to_list() == ["snapshot"]
    quality = quality_reports(data_dir=data).filter(pl.col("dataset") == "leicester_cld")
    assert quality.filter(pl.col("field") == "Request_Route_of_Access")["invalid"].to_list() == [1]
    assert "NHS_Number" in capsys.readouterr().out  # the command says what it dropped
    assert_nothing_identifying(data)


def test_a_bad_extract_publishes_nothing_and_the_last_good_version_stays(tmp_path, extract_file, capsys):
    data = make_data_dir(tmp_path)
    assert main(["--data-dir", str(data), "cld", str(extract_file), "--dataset", "leicester_cld", "--area", HOME]) == 0
    before = values_path(data_dir=data, dataset="leicester_cld").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(extract_text().replace("2022-09-20", "2022-08-01"))  # a review ending before it started
    assert main(["--data-dir", str(data), "cld", str(bad), "--dataset", "leicester_cld", "--area", HOME]) == 1
    said = capsys.readouterr().err
    assert "bad.csv" in said and "Event_End_Date" in said and "row 7" in said  # the file's own line 7
    assert values_path(data_dir=data, dataset="leicester_cld").read_bytes() == before


def test_a_dataset_name_or_area_that_is_not_allowed_is_refused_before_anything_is_read(tmp_path, extract_file):
    data = make_data_dir(tmp_path)
    assert main(["--data-dir", str(data), "cld", str(extract_file), "--dataset", "../x", "--area", HOME]) == 1
    assert main(["--data-dir", str(data), "cld", str(extract_file), "--dataset", "ok", "--area", "E99999999"]) == 1
    assert not values_path(data_dir=data, dataset="ok").exists()


def test_a_council_can_publish_a_cld_indicator_under_its_own_name(tmp_path, extract_file):
    data = make_data_dir(tmp_path)
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "cld",
                str(extract_file),
                "--dataset",
                "leicester_cld",
                "--area",
                HOME,
                "--as",
                "requests_new=contacts_new",
            ]
        )
        == 0
    )
    rows = pl.read_parquet(values_path(data_dir=data, dataset="leicester_cld"))
    assert "requests_new" not in set(rows["indicator_id"]) and "contacts_new" in set(rows["indicator_id"])
    named = rows.filter(pl.col("indicator_id") == "contacts_new")
    assert named["note"].str.contains("computed as CLD 'requests_new'").all()


@pytest.mark.parametrize(
    ("pair", "named"), [("requests_nu=contacts_new", "requests_nu"), ("requests_new=contacts_nu", "contacts_nu")]
)
def test_an_unknown_name_in_as_is_refused_before_anything_is_read(tmp_path, extract_file, capsys, pair, named):
    data = make_data_dir(tmp_path)
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "cld",
                str(extract_file),
                "--dataset",
                "leicester_cld",
                "--area",
                HOME,
                "--as",
                pair,
            ]
        )
        == 1
    )
    assert named in capsys.readouterr().err
    assert not values_path(data_dir=data, dataset="leicester_cld").exists()


def test_a_computed_figure_beyond_its_unit_is_a_finding_not_a_refusal():
    """A 2-million-row extract was refused whole because one computed admission rate broke the contract (#26)."""
    from metrics.ingest.cld import beyond_their_units

    text = pl.DataFrame(
        {
            "indicator_id": ["admissions_65_rate", "admissions_65_rate", "assessments_eligible_pct"],
            "period": ["2023/24", "2022/23", "Jun 2023"],
            "value": ["150000.0", "612.4", "100.0"],
        }
    )
    kept, said = beyond_their_units(text)
    assert kept["period"].to_list() == ["2022/23", "Jun 2023"]
    assert said is not None and "admissions_65_rate 2023/24" in said and "1 figure" in said
    assert beyond_their_units(kept) == (kept, None)


#: Where a kill falls between two renames (the other operations are each file's own, in test_publish_faults.py).
BETWEEN_RENAMES = [step for step in STEPS if step[1] in ("replace", "fsync", "_announce", "_record")]


@pytest.mark.parametrize("where", BETWEEN_RENAMES, ids=lambda s: ".".join(s))
@pytest.mark.parametrize("nth", [1, 2, 3, 4, 5, 6])  # the values publish, then (once) the report's
def test_an_ingest_stopped_at_any_step_keeps_figures_and_quality_report_of_the_same_extract(
    tmp_path, extract_file, monkeypatch, where, nth
):
    """A kill between the values' rename and the quality report's once left new figures beside the old report."""
    data = make_data_dir(tmp_path)
    args = ["--data-dir", str(data), "cld", "--dataset", "leicester_cld", "--area", HOME]
    assert main([*args, str(extract_file)]) == 0
    later = tmp_path / "later.csv"
    later.write_text(extract_text(EVENTS[:-2]))  # two events fewer: other figures, other counts
    published = values_path(data_dir=data, dataset="leicester_cld")
    pairs = [(pl.read_parquet(published), quality_reports(data_dir=data))]
    with monkeypatch.context() as m:
        _stop_at(m, where, nth)
        with contextlib.suppress(Stop):
            main([*args, str(later)])
    seen = (pl.read_parquet(published), quality_reports(data_dir=data))
    assert verify(published) is None
    assert main([*args, str(later)]) == 0
    pairs.append((pl.read_parquet(published), quality_reports(data_dir=data)))
    assert not pairs[0][0].equals(pairs[1][0]) and not pairs[0][1].equals(pairs[1][1])  # the two differ in both
    assert any(seen[0].equals(rows) and seen[1].equals(report) for rows, report in pairs)
    assert not list(data.rglob("*.tmp"))


#: The ingest command for the test dataset, less the extract's path.
INGEST = ["cld", "--dataset", "leicester_cld", "--area", HOME]


def _published_twice(tmp_path, extract_file):
    """A data folder where the extract, then a later one with two events fewer, were published: the folder and the
    first publish's quality report."""
    data = make_data_dir(tmp_path)
    assert main(["--data-dir", str(data), *INGEST, str(extract_file)]) == 0
    first = quality_reports(data_dir=data)
    later = tmp_path / "later.csv"
    later.write_text(extract_text(EVENTS[:-2]))
    assert main(["--data-dir", str(data), *INGEST, str(later)]) == 0
    return data, first


def test_restore_brings_back_the_quality_report_of_the_figures_it_restores(tmp_path, extract_file):
    data, first = _published_twice(tmp_path, extract_file)
    assert not quality_reports(data_dir=data).equals(first)
    assert main(["--data-dir", str(data), "restore", "--dataset", "leicester_cld"]) == 0
    assert quality_reports(data_dir=data).equals(first)


def test_the_quality_report_shown_is_that_of_the_figures_served(tmp_path, extract_file):
    """A damaged file's report (its footer still readable) was shown beside the earlier version's figures."""
    data, first = _published_twice(tmp_path, extract_file)
    published = values_path(data_dir=data, dataset="leicester_cld")
    raw = bytearray(published.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    published.write_bytes(bytes(raw))
    store = DataStore(data)
    assert quality_reports(data_dir=data, served=store.value_files()).equals(first)
