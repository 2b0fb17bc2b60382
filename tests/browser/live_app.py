"""A real app for browser tests and the load check: `streamlit run app.py` on a free loopback port, and Chromium flags."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Flags for Debian's chromium under Playwright (DEVELOPERS.md): headless, no sandbox, nothing outside loopback.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Debian's chromium (never a browser downloaded by `playwright install`)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc), 0.0 where it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(data_dir: Path, *, timeout: float = 120.0, log: Path | None = None,
                info: dict | None = None) -> Iterator[str]:
    """Start the app on a free loopback port with its data in `data_dir`; yield its URL; stop it afterwards.

    Args:
        data_dir: the app's READOUT_DATA_DIR (its corpus database goes there too).
        timeout: seconds to wait for the server to answer.
        log: a file for the server's output.
        info: filled with the server's process id ("pid"), for measuring it.
    """
    port = free_port()
    env = dict(os.environ, READOUT_DATA_DIR=str(data_dir), READOUT_DB=str(data_dir / "readouts.sqlite3"),
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    # Bound to 127.0.0.1, reached as "localhost": the browser's resolver rules refuse every other name.
    url = f"http://localhost:{port}"
    if info is not None:
        info["pid"] = process.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {process.returncode} before answering")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if log:
            out.close()
