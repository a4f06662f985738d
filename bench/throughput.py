"""Prints how many requests a second the portfolio list serves under gunicorn (QUALITY.md
Q15: at least 150 requests/s over loopback with the app on two cores).

    .venv/bin/python bench/throughput.py [--data-dir DIR] [--seconds 20] [--connections 4]
                                         [--workers 2] [--threads 1] [--path /accounts/]

Uses the large portfolio of bench/coverage.py and bench/pages.py (building it the first
time; with DATABASE_URL set, that database), starts `hexad serve` (gunicorn, the given
workers and threads) on a free loopback port, signs in as the demo programme leader, and
then keeps `--connections` connections busy for `--seconds` seconds, each asking for
the page again as soon as the answer is in (a closed loop, so the run is bounded). The
defaults are `hexad serve`'s: two sync workers, one thread each. It prints requests a
second, the latency median / p95 / p99, any answer that was not 200, and the server's
CPU time per request (its workers' user + system time over the run, from /proc), which
shows the cost of a request even on a machine doing other work. The load comes from this
process's threads, on the same two cores as the server, as a wrk run on the same machine
would.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def cpu_seconds(parent: int) -> float:
    """User + system CPU time of `parent` and its children (gunicorn's workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if parent in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-large")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--path", default="", help="the page to ask for (default: portfolio)")
    args = parser.parse_args()
    os.environ.setdefault("HEXAD_DATA_DIR", args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from hexad.accounts.models import Account
    from hexad.people.models import User

    call_command("migrate", verbosity=0)
    if not Account.objects.exists():
        print("Building the large demo portfolio (once)...", flush=True)
        call_command("demo", size="large", quiet=True)
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    path = args.path or reverse("accounts:portfolio")
    accounts = Account.objects.count()
    vendor = connection.vendor
    connection.close()

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command
        [
            sys.executable, str(ROOT / "manage.py"), "serve",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--threads", str(args.threads),
        ],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(port, time.monotonic() + 60)
        headers = {"Cookie": cookie, "Host": "127.0.0.1", "Connection": "keep-alive"}
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(args.workers * 10):  # every worker loads its templates
            warm.request("GET", path, headers=headers)
            answer = warm.getresponse()
            answer.read()
            if answer.status != 200:
                raise SystemExit(f"{path} answered {answer.status}; is the leader signed in?")
        warm.close()

        latencies: list[float] = []
        failures: dict[int, int] = {}
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def load() -> None:
            mine: list[float] = []
            bad: dict[int, int] = {}
            link = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                link.request("GET", path, headers=headers)
                answer = link.getresponse()
                answer.read()
                mine.append(time.perf_counter() - started)
                if answer.status != 200:
                    bad[answer.status] = bad.get(answer.status, 0) + 1
                if answer.will_close:
                    link.close()
                    link = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            link.close()
            with lock:
                latencies.extend(mine)
                for status, count in bad.items():
                    failures[status] = failures.get(status, 0) + count

        cpu_before = cpu_seconds(server.pid)
        began = time.monotonic()
        threads = [threading.Thread(target=load) for _ in range(args.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - began
        server_cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    ms = sorted(1000 * value for value in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    p99 = ms[int(0.99 * (len(ms) - 1))]
    print(
        f"{path} on {vendor} ({accounts:,} accounts), gunicorn {args.workers} workers × "
        f"{args.threads} threads, {args.connections} connections, {took:.0f} s"
    )
    print(
        f"{len(ms) / took:,.0f} requests/s; latency median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {p99:.1f} ms; {len(ms):,} requests, "
        f"not 200: {failures or 'none'}"
    )
    print(
        f"server CPU per request {1000 * server_cpu / max(len(ms), 1):.1f} ms "
        f"(so two idle cores could serve about {2 * len(ms) / max(server_cpu, 1e-9):,.0f}/s)"
    )


if __name__ == "__main__":
    main()
