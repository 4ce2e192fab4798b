"""Key messages written in the app: durable, never lost, and put together with the published ones."""
from __future__ import annotations

import multiprocessing
from datetime import date, datetime, timezone

import polars as pl
import pytest

from metrics import schema
from metrics.commentary import CommentaryStore, latest_messages
from metrics.errors import CommentaryError

KEY = dict(indicator_id="reviews_overdue_24m", area_code="E06000016", period_label="2023/24 Q1")
WHEN = datetime(2023, 8, 20, 9, 30, tzinfo=timezone.utc)


def save(store, text, *, replaces=(), author="A. Officer"):
    return store.save(**KEY, text=text, author=author, meeting="ASC Scrutiny Commission, 24 Aug 2023",
                      replaces=replaces, now=WHEN)


def test_save_then_read_back_from_a_new_store_object(tmp_path):
    path = tmp_path / "sub" / "km.sqlite"
    saved = save(CommentaryStore(path=path), "Overdue reviews peaked in June.")
    assert not saved.conflict
    again = CommentaryStore(path=path).current(**KEY)
    assert [(r.text, r.author, r.meeting, r.written_at) for r in again] == [
        ("Overdue reviews peaked in June.", "A. Officer", "ASC Scrutiny Commission, 24 Aug 2023",
         "2023-08-20T09:30:00+00:00")]


def test_an_edit_replaces_and_history_keeps_both(tmp_path):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    first = save(store, "First draft.").revision
    second = save(store, "Second draft.", replaces=[first.revision])
    assert not second.conflict
    assert [r.text for r in store.current(**KEY)] == ["Second draft."]
    assert [r.text for r in store.history(**KEY)] == ["First draft.", "Second draft."]


def test_two_edits_from_the_same_start_both_stay_current(tmp_path):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    base = save(store, "Base.").revision
    mine = save(store, "Mine.", replaces=[base.revision], author="Ann")
    theirs = save(store, "Theirs.", replaces=[base.revision], author="Bob")
    assert not mine.conflict
    assert theirs.conflict and [r.text for r in theirs.others] == ["Mine."]
    assert sorted(r.text for r in store.current(**KEY)) == ["Mine.", "Theirs."]
    merged = save(store, "Mine and theirs.", replaces=[mine.revision.revision, theirs.revision.revision])
    assert not merged.conflict
    assert [r.text for r in store.current(**KEY)] == ["Mine and theirs."]


def _writer(path: str, who: str, n: int) -> None:
    store = CommentaryStore(path=path)
    for i in range(n):
        store.save(**KEY, text=f"{who} {i}", author=who, meeting="m")


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "km.sqlite")
    CommentaryStore(path=path).current(**KEY)  # create the file first
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, who, 25)) for who in ("ann", "bob")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    texts = {r.text for r in CommentaryStore(path=path).history(**KEY)}
    assert texts == {f"{who} {i}" for who in ("ann", "bob") for i in range(25)}


@pytest.mark.parametrize("field,value,words", [("text", "  ", "needs its text"), ("author", "", "needs its author"),
                                              ("meeting", "", "needs its meeting"),
                                              ("text", "x" * 5000, "5000 characters")])
def test_incomplete_messages_are_refused_and_nothing_is_written(tmp_path, field, value, words):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    args = dict(text="ok", author="Ann", meeting="m") | {field: value}
    with pytest.raises(CommentaryError, match=words):
        store.save(**KEY, **args)
    assert store.history(**KEY) == []


def test_replacing_another_indicators_message_is_refused(tmp_path):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    other = store.save(**(KEY | {"indicator_id": "contacts_new"}), text="x", author="a", meeting="m").revision
    with pytest.raises(CommentaryError, match=f"revision {other.revision} is not a key message"):
        save(store, "y", replaces=[other.revision])
    assert store.history(**KEY) == []


def test_reading_before_any_save_creates_nothing(tmp_path):
    store = CommentaryStore(path=tmp_path / "later" / "km.sqlite")
    assert store.current(**KEY) == [] and store.history(**KEY) == []
    assert not (tmp_path / "later").exists()


def test_a_file_that_is_not_sqlite_is_named(tmp_path):
    path = tmp_path / "km.sqlite"
    path.write_text("not a database " * 100)
    with pytest.raises(CommentaryError, match=str(path)):
        CommentaryStore(path=path).current(**KEY)


def published(*rows):
    return pl.DataFrame([dict(indicator_id=KEY["indicator_id"], area_code=KEY["area_code"], period_label=label,
                              period_end=end, text=text, author="Council", source="001, Appendix C")
                         for label, end, text in rows], schema=schema.COMMENTARY)


def test_latest_message_prefers_the_latest_period_then_an_officers_edit(tmp_path):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    pub = published(("2022/23 Q4", date(2023, 3, 31), "Old."), ("2023/24 Q1", date(2023, 6, 30), "Published."))
    assert [m.text for m in latest_messages(published=pub, edits=[])] == ["Published."]
    save(store, "Edited for the meeting.")
    shown = latest_messages(published=pub, edits=store.current(indicator_id=KEY["indicator_id"],
                                                                area_code=KEY["area_code"]))
    assert [(m.text, m.meeting, m.written) for m in shown] == [
        ("Edited for the meeting.", "ASC Scrutiny Commission, 24 Aug 2023", "2023-08-20")]
    older = store.save(**(KEY | {"period_label": "2022/23 Q3"}), text="Older edit", author="a", meeting="m")
    assert [m.text for m in latest_messages(published=pub, edits=[older.revision])] == ["Published."]
    assert latest_messages(published=published(), edits=[]) == []


def test_every_save_and_replacement_is_in_the_append_only_audit_trail(tmp_path):
    import sqlite3

    from metrics.commentary import audit_trail
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    assert audit_trail(store).height == 0
    first = store.save(**KEY, text="First.", author="Ann <ann@x>", meeting="m").revision
    second = store.save(**KEY, text="Second.", author="Bob <bob@x>", meeting="m", replaces=[first.revision]).revision
    trail = audit_trail(store)
    assert trail.select("actor", "action", "revision", "replaces", "text").rows() == [
        ("Ann <ann@x>", "save", first.revision, "", "First."),
        ("Bob <bob@x>", "replace", second.revision, str(first.revision), "Second.")]
    con = sqlite3.connect(store.path)
    for statement in ("UPDATE key_message SET text = 'changed'", "DELETE FROM key_message",
                      "UPDATE audit SET actor = 'someone else'", "DELETE FROM audit", "DELETE FROM replaces"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(statement)
    con.close()
    assert audit_trail(store).height == 2 and len(store.history(**KEY)) == 2
