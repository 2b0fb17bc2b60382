"""Static chart images (PNG, SVG) through kaleido, with one headless Chromium started once and kept per process."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

ImageFormat = Literal["png", "svg"]

#: Browser names looked up on PATH when BROWSER_PATH is not set.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

#: How to get a browser, shown instead of the PNG/SVG buttons when none is found.
INSTALL_HINT = (
    "Install Chromium (Debian or Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) "
    "or set the environment variable BROWSER_PATH to a Chrome or Chromium executable, then restart the app."
)

#: Default size of an exported chart in CSS pixels; PNGs are scaled up for print.
EXPORT_WIDTH = 1100
EXPORT_HEIGHT = 550
PNG_SCALE = 3


class ExportUnavailable(RuntimeError):
    """No browser could render the chart; the message says why and how to fix it."""


def find_browser() -> str | None:
    """The Chrome or Chromium executable to render with: BROWSER_PATH if it is a file, else one on PATH."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    if configured and Path(configured).is_file() and os.access(configured, os.X_OK):
        return configured
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def export_unavailable_reason() -> str | None:
    """Why PNG/SVG export cannot work here (with how to fix it), or None when a browser is found."""
    if find_browser() is not None:
        return None
    configured = os.environ.get("BROWSER_PATH", "").strip()
    where = f"BROWSER_PATH={configured!r} is not an executable file and " if configured else ""
    return f"PNG and SVG downloads need Chrome or Chromium, but {where}none was found on this computer. {INSTALL_HINT}"


class ChartExporter:
    """One kaleido browser on its own event-loop thread, shared by every caller in the process.

    Kaleido 1.x drives Chromium asynchronously; Streamlit runs each session's script in its own thread.
    The exporter keeps one event loop running in a daemon thread, opens kaleido there once (MathJax off,
    so nothing is fetched from the internet), and lets any thread submit a figure and wait for the bytes.

    Args:
        browser_path: the Chrome or Chromium executable.
        timeout: seconds to wait for the browser to start or for one image.
    """

    def __init__(self, browser_path: str, *, timeout: float = 90.0) -> None:
        self.browser_path = browser_path
        self.timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-exporter", daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._kaleido: Any = None
        self._broken = False
        self.renders = 0
        try:
            self._kaleido = self._run(self._open())
        except BaseException as exc:
            self._stop_loop()
            raise ExportUnavailable(
                f"The browser at {browser_path} could not be started for PNG/SVG export ({exc}). {INSTALL_HINT}"
            ) from exc

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(path=self.browser_path, mathjax=False, n=1, timeout=self.timeout)
        await k.open()
        return k

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(self.timeout + 5)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        """Whether the browser thread is still running."""
        return self._thread.is_alive() and self._kaleido is not None and not self._broken

    def to_image(self, fig: go.Figure, fmt: ImageFormat = "png", *, width: int | None = None,
                 height: int | None = None, scale: float | None = None) -> bytes:
        """Render one figure.

        Args:
            fig: the chart.
            fmt: "png" or "svg".
            width: width in CSS pixels (default: the figure's own, else EXPORT_WIDTH).
            height: height in CSS pixels (default: the figure's own, else EXPORT_HEIGHT).
            scale: pixel density for PNG (default PNG_SCALE; SVG ignores it).

        Returns:
            The image bytes.

        Raises:
            ValueError: if `fmt` is not "png" or "svg".
            ExportUnavailable: if the browser has stopped.
        """
        if fmt not in ("png", "svg"):
            raise ValueError(f"Charts export as 'png' or 'svg', not {fmt!r}.")
        if not self.alive:
            raise ExportUnavailable("The export browser has stopped; reload the page to start it again.")
        opts = {
            "format": fmt,
            "width": width or fig.layout.width or EXPORT_WIDTH,
            "height": height or fig.layout.height or EXPORT_HEIGHT,
            "scale": (scale or PNG_SCALE) if fmt == "png" else 1,
        }
        with self._lock:
            try:
                data = self._run(self._kaleido.calc_fig(fig, opts=opts))
            except Exception as exc:
                # A crashed or stuck browser: drop it, so that the next export starts a fresh one.
                self._broken = True
                raise ExportUnavailable(f"The chart could not be drawn as {fmt.upper()} ({exc}); try again.") from exc
            self.renders += 1
        return data

    def close(self) -> None:
        """Close the browser and stop the thread."""
        if self._kaleido is not None:
            try:
                self._run(self._kaleido.close())
            except Exception:  # noqa: BLE001 - closing a browser that already died
                pass
            self._kaleido = None
        self._stop_loop()


_EXPORTER: ChartExporter | None = None
_EXPORTER_LOCK = threading.Lock()


def chart_exporter() -> ChartExporter:
    """The process's one exporter, started on first use and restarted if its browser died.

    Raises:
        ExportUnavailable: if no browser is found or it cannot start.
    """
    global _EXPORTER
    with _EXPORTER_LOCK:
        if _EXPORTER is not None and _EXPORTER.alive:
            return _EXPORTER
        if _EXPORTER is not None:  # its browser died: close what is left before starting another
            threading.Thread(target=_EXPORTER.close, daemon=True).start()
        browser = find_browser()
        if browser is None:
            raise ExportUnavailable(export_unavailable_reason() or INSTALL_HINT)
        _EXPORTER = ChartExporter(browser)
        return _EXPORTER


def shutdown_exporter() -> None:
    """Close the process's exporter, if one was started (tests and clean shutdown)."""
    global _EXPORTER
    with _EXPORTER_LOCK:
        if _EXPORTER is not None:
            _EXPORTER.close()
            _EXPORTER = None


atexit.register(shutdown_exporter)


def chart_image(fig: go.Figure, fmt: ImageFormat = "png", *, width: int | None = None,
                height: int | None = None, scale: float | None = None) -> bytes:
    """Render a chart as PNG or SVG with the shared browser (see `ChartExporter.to_image`).

    Raises:
        ValueError: if `fmt` is not "png" or "svg".
        ExportUnavailable: if no browser can render it (the message says how to install one).
    """
    return chart_exporter().to_image(fig, fmt, width=width, height=height, scale=scale)
