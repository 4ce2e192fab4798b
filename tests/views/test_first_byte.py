"""The loading notice in the page's first bytes (views/first_byte.py), on hand-made ASGI exchanges."""

from __future__ import annotations

import asyncio
import gzip

from views.first_byte import NOTICE, TITLE, FirstByte, with_notice

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body class='x'><div id='root'></div></body></html>"


def exchange(
    *, scope: dict, parts: list[bytes], content_type: bytes, encoding: bytes = b""
) -> tuple[list[dict], list[dict]]:
    """What the middleware sends when the app answers ``scope`` with ``parts``; and the scopes the app was given."""
    seen: list[dict] = []

    async def app(scope, receive, send):
        seen.append(scope)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", str(sum(map(len, parts))).encode())]
                + ([(b"content-encoding", encoding)] if encoding else []),
            }
        )
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    asyncio.run(FirstByte(app)(scope, receive, send))
    return sent, seen


def get(path: str) -> dict:
    return {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")]}


def test_the_notice_opens_the_body_and_the_tab_has_the_dashboards_name():
    page = with_notice(PAGE)
    assert page.index(b"<body class='x'>") < page.index(b'id="asc-first"') < page.index(b"id='root'")
    assert f"<title>{TITLE}</title>".encode() in page and b"<title>Streamlit</title>" not in page


def test_a_page_without_a_body_is_left_as_it_is():
    assert with_notice(b"<p>no body here</p>") == b"<p>no body here</p>"


def test_a_page_sent_in_parts_is_sent_whole_with_its_new_length():
    sent, seen = exchange(scope=get("/reviews"), parts=[PAGE[:40], PAGE[40:]], content_type=b"text/html; charset=utf-8")
    start, body = sent
    assert body["body"] == with_notice(PAGE) and not body.get("more_body")
    assert dict(start["headers"])[b"content-length"] == str(len(with_notice(PAGE))).encode()
    assert [k for k, _v in start["headers"]].count(b"content-length") == 1
    assert seen[0] is not None and dict(seen[0]["headers"])[b"accept-encoding"] == b"gzip"  # asked as it came


def test_a_gzipped_page_gets_the_notice_and_stays_gzipped():
    zipped = gzip.compress(PAGE)
    sent, _seen = exchange(
        scope=get("/"), parts=[zipped[:10], zipped[10:]], content_type=b"text/html", encoding=b"gzip"
    )
    start, body = sent
    assert dict(start["headers"])[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body["body"]) == with_notice(PAGE)
    assert dict(start["headers"])[b"content-length"] == str(len(body["body"])).encode()


def test_a_page_in_an_unknown_encoding_is_sent_as_it_came():
    sent, _seen = exchange(scope=get("/"), parts=[b"\x00br-bytes"], content_type=b"text/html", encoding=b"br")
    assert sent[-1]["body"] == b"\x00br-bytes"


def test_anything_but_a_page_passes_through_untouched_and_in_its_parts():
    script = [b"console.log(1);", b"<body>"]
    sent, _seen = exchange(scope=get("/static/js/x.js"), parts=script, content_type=b"text/javascript")
    assert [m.get("body") for m in sent[1:]] == script and NOTICE.encode() not in b"".join(
        m.get("body", b"") for m in sent
    )
    assert dict(sent[0]["headers"])[b"content-length"] == str(sum(map(len, script))).encode()


def test_a_websocket_and_a_post_are_not_touched():
    for scope in ({"type": "websocket", "path": "/_stcore/stream", "headers": []}, {**get("/"), "method": "POST"}):
        sent, seen = exchange(scope=scope, parts=[PAGE], content_type=b"text/html")
        assert seen[0] is scope and sent[-1]["body"] == PAGE


def test_only_a_whole_page_answered_in_full_gets_the_notice():
    for status, extra in ((404, []), (500, []), (206, [(b"content-range", b"bytes 0-9/100")])):

        async def app(scope, receive, send, status=status, extra=extra):
            await send(
                {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/html"), *extra]}
            )
            await send({"type": "http.response.body", "body": PAGE})

        sent: list[dict] = []

        async def collect(message, sent=sent):
            sent.append(message)

        asyncio.run(FirstByte(app)(get("/"), None, collect))
        assert sent[-1]["body"] == PAGE, status


def test_a_page_sent_as_a_file_path_passes_through_with_its_start():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.pathsend", "path": "/index.html"})

    sent: list[dict] = []

    async def collect(message):
        sent.append(message)

    asyncio.run(FirstByte(app)(get("/"), None, collect))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"]


def test_a_page_that_says_gzip_but_is_not_is_sent_as_it_came():
    sent, _seen = exchange(scope=get("/"), parts=[PAGE], content_type=b"text/html", encoding=b"gzip")
    assert sent[-1]["body"] == PAGE


def test_the_drawn_mark_sticks_and_needs_no_css_has():
    """Hidden once the page has first drawn, by a class the page's script sets, not by :has() (older browsers)."""
    assert ":has(" not in NOTICE and "html.asc-drawn #asc-first" in NOTICE and "watch.disconnect()" in NOTICE
