"""Does the load driver cost the server what a browser costs it? (#29)

    python bench/driver_check.py [--switches 40]

bench/load_driver.py stands in for people with websocket clients that speak Streamlit's own messages. This check
makes the same page switches both ways against one warm server: a real browser (Debian's Chromium, driven by
Playwright) clicking between Reviews and Demand in the sidebar, and the driver asking for the same two pages with
the same query. It prints, for each, the server's CPU per switch (its own user and system time, /proc/<pid>/stat)
and the messages the server sent per switch (the browser's received websocket frames; the driver's ForwardMsgs),
and the ratio driver / browser. A ratio near 1 says the driver's figures stand for real visitors.

It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_driver import Server, rerun  # noqa: E402

from tests.browser.driver import CHROMIUM, CHROMIUM_ARGS, new_tab, settle  # noqa: E402

AREA = "E06000016"
PAGES = (("reviews", "Reviews"), ("demand", "Demand"))


def by_browser(server: Server, *, switches: int) -> tuple[float, float]:
    """(server CPU seconds, frames received) per switch, for a browser clicking between the two pages."""
    from playwright.sync_api import sync_playwright  # only this half needs a browser

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        tab = new_tab(browser, viewport={"width": 1280, "height": 720})
        frames, sent = [0], [0]

        def watch(ws) -> None:
            ws.on("framereceived", lambda _f: frames.__setitem__(0, frames[0] + 1))
            ws.on("framesent", lambda _f: sent.__setitem__(0, sent[0] + 1))

        tab.on("websocket", watch)
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url.split("?")[0].replace(f"http://127.0.0.1:{server.port}", "")))
        tab.goto(f"http://127.0.0.1:{server.port}/reviews?area={AREA}")
        settle(tab)
        for _ in range(4):  # warm both pages in this session
            for _page, title in PAGES:
                tab.get_by_role("link", name=title, exact=True).click()
                settle(tab)
        cpu0, frames0, sent0, asked0 = server.cpu_seconds, frames[0], sent[0], len(requests)
        for i in range(switches):
            tab.get_by_role("link", name=PAGES[(i + 1) % 2][1], exact=True).click()
            settle(tab)
        cpu, received = server.cpu_seconds - cpu0, frames[0] - frames0
        print(f"  the browser sent {(sent[0] - sent0) / switches:.1f} messages per switch (the driver sends 1)")
        asked = requests[asked0:]
        print(
            f"  and made {len(asked) / switches:.1f} HTTP requests per switch besides: "
            + ", ".join(sorted(set(asked)))[:300]
        )
        browser.close()
    return cpu / switches, received / switches


def by_driver(server: Server, *, switches: int) -> tuple[float, float]:
    """(server CPU seconds, ForwardMsgs received) per switch, for the driver asking for the same pages."""

    async def run() -> tuple[float, float]:
        async with websockets.connect(server.url, subprotocols=["streamlit"], max_size=None) as ws:

            async def switch(page: str, query: str = "") -> int:
                # as the browser's sidebar link does: the page, no query (the session keeps its council)
                await ws.send(rerun(page, query))
                count = 0
                while True:
                    msg = ForwardMsg()
                    msg.ParseFromString(await ws.recv())
                    count += 1
                    if msg.WhichOneof("type") == "script_finished":
                        return count

            await switch(PAGES[0][0], f"area={AREA}")  # the session opens on the council, as the browser's link
            for _ in range(4):
                for page, _title in PAGES:
                    await switch(page)
            cpu0, received = server.cpu_seconds, 0
            for i in range(switches):
                received += await switch(PAGES[(i + 1) % 2][0])
            return (server.cpu_seconds - cpu0) / switches, received / switches

    return asyncio.run(run())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--switches", type=int, default=40, help="page switches measured each way")
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")
    server = Server()
    server.start()
    try:
        by_driver(server, switches=4)  # the process's first runs: data read once
        rounds = []
        for _ in range(2):  # interleaved: browser, driver, browser, driver
            rounds.append((by_browser(server, switches=args.switches), by_driver(server, switches=args.switches)))
            time.sleep(1)
    finally:
        server.stop()
    for (b_cpu, b_msgs), (d_cpu, d_msgs) in rounds:
        print(
            f"browser: {b_cpu * 1000:.1f} ms CPU, {b_msgs:.1f} messages per switch; "
            f"driver: {d_cpu * 1000:.1f} ms CPU, {d_msgs:.1f} messages per switch; "
            f"ratio driver/browser: CPU {d_cpu / b_cpu:.2f}, messages {d_msgs / b_msgs:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
