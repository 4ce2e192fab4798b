"""The meeting workflow through AppTest: agenda and presets, presentation mode, key messages, the pack."""

from __future__ import annotations

import html
import io

import pytest
from pptx import Presentation

from metrics.commentary.sqlite import CommentaryStore
from metrics.core import registry
from metrics.figures import agenda
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.app.conftest import (
    COUNCILLOR,
    OFFICER,
    RESIDENT,
    ROOT,
    blocks_of,
    clear_caches,
    open_page,
    tables_of,
    text_of,
)

STORE = DataStore(ROOT / "data")
LEICESTER = "E06000016"


def table_text(at) -> str:
    return "\n".join(t.write_csv() for t in tables_of(at))


def slide_title(at) -> str:
    return next(b for b in blocks_of(at) if 'class="p-title"' in b)


def test_meeting_page_opens_on_the_quarterly_preset_in_report_order():
    at = open_page("app_pages/meeting.py")
    assert not at.exception and not at.error
    chosen = at.multiselect(key="meeting.agenda").value
    with_data = set(STORE.values().collect().filter(area_code=LEICESTER)["indicator_id"].unique().to_list())
    assert chosen == [i for i in agenda.QUARTERLY.indicator_ids if i in with_data]
    assert at.query_params["agenda"] == ",".join(chosen)
    assert at.query_params["preset"] == "quarterly"
    shown = table_text(at)
    assert "1,348 (Jun 2023)" in shown  # overdue reviews, from the data
    assert "Reviews" in shown and "Workforce – Staff sickness levels" in shown
    agenda_table = tables_of(at)[0]

    def demo(indicator_id):
        return agenda_table.filter(agenda_table["Indicator"] == registry.get(indicator_id).title)[
            "Demonstration data"
        ].to_list()

    # sickness is published by quarter and nothing is generated behind it
    assert demo("sickness_days_lost") == ["no"]
    # contacts: the published quarters, and before them the quarters computed from the synthetic CLD records
    assert demo("contacts_new") == ["yes"]
    # the overdue-reviews chart is the monthly series, computed from the synthetic records between the published figures
    assert demo("reviews_overdue_24m") == ["yes"]


def test_a_link_reopens_the_same_agenda():
    ids = ["sickness_days_lost", "reviews_overdue_24m"]
    at = open_page("app_pages/meeting.py", agenda=",".join(ids), preset="custom")
    assert at.multiselect(key="meeting.agenda").value == ids
    assert "Agenda: 2 indicators" in text_of(at)


def test_a_link_with_an_unknown_indicator_says_which():
    at = open_page("app_pages/meeting.py", agenda="contacts_new,not_an_indicator")
    assert not at.exception and not at.error
    notice = [h.value for h in at.get("html") if 'class="notice"' in h.value]
    assert len(notice) == 1 and "`not_an_indicator`" in notice[0] and "Showing the default view" in notice[0]
    assert at.multiselect(key="meeting.agenda").value  # the default agenda, not an empty page


def test_choosing_a_preset_replaces_the_agenda():
    at = open_page("app_pages/meeting.py", agenda="contacts_new", preset="custom")
    at.selectbox(key="meeting.preset").set_value("headlines").run()
    chosen = at.multiselect(key="meeting.agenda").value
    assert chosen[0] == agenda.HEADLINES.indicator_ids[0]
    assert set(chosen) <= set(agenda.HEADLINES.indicator_ids) and len(chosen) > 5


def test_presentation_moves_by_next_and_previous_and_keeps_the_slide_in_the_url():
    ids = ["contacts_new", "reviews_overdue_24m", "reablement_91day"]
    at = open_page("app_pages/present.py", agenda=",".join(ids), slide="2")
    assert not at.exception and not at.error
    assert registry.get("reviews_overdue_24m").title in slide_title(at)
    assert "2 / 3" in text_of(at)
    at.button(key="present.next").click().run()
    assert registry.get("reablement_91day").title in slide_title(at)
    assert at.query_params["slide"] == "3"
    assert at.button(key="present.next").disabled
    at.button(key="present.prev").click().run()
    at.button(key="present.prev").click().run()
    assert registry.get("contacts_new").title in slide_title(at)
    assert at.button(key="present.prev").disabled and at.query_params["slide"] == "1"


