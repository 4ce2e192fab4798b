"""Many people at once, without browsers: how fast does the server answer page switches under load? (#29)

    python bench/load_driver.py [--sessions 1,20,100] [--seconds 30] [--think 0] [--rounds 3]
                                [--compare runner.postScriptGC=false] [--councils 12] [--soak 0]
    python bench/load_driver.py --every-council 2

Each session is a websocket client that speaks Streamlit's own protocol (the BackMsg and ForwardMsg protobufs that
ship with Streamlit): it opens ``/_stcore/stream``, asks for a rerun of a page with its query string (what a browser
sends when someone switches page or drills down), and times until the server's script-finished message. No browser
runs, so the driver does not take the server's CPU on this two-core machine.

The driver starts the app itself (``streamlit run serve.py`` on a free port, the project's config), warms it, and
reads the server process's own CPU time (``/proc/<pid>/stat``) and memory (``VmRSS`` and its peak ``VmHWM``) before
and after each level. With ``--compare OPTION=VALUE`` it starts a second server with that Streamlit option and
runs the two in paired, interleaved rounds (A, B, A, B…), so a slow spell of the machine hits both alike; each
level's figures are then given for both and as the median of the per-round ratios B/A.

It prints, per level: actions/s, p50/p95/p99 of a page switch (every action after a session's first), the p95 of
each session's first page (a new session's first run) on its own, errors, server CPU per action and server
memory. With think time, sessions start at random within the first think time, as people arrive, not at once. The
page mix is every service page and the Overview, half of them drilled into a breakdown, over ``--councils``
councils. With ``--soak SECONDS`` it runs one level for that long and prints memory each minute. With
``--every-council PASSES`` one session opens every council's Overview and Reviews page: the first pass times each
council's first Overview, and memory is printed every 25 councils, pass after pass. With ``--replicas 1,2`` it
starts, for each count, that many replicas behind nginx (``scripts/serve.sh``) instead of one server, and every
session goes through the balancer with the sticky cookie it was given: the figures then add which replica took
how many sessions, and each replica's memory.

It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.core import registry  # noqa: E402

#: Councils the sessions spread over: Leicester first, then others of each kind (unitary, county, London, metropolitan).
COUNCILS = (
    "E06000016", "E10000016", "E09000007", "E08000003", "E06000018", "E10000018",
    "E09000033", "E08000025", "E06000023", "E10000030", "E09000022", "E08000035",
)  # fmt: skip
#: Drill-downs a page switch may carry (half of the actions ask for one; a page without it shows its default).
DRILLS = ("breakdown=age band", "breakdown=team", "breakdown=locality")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """An app server this driver started, on its own port, with any extra Streamlit options."""

    options: tuple[str, ...] = ()
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true"]
        args += ["--server.port", str(self.port), "--browser.gatherUsageStats", "false"]
        for option in self.options:
            name, _, value = option.partition("=")
            args += [f"--{name}", value]
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"the app did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    @property
    def cpu_seconds(self) -> float:
        """The server's own user and system CPU time so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory_mb(self) -> tuple[float, float]:
        """The server's resident memory now, and its peak (VmRSS, VmHWM), in MB."""
        lines = Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        status = {line.split(":")[0]: line.split()[1] for line in lines if len(line.split()) > 1}
        return int(status["VmRSS"]) / 1024, int(status["VmHWM"]) / 1024

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"


