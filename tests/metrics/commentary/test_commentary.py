"""Key messages written in the app: durable, never lost, and put together with the published ones."""

from __future__ import annotations

import multiprocessing
import uuid
from datetime import UTC, date, datetime

import polars as pl
import pytest

from metrics.commentary.sqlite import CommentaryStore, audit_trail, latest_messages
from metrics.commentary.stores import open_store
from metrics.core.errors import CommentaryError
from metrics.storage import schema

KEY = dict(indicator_id="reviews_overdue_24m", area_code="E06000016", period_label="2023/24 Q1")
WHEN = datetime(2023, 8, 20, 9, 30, tzinfo=UTC)


def save(store, text, *, replaces=(), author="A. Officer"):
    return store.save(
        **KEY, text=text, author=author, meeting="ASC Scrutiny Commission, 24 Aug 2023", replaces=replaces, now=WHEN
    )


def test_save_then_read_back_from_a_new_store_object(location):
    saved = save(open_store(location), "Overdue reviews peaked in June.")
    assert not saved.conflict
    again = open_store(location).current(**KEY)
    assert [(r.text, r.author, r.meeting, r.written_at) for r in again] == [
        (
            "Overdue reviews peaked in June.",
            "A. Officer",
            "ASC Scrutiny Commission, 24 Aug 2023",
            "2023-08-20T09:30:00+00:00",
        )
    ]


def test_an_edit_replaces_and_history_keeps_both(location):
    store = open_store(location)
    first = save(store, "First draft.").revision
    second = save(store, "Second draft.", replaces=[first.revision])
    assert not second.conflict
    assert [r.text for r in store.current(**KEY)] == ["Second draft."]
    assert [r.text for r in store.history(**KEY)] == ["First draft.", "Second draft."]


def test_two_edits_from_the_same_start_both_stay_current(location):
    store = open_store(location)
    base = save(store, "Base.").revision
    mine = save(store, "Mine.", replaces=[base.revision], author="Ann")
    theirs = save(store, "Theirs.", replaces=[base.revision], author="Bob")
    assert not mine.conflict
    assert theirs.conflict and [r.text for r in theirs.others] == ["Mine."]
    assert sorted(r.text for r in store.current(**KEY)) == ["Mine.", "Theirs."]
    merged = save(store, "Mine and theirs.", replaces=[mine.revision.revision, theirs.revision.revision])
    assert not merged.conflict
    assert [r.text for r in store.current(**KEY)] == ["Mine and theirs."]


def _writer(location: str, who: str, n: int) -> None:
    store = open_store(location)
    for i in range(n):
        store.save(**KEY, text=f"{who} {i}", author=who, meeting="m")


def test_two_processes_writing_at_once_lose_nothing(location):
    """Two servers (here two processes) saving at once: every save lands."""
    open_store(location).current(**KEY)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(location, who, 25)) for who in ("ann", "bob")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    texts = {r.text for r in open_store(location).history(**KEY)}
    assert texts == {f"{who} {i}" for who in ("ann", "bob") for i in range(25)}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("text", "  ", "needs its text"),
        ("author", "", "needs its author"),
        ("meeting", "", "needs its meeting"),
        ("text", "x" * 5000, "5000 characters"),
    ],
)
def test_incomplete_messages_are_refused_and_nothing_is_written(location, field, value, words):
    store = open_store(location)
    args = dict(text="ok", author="Ann", meeting="m") | {field: value}
    with pytest.raises(CommentaryError, match=words):
        store.save(**KEY, **args)
    assert store.history(**KEY) == []


def test_replacing_another_indicators_message_is_refused(location):
    store = open_store(location)
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
    return pl.DataFrame(
        [
            dict(
                indicator_id=KEY["indicator_id"],
                area_code=KEY["area_code"],
                period_label=label,
                period_end=end,
                text=text,
                author="Council",
                source="001, Appendix C",
            )
            for label, end, text in rows
        ],
        schema=schema.COMMENTARY,
    )


def test_latest_message_prefers_the_latest_period_then_an_officers_edit(tmp_path):
    store = CommentaryStore(path=tmp_path / "km.sqlite")
    pub = published(("2022/23 Q4", date(2023, 3, 31), "Old."), ("2023/24 Q1", date(2023, 6, 30), "Published."))
    assert [m.text for m in latest_messages(published=pub, edits=[])] == ["Published."]
    save(store, "Edited for the meeting.")
    shown = latest_messages(
        published=pub, edits=store.current(indicator_id=KEY["indicator_id"], area_code=KEY["area_code"])
    )
    assert [(m.text, m.meeting, m.written) for m in shown] == [
        ("Edited for the meeting.", "ASC Scrutiny Commission, 24 Aug 2023", "2023-08-20")
    ]
    older = store.save(**(KEY | {"period_label": "2022/23 Q3"}), text="Older edit", author="a", meeting="m")
    assert [m.text for m in latest_messages(published=pub, edits=[older.revision])] == ["Published."]
    assert latest_messages(published=published(), edits=[]) == []


def test_every_save_and_replacement_is_in_the_append_only_audit_trail(location):
    store = open_store(location)
    assert audit_trail(store).height == 0
    first = store.save(**KEY, text="First.", author="Ann <ann@x>", meeting="m").revision
    second = store.save(**KEY, text="Second.", author="Bob <bob@x>", meeting="m", replaces=[first.revision]).revision
    trail = audit_trail(store)
    assert trail.select("actor", "action", "revision", "replaces", "text").rows() == [
        ("Ann <ann@x>", "save", first.revision, "", "First."),
        ("Bob <bob@x>", "replace", second.revision, str(first.revision), "Second."),
    ]
    for statement in (
        "UPDATE key_message SET text = 'changed'",
        "DELETE FROM key_message",
        "UPDATE audit SET actor = 'someone else'",
        "DELETE FROM audit",
        "DELETE FROM replaces",
    ):
        with pytest.raises(CommentaryError, match="append-only"), store._connect(write=True) as con:
            con.execute(statement)
    assert audit_trail(store).height == 2 and len(store.history(**KEY)) == 2