def test_presentation_shows_benchmark_spc_and_key_message():
    at = open_page("app_pages/present.py", agenda="reviews_overdue_24m,satisfaction_pct", slide="1")
    shown = text_of(at)
    assert "1,348" in shown and "Special cause concern" in shown
    assert "Key message, 2023/24 Q1" in shown and "DEMONSTRATION DATA" in shown
    at.button(key="present.next").click().run()
    assert "better than England" in text_of(at)  # satisfaction against England, from the data


def test_presentation_without_an_agenda_uses_the_quarterly_preset():
    at = open_page("app_pages/present.py")
    assert registry.get("contacts_new").title in slide_title(at)
    assert at.query_params["preset"] == "quarterly"


def test_presentation_with_a_bad_link_says_so():
    at = open_page("app_pages/present.py", agenda="nope")
    assert not at.exception and not at.error
    notice = [h.value for h in at.get("html") if 'class="notice"' in h.value]
    assert len(notice) == 1 and "`nope`" in notice[0]
    assert 'class="p-title"' in "".join(h.value for h in at.get("html"))  # the default agenda is presented


def test_an_officer_writes_a_key_message_and_it_shows_beside_the_chart(scratch_config):
    at = open_page("app_pages/reviews.py", user=OFFICER, indicator="reviews_overdue_24m")
    assert not at.text_area  # the form is drawn only on request
    at.toggle(key="reviews.km.open").set_value(True).run()
    assert not [t for t in at.text_input if t.key == "reviews.km.author"]  # the author is never typed
    at.text_area(key="reviews.km.text.Jun 2023").set_value("Overdue reviews peaked; a recovery plan is in place.")
    at.text_input(key="reviews.km.meeting").set_value("ASC Scrutiny Commission, 2 Nov 2023")
    next(b for b in at.button if b.label == "Save key message").click().run()
    assert not at.exception and not at.error
    shown = text_of(at)
    assert "Key message, Jun 2023:</b> Overdue reviews peaked; a recovery plan is in place." in shown
    author = f"{OFFICER['name']} <{OFFICER['email']}>"  # from the identity token
    assert html.escape(author, quote=False) in shown and "reviewed at ASC Scrutiny Commission, 2 Nov 2023" in shown
    saved = CommentaryStore(path=scratch_config).current(indicator_id="reviews_overdue_24m", area_code=LEICESTER)
    assert [(r.text, r.author, r.period_label) for r in saved] == [
        ("Overdue reviews peaked; a recovery plan is in place.", author, "Jun 2023")
    ]


@pytest.mark.parametrize("user", [None, RESIDENT, COUNCILLOR], ids=["not signed in", "public", "councillor"])
def test_only_an_officer_is_offered_the_editor(scratch_config, user):
    at = open_page("app_pages/reviews.py", user=user, indicator="reviews_overdue_24m")
    assert not at.exception and not at.error
    assert not [t for t in at.toggle if t.key == "reviews.km.open"]
    assert not at.text_area


def test_a_draft_is_read_by_councillors_and_officers_not_by_the_public(scratch_config):
    CommentaryStore(path=scratch_config).save(
        indicator_id="reviews_overdue_24m",
        area_code=LEICESTER,
        period_label="Jun 2023",
        text="Draft for the November meeting.",
        author="Ann Officer <ann@x>",
        meeting="m",
    )
    for user, sees in ((None, False), (RESIDENT, False), (COUNCILLOR, True), (OFFICER, True)):
        at = open_page("app_pages/reviews.py", user=user, indicator="reviews_overdue_24m")
        assert ("Draft for the November meeting." in text_of(at)) == sees, user


