"""How long does each page take to render in a real browser, against a bare Streamlit page?

    python bench/page_bench.py [--repeats 5] [--width 1280 --height 720]

Starts the dashboard and a one-line Streamlit page on free local ports, opens
every page in Debian's Chromium (Playwright, never a downloaded browser) and
times two things until Streamlit reports the script finished:

* a full load (a new browser tab opening the page's address), against a full
  load of a one-line Streamlit page;
* a page switch inside the app (clicking the page in the sidebar, as an
  officer moves during a meeting), against a switch between two one-line
  pages of a bare multipage app.

The first visit warms the caches, as a running server would be; then each
page is timed `--repeats` times, interleaved with the bare page. Target:
every page <= 1.5x the bare page. It prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def start(script: Path, cwd: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false"], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


def timed(page, url: str) -> float:
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_selector(DONE, timeout=60_000)
    return time.perf_counter() - t


def switch(tab, index: int) -> float:
    """Click the index-th sidebar page and wait until its script has run."""
    t = time.perf_counter()
    tab.locator("[data-testid='stSidebarNavLink']").nth(index).click()
    tab.wait_for_timeout(30)  # the click starts a rerun; wait for it to finish
    tab.wait_for_selector(DONE, timeout=60_000)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    bare_dir = Path(tempfile.mkdtemp())
    (bare_dir / "bare.py").write_text('import streamlit as st\nst.title("Bare page")\nst.write("Hello")\n')
    (bare_dir / "one.py").write_text('import streamlit as st\nst.title("One")\nst.write("Hello")\n')
    (bare_dir / "two.py").write_text('import streamlit as st\nst.title("Two")\nst.write("Hello")\n')
    (bare_dir / "multi.py").write_text('import streamlit as st\nst.navigation([st.Page("one.py"), st.Page("two.py")]).run()\n')
    app, app_url = start(ROOT / "app.py", ROOT)
    bare, bare_url = start(bare_dir / "bare.py", bare_dir)
    multi, multi_url = start(bare_dir / "multi.py", bare_dir)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            timed(page, bare_url)
            page.goto(app_url)
            page.wait_for_selector(DONE, timeout=60_000)
            links = page.eval_on_selector_all("[data-testid='stSidebarNavLink']",
                                              "els => els.map(e => [e.innerText.split('\\n').pop().trim(), e.href])")
            worst = 0.0
            all_bare = []
            for title, href in links:
                timed(page, href)  # warm this page's caches
                times, bare_times = [], []
                for _ in range(args.repeats):  # interleaved, so drift in the machine hits both alike
                    bare_times.append(timed(page, bare_url))
                    times.append(timed(page, href))
                med, base = statistics.median(times), statistics.median(bare_times)
                all_bare += bare_times
                worst = max(worst, med / base)
                flag = "met" if med / base <= 1.5 else "NOT met"
                print(f"{title:32s} median {med * 1000:6.0f} ms vs bare {base * 1000:4.0f} ms: {med / base:4.2f}x  "
                      f"(target <= 1.5x: {flag})")
            print(f"bare Streamlit page overall: median {statistics.median(all_bare) * 1000:.0f} ms")

            # page switches inside each app, by clicking the sidebar
            bare_tab = browser.new_page(viewport={"width": args.width, "height": args.height})
            bare_tab.goto(multi_url)
            bare_tab.wait_for_selector(DONE, timeout=60_000)
            bare_switch = []
            for k in range(args.repeats * 2):
                bare_switch.append(switch(bare_tab, k % 2))
            base_switch = statistics.median(bare_switch)
            print(f"\npage switch in a bare multipage app: median {base_switch * 1000:.0f} ms")
            page.goto(app_url)
            page.wait_for_selector(DONE, timeout=60_000)
            worst_switch = 0.0
            for index, (title, _href) in enumerate(links):
                if title == "Present":  # presentation mode hides the sidebar: a presenter moves by Next, timed below
                    continue
                switch(page, index)  # warm
                times = []
                for _ in range(args.repeats):
                    switch(page, 0 if index else 1)
                    times.append(switch(page, index))
                med = statistics.median(times)
                worst_switch = max(worst_switch, med / base_switch)
                flag = "met" if med / base_switch <= 1.5 else "NOT met"
                print(f"{title:32s} switch median {med * 1000:6.0f} ms: {med / base_switch:4.2f}x  (target <= 1.5x: {flag})")
            print(f"slowest page switch: {worst_switch:.2f}x the bare multipage app")

            # the presenter's move: Next in presentation mode, over the quarterly preset
            present = next(href for title, href in links if title == "Present")
            page.goto(present.split("?")[0] + "?slide=1")
            page.wait_for_selector(DONE, timeout=60_000)
            moves = []
            for _ in range(min(args.repeats * 3, 15)):
                t = time.perf_counter()
                page.get_by_role("button", name="Next").click()
                page.wait_for_timeout(30)
                page.wait_for_selector(DONE, timeout=60_000)
                moves.append(time.perf_counter() - t)
            med = statistics.median(moves)
            print(f"presentation mode, next slide: median {med * 1000:.0f} ms over {len(moves)} moves: "
                  f"{med / base_switch:.2f}x a bare page switch")
            print(f"slowest page: {worst:.2f}x the bare page")
            browser.close()
    finally:
        for proc in (app, bare, multi):
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(bare_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