def test_an_unreachable_database_is_named_without_its_password():
    store = open_store("postgresql://scrutiny:s3cret-pass@127.0.0.1:9/km")
    with pytest.raises(CommentaryError) as err:
        store.current(**KEY)
    assert "postgresql://scrutiny@127.0.0.1:9/km" in str(err.value) and "s3cret" not in str(err.value)
    assert "cannot be opened" in str(err.value)


def test_reads_wait_after_a_failed_connection_saves_always_try_and_a_success_ends_the_wait(monkeypatch):
    """An unreachable host cost the connect timeout on every read of every page while the server was down."""
    psycopg = pytest.importorskip("psycopg")
    from metrics.commentary import postgres

    tries, clock = [], {"now": 1000.0}

    def down(*args, **kwargs):
        tries.append(clock["now"])
        raise psycopg.OperationalError("connection timed out")

    monkeypatch.setattr(psycopg, "connect", down)
    monkeypatch.setattr(postgres.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(postgres.PostgresCommentaryStore, "_outages", {})
    store = open_store(f"postgresql://app@10.255.255.1:5432/km_{uuid.uuid4().hex[:8]}")
    for _ in range(3):
        with pytest.raises(CommentaryError, match="cannot be opened"):
            store.current(**KEY)
    assert len(tries) == 1  # the two reads after the failure were answered at once
    with pytest.raises(CommentaryError, match="cannot be opened"):
        save(store, "Typed during the outage")
    assert len(tries) == 2  # a save tries
    clock["now"] += postgres.FIRST_WAIT * 2 + 1  # past the doubled wait
    with pytest.raises(CommentaryError):
        store.current(**KEY)
    assert len(tries) == 3
    clock["now"] += postgres.FIRST_WAIT  # less than the wait after a third failure
    with pytest.raises(CommentaryError):
        store.current(**KEY)
    assert len(tries) == 3
    for _ in range(1100):  # days of outage: the wait stays at its longest, never an overflow
        store._note_failure()
    with pytest.raises(CommentaryError, match=r"tried again in \d+ s"):
        store.current(**KEY)


def test_the_store_setting_takes_a_file_or_a_database_url(tmp_path):
    from metrics.core.settings import load_settings

    config = tmp_path / "config.toml"
    config.write_text('commentary_store = "postgresql://app@db.internal:5432/scrutiny"\n')
    assert load_settings(path=config).commentary_store == "postgresql://app@db.internal:5432/scrutiny"
    config.write_text('commentary_store = "state/km.sqlite"\n')
    assert load_settings(path=config).commentary_store == tmp_path / "state" / "km.sqlite"


def test_a_councils_meetings_are_recorded_withdrawn_by_a_later_entry_and_never_deleted(location):
    from metrics.commentary.sqlite import last_held, meetings, next_or_last, record_meeting, withdraw_meeting

    store = open_store(location)
    assert meetings(store, area_code="E10000016") == []  # reading creates nothing
    kent = "E10000016"
    spring = record_meeting(
        store,
        area_code=kent,
        committee="Adult Social Care Cabinet Committee",
        held_on=date(2024, 3, 12),
        author="Ann <ann@x>",
    )
    record_meeting(
        store,
        area_code=kent,
        committee="Adult Social Care Cabinet Committee",
        held_on=date(2024, 7, 9),
        author="Ann <ann@x>",
    )
    wrong = record_meeting(store, area_code=kent, committee="Typo", held_on=date(2024, 9, 1), author="Bob <bob@x>")
    record_meeting(store, area_code="E06000016", committee="Scrutiny Commission", held_on=date(2024, 8, 1), author="C")
    withdraw_meeting(store, area_code=kent, entry=wrong.entry, author="Bob <bob@x>")
    held = meetings(open_store(location), area_code=kent)
    assert [(m.committee, m.held_on) for m in held] == [
        ("Adult Social Care Cabinet Committee", date(2024, 3, 12)),
        ("Adult Social Care Cabinet Committee", date(2024, 7, 9)),
    ]  # the withdrawn one is gone from the list, and Leicester's is not Kent's
    assert last_held(held, today=date(2024, 7, 8)) == spring
    assert last_held(held, today=date(2024, 3, 1)) is None
    assert next_or_last(held, today=date(2024, 5, 1)).held_on == date(2024, 7, 9)
    assert next_or_last(held, today=date(2025, 1, 1)).held_on == date(2024, 7, 9)
    assert held[0].words == "Adult Social Care Cabinet Committee, 12 March 2024"
    for statement in ("UPDATE meeting SET committee = 'x'", "DELETE FROM meeting"):
        with pytest.raises(CommentaryError, match="append-only"), store._connect(write=True) as con:
            con.execute(statement)


@pytest.mark.parametrize(
    ("committee", "held_on", "words"),
    [
        ("", date(2024, 1, 1), "needs its committee"),
        ("C", date(1999, 12, 31), "must fall from 2000"),
        ("x" * 401, date(2024, 1, 1), "401 characters"),
    ],
)
def test_a_meeting_without_a_name_or_with_an_impossible_date_is_refused(tmp_path, committee, held_on, words):
    from metrics.commentary.sqlite import meetings, record_meeting

    store = open_store(str(tmp_path / "km.sqlite"))
    with pytest.raises(CommentaryError, match=words):
        record_meeting(store, area_code="E10000016", committee=committee, held_on=held_on, author="Ann")
    assert meetings(store, area_code="E10000016") == []
