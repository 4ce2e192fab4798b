"""Each adapter against the real published file in ../shared/data."""

import re
from pathlib import Path

import polars as pl

from metrics.sources import ascof, cqc, oflog, population
from metrics.sources.measures import match, normalise_code
from metrics.storage.store import DataStore

ROOT = Path(__file__).resolve().parents[3]


def test_dhsc_workbook(shared, area_codes):
    frame, report = ascof.read_dhsc_workbook(path=shared / "ascof_dhsc_2015_2025/ascof_2024_25.ods", areas=area_codes)
    assert frame.height > 10_000 and "4B" in report.unmatched_measures  # 4B is now a different measure
    assert not frame["area_code"].str.starts_with("[").any()  # council-type groupings skipped
    leic = frame.filter((pl.col("indicator_id") == "reablement_91day") & (pl.col("area_code") == "E06000016"))
    assert leic["period"].to_list() == ["2024-25"] and leic["status"][0] == "provisional"
    assert "not comparable" in leic["note"][0]
    suppressed = frame.filter(pl.col("note").str.contains(r"\[c\]", literal=False).fill_null(False))
    assert suppressed.height > 0 and suppressed["value"].is_null().all()
    bracketed = frame.filter(
        (pl.col("indicator_id") == "carer_qol_score")
        & (pl.col("area_code") == "E92000001")
        & (pl.col("period") == "2016-17")
    )
    assert bracketed["value"].to_list() == ["7.7"] and "7.6" in bracketed["note"][0]
    # survey measures keep the published margin of error, and the number of respondents as the denominator
    england = frame.filter(
        (pl.col("indicator_id") == "satisfaction_pct")
        & (pl.col("area_code") == "E92000001")
        & (pl.col("period") == "2024-25")
    ).row(0, named=True)
    assert (england["margin_of_error"], england["denominator"], england["numerator"]) == (
        "0.5",
        "59160",
        None,
    )  # as printed in Table_3a
    assert frame.filter(pl.col("indicator_id") == "reablement_91day")["margin_of_error"].is_null().all()


def test_trend_csv_maps_renumbered_codes_to_one_indicator(shared, area_codes):
    frame, report = ascof.read_trend_csv(path=shared / "ascof_trend_2017_2024/trend_data.csv", areas=area_codes)
    leic = frame.filter((pl.col("indicator_id") == "reablement_91day") & (pl.col("area_code") == "E06000016"))
    assert leic["period"].to_list() == ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    assert (
        leic["source"].str.contains("measure 2B1").sum() == 6 and leic["source"].str.contains("measure 2D1").sum() == 1
    )
    assert report.unknown_areas  # abolished councils are reported, not silently dropped


OPEN_HEADER = (
    "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description\n"
)


def _open_file(tmp_path: Path, name: str, code: str, words: str) -> Path:
    rows = [
        f"509,Leicester,Council,E06000016,{code},Total,Numerator,450,{code},{words}",
        f"509,Leicester,Council,E06000016,{code},Total,Denominator,510,{code},{words}",
        f"509,Leicester,Council,E06000016,{code},Total,Outcome,88.2,{code},{words}",
        f"509,Leicester,Council,E06000016,{code},Male,Outcome,80.0,{code},{words}",
        f"E,England,England,E92000001,{code},Total,Outcome,81.8,{code},{words}",
        f"508,Leicestershire,Council,E10000018,{code},Total,Outcome,[c],{code},{words}",
        "509,Leicester,Council,E06000016,9Z,Total,Outcome,1,9Z,Something not carried",
    ]
    path = tmp_path / name
    path.write_text(OPEN_HEADER + "\n".join(rows) + "\n")
    return path


def test_open_data_layout_reads_any_year_without_code_change(tmp_path, area_codes):
    words_old = "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge"
    old, _ = ascof.read_open_data(path=_open_file(tmp_path, "ascof_2021-22.csv", "2B1", words_old), areas=area_codes)
    new, report = ascof.read_open_data(
        path=_open_file(tmp_path, "meas-from-asc-of-eng-2324.csv", "2D1", words_old), areas=area_codes
    )
    for frame, year in ((old, "2021-22"), (new, "2023-24")):
        leic = frame.filter(pl.col("area_code") == "E06000016")
        assert leic.select("indicator_id", "period", "value", "numerator", "denominator").row(0) == (
            "reablement_91day",
            year,
            "88.2",
            "450",
            "510",
        )
        marked = frame.filter(pl.col("area_code") == "E10000018")
        assert marked["value"].to_list() == [None] and "Suppressed" in marked["note"][0]
    assert "9Z" in report.unmatched_measures


def test_open_data_keeps_a_survey_measure_s_margin_of_error_and_base_whatever_their_case(tmp_path, area_codes):
    words = "Overall satisfaction of people who use services with their care and support"
    rows = [
        f"509,Leicester,Council,E06000016,3A,Total,{kind},{value},3A,{words}"
        for kind, value in (
            ("Outcome", "71.7"),
            ("Margin Of Error", "5.4"),
            ("BASE", "260"),
            ("Numerator", "18400.2"),
            ("Denominator", "25662.8"),
        )
    ]  # weighted: not counts
    path = tmp_path / "ascof_2024-25.csv"
    path.write_text(OPEN_HEADER + "\n".join(rows) + "\n")
    frame, _ = ascof.read_open_data(path=path, areas=area_codes)
    assert frame.select("indicator_id", "value", "numerator", "denominator", "margin_of_error").row(0) == (
        "satisfaction_pct",
        "71.7",
        None,
        "260",
        "5.4",
    )