@dataclass
class Balanced:
    """``replicas`` app servers behind nginx, started by ``scripts/serve.sh`` (its own ports and run folder): the
    driver's sessions go through the balancer, each with the sticky cookie nginx gave it, as a browser's would. CPU
    is the replicas' together; memory is each replica's."""

    replicas: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    folder: Path | None = None

    def start(self) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="scrutiny-serve-"))
        first = self._free_run(self.replicas)
        command = ["bash", "scripts/serve.sh", "--replicas", str(self.replicas), "--port", str(self.port)]
        command += ["--first-replica-port", str(first), "--run-dir", str(self.folder)]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and len(self.pids) == self.replicas:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"scripts/serve.sh did not start on port {self.port}")

    @staticmethod
    def _free_run(count: int) -> int:
        """The first of ``count`` consecutive free ports."""
        while True:
            first = free_port()
            sockets = []
            try:
                for port in range(first, first + count):
                    s = socket.socket()
                    s.bind(("127.0.0.1", port))
                    sockets.append(s)
                return first
            except OSError:
                continue
            finally:
                for s in sockets:
                    s.close()

    @property
    def pids(self) -> list[int]:
        found = sorted(self.folder.glob("replica-*.pid")) if self.folder else []
        return [int(p.read_text().strip()) for p in found]

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    @property
    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
        return total

    def memory_mb(self) -> tuple[float, float]:
        """Every replica's resident memory together, and the sum of their peaks."""
        each = self.replica_memory()
        return sum(r for r, _ in each), sum(p for _, p in each)

    def replica_memory(self) -> list[tuple[float, float]]:
        out = []
        for pid in self.pids:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            status = {line.split(":")[0]: line.split()[1] for line in lines if len(line.split()) > 1}
            out.append((int(status["VmRSS"]) / 1024, int(status["VmHWM"]) / 1024))
        return out

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"


def sticky_cookie(url: str) -> tuple[dict[str, str], str]:
    """What a browser's first request gets from the balancer: the sticky cookie (as a header to send back) and the
    replica that answered; nothing for a server that is not behind one."""
    page = url.replace("ws://", "http://").replace("/_stcore/stream", "/")
    with urllib.request.urlopen(page, timeout=60) as r:
        cookie = r.headers.get("Set-Cookie", "")
        replica = r.headers.get("X-Scrutiny-Replica", "")
    given = cookie.split(";", 1)[0] if cookie.startswith("scrutiny_replica=") else ""
    return ({"Cookie": given} if given else {}), replica


def actions(councils: tuple[str, ...]) -> list[tuple[str, str]]:
    """The page mix: (page name, query string) for every service page and the Overview, with and without a
    drill-down, for each council."""
    pages = ["", *registry.DOMAINS]
    out = []
    for area in councils:
        for page in pages:
            out.append((page, f"area={area}"))
            if page:
                out.append((page, f"area={area}&{random.choice(DRILLS)}"))
    return out


def rerun(page: str, query: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


async def one_action(ws, page: str, query: str) -> tuple[float, bool]:
    """Ask for a page and wait for its script to finish: (seconds, whether it finished without an exception)."""
    started = time.perf_counter()
    await ws.send(rerun(page, query))
    failed = False
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            failed = True
        if kind == "script_finished":
            # 0 FINISHED_SUCCESSFULLY, 1 FINISHED_WITH_COMPILE_ERROR, 2 FINISHED_EARLY_FOR_RERUN, 3 FRAGMENT_RUN…
            return time.perf_counter() - started, failed or msg.script_finished == 1


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)  # page switches: every action after a session's first
    firsts: list[float] = field(default_factory=list)  # each session's first page (a new session: its first run)
    errors: int = 0
    replicas: dict[str, int] = field(default_factory=dict)  # behind a balancer: sessions each replica took


