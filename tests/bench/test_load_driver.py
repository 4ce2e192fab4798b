"""The load driver (bench/load_driver.py) asks a real server for pages as a browser does, and counts what it gets."""

from __future__ import annotations

import asyncio
import importlib.util
import sys

import pytest
import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.app.conftest import ROOT

pytestmark = pytest.mark.app  # it starts the app: not in the fast loop's unit tier

spec = importlib.util.spec_from_file_location("load_driver", ROOT / "bench" / "load_driver.py")
driver = importlib.util.module_from_spec(spec)
sys.modules["load_driver"] = driver
spec.loader.exec_module(driver)


@pytest.fixture(scope="module")
def server():
    started = driver.Server()
    started.start()
    yield started
    started.stop()


def test_a_rerun_draws_the_page_and_council_asked_for(server):
    async def heading(page: str, query: str) -> str:
        async with websockets.connect(server.url, subprotocols=["streamlit"], max_size=None) as ws:
            await ws.send(driver.rerun(page, query))
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await ws.recv())
                if msg.WhichOneof("type") == "delta" and msg.delta.new_element.WhichOneof("type") == "heading":
                    return msg.delta.new_element.heading.body

    assert asyncio.run(heading("reviews", "area=E06000016")) == "Reviews: Leicester"
    assert asyncio.run(heading("demand", "area=E10000016")) == "Demand: Kent"


def test_a_level_counts_actions_their_times_the_servers_cpu_and_no_errors(server):
    figures = driver.level(server, sessions=2, seconds=4, think=0, mix=driver.actions(driver.COUNCILS[:2]))
    assert figures["n"] >= 2 and figures["errors"] == 0
    assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"]
    assert figures["cpu/action"] > 0 and figures["rss MB"] > 50
    assert figures["first p95"] > 0  # each session's first page, timed apart from its page switches
