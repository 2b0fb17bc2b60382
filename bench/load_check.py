"""Load check: one running app, 20 browser pages at once (loopback only), each analysing its own readout.

Each simulated user opens the app, pastes a different synthetic readout, presses Analyze, waits for the first
chart, then opens every page of the sidebar and waits for its chart (or, on the Corpus page, its list). The
script reports errors and the median and 95th-percentile time from Analyze to the first chart.

    python bench/load_check.py [--users 20] [--timeout 600]

Results are printed and written to bench/out/load_check.json. Everything runs on 127.0.0.1; every wait is
bounded, and the whole run stops after --deadline seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from live_app import CHROMIUM_ARGS, chromium_path, cpu_seconds, running_app  # noqa: E402

CHART = '[data-testid="stPlotlyChart"], .js-plotly-plot'
TABLE = '[data-testid="stDataFrame"], [data-testid="stTable"]'
EXCEPTION = '[data-testid="stException"]'
TABLE_PAGES = {"Corpus"}
HEADING = "() => (document.querySelector('h1') || {}).innerText || ''"

# SYNTHETIC leaders and countries, invented for the load check.
LEADERS = [("Anna Lindqvist", "Nordmark"), ("Tomas Okafor", "Verania"), ("Mei Arakawa", "Sunhaven"),
           ("Pedro Valdivia", "Costa Alta"), ("Ingrid Halvorsen", "Fjordland"), ("Kwame Mensah", "Goldcoast"),
           ("Lena Petrova", "Eastmark"), ("Omar Haddad", "Qadira"), ("Sofia Marin", "Lusitara"),
           ("Raj Malhotra", "Indrapur")]
TOPICS = ["renewable energy", "trade and investment", "climate change", "regional security", "public health",
          "the Belt and Road Initiative", "people-to-people exchanges", "nuclear non-proliferation"]


def synthetic_readout(n: int) -> str:
    """A different short readout for user `n`: two leaders, support, thanks and a joint agreement."""
    (a, a_country), (b, b_country) = LEADERS[n % len(LEADERS)], LEADERS[(n * 3 + 1) % len(LEADERS)]
    if a == b:
        b, b_country = LEADERS[(n + 5) % len(LEADERS)]
    t1, t2, t3 = TOPICS[n % len(TOPICS)], TOPICS[(n + 3) % len(TOPICS)], TOPICS[(n + 5) % len(TOPICS)]
    a_short, b_short = a.split()[-1], b.split()[-1]
    return (
        f"President {a} of {a_country} held a telephone conversation on day {n + 1} with President {b} of "
        f"{b_country}.\n"
        f"{a_short} said {a_country} values its partnership with {b_country} and stands ready to deepen "
        f"cooperation on {t1} and {t2}.\n"
        f"She said {a_country} firmly supports {b_country} in safeguarding its sovereignty and opposes external "
        f"interference.\n"
        f"For his part, {b_short} thanked {a_short} for the call and said {b_country} supports {a_country}'s "
        f"position on {t3}.\n"
        f"{b_short} said {b_country} is willing to work with {a_country} on {t1}.\n"
        f"The two leaders agreed to keep in close contact (case {n})."
    )


async def idle(page, timeout_ms: int) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.indexOf('Running') < 0",
        timeout=timeout_ms,
    )


async def wait_for_view(page, selector: str, timeout_ms: int) -> bool:
    """Wait for a chart (or table); True when one shows, False when the page finished without one.

    A page may rightly show a message instead of a chart (e.g. reciprocity needs two parties); it is
    reported, not waited on until the timeout.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    idle_polls = 0
    while time.monotonic() < deadline:
        if await page.locator(selector).count():
            return True
        running = await page.evaluate(
            "() => { const s = document.querySelector('[data-testid=\"stStatusWidget\"]');"
            " return !!s && s.innerText.indexOf('Running') >= 0; }")
        idle_polls = 0 if running else idle_polls + 1
        if idle_polls >= 10 and await page.locator('[data-testid="stAlert"]').count():
            return False
        await page.wait_for_timeout(500)
    raise TimeoutError(f"nothing matching {selector!r} within {timeout_ms / 1000:.0f} s")


