"""Published national data into the bundled data folder, through the same checks as any ingest.

Datasets (data/values/<name>.parquet):
    national_ascof    DHSC ASCOF time series (ODS) and the ASCOF trend compilation (CSV);
                      where both give the same indicator, area and year, the DHSC workbook wins
    national_oflog    Oflog workforce turnover
    national_cqc      share of CQC-rated locations rated good or outstanding, worked out here
    derived_rates     rates per 100,000 worked out from published counts and ONS population
Tables: population.parquet, cqc_locations.parquet.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl

from metrics.ingest.values import validated_values
from metrics.sources import ascof, cqc, oflog, population
from metrics.sources.ascof import OUT_COLUMNS
from metrics.sources.codes import AreaCodes
from metrics.storage import schema
from metrics.storage.publish import publish
from metrics.storage.store import LOCATIONS_FILE, POPULATION_FILE, DataStore, values_path

DHSC_ODS = "ascof_dhsc_2015_2025/ascof_2024_25.ods"
TREND_CSV = "ascof_trend_2017_2024/trend_data.csv"
OFLOG_CSV = "oflog_asc_2015_2023/ASC_data.csv"
CQC_CSV = "cqc_lincolnshire_sample/cqc_lincolnshire_prefiltered.csv"
ONS_XLS = "ons_mye_2020/ukpopestimatesmid2020on2021geography.xls"
KEY = ["indicator_id", "area_code", "period"]


def _publish_values(frame: pl.DataFrame, *, dataset: str, data_dir: Path) -> str:
    checked = validated_values(raw=frame, file=f"({dataset})", data_dir=data_dir)
    return publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset))


def rates_per_100k(
    *, counts: pl.DataFrame, population_table: pl.DataFrame, indicator_id: str, count_id: str, age_band: str
) -> pl.DataFrame:
    """Rows of ``indicator_id`` worked out as count / residents x 100,000, in the ingest layout."""
    pop = population_table.filter(pl.col("age_band") == age_band).select("area_code", "population", "source")
    base = counts.filter(
        (pl.col("indicator_id") == count_id)
        & pl.col("breakdown_dim").is_null()
        & pl.col("value").is_not_null()
        & (pl.col("provenance") != schema.DEMONSTRATION)
        & (pl.col("period_type") == "financial year")
    )
    joined = base.join(pop, on="area_code", suffix="_pop")
    return joined.select(
        pl.lit(indicator_id).alias("indicator_id"),
        "area_code",
        pl.col("period_label").alias("period"),
        (pl.col("value") / pl.col("population") * 100_000).round(1).cast(pl.String).alias("value"),
        pl.col("value").cast(pl.String).alias("numerator"),
        pl.col("population").cast(pl.String).alias("denominator"),
        pl.lit(None, pl.String).alias("margin_of_error"),
        pl.lit("final").alias("status"),
        pl.format(
            "Worked out here: {} / {} residents aged {} (ONS mid-2020) x 100,000",
            pl.col("value").cast(pl.Int64),
            pl.col("population"),
            pl.lit(age_band),
        ).alias("note"),
        pl.format("Derived from {}; and {}", pl.col("source"), pl.col("source_pop")).alias("source"),
        pl.lit(None, pl.String).alias("definition"),
    ).select(list(OUT_COLUMNS))


def build(*, shared: Path, data_dir: Path, log=print) -> None:
    store = DataStore(data_dir)
    areas = store.areas()
    codes = AreaCodes.from_tables(areas=areas, other_authorities=store.other_authorities())

    t = time.perf_counter()
    dhsc, report = ascof.read_dhsc_workbook(path=shared / DHSC_ODS, areas=codes)
    log(str(report))
    trend, report = ascof.read_trend_csv(path=shared / TREND_CSV, areas=codes)
    log(str(report))
    trend = trend.join(dhsc.select(KEY), on=KEY, how="anti")  # the DHSC workbook is the newer publication
    log(
        f"national_ascof: {_publish_values(pl.concat([dhsc, trend]), dataset='national_ascof', data_dir=data_dir)}"
        f" ({time.perf_counter() - t:.1f}s)"
    )

    frame, report = oflog.read_oflog(path=shared / OFLOG_CSV, areas=codes)
    log(str(report))
    log(f"national_oflog: {_publish_values(frame, dataset='national_oflog', data_dir=data_dir)}")

    councils = areas.filter(pl.col("area_type") == "council")
    locations = cqc.read_locations(
        path=shared / CQC_CSV, area_names=dict(councils.select("area_name", "area_code").iter_rows())
    )
    log(
        f"cqc_locations: {publish(frame=locations.cast(pl.Schema(schema.LOCATIONS)), target=data_dir / LOCATIONS_FILE)} "
        f"({locations['location_id'].n_unique()} locations)"
    )
    log(
        f"national_cqc: {_publish_values(cqc.good_or_outstanding(locations), dataset='national_cqc', data_dir=data_dir)}"
    )

    pop = population.read_population(path=shared / ONS_XLS, areas=codes)
    log(f"population: {publish(frame=pop, target=data_dir / POPULATION_FILE)}")
    published = DataStore(data_dir).values().filter(~pl.col("dataset").str.starts_with("derived")).collect()
    rates = rates_per_100k(
        counts=published,
        population_table=pop,
        indicator_id="safeguarding_enquiries_rate",
        count_id="safeguarding_enquiries",
        age_band="18+",
    )
    log(f"derived_rates: {_publish_values(rates, dataset='derived_rates', data_dir=data_dir)}")
