"""The words on a slide come from the brief, with disclosure control already applied."""

from __future__ import annotations

import json
import re
from datetime import date

from metrics.commentary.sqlite import Message
from metrics.figures import briefing
from pack import figures
from pack.slides import slide_text, title_text
from tests.conftest import HOME
from tests.pack.conftest import HIDDEN, THRESHOLD


def brief(store, indicator_id, *, threshold=THRESHOLD, audience="public"):
    return briefing.build(
        store=store,
        indicator_id=indicator_id,
        area_code=HOME,
        heading="Quality",
        audience=audience,
        threshold=threshold,
    )


def test_reablement_slide_names_its_benchmarks_and_key_message(pack_store):
    b = brief(pack_store, "reablement_91day").with_messages(
        [
            Message(
                "2021/22",
                "Well above national averages",
                "Ann",
                "2023-08-20",
                "ASC Scrutiny, 24 Aug 2023",
                "written in the dashboard",
                3,
            )
        ]
    )
    text = slide_text(b, threshold=5, audience="public")
    assert text.value == "88.2%" and text.value_caption == "Latest, 2021/22"
    assert "✔ significantly better than England (81.8%)" in text.benchmarks
    assert "✔ significantly better than East Midlands (82.0%)" in text.benchmarks
    assert "Tested with the Wilson score interval, 95%" in text.benchmarks
    assert text.benchmark_heading == "Against comparators, 2021/22: 88.2%"
    # written in the dashboard (revision 3): a draft for the next meeting, and the slide says so
    assert text.message == "DRAFT, not yet published: Key message, 2021/22: Well above national averages"
    published = b.with_messages(
        [Message("2021/22", "Well above national averages", "Ann", "2021/22", "", "Leicester report, Appendix C")]
    )
    assert (
        slide_text(published, threshold=5, audience="public").message
        == "Key message, 2021/22: Well above national averages"
    )
    assert "reviewed at ASC Scrutiny, 24 Aug 2023" in text.message_by
    assert text.definition.startswith("Definition: ") and "Good direction: higher" in text.definition
    assert text.changes == ("▼ 3.4 points since 2020/21: worsening",)


def test_a_hidden_count_is_absent_from_every_word_and_the_chart(pack_store):
    b = brief(pack_store, "complaints_total")
    text = slide_text(b, threshold=THRESHOLD, audience="public")
    assert text.value == "hidden (small number)"
    assert str(HIDDEN) not in text.all_text + text.alt_text
    assert any("small number(s) hidden" in n for n in text.notes)
    fig = figures.figure(b)
    drawn = json.dumps(
        [t.to_plotly_json() for t in fig.data] + [a.to_plotly_json() for a in fig.layout.annotations], default=str
    )
    assert "1,321" in drawn or "1321" in drawn  # the published figures beside it are drawn
    assert not re.search(rf"(?<![\d.#]){HIDDEN}(?![\d])", drawn)  # no value, hover text or label carries it


def test_officer_audience_shows_the_count(pack_store):
    b = brief(pack_store, "complaints_total", audience="officer")
    assert slide_text(b, threshold=THRESHOLD, audience="officer").value == str(HIDDEN)


def test_two_simultaneous_messages_are_both_on_the_slide(pack_store):
    both = [
        Message("2021/22", text, who, "2023-08-20", "m", "written in the dashboard", n)
        for n, (text, who) in enumerate((("Ann's words", "Ann"), ("Bob's words", "Bob")))
    ]
    text = slide_text(brief(pack_store, "reablement_91day").with_messages(both), threshold=5, audience="public")
    assert "Ann's words" in text.message and "Bob's words" in text.message
    assert text.message_by.startswith("2 versions written at the same time")


def test_title_slide_says_how_to_read_the_pack(pack_store):
    published = [brief(pack_store, "reablement_91day"), brief(pack_store, "contacts_new")]
    title = title_text(
        title="Quarterly performance report",
        council="Leicester",
        meeting="ASC Scrutiny",
        briefs=published,
        threshold=5,
        audience="public",
        made=date(2023, 8, 24),
    )
    assert title.made == "Prepared 24 August 2023"
    assert title.lines[0].startswith("A summary of all 2 indicators")
    assert not any("DEMONSTRATION DATA" in line for line in title.lines)  # headline charts: published rows only
    assert any("1 to 4 are hidden" in line for line in title.lines)
    with_demo = [*published, brief(pack_store, "reviews_overdue_24m")]
    title = title_text(
        title="t", council="c", meeting="m", briefs=with_demo, threshold=5, audience="officer", made=date(2023, 8, 24)
    )
    assert any("DEMONSTRATION DATA" in line for line in title.lines)
    assert not any("hidden" in line for line in title.lines)
    assert title.lines[0].startswith("OFFICER VIEW: CONTAINS UNSUPPRESSED FIGURES")  # on the pack's first page
    notes = slide_text(with_demo[-1], threshold=5, audience="officer").notes
    assert notes[0].startswith("OFFICER VIEW") and any("DEMONSTRATION DATA" in n for n in notes)  # and every slide
    assert not any("OFFICER" in n for n in slide_text(with_demo[-1], threshold=5, audience="public").notes)


def test_a_long_message_is_shortened_at_a_word_and_says_where_the_rest_is():
    from pack.slides import MORE, shortened

    text = "Reviews continue to be a considerable cause for concern and a project approach is being taken."
    assert shortened(text, limit=len(text)) == text  # fits: unchanged
    short = shortened(text, limit=60)
    assert len(short) <= 60 and short.endswith(MORE)
    assert text.startswith(short[: -len(MORE)])  # the words kept are the message's own, in order
    assert short[: -len(MORE)].split()[-1] in text.split()  # cut between words, never inside one
    assert shortened("x" * 100, limit=40).endswith(MORE) and len(shortened("x" * 100, limit=40)) <= 40


def test_an_indicator_given_only_in_words_says_so_on_its_slide(data_dir):
    from metrics.storage.store import DataStore, values_path
    from tests.conftest import value_row, values_frame

    rows = [value_row("requests_new", HOME, "2022/23", None, note="Fell by approximately 500")]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="words_test"))
    slide = slide_text(brief(DataStore(data_dir), "requests_new"), threshold=THRESHOLD, audience="public")
    assert slide.value == "in words only" and "not available" not in slide.value
    assert slide.value_caption == "The source gives no figure. It says (2022/23: Fell by approximately 500)"
