"""A council's own meetings (#27): officers record them; Since last meeting, the pack and key messages use the
council's own, and a council with none recorded is asked for a date, never given another council's."""

from __future__ import annotations

from datetime import date

from metrics.commentary.sqlite import CommentaryStore, meetings, record_meeting
from tests.app.conftest import COUNCILLOR, OFFICER, open_page, text_of

KENT, LEICESTER = "E10000016", "E06000016"


def test_a_council_with_no_meeting_recorded_is_asked_for_a_date_and_given_no_other_councils(scratch_config):
    record_meeting(
        CommentaryStore(path=scratch_config),
        area_code=LEICESTER,
        committee="Adult Social Care Scrutiny Commission",
        held_on=date(2023, 8, 24),
        author="A. Officer",
    )
    at = open_page("app_pages/since_last_meeting.py", area=KENT)
    assert not at.exception and not at.error
    assert at.date_input(key="since.date").value is None
    shown = text_of(at)
    assert "Choose the date of Kent's last meeting" in shown and "No meetings are recorded for Kent" in shown
    assert "24 August 2023" not in shown and "Scrutiny Commission" not in shown
    pack = open_page("app_pages/meeting.py", area=KENT)
    assert pack.text_input(key="meeting.name").value == ""  # the pack's meeting is Kent's to name


def test_since_last_meeting_opens_on_the_councils_last_meeting_and_the_pack_names_its_next(scratch_config):
    store = CommentaryStore(path=scratch_config)
    committee = "Adult Social Care Cabinet Committee"
    record_meeting(store, area_code=KENT, committee=committee, held_on=date(2024, 3, 12), author="Ann")
    record_meeting(store, area_code=KENT, committee=committee, held_on=date(2024, 7, 9), author="Ann")
    at = open_page("app_pages/since_last_meeting.py", area=KENT)
    assert not at.exception and not at.error
    assert at.date_input(key="since.date").value == date(2024, 7, 9)
    assert at.query_params["since"] == "2024-07-09"
    shown = text_of(at)
    assert f"<td>{committee}</td>" in shown and "<td>9 July 2024</td>" in shown  # the meetings listed
    pack = open_page("app_pages/meeting.py", area=KENT)
    assert pack.text_input(key="meeting.name").value == f"{committee}, 9 July 2024"  # none ahead: the last one


def test_an_officer_records_a_meeting_and_a_councillor_cannot(scratch_config):
    at = open_page("app_pages/since_last_meeting.py", user=OFFICER, area=KENT)
    at.text_input(key=next(t.key for t in at.text_input if t.label == "Committee")).set_value("Cabinet Committee")
    next(d for d in at.date_input if d.label == "Date").set_value(date(2024, 11, 5))
    next(b for b in at.button if b.label == "Record meeting").click().run()
    assert not at.exception and not at.error
    held = meetings(CommentaryStore(path=scratch_config), area_code=KENT)
    assert [(m.committee, m.held_on, m.author) for m in held] == [
        ("Cabinet Committee", date(2024, 11, 5), f"{OFFICER['name']} <{OFFICER['email']}>")
    ]
    assert at.date_input(key="since.date").value == date(2024, 11, 5)  # the page starts from it
    councillor = open_page("app_pages/since_last_meeting.py", user=COUNCILLOR, area=KENT)
    assert not [b for b in councillor.button if b.label == "Record meeting"]
    assert "<td>Cabinet Committee</td>" in text_of(councillor)  # councillors read them
