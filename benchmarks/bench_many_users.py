"""Many users: N simultaneous browser sessions moving the Compare page's noise slider.

    AE_DATA_DIR=../shared/data python -m benchmarks.bench_many_users [--users 1 4 8] [--moves 15]

One ``streamlit run app.py`` server on the loopback; for each N, N separate
browser contexts (separate Streamlit sessions) in one headless Chromium each
make ``--moves`` timed moves at once, after two untimed ones; every move is
timed in its page as in ``bench_latency``. Errors are timed-out moves (30 s:
a deadlock shows here) and exception boxes. Goal: no errors, median at N = 8
within 4x of N = 1.
"""
from __future__ import annotations

import argparse
import asyncio
import os

from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks.browser import (
    Bouncer,
    chromium,
    exception_boxes,
    move,
    open_page,
    percentiles,
    streamlit_server,
)

KEY = "compare:noise_level"
WARMUP = 2
RATIO = 4.0


async def user(browser, url: str, moves: int, start: asyncio.Barrier) -> tuple[list[float], int]:
    """One session: open Compare, wait for the others, move the slider; latencies and errors."""
    page = await open_page(browser, f"{url}/compare")
    bouncer, times, errors = Bouncer(0.05), [], 0
    try:
        await start.wait()
        for i in range(WARMUP + moves):
            try:
                ms = await move(page, KEY, bouncer)
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


async def run(users: list[int], moves: int) -> None:
    """Every N in turn against one server; print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    rows = []
    async with chromium() as browser:
        with streamlit_server() as server:
            for n in users:
                start = asyncio.Barrier(n)
                results = await asyncio.gather(*(user(browser, server.url, moves, start) for _ in range(n)))
                times = [t for ts, _ in results for t in ts]
                rows.append((n, times, sum(e for _, e in results)))
            retracing = server.log_count("retracing")
    base = percentiles(rows[0][1])[0]
    print("| sessions | moves | median ms | p95 ms | max ms | median / N=1 | errors |\n|---|---|---|---|---|---|---|")
    for n, times, errors in rows:
        median, p95 = percentiles(times)
        print(f"| {n} | {len(times)} | {median:.0f} | {p95:.0f} | {max(times, default=float('nan')):.0f} | "
              f"{median / base:.2f}x | {errors} |")
    last = percentiles(rows[-1][1])[0] / base
    ok = all(errors == 0 for _, _, errors in rows) and last <= RATIO
    print(f"\nGoal: no errors, median at N={rows[-1][0]} within {RATIO:.0f}x of N={rows[0][0]}: "
          f"{'yes' if ok else '**no**'}. Server log: {retracing} 'retracing' warnings. "
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
