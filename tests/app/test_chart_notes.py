"""Officers' notes on chart points (#27): written in the page, drawn as numbered markers on the chart, in Present,
the pack and the CSV; the public reads only published notes."""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pypdf import PdfReader

from metrics.commentary import annotations
from metrics.commentary.sqlite import CommentaryStore
from metrics.figures import agenda, briefing
from metrics.storage.store import DataStore
from tests.app.conftest import COUNCILLOR, OFFICER, ROOT, open_page, text_of

LEICESTER = "E06000016"
TEXT = "New front door from April 2022"


def _notes_drawn(at) -> list[str]:
    return re.findall(r'data-role="note" data-note="(\d+)"', text_of(at))


def _write_in_page(at, *, text: str):
    next(t for t in at.toggle if t.label.startswith("Add, publish")).set_value(True).run()
    point = at.selectbox(key="demand.notes.point")
    next(t for t in at.text_input if t.label.startswith("Note")).set_value(text)
    next(b for b in at.button if b.label == "Save note").click().run()
    return point.value


def test_an_officers_note_is_drawn_numbered_and_the_public_sees_it_only_once_published(scratch_config):
    at = open_page("app_pages/demand.py", user=OFFICER, area=LEICESTER)
    point = _write_in_page(at, text=TEXT)
    assert not at.exception and not at.error
    assert _notes_drawn(at) == ["1"]
    shown = text_of(at)
    assert f"1. {point}: {TEXT} (Ann Officer, " in shown and "draft, not yet published" in shown
    assert "ann.officer@" not in shown.split("Notes on this chart")[1].split("</div>")[0]  # a name, not an address
    councillor = open_page("app_pages/demand.py", user=COUNCILLOR, area=LEICESTER)
    assert _notes_drawn(councillor) == ["1"]  # councillors read drafts, as they read draft key messages
    public = open_page("app_pages/demand.py", area=LEICESTER)
    assert _notes_drawn(public) == [] and TEXT not in text_of(public)
    next(b for b in at.button if b.label == "Publish").click().run()
    assert not at.exception and not at.error
    public = open_page("app_pages/demand.py", area=LEICESTER)
    assert _notes_drawn(public) == ["1"] and f"1. {point}: {TEXT}" in text_of(public)
    assert "aria-label=" in text_of(public) and f"Notes on the chart: 1. {point}: {TEXT}" in text_of(public)
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert _notes_drawn(open_page("app_pages/demand.py", area=LEICESTER)) == []


def test_a_signed_out_visitor_is_offered_no_way_to_write_a_note(scratch_config):
    public = open_page("app_pages/demand.py", area=LEICESTER)
    assert not [t for t in public.toggle if t.label.startswith("Add, publish")]
    councillor = open_page("app_pages/demand.py", user=COUNCILLOR, area=LEICESTER)
    assert not [t for t in councillor.toggle if t.label.startswith("Add, publish")]


def test_present_and_the_pack_carry_the_same_numbered_note(scratch_config):
    from pack.build import meeting_pack

    first = agenda.QUARTERLY.indicator_ids[0]
    store = CommentaryStore(path=scratch_config)
    brief = briefing.build(
        store=DataStore(ROOT / "data"), indicator_id=first, area_code=LEICESTER, audience="public", threshold=5
    )
    label = brief.latest_period
    note = annotations.write(
        store, indicator_id=first, area_code=LEICESTER, period_label=label, text=TEXT, author="Ann Officer"
    )
    annotations.publish(store, indicator_id=first, area_code=LEICESTER, entry=note.entry, author="Ann Officer")
    present = open_page("app_pages/present.py", area=LEICESTER, agenda=agenda.encode(indicator_ids=[first]), slide="1")
    assert not present.exception
    assert _notes_drawn(present) == ["1"] and f"1. {label}: {TEXT}" in text_of(present)
    full = brief.with_notes(annotations.current(store, indicator_id=first, area_code=LEICESTER, drafts=False))
    pack = meeting_pack(briefs=[full], title="Test", council="Leicester", meeting="M", threshold=5, audience="public")
    deck = Presentation(io.BytesIO(pack.pptx))
    words = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert f"1. {label}: {TEXT}" in words
    alts = [s._element.nvPicPr.cNvPr.get("descr") for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert any(f"Notes on the chart: 1. {label}: {TEXT}" in alt for alt in alts)
    assert f"1. {label}: {TEXT}" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pack.pdf)).pages)


