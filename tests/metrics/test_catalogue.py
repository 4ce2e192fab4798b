from metrics import catalogue, registry
from metrics.store import DataStore


def test_every_indicator_is_listed_with_its_coverage(data_dir):
    table = catalogue.indicator_catalogue(store=DataStore(data_dir))
    assert table.height == len(registry.INDICATORS)
    row = table.filter(table["Id"] == "contacts_new").row(0, named=True)
    assert row["Periods available"] == "2022/23 Q1 to 2023/24 Q1" and row["Includes demonstration data"] is True
    assert table.filter(table["Id"] == "commendations")["Periods available"][0] == "none yet"
