"""Chart images for the pack, from plotly's own image export (kaleido) driving the system Chromium.

One browser renders every chart of a pack: starting Chromium costs about a
second, a chart a fraction of that. No browser is ever downloaded; the
Chromium is Debian's (``apt-get install -y chromium``), or the one named in
``$BROWSER_PATH``.
"""

from __future__ import annotations

import asyncio
import os
import queue
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import plotly.graph_objects as go

from metrics.core.errors import PackError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser_path() -> str:
    """The Chromium kaleido will drive; PackError saying how to install one when there is none."""
    named = os.environ.get("BROWSER_PATH")
    if named and os.path.exists(named):
        return named
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PackError(
        "Chart images need Chromium, and none was found. Install it with "
        "`apt-get install -y chromium` (or set BROWSER_PATH to a Chrome or Chromium)."
    )


async def _render(
    figures: Sequence[go.Figure], *, width: int, height: int, scale: float, done: Callable[[int], None]
) -> list[bytes]:
    import kaleido  # imported here: only exports need it

    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    out = []
    async with kaleido.Kaleido(n=1, mathjax=False, path=browser_path()) as k:
        for fig in figures:
            out.append(await k.calc_fig(fig, opts=opts))
            done(len(out))
    return out


def _drawing(pool: ThreadPoolExecutor, work, *, drawn: Callable[[int], None]) -> list[bytes]:
    """Run ``work`` (given a callback for each chart drawn) in ``pool``, passing each count on to ``drawn`` from this
    thread: a Streamlit page can draw its progress bar only from its own."""
    counts: queue.SimpleQueue[int] = queue.SimpleQueue()
    future = pool.submit(work, counts.put)
    while True:
        try:
            drawn(counts.get(timeout=0.05))
        except queue.Empty:
            if future.done() and counts.empty():
                return future.result()


def png_images(
    *,
    figures: Sequence[go.Figure],
    width: int = 1200,
    height: int = 560,
    scale: float = 1.5,
    drawn: Callable[[int], None] | None = None,
) -> list[bytes]:
    """PNG bytes for each figure, in order; ``drawn`` hears how many are done after each, in the caller's thread.
    Runs in its own thread, so it works inside Streamlit's event loop."""
    if not figures:
        return []

    def work(done: Callable[[int], None]) -> list[bytes]:
        return asyncio.run(_render(figures, width=width, height=height, scale=scale, done=done))

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return _drawing(pool, work, drawn=drawn or (lambda _k: None))
    except PackError:
        raise
    except Exception as exc:  # kaleido and choreographer raise their own types; the pack names what failed
        raise PackError(
            f"Chart images could not be drawn by Chromium at {browser_path()}: {type(exc).__name__}: {exc}"
        ) from exc
