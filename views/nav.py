"""Which page shows which domain, so tiles and links can point at it."""

from __future__ import annotations

from metrics.core.registry import DOMAINS

DOMAIN_PAGES: dict[str, str] = {domain: f"app_pages/{domain}.py" for domain in DOMAINS}

#: Session key holding the name of the page being shown (app.py sets it), for the browser tab's title.
PAGE_NAME_KEY = "page.name"
APP_NAME = "Adult social care scrutiny"


def tab_title(*, page: str, council: str) -> str:
    """The browser tab's title: page, council and the app, so each page and slide has its own ("Reviews: Leicester –
    Adult social care scrutiny"); screen readers announce it when a page opens (WCAG 2.4.2)."""
    return f"{page}: {council} – {APP_NAME}" if council else f"{page} – {APP_NAME}"


#: Every page by the last part of its address ('' is the Overview): where the council picker may send someone back
#: to. Only these: a name from the URL never becomes a path.
PAGE_STEMS: dict[str, str] = {
    "": "app_pages/overview.py",
    **dict(DOMAIN_PAGES.items()),
    **{
        stem: f"app_pages/{stem}.py"
        for stem in (
            "meeting",
            "present",
            "where_we_sit",
            "since_last_meeting",
            "about",
            "councils",
            "accessibility",
            "update",
        )
    },
}
