"""Interaction latency in a real browser: slider key press to the new image loaded, per page.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_latency [--moves 30]

Starts ``streamlit run app.py`` and, in the same run, the floor
(``benchmarks/floor_app.py``: a bare page whose slider only redraws a 28x28
image, measured before and after the pages and pooled), opens each page in
Debian's headless Chromium and moves its main slider with the arrow keys,
bouncing between two ends. Each move is timed inside the page (see
``benchmarks.browser``). Goals on a 2-core machine: median < 150 ms,
95th percentile < 300 ms, median within 1.5x of the floor's.
"""
from __future__ import annotations

import argparse
import asyncio
import os

from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks.browser import (
    ROOT,
    Bouncer,
    chromium,
    enter_range,
    exception_boxes,
    move,
    open_page,
    percentiles,
    streamlit_server,
)

FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
# page path -> (slider key, ends of the bounce): each page's main slider. The recurrent page's time
# slider keeps to rows 6-22: moving it among the blank edge rows changes no pixel, so no image.
PAGES: dict[str, tuple[str, Bouncer]] = {
    "simple": ("dense:noise_level", Bouncer(0.05)), "sparse": ("sparse:noise_level", Bouncer(0.05)),
    "deep": ("deep:noise_level", Bouncer(0.05)), "convolutional": ("conv:noise_level", Bouncer(0.05)),
    "denoising": ("denoising:noise_level", Bouncer(0.05)), "recurrent": ("lstm:time", Bouncer(6, 22)),
    "variational": ("vae:z0", Bouncer(-3.0)), "compare": ("compare:noise_level", Bouncer(0.05)),
}
MEDIAN_MS, P95_MS, FLOOR_RATIO = 150, 300, 1.5
STUCK = 3           # timeouts in a row that end a page's run


async def measure(browser, url: str, key: str, bouncer: Bouncer, moves: int, warmup: int
                  ) -> tuple[list[float], int]:
    """Latencies (ms) of ``moves`` slider moves after ``warmup`` untimed ones, and the errors seen."""
    page = await open_page(browser, url)
    times, errors, stuck = [], 0, 0
    try:
        await enter_range(page, key, bouncer)
        for i in range(warmup + moves):
            try:
                ms = await move(page, key, bouncer)
            except PlaywrightTimeout:
                errors, stuck = errors + 1, stuck + 1
                if stuck == STUCK:
                    break
                continue
            stuck = 0
            if i >= warmup:
                times.append(ms)
            await page.wait_for_timeout(100)       # a user's pace, and the browser settles
        errors += await exception_boxes(page)
    finally:
        await page.context.close()
    return times, errors


async def floor(browser, moves: int, warmup: int) -> tuple[list[float], int]:
    """The floor app's latencies and errors."""
    with streamlit_server(FLOOR_APP) as server:
        return await measure(browser, server.url, "level", Bouncer(0.05), moves, warmup)


def row(name: str, key: str, times: list[float], errors: int, floor_median: float | None) -> str:
    """One markdown row with the goals checked."""
    median, p95 = percentiles(times)
    ratio = median / floor_median if floor_median else float("nan")
    met = median < MEDIAN_MS and p95 < P95_MS and errors == 0 and (floor_median is None or ratio <= FLOOR_RATIO)
    ratio_text = "1.00x (floor)" if floor_median is None else f"{ratio:.2f}x"
    return (f"| {name} | `{key}` | {len(times)} | {median:.0f} | {p95:.0f} | {ratio_text} | {errors} | "
            f"{'yes' if met else '**no**'} |")


async def run(moves: int, warmup: int) -> None:
    """Measure the floor, every page, the floor again; print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    async with chromium() as browser:
        before, errors_before = await floor(browser, moves // 2 + moves % 2, warmup)
        results = {}
        with streamlit_server() as server:
            for path, (key, bouncer) in PAGES.items():
                results[path] = await measure(browser, f"{server.url}/{path}", key, bouncer, moves, warmup)
            retracing, rss = server.log_count("retracing"), server.rss_mb()
        after, errors_after = await floor(browser, moves // 2, warmup)
    floor_times = before + after
    floor_median = percentiles(floor_times)[0]
    print("| page | slider | moves | median ms | p95 ms | median / floor | errors | goals met |")
    print("|---|---|---|---|---|---|---|---|")
    print(row("floor (bare page)", "level", floor_times, errors_before + errors_after, None))
    for path, (times, errors) in results.items():
        print(row(path, PAGES[path][0], times, errors, floor_median))
    print(f"\nGoals: median < {MEDIAN_MS} ms, p95 < {P95_MS} ms, median within {FLOOR_RATIO}x of the floor, "
          f"no errors. Server: {retracing} 'retracing' warnings in its log, {rss:,.0f} MiB resident after "
          f"every page. Load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--moves", type=int, default=30, help="timed slider moves per page (30 or more for a stable p95)")
    p.add_argument("--warmup", type=int, default=2, help="untimed moves first on each page")
    args = p.parse_args()
    asyncio.run(run(args.moves, args.warmup))


if __name__ == "__main__":
    main()
