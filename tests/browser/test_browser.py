"""Real-browser test: Playwright drives Debian's chromium through the running app, every page, and a PNG download."""

from __future__ import annotations

import io
import time
import warnings
from pathlib import Path

import pytest
from live_app import CHROMIUM_ARGS, ROOT, chromium_path, running_app

ARTIFACTS = ROOT / "tests" / "artifacts"
CHART = '[data-testid="stPlotlyChart"], .js-plotly-plot'
TABLE = '[data-testid="stDataFrame"], [data-testid="stTable"]'
EXCEPTION = '[data-testid="stException"]'
TABLE_PAGES = {"Corpus"}  # issue 5 asks the Corpus page for a list, not a chart

# SYNTHETIC readout, invented for this test: two fictional leaders, not the shipped sample.
READOUT = """President Anna Lindqvist of Nordmark held a telephone conversation on Tuesday with President Tomas Okafor of Verania.
Lindqvist said Nordmark values its comprehensive partnership with Verania and stands ready to deepen cooperation on renewable energy, trade and investment.
She said Nordmark firmly supports Verania in safeguarding its sovereignty and opposes any external interference in its internal affairs.
Lindqvist added that the two countries should strengthen people-to-people exchanges and expand cooperation on climate change.
For his part, Okafor thanked Lindqvist for Nordmark's support during the floods last spring.
Okafor said Verania supports Nordmark's position on the northern islands and is willing to work with Nordmark on renewable energy and climate change.
He said Verania appreciates Nordmark's efforts for regional security and stability.
The two leaders agreed to meet in person next year to mark the 30th anniversary of diplomatic ties."""


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:  # only where chromium truly cannot be installed: say so loudly
        message = ("NO CHROMIUM FOUND: the real-browser test did NOT run. Install Debian's chromium "
                   "(`apt-get install chromium`; .ci/run does) to run it.")
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-data")
    with running_app(data, log=data / "streamlit.log") as url:
        yield url


def wait_until_idle(page, timeout: float = 120_000) -> None:
    """Wait until the script run has finished (Streamlit's "Running" status is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.indexOf('Running') < 0",
        timeout=timeout,
    )


def wait_for_view(page, selector: str, where: str, timeout: float = 240_000) -> None:
    """Wait for a chart (or table) to appear; on failure keep a screenshot and say which page it was."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(selector, timeout=timeout)
    except PlaywrightTimeout:
        shot(page, f"failed_{where.replace(' ', '_')}")
        raise AssertionError(f"{where}: nothing matching {selector!r} within {timeout / 1000:.0f} s") from None


HEADING = "() => (document.querySelector('h1') || {}).innerText || ''"


def open_page(page, index: int, timeout: float = 120_000) -> None:
    """Click the sidebar's `index`-th link and wait until the new page has replaced the old one.

    The old page's charts stay on screen for a moment, so waiting for a chart alone would pass too early:
    wait for the page heading to change first.
    """
    before = page.evaluate(HEADING)
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    page.wait_for_function(f"(before) => ({HEADING})() !== before", arg=before, timeout=timeout)


def shot(page, name: str) -> Path:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the viewport is stretched."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
                           "[data-testid=\"stAppViewContainer\"]')].map(e => e.scrollHeight), 800)")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 9000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def test_paste_analyze_every_page_and_download_png(browser, app_url):
    from PIL import Image

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stTextArea"] textarea', timeout=120_000)
    wait_until_idle(page)
    page.fill('[data-testid="stTextArea"] textarea', READOUT)
    page.keyboard.press("Control+Enter")
    started = time.monotonic()
    page.locator(".st-key-analyze button").click()
    wait_for_view(page, CHART, "readout page")
    first_chart = time.monotonic() - started
    wait_until_idle(page)
    assert page.locator(EXCEPTION).count() == 0
    body = page.inner_text("body")
    assert "Lindqvist" in body and "Okafor" in body
    assert "President Anna Lindqvist of Nordmark held a telephone conversation" in body
    assert page.locator(CHART).count() >= 3
    shot(page, "01_readout_page")
    print(f"Analyze to first chart: {first_chart:.1f} s")

    with page.expect_download(timeout=120_000) as download_info:
        page.locator(".st-key-readout_words_png button").first.click()
    download = download_info.value
    assert download.suggested_filename == "lindqvist-okafor_words.png"
    target = ARTIFACTS / download.suggested_filename
    download.save_as(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    image.verify()
    width, height = Image.open(io.BytesIO(data)).size
    assert width >= 1500 and height >= 500, (width, height)

    links = page.locator('[data-testid="stSidebarNav"] a')
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert len(names) >= 6, names
    for i, name in enumerate(names[1:], start=1):
        open_page(page, i)
        view = TABLE + ", " + CHART if name in TABLE_PAGES else CHART
        wait_for_view(page, view, name)
        wait_until_idle(page)
        assert page.locator(EXCEPTION).count() == 0, f"exception on page {name}"
        if name not in TABLE_PAGES:
            assert page.locator(CHART).count() >= 1, f"no chart on page {name}"
        shot(page, f"{i + 1:02d}_{name.replace(' ', '_')}")
        if name in ("Themes", "Reciprocity"):
            assert "Lindqvist" in page.inner_text("body"), f"the analysed readout did not reach {name}"
    assert not errors, errors
    context.close()


def test_dark_theme_renders(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(".st-key-load_sample button", timeout=120_000)
    wait_until_idle(page)
    page.locator(".st-key-load_sample button").click()
    wait_until_idle(page)
    page.locator(".st-key-analyze button").click()
    wait_for_view(page, CHART, "readout page (dark)")
    wait_until_idle(page)
    assert page.locator(EXCEPTION).count() == 0
    background = page.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1:background.index(")")].split(",")[:3]]
    assert sum(channels) < 200, f"the dark theme was not applied: {background}"
    shot(page, "09_readout_page_dark")
    context.close()
