"""Speed, size and memory targets, measured against the portal served by gunicorn on this machine.

Run with `make bench`. Starts gunicorn (2 sync workers, a fresh migrated SQLite database with demo data), loads each
page with wrk when it is installed (apt-get install wrk) or a small threaded client otherwise, and compares each
page's rate with a trivial endpoint measured in the same run, since absolute numbers vary between machines.
Exits 1 if a target is missed.
"""
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# (path, target as a fraction of the trivial endpoint's rate)
PAGES = [
    ("/", 0.25),
    ("/entrar", 0.25),
    ("/registro/", 0.2),
    # ("/cuenta/municipios?q=pampl", 0.2),
]
MAX_PAGE_GZIP = 12 * 1024  # any page's HTML, gzipped
MAX_FIRST_LOAD_GZIP = 40 * 1024  # HTML + CSS + JS of the first visit, gzipped
MAX_WORKER_RSS_MB = 150


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def rate(url: str, seconds: float = 5) -> float:
    """Requests per second: wrk if installed, otherwise 16 threads of keep-alive-less urllib."""
    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t2", "-c16", f"-d{int(seconds)}s", url], capture_output=True, text=True).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count, stop = [0], time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        while time.monotonic() < stop:
            fetch(url)
            with lock:
                count[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count[0] / seconds


def rss_mb(pid: int) -> float:
    total = 0
    for child in [pid, *map(int, subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split())]:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]) / 1024)
    return total


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
           "RATELIMIT_ENABLED": "0"}
    flask = [PY, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([PY, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    failures = []
    try:
        for _ in range(100):
            try:
                fetch(base + "/salud")
                break
            except OSError:
                time.sleep(0.1)
        home = fetch(base + "/")
        assets = [fetch(base + m.decode()) for m in re.findall(rb'(?:href|src)="(/static/[^"]+)"', home)]
        first_load = len(gzip.compress(home)) + sum(len(gzip.compress(a)) for a in assets)
        print(f"first load (gzip): {first_load / 1024:.1f} KB (target < {MAX_FIRST_LOAD_GZIP / 1024:.0f} KB)")
        if first_load > MAX_FIRST_LOAD_GZIP:
            failures.append("first load too heavy")
        baseline = rate(base + "/salud")
        print(f"baseline /salud: {baseline:.0f} req/s")
        for path, target in PAGES:
            size = len(gzip.compress(fetch(base + path)))
            ratio = rate(base + path) / baseline
            ok = ratio >= target and size <= MAX_PAGE_GZIP
            print(f"{path:32} {size / 1024:5.1f} KB gzip  {ratio:5.2f}x baseline (target ≥ {target})  {'ok' if ok else 'MISSED'}")
            if not ok:
                failures.append(path)
        rss = rss_mb(server.pid)
        print(f"largest worker RSS: {rss:.0f} MB (target < {MAX_WORKER_RSS_MB} MB)")
        if rss > MAX_WORKER_RSS_MB:
            failures.append("memory")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("all targets met" if not failures else f"missed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
