"""What every browser test needs: Debian's Chromium, `streamlit run app.py` on a free port, and waiting for a page.

Plain functions; tests/browser/conftest.py turns them into fixtures (one server and one Chromium per module).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: What a failed run shows: a traceback box or an error alert.
PROBLEMS = "[data-testid='stException'], [data-testid='stAlertContentError']"
#: Flags for Chromium on this closed network (without the background-networking ones, it dials Google at start).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: How long a page may take to draw under load (a cold server's first run reads every table).
SETTLE_MS = 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(
    *, port: int | None = None, host: str = "127.0.0.1", config: Path | None = None, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """`streamlit run app.py`, freshly started on ``port`` (a free one by default) with the project's config or
    ``config``, and any further ``args``; yields its address once its health check answers."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "SCRUTINY_CONFIG"}
    if config is not None:
        env["SCRUTINY_CONFIG"] = str(config)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", host, *args]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://{host}:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def settle(tab) -> None:
    """Wait until the page's script has run and its output is drawn.

    The script state alone is not enough: before a fresh session's first run starts, the app also reads
    "notRunning". So wait for the main area to hold what a finished run leaves (a heading), with no element still
    marked stale from the run before, then one animation frame for the browser to paint.
    """
    tab.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=SETTLE_MS)
    tab.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            if (document.querySelector("[data-stale='true']")) return false;
            return !!document.querySelector("[data-testid='stMain'] h1, [data-testid='stMain'] h2, "
                + "[data-testid='stException'], [data-testid='stAlertContentError']");
        }""",
        timeout=SETTLE_MS,
    )
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    tab.wait_for_timeout(150)


def choose_breakdown(tab, dim: str) -> None:
    """Pick "By <dim>" in the page's Show choice: a radio button for a few breakdowns, a select box for more."""
    label = f"By {dim}"
    radio = tab.locator("[data-testid='stRadio'] label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    if radio.count():
        radio.first.click()
        return
    tab.get_by_role("combobox", name="Show").click()
    tab.get_by_role("option", name=label, exact=True).click()


def problems(tab) -> list[str]:
    """The text of every traceback or error box on the page (none is the pass)."""
    return tab.eval_on_selector_all(PROBLEMS, "els => els.map(e => e.innerText.slice(0, 300))")
