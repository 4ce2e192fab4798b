"""Rebuild the bundled data folder: python -m metrics.seed [--shared ../shared/data]."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polars as pl

from metrics.core import periods
from metrics.core.errors import MetricsError
from metrics.core.settings import PROJECT_ROOT, load_settings
from metrics.ingest.cld import QUALITY_KEY, ingest_cld
from metrics.ingest.values import ingest_values, validated_values
from metrics.storage import schema
from metrics.storage.publish import attachment, publish
from metrics.storage.store import (
    AREAS_FILE,
    CHANGE_POINTS_FILE,
    COMMENTARY_FILE,
    DOCUMENTS_FILE,
    GROUPS_FILE,
    OTHER_AUTHORITIES_FILE,
    DataStore,
    values_path,
)
from seed import demonstration, national, synthetic_cld
from seed.areas import build_areas, build_other_authorities

TRANSCRIPTIONS = PROJECT_ROOT / "transcriptions"
DATASETS = {
    "leicester_001_appendix_c": "leicester_001_appendix_c.csv",
    "leicestershire_000_self_assessment": "leicestershire_000_self_assessment.csv",
}
DEMO_DATASET = "leicester_demonstration"
#: Leicester's demonstration drill-downs, computed from synthetic CLD records through the council's own ingest.
CLD_DATASET = "leicester_synthetic_cld"
CLD_FILE = "leicester_synthetic_cld.parquet"
#: Leicester reports CLD requests from new people as "contacts created" (001, Appendix C).
CLD_RENAMES = {"requests_new": "contacts_new"}


def publish_synthetic_cld(*, data_dir: Path, published: pl.DataFrame) -> str:
    """Generate Leicester's synthetic CLD extract in a scratch folder (person-level rows, even synthetic ones, are
    never kept in data/) and publish what the real CLD ingest computes from it."""
    from metrics.storage.store import LOCATIONS_FILE

    national = values_path(data_dir=data_dir, dataset="national_ascof")
    if national.is_file():  # the real ASCOF 2A, which the synthetic ST-Max outcomes follow year by year
        real_2a = pl.read_parquet(national).filter(
            (pl.col("indicator_id") == "reablement_no_ongoing_pct") & (pl.col("area_code") == synthetic_cld.AREA)
        )
        published = pl.concat([published, real_2a.select(published.columns)])
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / CLD_FILE
        directory = data_dir / LOCATIONS_FILE
        locations = (
            pl.read_parquet(directory)
            if directory.is_file()
            else pl.DataFrame(
                schema={"location_id": pl.String, "service_type": pl.String, "domain": pl.String, "rating": pl.String}
            )
        )
        synthetic_cld.write(published=published, locations=locations, out=path)
        outcome, _ = ingest_cld(
            paths=[path], dataset=CLD_DATASET, area_code=synthetic_cld.AREA, data_dir=data_dir, renames=CLD_RENAMES
        )
    return outcome


def leave_out_published_figures(*, data_dir: Path, dataset: str) -> str:
    """Demonstration fills only what nothing publishes: drop a demonstration dataset's rows for every figure (same
    indicator, council, period and breakdown) that a published or computed row of another dataset gives, and
    publish what is left. A synthetic series may pass through a published point (the calibration makes it), but
    the point people see is the published row, with its publication as its source."""
    key = list(schema.KEY)
    real = (
        DataStore(data_dir)
        .collect(lambda values: values.filter(pl.col("provenance") != schema.DEMONSTRATION).select(key))
        .unique()
    )
    target = values_path(data_dir=data_dir, dataset=dataset)
    demo = pl.read_parquet(target)
    kept = demo.join(real, on=key, how="anti", nulls_equal=True).sort(key, nulls_last=False)
    if kept.height == demo.height:
        return f"no row gives a published figure ({demo.height} rows kept)"
    report = attachment(path=target, key=QUALITY_KEY)  # the extract's quality report stays with its figures
    outcome = publish(
        frame=kept.select(list(schema.VALUES)), target=target, attached={QUALITY_KEY: report} if report else None
    )
    return f"{demo.height - kept.height} rows left out where a publication gives the figure; {outcome}"


def commentary_frame(path: Path) -> pl.DataFrame:
    raw = pl.read_csv(path, infer_schema=False)
    ends = [periods.parse(label).end for label in raw["period"]]
    labels = [periods.parse(label).label for label in raw["period"]]
    return (
        raw.with_columns(pl.Series("period_end", ends, pl.Date), pl.Series("period_label", labels))
        .select(list(schema.COMMENTARY))
        .cast(pl.Schema(schema.COMMENTARY))
        .sort("indicator_id", "area_code", "period_end")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics.seed", description=__doc__)
    parser.add_argument(
        "--shared", type=Path, default=PROJECT_ROOT.parent / "shared" / "data", help="the published originals"
    )
    parser.add_argument("--data-dir", type=Path, help="the data folder to rebuild (default: data_dir in config.toml)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        data_dir = args.data_dir or load_settings().data_dir
        if (args.shared / "ascof_trend_2017_2024").exists():
            areas, groups = build_areas(shared_data=args.shared)
            print("areas:", publish(frame=areas, target=data_dir / AREAS_FILE))
            print("comparator groups:", publish(frame=groups, target=data_dir / GROUPS_FILE))
            print(
                "other authorities:",
                publish(
                    frame=build_other_authorities(shared_data=args.shared), target=data_dir / OTHER_AUTHORITIES_FILE
                ),
            )
        else:
            print(f"{args.shared} not found: keeping the published areas and comparator groups")
        for dataset, file in DATASETS.items():
            print(f"{dataset}:", ingest_values(path=TRANSCRIPTIONS / file, dataset=dataset, data_dir=data_dir))
        print(
            "commentary:",
            publish(frame=commentary_frame(TRANSCRIPTIONS / "commentary.csv"), target=data_dir / COMMENTARY_FILE),
        )
        changes = (
            pl.read_csv(TRANSCRIPTIONS / "change_points.csv", infer_schema=False)
            .with_columns(pl.col("date").str.to_date("%Y-%m-%d"))
            .cast(pl.Schema(schema.CHANGE_POINTS))
        )
        print("change points:", publish(frame=changes, target=data_dir / CHANGE_POINTS_FILE))
        documents = pl.read_csv(TRANSCRIPTIONS / "documents.csv", infer_schema=False).cast(pl.Schema(schema.DOCUMENTS))
        print("documents:", publish(frame=documents, target=data_dir / DOCUMENTS_FILE))
        published = pl.read_parquet(values_path(data_dir=data_dir, dataset="leicester_001_appendix_c"))
        demo = validated_values(
            raw=demonstration.generate(published), file="(generated demonstration rows)", data_dir=data_dir
        )
        print(f"{DEMO_DATASET}:", publish(frame=demo, target=values_path(data_dir=data_dir, dataset=DEMO_DATASET)))
        if (args.shared / national.DHSC_ODS).exists():
            national.build(shared=args.shared, data_dir=data_dir)
        else:
            print(f"{args.shared} not found: keeping the published national datasets")
        print(f"{CLD_DATASET}:", publish_synthetic_cld(data_dir=data_dir, published=published))
        for dataset in (DEMO_DATASET, CLD_DATASET):
            print(f"{dataset}:", leave_out_published_figures(data_dir=data_dir, dataset=dataset))
    except MetricsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
