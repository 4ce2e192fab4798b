"""The privacy notice names the council's contact and every cookie; a changed view is announced to screen readers,
and an unchanged rerun is not."""

from __future__ import annotations

from metrics.core.settings import load_settings
from tests.app.conftest import ROOT, blocks_of, open_page, text_of


def test_the_privacy_notice_names_the_contact_every_cookie_and_storage_key():
    at = open_page("app_pages/privacy.py", area="E06000016")
    assert not at.exception and not at.error
    contact = load_settings(path=ROOT / "config.toml").contact
    text = text_of(at)
    assert contact.email in text and "0116 454 6350" in text.replace("\\", "")
    tables = " ".join(blocks_of(at))
    assert "_streamlit_xsrf" in tables and "_streamlit_user" in tables and "stActiveTheme-" in tables
    assert "fonts.gstatic" not in text


def test_the_accessibility_statement_gives_a_contact():
    at = open_page("app_pages/accessibility.py", area="E06000016")
    text = text_of(at).replace("\\", "")
    assert "committees@leicester.gov.uk" in text and "0116 454 6350" in text


def _announced(at) -> list[str]:
    return [b for b in blocks_of(at) if "asc-live" in b]


def test_a_new_indicator_is_announced_with_its_headline_and_a_rerun_is_not():
    at = open_page("app_pages/reviews.py", area="E06000016", indicator="reviews_overdue_24m")
    assert _announced(at) == []  # a new page is read by the screen reader itself
    at.selectbox(key="reviews.indicator").set_value("reviews_overdue_12m").run()
    said = _announced(at)
    assert len(said) == 1 and "Now showing" in said[0] and "Latest:" in said[0]
    at.run()
    assert _announced(at) == []  # nothing changed, nothing said
