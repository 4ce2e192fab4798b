import polars as pl
import pytest

from metrics.core.errors import MissingTableError, TableValidationError
from metrics.storage.store import AREAS_FILE, DataStore, values_path


def test_a_broken_values_file_is_set_aside_and_the_rest_is_served(data_dir):
    values_path(data_dir=data_dir, dataset="broken").write_bytes(b"not parquet")
    pl.DataFrame({"indicator_id": ["contacts_new"], "value": ["x"]}).write_parquet(
        values_path(data_dir=data_dir, dataset="wrong_columns")
    )
    store = DataStore(data_dir)
    served = store.values().collect()
    assert served.height == 12 and set(served["dataset"]) == {"test"}
    assert any("broken.parquet" in k for k in store.rejected)
    assert "`area_code`" in store.rejected[str(values_path(data_dir=data_dir, dataset="wrong_columns"))]


def test_a_values_file_with_bad_rows_is_rejected_naming_the_row(data_dir):
    good = pl.read_parquet(values_path(data_dir=data_dir, dataset="test"))
    good.with_columns(pl.lit(-5.0).alias("value")).head(1).with_columns(
        pl.lit("contacts_new").alias("indicator_id")
    ).write_parquet(values_path(data_dir=data_dir, dataset="negative"))
    store = DataStore(data_dir)
    store.value_files()
    message = store.rejected[str(values_path(data_dir=data_dir, dataset="negative"))]
    assert "row 2" in message and "`value`" in message


def test_missing_areas_table_is_named(data_dir):
    (data_dir / AREAS_FILE).unlink()
    with pytest.raises(MissingTableError, match=r"areas\.parquet"):
        DataStore(data_dir).areas()


def test_areas_with_wrong_types_are_rejected(data_dir):
    pl.DataFrame({"area_code": [1]}).write_parquet(data_dir / AREAS_FILE)
    with pytest.raises(TableValidationError, match="area_code"):
        DataStore(data_dir).areas()


def test_files_written_by_publish_carry_their_check_and_others_are_checked_in_full(data_dir):
    from metrics.storage.publish import VALIDATED, publish

    good = pl.read_parquet(values_path(data_dir=data_dir, dataset="test"))
    publish(frame=good, target=values_path(data_dir=data_dir, dataset="published"))
    assert VALIDATED in pl.read_parquet_metadata(values_path(data_dir=data_dir, dataset="published"))
    store = DataStore(data_dir)
    assert values_path(data_dir=data_dir, dataset="published") in store.value_files() and store.rejected == {}


def test_a_query_opens_only_the_files_that_hold_its_indicator(data_dir):
    from tests.conftest import value_row, values_frame

    values_frame([value_row("commendations", "E06000016", "2022/23", 196)]).write_parquet(
        values_path(data_dir=data_dir, dataset="other")
    )
    store = DataStore(data_dir)
    assert store.files_for("commendations") == [values_path(data_dir=data_dir, dataset="other")]
    assert values_path(data_dir=data_dir, dataset="test") in store.files_for("contacts_new")
    assert store.values(indicator_id="commendations").collect()["value"].to_list() == [196.0]


def test_a_result_is_shared_by_stores_over_the_same_files_and_not_after_a_file_changes(data_dir):
    import os

    from metrics.storage.store import shared

    built = []

    def build(tag):
        built.append(tag)
        return tag

    first, second = DataStore(data_dir), DataStore(data_dir)
    assert shared(first, ("k",), lambda: build(1)) == 1
    assert shared(second, ("k",), lambda: build(2)) == 1  # the same files: worked out once
    values = first.value_files()[0]
    stat = values.stat()
    os.utime(values, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # the file published again
    assert shared(DataStore(data_dir), ("k",), lambda: build(3)) == 3
    assert built == [1, 3]


def test_a_published_file_that_no_longer_verifies_is_not_served_and_its_last_good_version_is(data_dir):
    """A file damaged after publishing was set aside, and its figures vanished; the version kept before it is whole."""
    from metrics.storage.publish import publish

    target = values_path(data_dir=data_dir, dataset="test")
    first = pl.read_parquet(target)
    publish(frame=first, target=target)  # recorded, so damage is noticed
    publish(frame=first.with_columns(pl.col("value") + 1), target=target)  # the first is now kept
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # damaged in place after it was published
    target.write_bytes(bytes(data))
    store = DataStore(data_dir)
    served = store.values().collect()
    assert served.drop("dataset").equals(first.select(served.drop("dataset").columns))  # the last good version
    assert set(served["dataset"]) == {"test"}  # under its own name
    assert "do not match the checksum" in store.rejected[str(target)]
    assert store.served_instead[str(target)].startswith("the version kept as")


def _flip_a_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_never_kept_so_stepping_back_never_reaches_damage(data_dir):
    """Publishing over a damaged file (what its note tells the operator to do) once kept the damage as a 'whole'
    version, which was later served as the last good one."""
    from metrics.storage.publish import publish, versions

    target = values_path(data_dir=data_dir, dataset="test")
    first = pl.read_parquet(target)
    publish(frame=first, target=target)  # recorded
    publish(frame=first.with_columns(pl.col("value") + 1), target=target)  # the first kept
    _flip_a_byte(target)
    publish(frame=first.with_columns(pl.col("value") + 2), target=target)  # the damaged one is not kept
    assert len(versions(target=target)) == 1
    _flip_a_byte(target)
    served = DataStore(data_dir).values().collect()
    assert served.drop("dataset").equals(first.select(served.drop("dataset").columns))


def test_a_kept_version_is_checked_as_the_published_file_would_be_before_it_is_served(data_dir):
    """A file put in by hand with duplicate rows was refused; once kept, it was served unchecked."""
    from metrics.storage.publish import publish

    target = values_path(data_dir=data_dir, dataset="test")
    good = pl.read_parquet(target)
    pl.concat([good, good]).write_parquet(target)  # by hand: every row twice
    store = DataStore(data_dir)
    store.value_files()
    assert str(target) in store.rejected
    publish(frame=good, target=target)  # the doubled file is kept
    _flip_a_byte(target)
    store = DataStore(data_dir)
    assert store.values().collect().height == 0 and not store.served_instead  # nothing whole to step back to
    assert str(target) in store.rejected


def test_a_kept_version_set_aside_is_no_longer_said_to_be_shown(data_dir):
    from metrics.storage.publish import publish

    target = values_path(data_dir=data_dir, dataset="test")
    first = pl.read_parquet(target)
    publish(frame=first, target=target)
    publish(frame=first.with_columns(pl.col("value") + 1), target=target)
    _flip_a_byte(target)
    store = DataStore(data_dir)
    kept = [p for p in store.value_files() if ".versions" in str(p)]
    assert kept and store.served_instead
    store.set_aside(kept[0], "damaged")
    assert not store.served_instead and store.values().collect().height == 0
