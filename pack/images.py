"""Chart images for the pack, from plotly's own image export (kaleido) driving the system Chromium.

One browser renders every chart of a pack: starting Chromium costs about a
second, a chart a fraction of that. No browser is ever downloaded; the
Chromium is Debian's (``apt-get install -y chromium``), or the one named in
``$BROWSER_PATH``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Sequence
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


async def _render(figures: Sequence[go.Figure], *, width: int, height: int, scale: float) -> list[bytes]:
    import kaleido  # imported here: only exports need it

    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    async with kaleido.Kaleido(n=1, mathjax=False, path=browser_path()) as k:
        return [await k.calc_fig(fig, opts=opts) for fig in figures]


def png_images(
    *, figures: Sequence[go.Figure], width: int = 1200, height: int = 560, scale: float = 1.5
) -> list[bytes]:
    """PNG bytes for each figure, in order. Runs in its own thread, so it works inside Streamlit's event loop."""
    if not figures:
        return []
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _render(figures, width=width, height=height, scale=scale)).result()
    except PackError:
        raise
    except Exception as exc:  # kaleido and choreographer raise their own types; the pack names what failed
        raise PackError(
            f"Chart images could not be drawn by Chromium at {browser_path()}: {type(exc).__name__}: {exc}"
        ) from exc
