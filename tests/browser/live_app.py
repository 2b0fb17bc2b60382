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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(data_dir: Path, *, timeout: float = 120.0, log: Path | None = None) -> Iterator[str]:
    """Start the app on a free loopback port with its data in `data_dir`; yield its URL; stop it afterwards."""
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
