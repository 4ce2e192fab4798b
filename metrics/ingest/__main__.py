"""Command line for ingest: exit 0 on success, 1 on rejected input, 2 on misuse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from metrics.core.errors import MetricsError
from metrics.core.settings import load_settings
from metrics.ingest.values import check_dataset_name, ingest_open_data, ingest_values
from metrics.storage.publish import describe_versions, restore, versions
from metrics.storage.store import VALUES_DIR, values_path


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (docs list every subcommand and option: tests/test_documented.py)."""
    parser = argparse.ArgumentParser(prog="python -m metrics.ingest", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="data folder (default: data_dir in config.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_values = sub.add_parser("values", help="check a CSV/XLSX/ODS file and publish it as a dataset")
    p_values.add_argument("file", type=Path)
    p_values.add_argument("--dataset", required=True, help="name of the dataset, e.g. leicester_monthly")
    p_values.add_argument("--sheet", help="sheet name for XLSX/ODS (default: the first sheet)")
    p_values.add_argument("--encoding", help="a CSV's encoding when it is not UTF-8, e.g. cp1252 or utf-16")
    p_ascof = sub.add_parser("ascof", help="publish an NHS Digital ASCOF open-data file (any year, CSV or XLSX)")
    p_ascof.add_argument("file", type=Path)
    p_ascof.add_argument(
        "--dataset", required=True, help="e.g. national_ascof_open_2022_23 (national_ names rank first)"
    )
    p_ascof.add_argument("--sheet", help="sheet name for XLSX (default: the first sheet)")
    p_ascof.add_argument("--encoding", help="a CSV's encoding when it is not UTF-8, e.g. cp1252 or utf-16")
    p_cld = sub.add_parser(
        "cld", help="compute indicators from a council's CLD extracts (CSV or Parquet, Release 1 or 2) and publish them"
    )
    p_cld.add_argument("files", type=Path, nargs="+")
    p_cld.add_argument("--dataset", required=True, help="e.g. leicester_cld")
    p_cld.add_argument("--area", required=True, help="the council's ONS code, e.g. E06000016")
    p_cld.add_argument(
        "--as",
        dest="renames",
        action="append",
        metavar="CLD_ID=LOCAL_ID",
        help="publish a CLD indicator under the council's own indicator, e.g. requests_new=contacts_new (repeatable)",
    )
    p_cld.add_argument("--encoding", help="a CSV extract's encoding when it is not UTF-8, e.g. cp1252 or utf-16")
    p_cld.add_argument(
        "--test-extract",
        action="store_true",
        help="the extract is a test file: load it even though its LA_Code is another council's",
    )
    p_restore = sub.add_parser("restore", help="step back once to the previous version of a dataset")
    p_restore.add_argument("--dataset", required=True)
    sub.add_parser("list", help="list published datasets and their kept versions, with times and row counts")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    try:
        settings = load_settings()
        data_dir = args.data_dir or settings.data_dir
        if args.command != "list":
            check_dataset_name(args.dataset)  # before anything is read or written: a name never becomes a path
        if args.command == "values":
            outcome = ingest_values(
                path=args.file, dataset=args.dataset, data_dir=data_dir, sheet=args.sheet, encoding=args.encoding
            )
            print(f"{args.file}: {outcome} {values_path(data_dir=data_dir, dataset=args.dataset)}")
        elif args.command == "ascof":
            outcome, report = ingest_open_data(
                path=args.file, dataset=args.dataset, data_dir=data_dir, sheet=args.sheet, encoding=args.encoding
            )
            print(report)
            print(f"{args.file}: {outcome} {values_path(data_dir=data_dir, dataset=args.dataset)}")
        elif args.command == "cld":
            from metrics.ingest.cld import ingest_cld, parse_renames

            outcome, quality = ingest_cld(
                paths=args.files,
                dataset=args.dataset,
                area_code=args.area,
                data_dir=data_dir,
                renames=parse_renames(args.renames),
                test_extract=args.test_extract,
                local_names=settings.local_categories,
                threshold=settings.suppression_threshold,
                encoding=args.encoding,
            )
            print(f"{outcome} {values_path(data_dir=data_dir, dataset=args.dataset)}")
            print(
                f"dropped at ingest (identifying or unused): {', '.join(quality.dropped) or 'none'}; "
                f"events sent twice, kept once: {quality.duplicates}; "
                f"events replaced by a later file's reporting period: {quality.replaced}"
            )
            for submission in quality.submissions:
                print(f"  {submission.words()}; LA_Code {', '.join(submission.la_codes) or 'not given'}")
            print(quality.frame)
        elif args.command == "restore":
            target = values_path(data_dir=data_dir, dataset=args.dataset)
            restore(target=target)
            left = len(versions(target=target))
            print(f"{target}: stepped back one version ({left} earlier version(s) still kept)")
        else:
            for path in sorted((Path(data_dir) / VALUES_DIR).glob("*.parquet")):
                print(f"{path.stem}:")
                for which, when, rows in describe_versions(target=path):
                    print(f"  {which:8} published {when}, {rows if rows is not None else '?'} rows")
    except MetricsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
