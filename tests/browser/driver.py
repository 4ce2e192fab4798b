"""What every browser test needs: Debian's Chromium, `streamlit run serve.py` on a free port, and waiting for a page.

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
    """`streamlit run serve.py`, freshly started on ``port`` (a free one by default) with the project's config or
    ``config``, and any further ``args``; yields its address once its health check answers."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "SCRUTINY_CONFIG"}
    if config is not None:
        env["SCRUTINY_CONFIG"] = str(config)
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true"]
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


#: Counts the app's script runs in the page (window.__stRuns), from the first moment of every document: a run seen
#: starting is never missed, however quickly it ends. Added to every tab and context (new_tab, new_context).
RUN_COUNTER = """
(() => {
  window.__stRuns = 0; window.__stSeen = 0;
  const hook = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) { setTimeout(hook, 5); return; }
    let last = app.getAttribute('data-test-script-state');
    if (last === 'running') window.__stRuns++;
    new MutationObserver(() => {
      const now = app.getAttribute('data-test-script-state');
      if (now === 'running' && last !== 'running') window.__stRuns++;
      last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  hook();
})();
"""
#: How long settle waits for a run to start after an action that may not cause one (a key on the last slide).
RUN_GRACE_MS = 3_000


def new_tab(browser, **options):
    """A page in its own context that counts the app's script runs (RUN_COUNTER), so settle never races."""
    tab = browser.new_page(**options)
    tab.add_init_script(RUN_COUNTER)
    return tab


def new_context(browser, **options):
    """A browser context whose pages count the app's script runs (RUN_COUNTER)."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER)
    return context


def settle(tab) -> None:
    """Wait until the script run that the last action started has finished and its output is drawn.

    The script state alone is not enough. Right after a click the state still reads "notRunning" until the rerun
    starts, and before a fresh session's first run it reads "notRunning" too. So, in a tab that counts runs
    (new_tab, new_context), first wait for a run not yet seen to have started (up to RUN_GRACE_MS: some actions
    start none); then for the state to be "notRunning", no element still marked stale, and the main area to hold
    what a finished run leaves (a heading); then one animation frame for the browser to paint.
    """
    counting = tab.evaluate("() => typeof window.__stRuns === 'number'")
    if counting:
        with contextlib.suppress(Exception):  # Playwright's TimeoutError: this action started no run
            tab.wait_for_function("() => window.__stRuns > window.__stSeen", timeout=RUN_GRACE_MS)
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
    if counting:
        tab.evaluate("() => { window.__stSeen = window.__stRuns; }")


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
