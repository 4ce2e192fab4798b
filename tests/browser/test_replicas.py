"""Two app replicas behind nginx, as `bash scripts/serve.sh --replicas 2` starts them, sharing one PostgreSQL
key-message store, one data folder and one sign-in cookie secret; Chromium drives them through the balancer.

The sticky cookie nginx gives a browser ("scrutiny_replica") decides its replica; each test sets it to reach the
replica it means, and every response names the replica that served it (X-Scrutiny-Replica). Shown here: a key
message saved through one replica is read through the other on its next rerun; a dataset published through one is
served by the other without a restart; a sign-in made through one is honoured by the other; and a replica stopped
mid-session loses no saved message, its sessions reconnecting to the other replica.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.browser.driver import ROOT, choose_breakdown, free_port, new_context, settle

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
POSTGRES = os.environ.get("SCRUTINY_TEST_POSTGRES", "")
if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists() and not os.environ.get("CI"):
    pytest.skip("nginx is not installed (scripts/serve.sh installs it with apt-get)", allow_module_level=True)

LEICESTER = "area=E06000016"
REVIEWS = f"/reviews?{LEICESTER}&indicator=reviews_overdue_24m"
USERS = {
    "ann": {"email": "ann@leicester.gov.uk", "email_verified": True, "name": "Ann Officer", "groups": ["asc-performance-team"]},
    "cole": {"email": "cole@leicester.gov.uk", "email_verified": True, "name": "Cllr Cole", "groups": ["asc-scrutiny-members"]},
    "dee": {"email": "dee@leicester.gov.uk", "email_verified": True, "name": "Dee Admin", "groups": ["asc-data-admins"]},
}  # fmt: skip


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh database on the test PostgreSQL server, for the replicas' shared key-message store."""
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("SCRUTINY_TEST_POSTGRES is not set: scripts/test.sh starts PostgreSQL and sets it")
        pytest.skip("no PostgreSQL server (bash scripts/test.sh starts one)")
    import psycopg

    name = f"replicas_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield f"{POSTGRES.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(POSTGRES, autocommit=True) as con:
        con.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        for sub, claims in USERS.items():
            request = urllib.request.Request(
                f"{base}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                headers={"Content-Type": "application/json"},
            )  # fmt: skip
            with urllib.request.urlopen(request, timeout=10) as r:
                assert r.status == 204
        yield base


def _consecutive_free_ports(count: int) -> int:
    while True:
        first = free_port()
        if all(_is_free(port) for port in range(first, first + count)):
            return first


def _is_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="module")
def balancer(provider, postgres_url, tmp_path_factory):
    """scripts/serve.sh with two replicas: its address, and its run folder (the replicas' pid files)."""
    folder = tmp_path_factory.mktemp("replicas")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".versions"))
    port = free_port()
    config = folder / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('data_dir = "data"', f'data_dir = "{data}"')
    text = text.replace('commentary_store = "state/key_messages.sqlite"', f'commentary_store = "{postgres_url}"')
    config.write_text(text, encoding="utf-8")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{"r" * 40}"\n'
        'client_id = "scrutiny-dashboard"\nclient_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid profile email" }\n',
        encoding="utf-8",
    )
    run = folder / "run"
    command = ["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port), "--run-dir", str(run)]
    command += ["--first-replica-port", str(_consecutive_free_ports(2)), "--config", str(config)]
    command += ["--secrets", str(secrets)]
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://localhost:{port}"
    deadline = time.time() + 300  # pip's check, then two replicas starting on two busy cores
    while time.time() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
            if r.status == 200:
                break
        assert process.poll() is None, (folder / "serve.log").read_text()
        time.sleep(0.5)
    else:
        raise RuntimeError("scripts/serve.sh did not start: " + (folder / "serve.log").read_text())
    try:
        yield base, run, data
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def key_for(base: str, replica: str) -> str:
    """A sticky-cookie value that nginx sends to ``replica`` ("1" or "2")."""
    for n in range(400):
        value = f"probe{n}"
        request = urllib.request.Request(base + "/_stcore/health", headers={"Cookie": f"scrutiny_replica={value}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            if r.headers["X-Scrutiny-Replica"] == replica:
                return value
    raise AssertionError(f"no cookie reaches replica {replica}")


def on_replica(browser, base: str, replica: str):
    """A fresh browser whose requests all go to ``replica``."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    stick(context, base, replica)
    return context


def stick(context, base: str, replica: str) -> None:
    context.add_cookies([{"name": "scrutiny_replica", "value": key_for(base, replica), "url": base}])


def open_page(page, url: str) -> str:
    """Open ``url`` and wait for it; the replica that served it."""
    response = page.goto(url)
    settle(page)
    assert response is not None
    return response.headers.get("x-scrutiny-replica", "")


def sign_in(page, base: str, sub: str) -> None:
    assert open_page(page, base + REVIEWS)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(base + REVIEWS)), timeout=30_000)  # back where they started
    settle(page)
    assert f"Signed in as {USERS[sub]['name']}" in page.inner_text("[data-testid='stApp']")


def save_message(page, words: str) -> None:
    page.get_by_text("Write or change the key message", exact=True).click()
    settle(page)
    page.get_by_label("Key message: People not reviewed for 24 months or more, Jun 2023").fill(words)
    page.get_by_label("Reviewed at (meeting and date)").fill("Scrutiny Commission, 2 November 2023")
    page.get_by_role("button", name="Save key message").click()
    page.locator(".key-message", has_text=words).first.wait_for(timeout=60_000)


def test_a_sign_in_and_a_key_message_made_through_one_replica_hold_on_the_other(browser, balancer):
    base, _run, _data = balancer
    words = f"Saved through replica 1 ({uuid.uuid4().hex[:6]})"
    reader = on_replica(browser, base, "2").new_page()
    writer_context = on_replica(browser, base, "1")
    writer = writer_context.new_page()
    try:
        sign_in(reader, base, "cole")  # a councillor reads drafts, through replica 2
        assert open_page(reader, base + REVIEWS) == "2"
        assert words not in reader.inner_text("[data-testid='stApp']")
        sign_in(writer, base, "ann")  # an officer writes, through replica 1
        assert open_page(writer, base + REVIEWS) == "1"
        save_message(writer, words)
        # the councillor's next rerun on replica 2 (a drill-down, no reload) reads it from the shared store
        choose_breakdown(reader, "age band")
        settle(reader)
        reader.locator(".key-message", has_text=words).first.wait_for(timeout=30_000)
        # the officer's browser moved to replica 2: still signed in (one cookie secret), still their message
        stick(writer_context, base, "2")
        assert open_page(writer, base + REVIEWS) == "2"
        text = writer.inner_text("[data-testid='stApp']")
        assert "Signed in as Ann Officer (officer)" in text and words in text
        assert writer.get_by_text("Write or change the key message", exact=True).count() == 1
    finally:
        reader.context.close()
        writer_context.close()


def test_a_dataset_published_through_one_replica_is_served_by_the_other_without_a_restart(browser, balancer, tmp_path):
    base, run, data = balancer
    pids = {p.name: p.read_text().strip() for p in run.glob("replica-*.pid")}
    viewer = on_replica(browser, base, "2").new_page()
    admin = on_replica(browser, base, "1").new_page()
    try:
        assert open_page(viewer, base + f"/about?{LEICESTER}") == "2"
        assert "replica_upload" not in viewer.inner_text("[data-testid='stApp']")  # its catalogue, now cached
        sign_in(admin, base, "dee")
        assert open_page(admin, base + f"/update?{LEICESTER}") == "1"
        export = tmp_path / "export.csv"
        export.write_text(
            "indicator_id,area_code,period,value,numerator,denominator,source\n"
            "contacts_new,E06000016,2023/24 Q2,5001,,,Leicester export\n",
            encoding="utf-8",
        )
        admin.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(export))
        admin.get_by_placeholder("leicester_monthly").fill("replica_upload")
        admin.get_by_role("button", name="Check and publish").click()
        admin.get_by_text("replica_upload", exact=False).first.wait_for(timeout=60_000)
        settle(admin)
        assert (data / "values" / "replica_upload.parquet").exists()
        assert open_page(viewer, base + f"/about?{LEICESTER}") == "2"
        viewer.get_by_text("replica_upload").first.wait_for(timeout=30_000)
        assert {p.name: p.read_text().strip() for p in run.glob("replica-*.pid")} == pids  # no restart
        for pid in pids.values():
            os.kill(int(pid), 0)  # both replicas still the processes they were
    finally:
        viewer.context.close()
        admin.context.close()


def test_a_replica_stopped_mid_session_loses_no_message_and_its_sessions_reconnect(browser, balancer):
    base, run, _data = balancer
    words = f"Saved before replica 1 stopped ({uuid.uuid4().hex[:6]})"
    context = on_replica(browser, base, "1")
    page = context.new_page()
    try:
        sign_in(page, base, "ann")
        assert open_page(page, base + REVIEWS) == "1"
        save_message(page, words)
        settle(page)
        page.wait_for_timeout(1_000)  # the save's own reruns are over before the runs are counted
        sockets: list = []
        page.on("websocket", lambda socket: sockets.append(socket))
        runs = page.evaluate("() => window.__stRuns")
        os.kill(int((run / "replica-1.pid").read_text()), signal.SIGKILL)  # mid-session, without warning
        # the open page opens a new connection by itself, through the balancer, to replica 2 (the one left); its
        # next action (here, SPC switched on) runs there, with no reload
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stApp']\")"
            "?.getAttribute('data-test-connection-state') === 'CONNECTED'",
            timeout=90_000,
        )
        deadline = time.time() + 90
        while not sockets and time.time() < deadline:
            page.wait_for_timeout(250)
        assert sockets, "the page did not open a new connection"
        page.get_by_text("SPC: signal or noise?").first.click()
        page.wait_for_function(f"() => window.__stRuns > {runs}", timeout=90_000)
        settle(page)
        page.locator(".key-message", has_text=words).first.wait_for(timeout=60_000)
        assert "Signed in as Ann Officer (officer)" in page.inner_text("[data-testid='stApp']")
        assert page.locator("[data-testid='stException']").count() == 0
        # a fresh browser on the same sticky cookie reaches replica 2 now, and reads the message there
        fresh = context.new_page()
        assert open_page(fresh, base + REVIEWS) == "2"
        assert words in fresh.inner_text("[data-testid='stApp']")
    finally:
        context.close()
