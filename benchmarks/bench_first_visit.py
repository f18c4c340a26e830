"""The first visit as a newcomer meets it: a fresh clone's server (no AE_DATA_DIR, an empty home,
downloads refused), timed against a bare Streamlit page's cold start in the same run.

    python -m benchmarks.bench_first_visit [--repeats 3]

Rows: ``streamlit run`` to a bare page drawn (``benchmarks/floor_app.py``, the floor) and to the
app's home page drawn (every gallery card's input and output); switching pages in the app by the
sidebar's links (click to the page idle with its pictures, or its live canvases painted), over
every page once on a fresh server, then once more; and a first visit's first live frame: a new
browser (empty cache) opening the Convolutional page on a running server, to its live canvas'
first paint. Goals: home within 2 s of the bare page, page switch median <= 1.0 s, first live
frame <= 2 s.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import time

import numpy as np

from benchmarks.bench_cold_start import home_images
from benchmarks.browser import ROOT, VIEWPORT, chromium, streamlit_server, wait_drawn

PAGES = ["simple", "sparse", "deep", "convolutional", "denoising", "variational", "conditional", "recurrent",
         "compare", "draw", ""]
HOME_MARGIN_S, SWITCH_S, LIVE_S = 2.0, 1.0, 2.0


async def cold_draw(browser, app, images: int, newcomer: bool) -> float:
    """Seconds from ``streamlit run app`` to its first page drawn with ``images`` pictures."""
    with streamlit_server(app, newcomer=newcomer) as server:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await page.goto(server.url)
        await wait_drawn(page, images)
        seconds = time.perf_counter() - server.started
        await context.close()
    return seconds


async def switch(page, path: str) -> float:
    """Seconds from clicking the sidebar's link to ``path`` to that page drawn."""
    link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first
    start = time.perf_counter()
    await link.click()
    await page.wait_for_timeout(50)
    await wait_drawn(page, 0)
    return time.perf_counter() - start


async def pages_and_live(browser) -> tuple[list[float], list[float], float]:
    """Page switches over every page on a fresh newcomer server (twice round), then a new browser's
    first live frame on the Convolutional page."""
    with streamlit_server(newcomer=True) as server:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await page.goto(server.url)
        await wait_drawn(page, home_images())
        more = page.get_by_test_id("stSidebarNavViewButton")
        if await more.count():
            await more.first.click()
        rounds = [[await switch(page, path) for path in PAGES] for _ in range(2)]
        await context.close()
        fresh = await browser.new_context(viewport=VIEWPORT)
        page = await fresh.new_page()
        page.set_default_timeout(120_000)
        start = time.perf_counter()
        await page.goto(f"{server.url}/convolutional")
        await wait_drawn(page, 1)
        live = time.perf_counter() - start
        await fresh.close()
    return rounds[0], rounds[1], live


async def run(repeats: int) -> None:
    """Measure and print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    async with chromium() as browser:
        bare, home, first, second, live = [], [], [], [], []
        for _ in range(repeats):
            bare.append(await cold_draw(browser, ROOT / "benchmarks" / "floor_app.py", 1, newcomer=False))
            home.append(await cold_draw(browser, ROOT / "app.py", home_images(), newcomer=True))
            a, b, seconds = await pages_and_live(browser)
            first += a
            second += b
            live.append(seconds)
    bare_s, home_s = float(np.median(bare)), float(np.median(home))
    rows = [
        ("`streamlit run` to a bare page drawn", f"{bare_s:.1f} s", "", None),
        ("`streamlit run` to the home page drawn (fresh clone)", f"{home_s:.1f} s",
         f"<= bare + {HOME_MARGIN_S:.0f} s", home_s <= bare_s + HOME_MARGIN_S),
        ("page switch, every page once on a fresh server: median / p95",
         f"{np.median(first):.2f} / {np.percentile(first, 95):.2f} s", "", None),
        ("page switch, every page again: median / p95",
         f"{np.median(second):.2f} / {np.percentile(second, 95):.2f} s", f"median <= {SWITCH_S:.1f} s",
         float(np.median(second)) <= SWITCH_S),
        ("a new browser's first live frame (Convolutional page)", f"{np.median(live):.1f} s",
         f"<= {LIVE_S:.0f} s", float(np.median(live)) <= LIVE_S),
    ]
    print(f"| measure ({repeats} run(s), median) | figure | goal | holds |\n|---|---|---|---|")
    for what, figure, goal, holds in rows:
        print(f"| {what} | {figure} | {goal} | {'' if holds is None else ('yes' if holds else '**no**')} |")
    slowest = sorted(zip(first, PAGES * repeats), reverse=True)[:3]
    print("\nslowest first switches: " + ", ".join(f"/{p} {s:.1f} s" for s, p in slowest))
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=1, help="runs of each measure")
    asyncio.run(run(p.parse_args().repeats))


if __name__ == "__main__":
    main()
