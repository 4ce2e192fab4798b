import polars as pl

from metrics.core import registry
from metrics.figures import catalogue
from metrics.storage.store import DataStore


def test_every_indicator_is_listed_with_its_coverage(data_dir):
    table = catalogue.indicator_catalogue(store=DataStore(data_dir))
    assert table.height == len(registry.INDICATORS)
    row = table.filter(table["Id"] == "contacts_new").row(0, named=True)
    assert row["Periods available"] == "2022/23 Q1 to 2023/24 Q1" and row["Includes demonstration data"] is True
    assert table.filter(table["Id"] == "commendations")["Periods available"][0] == "none yet"


def test_dataset_catalogue_names_each_file_and_the_sources_its_rows_cite(data_dir):
    table = catalogue.dataset_catalogue(store=DataStore(data_dir))
    row = table.filter(pl.col("dataset") == "test").row(0, named=True)
    assert row["rows"] == 12 and row["served"]
    assert row["sources"] == "demonstration; test source"