def test_an_officer_sees_small_numbers_under_a_banner_and_can_rehearse_the_public_view():
    at = open_page("app_pages/overview.py", user=OFFICER)
    banner = [h.value for h in at.get("html") if 'class="officer-banner"' in h.value]
    assert banner and "Officer view: contains unsuppressed figures, not for publication" in banner[0]
    assert not any("Public view: counts below" in c.value for c in at.caption)  # small numbers are shown
    at.toggle(key="identity.public_view").set_value(True).run()
    assert not [h.value for h in at.get("html") if 'class="officer-banner"' in h.value]
    assert any("Public view: counts below" in c.value for c in at.caption)
    for user in (None, COUNCILLOR):  # no banner, and no way to switch to the officer view
        at = open_page("app_pages/overview.py", user=user)
        assert not [h.value for h in at.get("html") if 'class="officer-banner"' in h.value]
        assert not [t for t in at.toggle if t.key == "identity.public_view"]


def test_an_edit_saved_meanwhile_elsewhere_is_kept_beside_mine(scratch_config):
    at = open_page("app_pages/reviews.py", user=OFFICER, indicator="reviews_overdue_24m")
    at.toggle(key="reviews.km.open").set_value(True).run()
    # someone else saves the same message after this editor opened
    CommentaryStore(path=scratch_config).save(
        indicator_id="reviews_overdue_24m",
        area_code=LEICESTER,
        period_label="Jun 2023",
        text="Bob's version.",
        author="Bob",
        meeting="m",
    )
    at.text_area(key="reviews.km.text.Jun 2023").set_value("Ann's version.")
    at.text_input(key="reviews.km.meeting").set_value("Scrutiny Commission, 2 November 2023")  # none recorded
    next(b for b in at.button if b.label == "Save key message").click().run()
    shown = text_of(at)
    assert "both versions are kept" in shown
    assert "Bob's version." in shown and "Ann's version." in shown


def test_a_key_message_with_no_meeting_recorded_or_typed_is_not_saved_and_what_was_typed_stays(scratch_config):
    at = open_page("app_pages/reviews.py", user=OFFICER, indicator="reviews_overdue_24m")
    at.toggle(key="reviews.km.open").set_value(True).run()
    assert at.text_input(key="reviews.km.meeting").value == ""  # Leicester has no meeting recorded in this store
    at.text_area(key="reviews.km.text.Jun 2023").set_value("Written before the meeting was named.")
    next(b for b in at.button if b.label == "Save key message").click().run()
    assert any("needs its meeting" in e.value for e in at.error)
    assert at.text_area(key="reviews.km.text.Jun 2023").value == "Written before the meeting was named."


def test_a_sign_in_with_no_name_or_address_cannot_save_and_nothing_is_written(scratch_config):
    at = open_page("app_pages/reviews.py", user={**OFFICER, "name": "", "email": ""}, indicator="reviews_overdue_24m")
    at.toggle(key="reviews.km.open").set_value(True).run()
    at.text_area(key="reviews.km.text.Jun 2023").set_value("Text with no author")
    next(b for b in at.button if b.label == "Save key message").click().run()
    assert any("needs its author" in e.value for e in at.error)
    assert (
        CommentaryStore(path=scratch_config).history(
            indicator_id="reviews_overdue_24m", area_code=LEICESTER, period_label="Jun 2023"
        )
        == []
    )