def test_open_data_xlsx(tmp_path, area_codes):
    import openpyxl

    csv = _open_file(tmp_path, "x.csv", "2D1", "still at home 91 days")
    book = openpyxl.Workbook()
    for line in csv.read_text().splitlines():
        book.active.append(line.split(","))
    path = tmp_path / "ascof_2023-24.xlsx"
    book.save(path)
    frame, _ = ascof.read_open_data(path=path, areas=area_codes)
    assert frame.filter(pl.col("area_code") == "E92000001")["value"].to_list() == ["81.8"]


def test_oflog_turnover(shared, area_codes):
    frame, _ = oflog.read_oflog(path=shared / "oflog_asc_2015_2023/ASC_data.csv", areas=area_codes)
    leics = frame.filter((pl.col("area_code") == "E10000018") & (pl.col("period") == "2021-22"))
    assert leics["indicator_id"].to_list() == ["turnover_rate_pct"] and float(leics["value"][0]) > 30


def test_population_bands_add_up(shared, area_codes):
    pop = population.read_population(
        path=shared / "ons_mye_2020/ukpopestimatesmid2020on2021geography.xls", areas=area_codes
    )
    leic = dict(pop.filter(pl.col("area_code") == "E06000016").select("age_band", "population").iter_rows())
    assert leic["18+"] == leic["18-64"] + leic["65+"] and 200_000 < leic["18+"] < 400_000


def test_cqc_directory(shared):
    locations = cqc.read_locations(
        path=shared / "cqc_lincolnshire_sample/cqc_lincolnshire_prefiltered.csv",
        area_names={"Lincolnshire": "E10000019"},
    )
    assert set(locations["service_type"]) == {"Care homes", "Community-based adult social care"}
    shares = cqc.good_or_outstanding(locations)
    assert shares.height == 2 and all(0 < float(v) <= 100 for v in shares["value"])
    assert all(int(n) <= int(d) for n, d in shares.select("numerator", "denominator").iter_rows())


def _outcomes_in_workbook(path: Path) -> dict[tuple[str, str, str, str], str]:
    """(sheet, its title, ONS code, first year) -> the outcome cell as written, for every numeric outcome on every
    measure's sheet, read straight from the grid (not through the adapter)."""
    import fastexcel

    found = {}
    for sheet in [s for s in fastexcel.read_excel(str(path)).sheet_names if s.lower().startswith("table_")]:
        grid = pl.read_excel(path, sheet_name=sheet, engine="calamine", has_header=False, infer_schema_length=0)
        top = next((i for i in range(grid.height) if (grid[i, 0] or "").strip() == "Local authority code"), None)
        if top is None:
            continue
        header = [str(c or "").strip() for c in grid.row(top)]
        ons = header.index("ONS area code")
        years = {i: name[:4] for i, name in enumerate(header) if re.match(r"\d{4} to \d{4} .*outcome$", name.lower())}
        for r in range(top + 1, grid.height):
            code = (grid[r, ons] or "").strip()
            for i, year in years.items():
                cell = (grid[r, i] or "").strip()
                if code.startswith("E") and re.fullmatch(r"-?\d+(\.\d+)?", cell):
                    found[(sheet, str(grid[0, 0] or ""), code, year)] = cell
    return found


def test_every_council_in_the_dhsc_workbook_gets_every_measure_it_is_given(shared, area_codes):
    """Sheet by sheet: each council (or former council read as its successor) with a numeric outcome in the
    workbook has that outcome among the adapter's rows, under the council the dashboard knows."""
    path = shared / "ascof_dhsc_2015_2025/ascof_2024_25.ods"
    frame, _report = ascof.read_dhsc_workbook(path=path, areas=area_codes)
    councils = set(DataStore(ROOT / "data").areas().filter(pl.col("area_type") == "council")["area_code"])
    got = {(r["indicator_id"], r["area_code"], r["period"][:4]) for r in frame.iter_rows(named=True)}
    missing, checked = [], 0
    for (sheet, title, code, year), _cell in _outcomes_in_workbook(path).items():
        alias = area_codes.aliases.get(code)
        shown = alias.successor if alias is not None and int(year) > alias.ended.year - 1 else code
        indicator = match(code=normalise_code(sheet), description=title)
        if shown not in councils or indicator is None:
            continue
        checked += 1
        if (indicator, shown, year) not in got:
            missing.append((sheet, code, year))
    assert checked > 5_000 and missing == [], missing[:10]


def test_dorset_has_its_2024_25_workforce_and_provider_measures():
    """DHSC labels Dorset Council E10000009 on sheets 6A and 6B (2024-25): 34.6% and 89.7% (the workbook)."""
    values = (
        DataStore(ROOT / "data")
        .values()
        .filter((pl.col("area_code") == "E06000059") & (pl.col("period_label") == "2024/25"))
        .collect()
    )
    shown = dict(values.select("indicator_id", "value").iter_rows())
    assert shown["staff_leavers_pct"] == 34.6 and shown["residential_good_outstanding_pct"] == 89.7