async def one_user(browser, url: str, n: int, timeout_ms: int) -> dict:
    """One simulated user; returns its timings and errors (never raises)."""
    record: dict = {"user": n, "errors": [], "notes": [], "first_chart_s": None, "load_s": None, "pages": {}}
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda exc: record["errors"].append(f"page error: {exc}"))
    where = "readout page"
    try:
        opened = time.monotonic()
        await page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
        await page.wait_for_selector('[data-testid="stTextArea"] textarea', timeout=timeout_ms)
        await idle(page, timeout_ms)
        record["load_s"] = round(time.monotonic() - opened, 2)
        await page.fill('[data-testid="stTextArea"] textarea', synthetic_readout(n))
        await page.keyboard.press("Control+Enter")
        started = time.monotonic()
        await page.locator(".st-key-analyze button").click(timeout=timeout_ms)
        await page.wait_for_selector(CHART, timeout=timeout_ms)
        record["first_chart_s"] = round(time.monotonic() - started, 2)
        await idle(page, timeout_ms)
        if await page.locator(EXCEPTION).count():
            record["errors"].append("exception on the readout page")
        links = page.locator('[data-testid="stSidebarNav"] a')
        names = [(await links.nth(i).inner_text()).strip() for i in range(await links.count())]
        for i, name in enumerate(names[1:], start=1):
            where = name
            opened = time.monotonic()
            before = await page.evaluate(HEADING)
            await page.locator('[data-testid="stSidebarNav"] a').nth(i).click(timeout=timeout_ms)
            # The old page stays on screen for a moment: wait for the new page's heading before looking.
            await page.wait_for_function(f"(before) => ({HEADING})() !== before", arg=before, timeout=timeout_ms)
            shown = await wait_for_view(page, TABLE + ", " + CHART if name in TABLE_PAGES else CHART, timeout_ms)
            await idle(page, timeout_ms)
            if not shown:
                alerts = page.locator('[data-testid="stAlert"]')
                message = (await alerts.last.inner_text()).strip().splitlines()[0][:160]
                record["notes"].append(f"no chart on page {name}: {message}")
            record["pages"][name] = round(time.monotonic() - opened, 2)
            if await page.locator(EXCEPTION).count():
                record["errors"].append(f"exception on page {name}")
    except Exception as exc:  # noqa: BLE001 - a failed user is a result, not a crash of the check
        record["errors"].append(f"{where}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()
    return record


async def run(url: str, users: int, timeout_ms: int, concurrency: int) -> list[dict]:
    from playwright.async_api import async_playwright

    gate = asyncio.Semaphore(concurrency)

    async def bounded(browser, n: int) -> dict:
        async with gate:
            return await one_user(browser, url, n, timeout_ms)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                                   headless=True)
        try:
            return await asyncio.gather(*(bounded(browser, n) for n in range(users)))
        finally:
            await browser.close()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0 to 100) by linear interpolation between order statistics."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users at once (default 20)")
    parser.add_argument("--concurrency", type=int, default=20, help="most users active at one time")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for any one wait (default 600)")
    parser.add_argument("--deadline", type=float, default=1800, help="seconds before the whole check stops")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print("No chromium found: install Debian's chromium (apt-get install chromium).", file=sys.stderr)
        return 2
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="readout-load-") as data:
        info: dict = {}
        with running_app(Path(data), log=out / "load_check_streamlit.log", info=info) as url:
            started = time.monotonic()
            server_cpu = cpu_seconds(info["pid"])
            try:
                records = asyncio.run(asyncio.wait_for(
                    run(url, args.users, int(args.timeout * 1000), args.concurrency), timeout=args.deadline))
            except TimeoutError:
                print(f"The check did not finish within {args.deadline:.0f} s.", file=sys.stderr)
                return 1
            wall = time.monotonic() - started
            server_cpu = cpu_seconds(info["pid"]) - server_cpu
    times = [r["first_chart_s"] for r in records if r["first_chart_s"] is not None]
    errors = [f"user {r['user']}: {e}" for r in records for e in r["errors"]]
    notes = [f"user {r['user']}: {e}" for r in records for e in r["notes"]]
    loads = [r["load_s"] for r in records if r["load_s"] is not None]
    page_times: dict[str, list[float]] = {}
    for r in records:
        for name, seconds in r["pages"].items():
            page_times.setdefault(name, []).append(seconds)
    summary = {
        "users": args.users, "wall_s": round(wall, 1), "server_cpu_s": round(server_cpu, 1), "errors": errors,
        "notes": notes, "first_load_median_s": round(statistics.median(loads), 2) if loads else None,
        "analyze_to_first_chart_s": {
            "n": len(times),
            "median": round(statistics.median(times), 2) if times else None,
            "p95": round(percentile(times, 95), 2) if times else None,
            "max": max(times) if times else None,
        },
        "page_median_s": {k: round(statistics.median(v), 2) for k, v in page_times.items()},
        "records": records,
    }
    (out / "load_check.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    first = summary["analyze_to_first_chart_s"]
    print(f"{args.users} users, {len(errors)} error(s), wall time {wall:.1f} s, server CPU {server_cpu:.1f} s "
          f"(the rest of the 2-core machine's time goes to the {args.users} browser pages)")
    print(f"First page load (until the text box is ready): median {summary['first_load_median_s']} s")
    print(f"Analyze -> first chart: median {first['median']} s, 95th percentile {first['p95']} s, max {first['max']} s"
          f" ({first['n']} of {args.users} users reached a chart)")
    print("Median time to open each page: " + ", ".join(f"{k} {v} s" for k, v in summary["page_median_s"].items()))
    for error in errors[:20]:
        print("  error:", error)
    for note in notes[:20]:
        print("  note:", note)
    return 0 if not errors and len(times) == args.users else 1


if __name__ == "__main__":
    raise SystemExit(main())
