"""Update data, for admins: a council's export uploaded through the same validated ingest as the command line,
every problem listed by line and column, published only when the whole file passes, and a step back to the
previous version of any dataset.

The role is asked on the server on every run and again at the moment of publishing or restoring; the page is not
in the navigation for anyone else, and opening its address without the admin role shows only a refusal.
"""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl
import streamlit as st

from metrics.core.errors import MetricsError, TableValidationError
from views import identity, publishing, state, tables

MAX_MB = 20
TYPES = {"csv": b"", "xlsx": b"PK\x03\x04", "ods": b"PK\x03\x04"}  # XLSX and ODS are zip files


def _alert(text: str) -> None:
    """An error naming what someone uploaded or typed: escaped text, never read as markdown or HTML."""
    st.html(f'<div class="notice error" role="alert">{html.escape(text, quote=False)}</div>')


def _refuse() -> bool:
    if identity.access().loads_data:
        return False
    st.error("Only a signed-in admin can load or restore data.", icon=":material/lock:")
    return True


def _checked_upload(upload) -> tuple[str, bytes]:
    """The upload's type and bytes, if its name's ending and its first bytes agree; MetricsError otherwise."""
    kind = Path(upload.name).suffix.lower().lstrip(".")
    if kind not in TYPES:
        raise MetricsError(f"{upload.name}: expected a CSV, XLSX or ODS file, got .{kind or '(no ending)'}")
    if upload.size > MAX_MB * 1024 * 1024:
        raise MetricsError(f"{upload.name}: the file is {upload.size / 1024 / 1024:.1f} MB; the most is {MAX_MB} MB")
    body = upload.getvalue()
    if not body.startswith(TYPES[kind]) or (kind == "csv" and body[:4] == b"PK\x03\x04"):
        raise MetricsError(f"{upload.name}: the file's contents are not {kind.upper()}")
    return kind, body


def _problems_table(exc: TableValidationError) -> str:
    frame = pl.DataFrame(
        {
            "Where": [p.location or (f"row {p.row}" if p.row is not None else "whole column") for p in exc.problems],
            "Column": [p.column for p in exc.problems],
            "Expected": [p.expected for p in exc.problems],
            "Found": [p.found for p in exc.problems],
        }
    )
    return tables.html_table(frame, caption=f"{len(exc.problems)} problem(s): nothing was published")


def _publish(upload, dataset: str, sheet: str, encoding: str) -> None:
    kind, body = _checked_upload(upload)
    outcome = publishing.publish_upload(
        body=body, kind=kind, dataset=dataset, sheet=sheet or None, encoding=encoding or None
    )
    who = identity.access()
    st.session_state["update.flash"] = f"{upload.name}: {outcome} dataset {dataset} (by {who.author})."


def render() -> None:
    state.publish({"area": state.area()})
    st.title("Update data")
    if _refuse():
        return
    said = st.session_state.pop("update.flash", None)
    if said:
        st.html(f'<div class="notice" role="status">{html.escape(said, quote=False)}</div>')
    st.markdown(
        "Load a council's export in the values contract (docs/data-contract.md): the same checks as "
        "`python -m metrics.ingest values`. Nothing is published unless the whole file passes; the "
        "version it replaces is kept, and can be restored below."
    )
    with st.form("update.form", border=True):
        upload = st.file_uploader(
            f"The export (CSV, XLSX or ODS, up to {MAX_MB} MB)",
            type=list(TYPES),
            key="update.file",
            max_upload_size=MAX_MB,
        )
        c1, c2, c3 = st.columns([2, 1, 1])
        dataset = c1.text_input(
            "Dataset name",
            key="update.dataset",
            placeholder="leicester_monthly",
            help="Lower-case letters, digits, '-' and '_': it names the published file.",
        )
        sheet = c2.text_input("Sheet (XLSX/ODS)", key="update.sheet", placeholder="the first sheet")
        encoding = c3.text_input("CSV encoding", key="update.encoding", placeholder="UTF-8")
        go = st.form_submit_button("Check and publish", icon=":material/publish:", type="primary")
    if go:
        if upload is None:
            st.error("Choose a file first.", icon=":material/error:")
        elif not _refuse():
            try:
                _publish(upload, dataset.strip(), sheet.strip(), encoding.strip())
                st.rerun()
            except TableValidationError as exc:
                _alert(f"{upload.name} was rejected: nothing was published.")
                st.html(_problems_table(exc))
            except MetricsError as exc:
                _alert(str(exc))
    _restore_section()


def _restore_section() -> None:
    st.header("Published datasets and earlier versions", divider="gray")
    names = publishing.dataset_names()
    rows = [(name, which, when, rows) for name in names for which, when, rows in publishing.dataset_versions(name)]
    st.html(
        tables.html_table(
            pl.DataFrame(rows, schema=["Dataset", "Version", "Published", "Rows"], orient="row"),
            caption="Every published dataset and the versions kept",
        )
    )
    restorable = [n for n in names if publishing.restorable(n)]
    if not restorable:
        st.caption("No dataset has an earlier version to go back to.")
        return
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    name = c1.selectbox("Dataset to step back", restorable, key="update.restore_name")
    if c2.button("Restore the previous version", key="update.restore", icon=":material/history:") and not _refuse():
        try:
            publishing.restore_dataset(name)
        except MetricsError as exc:
            _alert(str(exc))
            return
        st.session_state["update.flash"] = (
            f"{name}: stepped back to its previous version (by {identity.access().author})."
        )
        st.rerun()
