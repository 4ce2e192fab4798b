"""What the browser shows before the app has drawn anything: a loading notice in the page's first bytes.

Streamlit sends one HTML page (its index.html) for every address, and the app's script draws into it over a
websocket once its JavaScript has loaded and the first run has done its work: seconds on a cold server, more under
load, with nothing but a white page meanwhile (#28, #29). This middleware, around Streamlit's own ASGI app
(serve.py), puts into that page:

- a notice that says the dashboard is loading (in a status region), hidden the moment the page has first drawn its
  heading, an error or a notice of its own, and not shown again on later page switches;
- the page navigation hidden until then, so the list of pages never shows before the app has chosen it (raw page
  names, an admin-only page);
- the dashboard's name as the tab's title in place of "Streamlit", and a note for a browser without JavaScript.

Only whole HTML pages answered in full (status 200, no range) are changed; everything else (scripts, the websocket, media, health checks) passes through
untouched, compressed as Streamlit compresses it. A page Streamlit sent gzipped is unzipped, given the notice and
zipped again (a few kilobytes); one in an encoding this does not know is sent as it came.
"""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TITLE = "Adult social care dashboard"
#: The page has drawn once any of these is in it: its heading, an error box or a notice.
DRAWN = 'h1, [data-testid="stAlert"], [data-testid="stException"]'
#: The notice, and a script that marks the page drawn (class ``asc-drawn`` on <html>) the first time it is, then stops
#: watching: on a later page switch Streamlit clears the old page before the new one draws, and the notice must not
#: come back, nor the navigation go, then. No CSS :has(), which older browsers on council machines lack.
NOTICE = f"""<style>
#asc-first {{position: fixed; top: 30%; left: 0; right: 0; z-index: 1000; pointer-events: none; text-align: center;
  font-family: "Source Sans", "Source Sans Pro", Arial, sans-serif; color: #1d1d1b; padding: 0 1rem;}}
#asc-first .asc-first-head {{font-size: 1.6rem; font-weight: 700; margin: 0 0 0.4rem 0;}}
#asc-first p {{font-size: 1.2rem; margin: 0;}}
html.asc-drawn #asc-first {{display: none;}}
html:not(.asc-drawn) [data-testid="stSidebarNav"] {{visibility: hidden;}}
</style>
<script>
(() => {{
  const mark = () => {{
    if (!document.querySelector('{DRAWN}')) return false;
    document.documentElement.classList.add('asc-drawn');
    return true;
  }};
  if (!mark()) {{
    const watch = new MutationObserver(() => {{ if (mark()) watch.disconnect(); }});
    watch.observe(document.documentElement, {{childList: true, subtree: true}});
  }}
}})();
</script>
<div id="asc-first" role="status"><p class="asc-first-head">Loading the adult social care dashboard&hellip;</p>
<p>The first page after the server starts can take a few seconds.</p></div>
<noscript><style>#asc-first {{display: none;}}</style><p style="font-size:1.2rem;padding:1rem">This dashboard needs
JavaScript: please switch it on in your browser, or ask the council for the figures as a document.</p></noscript>
"""


def with_notice(page: bytes) -> bytes:
    """``page`` (Streamlit's index.html) with the notice at the start of its body and the dashboard's title."""
    page = page.replace(b"<title>Streamlit</title>", f"<title>{TITLE}</title>".encode(), 1)
    body = page.find(b"<body")
    end = page.find(b">", body) if body >= 0 else -1
    if end < 0:
        return page
    return page[: end + 1] + NOTICE.encode() + page[end + 1 :]


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((v for k, v in headers if k.lower() == name), b"")


class FirstByte:
    """ASGI middleware: whole HTML pages get the loading notice (with_notice); anything else passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        html = False
        chunks: list[bytes] = []

        async def respond(message: Message) -> None:
            nonlocal start, html
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                html = (
                    message.get("status") == 200
                    and _header(headers, b"content-type").startswith(b"text/html")
                    and not _header(headers, b"content-range")
                )
                if html:
                    start = message  # held until the whole page is here
                else:
                    await send(message)
                return
            if not html:
                await send(message)
                return
            assert start is not None
            if message["type"] != "http.response.body":  # a file sent another way (pathsend): as it came
                html = False
                await send(start)
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = _noticed(b"".join(chunks), encoding=_header(start.get("headers", []), b"content-encoding"))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, respond)


def _noticed(body: bytes, *, encoding: bytes) -> bytes:
    """``body`` with the notice, in the encoding it came in: plain, gzip, or (unknown) as it was."""
    if not encoding or encoding == b"identity":
        return with_notice(body)
    if encoding == b"gzip":
        try:
            return gzip.compress(with_notice(gzip.decompress(body)), mtime=0)
        except (OSError, EOFError):  # not gzip after all: sent as it came, without the notice
            return body
    return body
