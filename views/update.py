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
from views import data, identity, publishing, state, tables

MAX_MB = 20
TYPES = {"csv": b"", "xlsx": b"PK\x03\x04", "ods": b"PK\x03\x04"}  # XLSX and ODS are zip files
#: A CLD extract is a year of a council's events: larger than a values export.
CLD_MAX_MB = 200
CLD_TYPES = {"csv": b"", "parquet": b"PAR1"}


def _alert(text: str) -> None:
    """An error naming what someone uploaded or typed: escaped text, never read as markdown or HTML."""
    st.html(f'<div class="notice error" role="alert">{html.escape(text, quote=False)}</div>')


def _refuse() -> bool:
    if identity.access().loads_data:
        return False
    st.error("Only a signed-in admin can load or restore data.", icon=":material/lock:")
    return True


def _checked_upload(upload, *, types: dict[str, bytes] = TYPES, most_mb: int = MAX_MB) -> tuple[str, bytes]:
    """The upload's type and bytes, if its name's ending and its first bytes agree; MetricsError otherwise."""
    name = publishing.upload_name(upload.name)
    kind = Path(upload.name).suffix.lower().lstrip(".")
    if kind not in types:
        wanted = ", ".join(t.upper() for t in types)
        raise MetricsError(f"{name}: expected a {wanted} file, got .{kind or '(no ending)'}")
    if upload.size > most_mb * 1024 * 1024:
        raise MetricsError(f"{name}: the file is {upload.size / 1024 / 1024:.1f} MB; the most is {most_mb} MB")
    body = upload.getvalue()
    zipped = body[:4] == b"PK\x03\x04"
    if not body.startswith(types[kind]) or (kind == "csv" and (zipped or body[:4] == b"PAR1")):
        raise MetricsError(f"{name}: the file's contents are not {kind.upper()}")
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
    """Check and publish one export, with a progress bar naming each step (a 15 MB file takes seconds)."""
    bar = st.progress(0.0, text="Checking the file")
    try:
        kind, body = _checked_upload(upload)
        outcome = publishing.publish_upload(
            body=body,
            kind=kind,
            dataset=dataset,
            sheet=sheet or None,
            encoding=encoding or None,
            progress=lambda what, done: _advance(bar, what=what, done=done),
        )
    except MetricsError:
        bar.empty()
        raise
    bar.progress(1.0, text="Published")
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
    _cld_section()
    _restore_section()


def _cld_section() -> None:
    """Load a council's CLD extracts: one or several files, computed by the same ingest as the command line."""
    st.header("Load a CLD extract", divider="gray", anchor="load-a-cld-extract")
    st.markdown(
        "A council's Client Level Data extracts (CSV or Parquet, Release 1 or 2, one or several quarters, oldest "
        "first): the same ingest as `python -m metrics.ingest cld`. Identifying columns are dropped as the file "
        "is read, in memory; nothing of the upload is written to disk, and only the measures are published. An "
        "extract whose LA_Code is another council's is refused."
    )
    councils = data.all_councils()
    codes = councils["area_code"].to_list()
    here = state.area()
    with st.form("update.cld_form", border=True):
        uploads = st.file_uploader(
            f"The extracts (CSV or Parquet, up to {CLD_MAX_MB} MB each)",
            type=list(CLD_TYPES),
            accept_multiple_files=True,
            key="update.cld_files",
            max_upload_size=CLD_MAX_MB,
        )
        c1, c2 = st.columns([1, 1])
        area = c1.selectbox(
            "The council they are for",
            codes,
            index=codes.index(here) if here in codes else 0,
            format_func=lambda code: f"{data.council_name(code)} ({code})",
            key="update.cld_area",
        )
        dataset = c2.text_input(
            "Dataset name", key="update.cld_dataset", placeholder="leicester_cld", help="It names the published file."
        )
        configured = data.settings().local_categories
        t1, t2 = st.columns([1, 1])
        teams = t1.text_area(
            "Team names to publish, one a line",
            value="\n".join(configured.get("Team", ())),
            key="update.cld_teams",
            help="A Team value matching none of these is published as 'Other'. Left empty: a value is published "
            "only if enough people share it and it looks like no name, NHS number, postcode, date or e-mail.",
        )
        localities = t2.text_area(
            "Locality names to publish, one a line",
            value="\n".join(configured.get("Locality", ())),
            key="update.cld_localities",
            help="As for teams.",
        )
        test = st.checkbox(
            "This is a test file (load it even if its LA_Code is another council's)", key="update.cld_test"
        )
        go = st.form_submit_button("Compute and publish", icon=":material/calculate:", type="primary")
    if not go:
        return
    if not uploads:
        st.error("Choose one or more extracts first.", icon=":material/error:")
        return
    if _refuse():
        return
    names = {"Team": _lines(teams), "Locality": _lines(localities)}
    _publish_cld(uploads, dataset=dataset.strip(), area=area, test=test, local_names=names)


def _lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a text box, trimmed."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _advance(bar, *, what: str, done: float) -> None:
    bar.progress(done, text=what)


def _publish_cld(uploads, *, dataset: str, area: str, test: bool, local_names: dict[str, tuple[str, ...]]) -> None:
    """Check, compute and publish, with a progress bar; every problem listed by line and column."""
    names = ", ".join(publishing.upload_name(u.name) for u in uploads)
    bar = st.progress(0.0, text="Checking the files")
    try:
        files = [(u.name, _checked_upload(u, types=CLD_TYPES, most_mb=CLD_MAX_MB)[1]) for u in uploads]
        outcome, quality = publishing.publish_cld_upload(
            files=files,
            dataset=dataset,
            area_code=area,
            test_extract=test,
            local_names={column: listed for column, listed in local_names.items() if listed},
            progress=lambda what, done: _advance(bar, what=what, done=done),
        )
    except TableValidationError as exc:
        bar.empty()
        _alert(f"{exc.file or names} was rejected: nothing was published.")
        st.html(_problems_table(exc))
        return
    except MetricsError as exc:
        bar.empty()
        _alert(str(exc))
        return
    bar.progress(1.0, text="Published")
    periods = "; ".join(s.words() for s in quality.submissions)
    st.session_state["update.flash"] = (
        f"{names}: {outcome} dataset {dataset} for {data.council_name(area)} (by {identity.access().author}). "
        f"{periods}. Dropped as read: {', '.join(quality.dropped) or 'nothing'}."
    )
    st.rerun()


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
