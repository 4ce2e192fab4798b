"""How long does each page take to render in a real browser, against a bare Streamlit page?

    python bench/page_bench.py [--repeats 9] [--width 1280 --height 720] [--only reviews]

Starts the dashboard and one-line Streamlit pages on free local ports (the bare
pages run with the project's own .streamlit/config.toml, so theme and server
settings are the same on both sides), opens every page in Debian's Chromium
(Playwright, never a downloaded browser) and times:

* a full load: a new document opening the page's address, from the browser's
  navigation start until Streamlit reports the page's script finished
  (the app element's script state goes running -> notRunning), against the same
  for a one-line Streamlit page;
* a page switch inside the app (clicking the page in the sidebar, as an
  officer moves during a meeting), from the click until the script finished,
  against a switch between two one-line pages of a bare multipage app;
* Next in presentation mode, from the click until the slide's script finished.

Times are read from the page's own clock (performance.now), so neither the
previous page's unload nor Playwright's polling is counted. Each page is
visited once to warm the server's caches, then timed --repeats times, each
time paired with a bare load just before it; the figure is the median of the
per-pair ratios, so slow spells of the machine hit both sides of a pair alike.
Target: every page <= 1.5x the bare page. It prints figures; it is not a test.
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
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGET = 1.5

# Records, on the page's own clock, each change of Streamlit's script state and the time of the latest change
# to the page's content. A fast rerun can go running -> notRunning within one React commit, so the state alone
# can miss a run; "finished" is: the state is notRunning and nothing on the page has changed for QUIET ms.
MARKS = """
window.__marks = []; window.__last = 0;
new MutationObserver(() => {
  window.__last = performance.now();
  const app = document.querySelector("[data-testid='stApp']");
  const s = app ? app.getAttribute('data-test-script-state') : null;
  const m = window.__marks;
  if (s && (!m.length || m[m.length - 1][0] !== s)) m.push([s, performance.now()]);
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
QUIET = 250
# True once the page is drawn after time t (ms on the page's clock): script not running, quiet for QUIET ms.
FINISHED = """([t, quiet]) => { const app = document.querySelector("[data-testid='stApp']");
  return app && app.getAttribute('data-test-script-state') === 'notRunning' && window.__last > t
    && performance.now() - window.__last > quiet; }"""


FRAME_ONLY = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from views import page

def empty():
    if page.frame():
        st.title("An empty page in the dashboard's frame")

titles = ["Overview", "Demand", "Reviews", "Reablement", "Long-term support", "Care market quality", "Workforce",
          "Safeguarding", "Complaints and commendations", "Outcomes and experience", "Meeting pack", "Present",
          "Where we sit", "Since last meeting", "About the data"]
pages = [st.Page(empty, title=t, url_path=t.lower().replace(" ", "_"), icon=":material/info:", default=not i)
         for i, t in enumerate(titles)]
st.navigation({{"": pages[:1], "Service areas": pages[1:10], "Meeting": pages[10:12],
               "Compare and follow up": pages[12:14], "About": pages[14:]}}, expanded=True).run()
"""


def start(script: Path, cwd: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
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


def _ends(tab, t0: float) -> tuple[float, float]:
    """(script finished, page drawn) in seconds after t0: the last notRunning mark, and the last change.

    When a rerun left no mark of its own (running and notRunning in one React commit), its finish is taken
    as the last change."""
    finished, drawn = tab.evaluate(
        "t => { const f = Math.max(...window.__marks.filter(x => x[0] === 'notRunning')"
        ".map(x => x[1])); return [f > t ? f : window.__last, window.__last]; }",
        t0,
    )
    return (finished - t0) / 1000, (drawn - t0) / 1000


def load(page, url: str) -> tuple[float, float]:
    """Seconds from navigation start until the script finished, and until the page stopped changing."""
    page.goto(url)
    page.wait_for_function(FINISHED, arg=[0, QUIET], timeout=60_000, polling=20)
    return _ends(page, 0.0)


def click(tab, selector: str, index: int = 0) -> tuple[float, float]:
    """Seconds from a click (dispatched in the page) until the rerun has finished and the page stopped changing."""
    t0 = tab.evaluate(
        "([sel, i]) => { const t = performance.now(); document.querySelectorAll(sel)[i].click(); return t; }",
        [selector, index],
    )
    tab.wait_for_timeout(50)  # let the rerun start
    tab.wait_for_function(FINISHED, arg=[t0, QUIET], timeout=60_000, polling=20)
    return _ends(tab, t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--only", default="", help="time only the pages whose titles contain this (case-insensitive)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    bare_dir = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / ".streamlit", bare_dir / ".streamlit")
    (bare_dir / "bare.py").write_text('import streamlit as st\nst.title("Bare page")\nst.write("Hello")\n')
    (bare_dir / "one.py").write_text('import streamlit as st\nst.title("One")\nst.write("Hello")\n')
    (bare_dir / "two.py").write_text('import streamlit as st\nst.title("Two")\nst.write("Hello")\n')
    (bare_dir / "multi.py").write_text(
        'import streamlit as st\nst.navigation([st.Page("one.py"), st.Page("two.py")]).run()\n'
    )
    # the yardstick's yardstick: the dashboard's own frame (navigation, sidebar, styling) around an empty page
    (bare_dir / "frame.py").write_text(FRAME_ONLY.format(root=str(ROOT)))
    app, app_url = start(ROOT / "serve.py", ROOT)
    frame_app, frame_url = start(bare_dir / "frame.py", ROOT)
    bare, bare_url = start(bare_dir / "bare.py", bare_dir)
    multi, multi_url = start(bare_dir / "multi.py", bare_dir)
    nav = "[data-testid='stSidebarNavLink']"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.add_init_script(MARKS)
            load(page, bare_url)
            load(page, app_url)
            links = page.eval_on_selector_all(
                nav, "els => els.map(e => [e.innerText.split('\\n').pop().trim(), e.href])"
            )
            present = next(href for title, href in links if title == "Present")
            links = [(t, h) for t, h in links if args.only.lower() in t.lower()]

            print(f"Full page load, from navigation start; median of {args.repeats} pairs, each against a bare load")
            print(f"  {'page':30s} {'script finished':>24s}   {'drawn (no change for ' + str(QUIET) + ' ms)':>30s}")
            worst = [0.0, 0.0]
            for title, href in links:
                load(page, href)  # warm this page's caches, as on a running server
                pairs = []
                for _ in range(args.repeats):
                    bare_t = load(page, bare_url)
                    pairs.append((load(page, href), bare_t))
                cells = []
                for m in (0, 1):
                    ratio = statistics.median(t[m] / b[m] for t, b in pairs)
                    worst[m] = max(worst[m], ratio)
                    cells.append(
                        f"{statistics.median(t[m] for t, _ in pairs) * 1000:5.0f} ms {ratio:4.2f}x "
                        f"{'met' if ratio <= TARGET else 'NOT met':>7s}"
                    )
                print(f"  {title:30s} {cells[0]:>24s}   {cells[1]:>30s}")
            print(f"  slowest page: {worst[0]:.2f}x (script finished), {worst[1]:.2f}x (drawn); target <= {TARGET}x")
            load(page, frame_url + "/")
            load(page, frame_url + "/reviews")
            pairs = []
            for _ in range(args.repeats):
                bare_t = load(page, bare_url)
                pairs.append((load(page, frame_url + "/reviews"), bare_t))
            cells = [
                f"{statistics.median(t[m] for t, _ in pairs) * 1000:5.0f} ms "
                f"{statistics.median(t[m] / b[m] for t, b in pairs):4.2f}x"
                for m in (0, 1)
            ]
            print(
                f"  for scale: the frame alone (navigation, sidebar and styling around an empty page): "
                f"{cells[0]} (script finished), {cells[1]} (drawn)"
            )

            # page switches inside each app, by clicking the sidebar
            bare_tab = browser.new_page(viewport={"width": args.width, "height": args.height})
            bare_tab.add_init_script(MARKS)
            load(bare_tab, multi_url)
            bare_switch = [click(bare_tab, nav, k % 2) for k in range(args.repeats * 2 + 1)][1:]
            base = [statistics.median(b[m] for b in bare_switch) for m in (0, 1)]
            print(
                f"\nPage switch, from the click; bare multipage app: script finished {base[0] * 1000:.0f} ms, "
                f"drawn {base[1] * 1000:.0f} ms"
            )
            load(page, app_url)
            everything = page.eval_on_selector_all(nav, "els => els.map(e => e.innerText.split('\\n').pop().trim())")
            worst_switch = [0.0, 0.0]
            for title, _href in links:
                if title == "Present":  # presentation mode hides the sidebar: a presenter moves by Next, timed below
                    continue
                index = everything.index(title)
                click(page, nav, index)  # warm
                times = []
                for _ in range(args.repeats):
                    click(page, nav, 0 if index else 1)
                    times.append(click(page, nav, index))
                cells = []
                for m in (0, 1):
                    med = statistics.median(t[m] for t in times)
                    worst_switch[m] = max(worst_switch[m], med / base[m])
                    cells.append(
                        f"{med * 1000:5.0f} ms {med / base[m]:4.2f}x {'met' if med / base[m] <= TARGET else 'NOT met':>7s}"
                    )
                print(f"  {title:30s} {cells[0]:>24s}   {cells[1]:>30s}")
            print(f"  slowest page switch: {worst_switch[0]:.2f}x (script finished), {worst_switch[1]:.2f}x (drawn)")

            # the presenter's move: Next in presentation mode, over the quarterly preset
            load(page, present.split("?")[0] + "?slide=1")
            nxt = "[data-testid='stMain'] button[kind='primary']"
            moves = [click(page, nxt) for _ in range(min(args.repeats * 2, 15))]
            med = [statistics.median(t[m] for t in moves) for m in (0, 1)]
            print(
                f"\nPresentation mode, Next, over {len(moves)} moves: script finished {med[0] * 1000:.0f} ms "
                f"({med[0] / base[0]:.2f}x a bare page switch), drawn {med[1] * 1000:.0f} ms "
                f"({med[1] / base[1]:.2f}x)"
            )
            browser.close()
    finally:
        for proc in (app, bare, multi, frame_app):
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(bare_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
