"""Cold start: ``streamlit run`` to the home page drawn, to the Compare page's reconstructions, and memory.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_cold_start [--repeats 1]

Each timing starts a fresh server (Chromium is already running) and counts from
the ``streamlit run`` process start to the page idle with every image loaded:
the home page's input/output pair per kind, or Compare's reconstructions
(idle with no spinner: every model it shows is loaded; drawn in the browser,
the live canvas's first frame: every model exported, fetched and run). Resident memory is the server process's VmRSS after
Compare on MNIST, then after Compare on Fashion-MNIST too, and, as the bound for
"every shipped model loaded", a plain Python process holding every shipped
model and both datasets. Goals: home < 6 s, Compare < 10 s, memory < 1.5 GB.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import time

import numpy as np

from benchmarks.browser import ROOT, chromium, streamlit_server, wait_drawn
from ui.chooser import default_entry
from ui.site import kinds_with_pages

TALL = {"width": 1400, "height": 3000}
COMPARE_IMAGES = 2  # at least the input and one reconstruction; the page is idle, so every kind is drawn
HOME_S, COMPARE_S, RSS_MB = 6.0, 10.0, 1.5 * 1024
EVERY_MODEL = """
import os, streamlit, plotly.graph_objects
from ae_models.data import DATASETS, load_dataset
from ae_models.store import list_models, load
data = [load_dataset(name) for name in DATASETS]
models = [load(entry) for entry in list_models(source="shipped")]
rss = next(l for l in open(f"/proc/{os.getpid()}/status") if l.startswith("VmRSS:")).split()[1]
print(len(models), int(rss) / 1024)
"""


def home_images(dataset: str = "mnist") -> int:
    """Images on a drawn home page: input and output for every kind with a model."""
    return 2 * sum(default_entry(kind, dataset) is not None for kind in kinds_with_pages())


async def cold(browser, path: str, images: int, fashion_too: bool = False) -> dict[str, float]:
    """Seconds from ``streamlit run`` to healthy and to ``path`` drawn; the server's RSS (MiB) after."""
    with streamlit_server() as server:
        healthy = time.perf_counter() - server.started
        context = await browser.new_context(viewport=TALL)     # every image in view: none lazily unloaded
        try:
            page = await context.new_page()
            page.set_default_timeout(120_000)
            await page.goto(f"{server.url}/{path}")
            await wait_drawn(page, images)
            result = {"healthy": healthy, "drawn": time.perf_counter() - server.started, "rss": server.rss_mb()}
            if fashion_too:
                await page.locator(".st-key-dataset").click()
                await page.get_by_role("option", name=re.compile("Fashion")).click()
                await page.wait_for_timeout(500)
                await wait_drawn(page, COMPARE_IMAGES)
                result["rss both"] = server.rss_mb()
        finally:
            await context.close()
    return result


def median(runs: list[dict[str, float]], key: str) -> float:
    """The median of one figure over repeated cold starts."""
    return float(np.median([r[key] for r in runs]))


def every_model() -> tuple[int, float]:
    """How many shipped models a plain Python process loaded with both datasets, and its RSS in MiB."""
    out = subprocess.run([sys.executable, "-c", EVERY_MODEL], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    count, rss = out.stdout.split()[-2:]
    return int(count), float(rss)


async def run(repeats: int) -> None:
    """Time the home page and Compare from cold, measure memory, print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    async with chromium() as browser:
        home = [await cold(browser, "", home_images()) for _ in range(repeats)]
        compare = [await cold(browser, "compare", COMPARE_IMAGES, fashion_too=i == 0) for i in range(repeats)]
    count, rss_all = every_model()
    rows = [
        ("`streamlit run` to /_stcore/health ok", f"{median(home, 'healthy'):.1f} s", "", ""),
        ("`streamlit run` to the home page drawn", f"{median(home, 'drawn'):.1f} s", f"< {HOME_S:.0f} s",
         median(home, "drawn") < HOME_S),
        ("`streamlit run` to Compare drawn (every kind reconstructed)", f"{median(compare, 'drawn'):.1f} s",
         f"< {COMPARE_S:.0f} s", median(compare, "drawn") < COMPARE_S),
        ("server RSS after Compare on MNIST", f"{median(compare, 'rss'):,.0f} MiB", "", ""),
        ("server RSS after Compare on MNIST and Fashion-MNIST", f"{compare[0]['rss both']:,.0f} MiB",
         f"< {RSS_MB:,.0f} MiB", compare[0]["rss both"] < RSS_MB),
        (f"plain Python process: all {count} shipped models and both datasets", f"{rss_all:,.0f} MiB",
         f"< {RSS_MB:,.0f} MiB", rss_all < RSS_MB),
    ]
    print(f"| measure ({repeats} cold start(s) each, median) | figure | goal | holds |\n|---|---|---|---|")
    for what, figure, goal, holds in rows:
        mark = "" if holds == "" else ("yes" if holds else "**no**")
        print(f"| {what} | {figure} | {goal} | {mark} |")
    print(f"\nLoad average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=1, help="cold starts per page")
    args = p.parse_args()
    asyncio.run(run(args.repeats))


if __name__ == "__main__":
    main()
