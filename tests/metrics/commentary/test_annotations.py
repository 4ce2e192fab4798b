"""Officers' notes on chart points: written as drafts, published or withdrawn by later entries, never changed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from metrics.commentary import annotations
from metrics.commentary.stores import open_store
from metrics.core.errors import CommentaryError

LEICESTER, KENT = "E06000016", "E10000016"
ON = dict(indicator_id="contacts_new", area_code=LEICESTER)
WHEN = datetime(2024, 5, 12, 9, 0, tzinfo=UTC)


def test_a_note_is_a_draft_until_published_and_the_public_reads_published_notes_only(location):
    store = open_store(location)
    assert annotations.current(store, **ON, drafts=True) == []  # reading creates nothing
    late = annotations.write(store, **ON, period_label="Jun 2023", text="Data error found", author="Ann", now=WHEN)
    early = annotations.write(store, **ON, period_label="Apr 2022", text="New  front\ndoor", author="Bob", now=WHEN)
    annotations.write(store, indicator_id="contacts_new", area_code=KENT, period_label="Apr 2022", text="x", author="C")
    drafts = annotations.current(store, **ON, drafts=True)
    assert [(n.period_label, n.text, n.status) for n in drafts] == [
        ("Apr 2022", "New front door", "draft"),  # oldest point first; a note is one line
        ("Jun 2023", "Data error found", "draft"),
    ]
    assert drafts[0].period_end == date(2022, 4, 30)
    assert annotations.current(store, **ON, drafts=False) == []
    annotations.publish(store, **ON, entry=early.entry, author="Head of service")
    public = annotations.current(store, **ON, drafts=False)
    assert [(n.entry, n.published_by, n.published) for n in public] == [(early.entry, "Head of service", True)]
    assert "published" in public[0].byline
    assert late.entry not in {n.entry for n in public}


def test_a_withdrawn_note_is_gone_from_every_reader_and_stays_in_the_store(location):
    store = open_store(location)
    note = annotations.write(store, **ON, period_label="Apr 2022", text="Wrong month", author="Ann")
    annotations.publish(store, **ON, entry=note.entry, author="Ann")
    annotations.withdraw(store, **ON, entry=note.entry, author="Ann")
    assert annotations.current(store, **ON, drafts=True) == []
    with store._connect(write=False) as con:
        actions = [a for (a,) in con.execute("SELECT action FROM annotation ORDER BY entry").fetchall()]
    assert actions == ["write", "publish", "withdraw"]
    with pytest.raises(CommentaryError, match="already withdrawn"):
        annotations.publish(store, **ON, entry=note.entry, author="Ann")


def test_nothing_in_the_annotation_table_can_be_changed_or_deleted(location):
    store = open_store(location)
    annotations.write(store, **ON, period_label="Apr 2022", text="New front door", author="Ann")
    for sql in ("UPDATE annotation SET text = 'changed'", "DELETE FROM annotation"):
        with pytest.raises(CommentaryError, match="append-only"), store._connect(write=True) as con:
            con.execute(sql)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (dict(text="  "), "needs its text"),
        (dict(author=""), "needs its author"),
        (dict(text="x" * 301), "301 characters; the most is 300"),
        (dict(period_label="sometime"), "sometime"),
    ],
)
def test_a_note_that_cannot_be_kept_is_refused_with_the_reason(tmp_path, change, problem):
    store = open_store(tmp_path / "km.sqlite")
    args = dict(ON, period_label="Apr 2022", text="ok", author="Ann") | change
    with pytest.raises(CommentaryError, match=problem):
        annotations.write(store, **args)


def test_only_a_councils_own_note_on_that_indicator_can_be_published(tmp_path):
    store = open_store(tmp_path / "km.sqlite")
    note = annotations.write(store, **ON, period_label="Apr 2022", text="ok", author="Ann")
    with pytest.raises(CommentaryError, match=f"no annotation {note.entry} is written for contacts_new, {KENT}"):
        annotations.publish(store, indicator_id="contacts_new", area_code=KENT, entry=note.entry, author="Kent officer")
    annotations.publish(store, **ON, entry=note.entry, author="Ann")
    with pytest.raises(CommentaryError, match="already published"):
        annotations.publish(store, **ON, entry=note.entry, author="Ann")


def test_a_note_with_an_invisible_character_is_refused_and_names_it(tmp_path):
    # a pasted control character broke the pack's PowerPoint (XML cannot hold it) for everyone whose agenda had it
    store = open_store(tmp_path / "km.sqlite")
    with pytest.raises(CommentaryError, match=r"invisible character \(U\+0001\)"):
        annotations.write(store, **ON, period_label="Apr 2022", text="Data\x01 error", author="Ann")


def test_a_note_is_published_once_even_when_two_servers_publish_it_at_once(location):
    store = open_store(location)
    note = annotations.write(store, **ON, period_label="Apr 2022", text="Once", author="Ann")
    annotations.publish(store, **ON, entry=note.entry, author="Ann")
    # what a second server's publish that passed its check at the same moment would add: the store refuses it
    with pytest.raises(CommentaryError), store._connect(write=True) as con:
        con.execute(
            "INSERT INTO annotation (indicator_id, area_code, period_label, text, action, about, author, written_at) "
            "VALUES (?, ?, ?, ?, 'publish', ?, 'Bob', '2024-01-01T00:00:00+00:00')",
            (ON["indicator_id"], ON["area_code"], "Apr 2022", "Once", note.entry),
        )
    assert len(annotations.current(store, **ON, drafts=False)) == 1


def test_a_note_shows_its_writers_name_never_an_address(tmp_path):
    store = open_store(tmp_path / "km.sqlite")
    named = annotations.write(store, **ON, period_label="Apr 2022", text="a", author="Ann Officer <ann@x.gov.uk>")
    bare = annotations.write(store, **ON, period_label="Apr 2022", text="b", author="ann@x.gov.uk")
    assert named.byline.startswith("Ann Officer, ") and "@" not in named.byline
    assert bare.byline.startswith("a council officer, ") and "@" not in bare.byline
