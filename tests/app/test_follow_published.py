"""Several servers over one data folder: a dataset published by another server (here, the ingest command run
beside the app, as another server's Update page would) shows on this server's next run, without a restart, because
every run compares the folder's manifests with what this process last saw (views.publishing.follow_published)."""

from __future__ import annotations

from metrics.ingest.values import ingest_values
from tests.app.conftest import open_page, text_of
from views import publishing

HEADER = "indicator_id,area_code,period,value,numerator,denominator,source\n"


def test_a_dataset_published_elsewhere_is_served_on_the_next_run(broken_copy, tmp_path):
    at = open_page("app_pages/about.py")
    assert not at.exception
    assert "elsewhere_upload" not in text_of(at)
    assert not publishing.follow_published()  # nothing new since the page's own run
    export = tmp_path / "export.csv"
    export.write_text(HEADER + "contacts_new,E06000016,2023/24 Q2,4321,,,Leicester export\n", encoding="utf-8")
    said = ingest_values(path=export, dataset="elsewhere_upload", data_dir=broken_copy)
    assert said.startswith("created") or "published" in said
    at.run()  # the next run of the same session, on the same (warm) caches
    assert not at.exception
    assert "elsewhere_upload" in text_of(at)
    assert not publishing.follow_published()  # seen once, and not again


def test_a_run_with_nothing_new_keeps_the_caches(broken_copy):
    at = open_page("app_pages/about.py")
    assert not at.exception
    kept = publishing.follow_published()
    at.run()
    assert kept is False and not publishing.follow_published()