def _quarterly_first(store, *, notes: int, published: bool, text: str = TEXT):
    """The first Quarterly indicator's brief for Leicester with ``notes`` notes written on its latest point."""
    first = agenda.QUARTERLY.indicator_ids[0]
    brief = briefing.build(
        store=DataStore(ROOT / "data"), indicator_id=first, area_code=LEICESTER, audience="public", threshold=5
    )
    for k in range(notes):
        note = annotations.write(
            store,
            indicator_id=first,
            area_code=LEICESTER,
            period_label=brief.latest_period,
            text=f"{text} {k}",
            author="Ann Officer",
        )
        if published:
            annotations.publish(store, indicator_id=first, area_code=LEICESTER, entry=note.entry, author="Ann")
    return brief.with_notes(annotations.current(store, indicator_id=first, area_code=LEICESTER, drafts=True))


def test_a_pack_with_a_draft_note_is_a_draft_pack(scratch_config):
    from pack.build import meeting_pack

    full = _quarterly_first(CommentaryStore(path=scratch_config), notes=1, published=False)
    pack = meeting_pack(briefs=[full], title="T", council="Leicester", meeting="M", threshold=5, audience="public")
    assert pack.file_stem.endswith("DRAFT")
    title = "\n".join(
        s.text_frame.text for s in Presentation(io.BytesIO(pack.pptx)).slides[0].shapes if s.has_text_frame
    )
    assert "INCLUDES DRAFTS" in title


def test_many_long_notes_go_on_continuation_slides_and_none_runs_off_a_slide(scratch_config):
    from pack import fit
    from pack.build import meeting_pack

    full = _quarterly_first(CommentaryStore(path=scratch_config), notes=15, published=True, text="word " * 58)
    pack = meeting_pack(briefs=[full], title="T", council="Leicester", meeting="M", threshold=5, audience="public")
    deck = Presentation(io.BytesIO(pack.pptx))
    continued = [s for s in deck.slides if s.shapes.title.text.endswith("(continued)")]
    assert len(continued) >= 2
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                paras = [
                    fit.Para(p.text, p.runs[0].font.size.pt, bool(p.runs[0].font.bold), None)
                    for p in shape.text_frame.paragraphs
                    if p.runs and p.runs[0].font.size
                ]
                bottom = shape.top / 914400 + fit.height_in(paras, width_in=shape.width / 914400)
                assert bottom <= deck.slide_height / 914400, (slide.shapes.title.text, shape.text_frame.text[:40])
    words = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    numbers = {int(n) for n in re.findall(r"(\d+)\. [^:\n]+: word", words)}
    assert numbers == set(range(1, 16))  # every note, numbered, on a slide


def test_notes_on_one_point_are_drawn_apart(scratch_config):
    _quarterly_first(CommentaryStore(path=scratch_config), notes=3, published=True)
    public = open_page("app_pages/demand.py", area=LEICESTER)
    badges = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="11"', text_of(public))
    assert len(badges) == 3 and len(set(badges)) == 3  # one point, three places down its line
    assert all(float(cx) <= 780 - 11 for cx, _cy in badges)


def test_when_the_store_cannot_be_reached_the_public_is_told_notes_may_be_missing(scratch_config):
    _quarterly_first(CommentaryStore(path=scratch_config), notes=1, published=True)
    assert _notes_drawn(open_page("app_pages/demand.py", area=LEICESTER)) == ["1"]
    scratch_config.unlink()
    scratch_config.mkdir()  # the store's path is now a folder: SQLite cannot open it
    public = open_page("app_pages/demand.py", area=LEICESTER)
    assert not public.exception and _notes_drawn(public) == []
    assert any("Notes on this chart are unavailable" in str(w.value) for w in public.warning)
