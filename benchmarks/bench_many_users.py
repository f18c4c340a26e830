"""Many users: N simultaneous browser sessions moving the Compare page's noise slider.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_many_users [--users 1 4 8] [--moves 15]

One ``streamlit run app.py`` server on the loopback; for each N, N separate
browser contexts (separate Streamlit sessions) in one headless Chromium open
the page one after another, then each makes ``--moves`` timed moves at once,
after two untimed ones; every move is
timed in its page as in ``bench_latency``. Errors are timed-out moves (30 s:
a deadlock shows here) and exception boxes. Goal: no errors, median at N = 8
within 4x of N = 1. The same is measured first on the floor app (a bare page
whose slider only redraws a 28x28 image): the browsers share the machine's
cores with the server, so that ratio is what N sessions cost before any of
the app's own work.
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
    exception_boxes,
    move,
    open_page,
    percentiles,
    streamlit_server,
)

KEY = "compare:noise_level"
FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
WARMUP = 2
RATIO = 4.0


async def user(page, moves: int, key: str = KEY) -> tuple[list[float], int]:
    """One session on its open page: move the slider; latencies and errors."""
    bouncer, times, errors = Bouncer(0.05), [], 0
    try:
        for i in range(WARMUP + moves):
            try:
                ms = await move(page, key, bouncer)
            except PlaywrightTimeout:
                errors += 1
                continue
            if i >= WARMUP:
                times.append(ms)
            await page.wait_for_timeout(100)
        errors += await exception_boxes(page)
    finally:
        await page.context.close()
    return times, errors


async def sessions(browser, url: str, users: list[int], moves: int, key: str) -> list[tuple[int, list[float], int]]:
    """For each N in turn: N sessions on ``url`` moving slider ``key`` at once; (N, latencies, errors)."""
    rows = []
    for n in users:
        pages = [await open_page(browser, url) for _ in range(n)]    # opened one by one, then all move
        results = await asyncio.gather(*(user(page, moves, key) for page in pages))
        rows.append((n, [t for ts, _ in results for t in ts], sum(e for _, e in results)))
    return rows


def print_rows(page: str, rows: list[tuple[int, list[float], int]]) -> float:
    """Markdown rows for one page; returns the median at the largest N over the median at the smallest."""
    base = percentiles(rows[0][1])[0]
    for n, times, errors in rows:
        median, p95 = percentiles(times)
        print(f"| {page} | {n} | {len(times)} | {median:.0f} | {p95:.0f} | "
              f"{max(times, default=float('nan')):.0f} | {median / base:.2f}x | {errors} |")
    return percentiles(rows[-1][1])[0] / base


async def run(users: list[int], moves: int) -> None:
    """The floor app, then Compare, every N in turn against one server each; print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    async with chromium() as browser:
        with streamlit_server(FLOOR_APP) as floor:
            floor_rows = await sessions(browser, floor.url, users, moves, "level")
        with streamlit_server() as server:
            rows = await sessions(browser, f"{server.url}/compare", users, moves, KEY)
            retracing = server.log_count("retracing")
    print("| page | sessions | moves | median ms | p95 ms | max ms | median / N=1 | errors |\n"
          "|---|---|---|---|---|---|---|---|")
    floor_ratio = print_rows("floor (bare page)", floor_rows)
    last = print_rows("Compare", rows)
    ok = all(errors == 0 for _, _, errors in rows) and last <= RATIO
    print(f"\nGoal: no errors, median at N={rows[-1][0]} within {RATIO:.0f}x of N={rows[0][0]} on Compare: "
          f"{'yes' if ok else '**no**'} ({last:.2f}x; the bare page: {floor_ratio:.2f}x). Server log: "
          f"{retracing} 'retracing' warnings. "
          f"Load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, nargs="+", default=[1, 4, 8])
    p.add_argument("--moves", type=int, default=15, help="timed moves per session")
    args = p.parse_args()
    asyncio.run(run(args.users, args.moves))


if __name__ == "__main__":
    main()
