"""``python -m national``, the command a region or a national body scripts: the single-machine engine end to end
(the Spark engine's own tests are in test_spark.py), and a clear refusal of a folder that is not a collection."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from national.__main__ import main
from seed.national_cld import write_sample

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.unit
def test_the_command_builds_and_publishes_region_and_england_rows(tmp_path, capsys):
    collection = tmp_path / "collection"
    write_sample(out=collection, data_dir=ROOT / "data", years=2, scale=0.05, only=("E06000016", "E06000018"))
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("values"))
    argv = ["--engine", "polars", "--collection", str(collection), "--out", str(tmp_path / "out")]
    code = main([*argv, "--data-dir", str(tmp_path / "data"), "--publish", "pooled_cld"])
    said = capsys.readouterr().out
    assert code == 0
    assert "2 councils" in said and "2 areas (regions and England)" in said and "pooled_cld: created" in said
    published = pl.read_parquet(tmp_path / "data" / "values" / "pooled_cld.parquet")
    assert set(published["area_code"].unique().to_list()) == {"E12000004", "E92000001"}


@pytest.mark.unit
def test_a_folder_without_council_partitions_is_refused_clearly(tmp_path, capsys):
    code = main(["--engine", "polars", "--collection", str(tmp_path), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "no area_code=… folders" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