async def session(url: str, mix: list[tuple[str, str]], *, until: float, think: float, tally: Tally) -> None:
    rng = random.Random()
    if think:  # people arrive at random, not all in the same instant: each session starts within one think time
        await asyncio.sleep(rng.uniform(0, think))
    try:
        headers, replica = await asyncio.to_thread(sticky_cookie, url)  # the page first, as a browser loads it
        if replica:
            tally.replicas[replica] = tally.replicas.get(replica, 0) + 1
        async with websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=60, additional_headers=headers
        ) as ws:
            first, made = True, 0
            # every session makes its first page and at least one page switch, however slow the server: a level
            # always has page switches to time
            while time.monotonic() < until or made < 2:
                made += 1
                page, query = rng.choice(mix)
                seconds, failed = await one_action(ws, page, query)
                (tally.firsts if first else tally.times).append(seconds)
                first = False
                tally.errors += failed
                if think:
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    except (TimeoutError, OSError, websockets.WebSocketException):
        tally.errors += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def level(server: Server | Balanced, *, sessions: int, seconds: float, think: float, mix) -> dict:
    """Run ``sessions`` clients for ``seconds`` against ``server``; the level's figures."""
    tally = Tally()
    cpu0, started = server.cpu_seconds, time.monotonic()

    async def run() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(session(server.url, mix, until=until, think=think, tally=tally) for _ in range(sessions))
        )

    asyncio.run(run())
    wall = time.monotonic() - started
    cpu = server.cpu_seconds - cpu0
    rss, peak = server.memory_mb()
    n = len(tally.times) + len(tally.firsts)
    return {
        "actions/s": n / wall,
        "first p95": percentile(tally.firsts, 0.95),
        "p50": percentile(tally.times, 0.5),
        "p95": percentile(tally.times, 0.95),
        "p99": percentile(tally.times, 0.99),
        "errors": tally.errors,
        "cpu/action": cpu / n if n else float("nan"),
        "rss MB": rss,
        "peak MB": peak,
        "n": n,
        "replicas": dict(sorted(tally.replicas.items())),
        "each MB": [round(r) for r, _ in server.replica_memory()] if isinstance(server, Balanced) else [],
    }