def test_key_message_written_on_the_meeting_page_goes_into_the_pack(scratch_config):
    at = open_page("app_pages/meeting.py", user=OFFICER, agenda="reviews_overdue_24m,contacts_new", preset="custom")
    key = "meeting.km.reviews_overdue_24m"
    at.toggle(key=f"{key}.open").set_value(True).run()
    at.text_area(key=f"{key}.text.Jun 2023").set_value("Written for the pack.")
    at.text_input(key=f"{key}.meeting").set_value("Scrutiny Commission, 2 November 2023")  # none recorded
    next(b for b in at.button if b.label == "Save key message").click().run()
    next(b for b in at.button if b.label == "Prepare PowerPoint and PDF").click().run(timeout=120)
    assert not at.exception and not at.error, [e.value for e in at.error]
    pack = at.session_state["meeting.pack"][1]
    deck = Presentation(io.BytesIO(pack.pptx))
    assert len(deck.slides) == 4  # title, summary, two indicators
    words = "\n".join(s.text_frame.text for s in deck.slides[2].shapes if s.has_text_frame)
    assert "Key message, Jun 2023: Written for the pack." in words
    name = query.area_name(store=STORE, area_code=LEICESTER)
    assert f"People not reviewed for 24 months or more, {name}: Jun 2023" in words
    assert pack.pdf.startswith(b"%PDF")


@pytest.mark.parametrize("area", ["E10000018"])
def test_preset_leaves_out_what_the_council_does_not_publish(area):
    at = open_page("app_pages/meeting.py", area=area)
    assert any("Left out of the preset" in c.value for c in at.caption)


def test_a_sign_in_older_than_the_session_limit_is_ended():
    import time

    fresh = open_page("app_pages/overview.py", user={**OFFICER, "iat": int(time.time()) - 60})
    assert [h for h in fresh.get("html") if 'class="officer-banner"' in h.value]
    stale = open_page("app_pages/overview.py", user={**OFFICER, "iat": int(time.time()) - 9 * 3600})  # limit: 8 hours
    assert not [h for h in stale.get("html") if 'class="officer-banner"' in h.value]
    assert any("Public view: counts below" in c.value for c in stale.caption)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("app_pages/since_last_meeting.py", {"since": "2022-01-01"}),  # counts of 1 to 4 among the changes
        ("app_pages/overview.py", {}),
        ("app_pages/complaints.py", {"indicator": "complaints_fully_upheld"}),
        ("app_pages/present.py", {}),
    ],
)
def test_an_officers_visit_never_changes_what_the_public_sees_next(page, params):
    """The caches are shared by every session of a server: an officer's unsuppressed figures must never be served
    to the public session that comes after."""
    import streamlit as st

    def public_text() -> str:
        return text_of(open_page(page, **params))

    alone = public_text()
    st.cache_data.clear()
    st.cache_resource.clear()
    officer = text_of(open_page(page, user=OFFICER, **params))
    after = public_text()
    assert after == alone
    if page != "app_pages/present.py":
        assert officer != alone  # the officer did see something else (the check above is not empty)


@pytest.fixture
def store_down(tmp_path, monkeypatch):
    """The project's config with the key-message store on a PostgreSQL server that is not there (an outage)."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('data_dir = "data"', f'data_dir = "{ROOT / "data"}"')
    text = text.replace(
        'commentary_store = "state/key_messages.sqlite"',
        'commentary_store = "postgresql://scrutiny@127.0.0.1:9/nothing?connect_timeout=2"',
    )
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SCRUTINY_CONFIG", str(config))
    clear_caches()
    yield
    clear_caches()


def test_when_the_store_is_down_the_page_works_and_nothing_typed_is_lost(store_down):
    """A PostgreSQL outage lost what an officer typed: the error box replaced the editor (#26)."""
    at = open_page("app_pages/reviews.py", user=OFFICER, indicator="reviews_overdue_24m")
    assert not at.exception and not at.error
    assert "Draft key messages are unavailable" in text_of(at)
    assert "People not reviewed for 24 months or more" in text_of(at)  # the chart and its heading still drawn
    at.toggle(key="reviews.km.open").set_value(True).run()
    typed = "Overdue reviews peaked; a recovery plan is in place."
    at.text_area(key="reviews.km.text.Jun 2023").set_value(typed)
    next(b for b in at.button if b.label == "Save key message").click().run()
    assert not at.exception
    assert [e.value for e in at.error if "Not saved" in e.value and "kept in the box" in e.value]
    assert at.text_area(key="reviews.km.text.Jun 2023").value == typed  # still there, to save again
