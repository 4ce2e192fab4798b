"""Browser-test fixtures: one `streamlit run serve.py` and one Chromium per test module, a fresh tab per test.

Every module here is one xdist group (tests/conftest.py), so it runs in one worker and its server is started once
however the suite is spread; tests that need a differently started server (sign-in, a first visit) start their own with
tests.browser.driver.serving.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.driver import CHROMIUM, CHROMIUM_ARGS, new_tab, serving

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Debian chromium is missing: scripts/test.sh installs it with apt-get")
    pytest.skip("Debian chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    """The app as people run it, on the project's config and bundled data."""
    with serving() as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser):
    """One tab for a module's tests that walk the app in sequence, at the projector size."""
    tab = new_tab(browser, viewport={"width": 1280, "height": 720})
    yield tab
    tab.close()


@pytest.fixture
def tab(browser):
    """A fresh tab for one test, at the projector size."""
    tab = new_tab(browser, viewport={"width": 1280, "height": 720})
    yield tab
    tab.close()