def show(label: str, figures: dict) -> None:
    print(
        f"  {label:<34} {figures['actions/s']:6.1f}/s  p50 {figures['p50']:.3f}s  p95 {figures['p95']:.3f}s  "
        f"p99 {figures['p99']:.3f}s  first page p95 {figures['first p95']:.3f}s  errors {figures['errors']}  "
        f"cpu/action {figures['cpu/action'] * 1000:.0f} ms  "
        f"rss {figures['rss MB']:.0f} MB (peak {figures['peak MB']:.0f})  n={figures['n']}"
        + (
            f"  sessions by replica {figures['replicas']}, each replica's rss {figures['each MB']} MB"
            if figures.get("replicas")
            else ""
        ),
        flush=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", default="1,20,100", help="comma-separated session counts, one level each")
    ap.add_argument("--seconds", type=float, default=30, help="length of each round at each level")
    ap.add_argument("--think", type=float, default=0.0, help="mean think time between a session's actions (s)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per level (interleaved with --compare)")
    ap.add_argument("--compare", action="append", default=[], help="a Streamlit option for a second server: A=B")
    ap.add_argument("--councils", type=int, default=12, help=f"councils the sessions spread over (<= {len(COUNCILS)})")
    ap.add_argument("--soak", type=float, default=0, help="instead: one level for this many seconds, memory a minute")
    ap.add_argument(
        "--every-council",
        type=int,
        default=0,
        metavar="PASSES",
        help="instead: one session opens every council's Overview and Reviews, PASSES times; memory as it goes",
    )
    ap.add_argument(
        "--replicas",
        default="",
        help="instead of one server: comma-separated replica counts (1,2), each behind nginx by scripts/serve.sh",
    )
    args = ap.parse_args()
    if args.every_council:
        server = Server()
        server.start()
        try:
            return every_council(server, passes=args.every_council)
        finally:
            server.stop()
    mix = actions(COUNCILS[: max(1, args.councils)])
    servers: dict[str, Server | Balanced] = {"as configured": Server()}
    if args.replicas:
        servers = {f"{n} replica(s) behind nginx": Balanced(replicas=int(n)) for n in args.replicas.split(",")}
    if args.compare:
        servers[" ".join(args.compare)] = Server(options=tuple(args.compare))
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores", flush=True)
    try:
        for name, server in servers.items():
            server.start()
            level(server, sessions=4, seconds=min(args.seconds, 30), think=0, mix=mix)  # warm every page and council
            print(f"{name}: started on {server.port}, warm: rss {server.memory_mb()[0]:.0f} MB", flush=True)
        if args.soak:
            return soak(next(iter(servers.values())), args=args, mix=mix)
        for count in (int(c) for c in args.sessions.split(",")):
            print(f"{count} sessions, think {args.think:g} s, {args.rounds} rounds of {args.seconds:g} s:", flush=True)
            results: dict[str, list[dict]] = {name: [] for name in servers}
            for _ in range(args.rounds):
                for name, server in servers.items():  # interleaved: A, B, A, B…
                    figures = level(server, sessions=count, seconds=args.seconds, think=args.think, mix=mix)
                    results[name].append(figures)
                    show(name, figures)
            if len(servers) == 2 and args.compare:
                (a, ra), (b, rb) = results.items()
                for key in ("actions/s", "p95", "cpu/action"):
                    ratios = [y[key] / x[key] for x, y in zip(ra, rb, strict=True) if x[key]]
                    print(f"  ratio {key} ({b} / {a}): median {statistics.median(ratios):.2f} of {len(ratios)} rounds")
    finally:
        for server in servers.values():
            server.stop()
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


def all_council_codes() -> list[str]:
    """Every council with adult social care duties, as the app lists them (metrics.storage.councils)."""
    from metrics.storage.councils import council_list  # only this mode needs the store
    from metrics.storage.store import DataStore

    return council_list(store=DataStore(ROOT / "data"))["area_code"].to_list()


def every_council(server: Server, *, passes: int) -> int:
    """A council's first Overview, and memory once every council has been opened (#29: caches that never let go
    grew by 5.2 MB a council). One session opens each council's Overview, then its Reviews page; the first pass
    times each council's first Overview (its briefs built for the first time), later passes show whether memory
    stays flat once every council has been seen."""
    codes = all_council_codes()
    print(f"every council: {len(codes)} councils, {passes} passes; rss at start {server.memory_mb()[0]:.0f} MB")

    async def run() -> None:
        async with websockets.connect(server.url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
            await one_action(ws, "", "area=E06000016")  # the process's first run: data read, not a council's cost
            for n in range(1, passes + 1):
                firsts, cpus, failures = [], [], 0
                for i, area in enumerate(codes, start=1):
                    cpu0 = server.cpu_seconds
                    seconds, failed = await one_action(ws, "", f"area={area}")
                    cpus.append(server.cpu_seconds - cpu0)
                    firsts.append(seconds)
                    _s, failed_too = await one_action(ws, "reviews", f"area={area}")
                    failures += failed + failed_too
                    if i % 25 == 0 or i == len(codes):
                        print(f"  pass {n}: {i} councils, rss {server.memory_mb()[0]:.0f} MB", flush=True)
                print(
                    f"  pass {n}: Overview p50 {percentile(firsts, 0.5):.3f}s p95 {percentile(firsts, 0.95):.3f}s, "
                    f"server CPU p50 {percentile(cpus, 0.5) * 1000:.0f} ms p95 {percentile(cpus, 0.95) * 1000:.0f} ms; "
                    f"errors {failures}",
                    flush=True,
                )

    asyncio.run(run())
    rss, peak = server.memory_mb()
    print(f"every council: rss at end {rss:.0f} MB (peak {peak:.0f})")
    return 0


def soak(server: Server, *, args, mix) -> int:
    """One level (the first of --sessions) for --soak seconds: memory and errors each minute, then in all."""
    count = int(args.sessions.split(",")[0])
    start_rss = server.memory_mb()[0]
    print(f"soak: {count} sessions, think {args.think:g} s, {args.soak:g} s; start rss {start_rss:.0f} MB", flush=True)
    elapsed, errors = 0.0, 0
    while elapsed < args.soak:
        figures = level(server, sessions=count, seconds=min(60, args.soak - elapsed), think=args.think, mix=mix)
        elapsed += min(60, args.soak - elapsed)
        errors += figures["errors"]
        show(f"after {elapsed:.0f} s", figures)
    end_rss = server.memory_mb()[0]
    print(f"soak end: rss {end_rss:.0f} MB ({(end_rss / start_rss - 1) * 100:+.1f}%), errors {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
