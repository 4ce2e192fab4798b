import polars as pl
import pytest

from metrics.core.errors import PublishError
from metrics.storage.publish import publish, restore, versions


def test_publish_creates_then_keeps_the_previous_version(tmp_path):
    target = tmp_path / "t.parquet"
    assert publish(frame=pl.DataFrame({"a": [1]}), target=target) == "created"
    assert publish(frame=pl.DataFrame({"a": [2]}), target=target) == "replaced"
    assert len(versions(target=target)) == 1
    assert pl.read_parquet(target)["a"].to_list() == [2]


def test_publishing_the_same_frame_twice_changes_nothing(tmp_path):
    target = tmp_path / "t.parquet"
    publish(frame=pl.DataFrame({"a": [1]}), target=target)
    before = target.read_bytes()
    assert publish(frame=pl.DataFrame({"a": [1]}), target=target) == "unchanged"
    assert target.read_bytes() == before and versions(target=target) == []


def test_restore_brings_back_the_previous_version(tmp_path):
    target = tmp_path / "t.parquet"
    publish(frame=pl.DataFrame({"a": [1]}), target=target)
    first = target.read_bytes()
    publish(frame=pl.DataFrame({"a": [2]}), target=target)
    restore(target=target)
    assert pl.read_parquet(target)["a"].to_list() == [1]
    assert target.read_bytes() == first


def test_restore_with_nothing_kept_says_so(tmp_path):
    with pytest.raises(PublishError, match="no earlier version"):
        restore(target=tmp_path / "t.parquet")


def test_no_temporary_files_are_left_behind(tmp_path):
    publish(frame=pl.DataFrame({"a": [1]}), target=tmp_path / "t.parquet")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        ".manifest.json",
        ".manifest.json.lock",
        "t.parquet",
    ]


def test_two_publishes_at_once_keep_both_checksums(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from metrics.storage.publish import manifest, verify

    names = [f"d{i}.parquet" for i in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda n: publish(frame=pl.DataFrame({"a": [len(n)]}), target=tmp_path / n), names))
    assert sorted(manifest(tmp_path)) == sorted(names)
    assert all(verify(tmp_path / n) is None for n in names)


def test_publish_records_a_checksum_that_catches_any_changed_byte(tmp_path):
    from metrics.storage.publish import checksum, manifest, verify

    target = tmp_path / "t.parquet"
    publish(frame=pl.DataFrame({"a": list(range(100))}), target=target)
    assert manifest(tmp_path) == {"t.parquet": checksum(target)} and verify(target) is None
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    assert "do not match the checksum" in verify(target)
