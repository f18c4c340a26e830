"""The first upload on a fresh server: from choosing the file to every reconstruction and the
likeness score drawn on the Draw page, then a second upload for comparison.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_first_upload [--repeats 3] [--pause 3]

Each repeat starts a fresh server and opens the Draw page (the server has loaded
no model yet), then uploads a photo-like digit: once at once, the moment the page
is drawn (the server is still importing TensorFlow and loading models then), and
once ``--pause`` seconds later, about what choosing a file takes a person. The
likeness score's calibration (each judging model's per-image test errors) is
saved in the models' records, so no upload needs a pass over the test set.
``--without-warm-up`` starts the servers with ``AE_WARM_UP=0`` (no models loaded
in the background), to see what the warm-up saves. Goal: under 2 s.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.browser import IDLE, VIEWPORT, chromium, streamlit_server

GOAL_S = 2.0
LIKENESS = "[data-testid='stMetric']:has-text('Is it like the training data?')"


def digit_photo(path: Path, shift: int = 0) -> Path:
    """A dark hand-drawn-looking 4 on light paper, saved as PNG."""
    paper = Image.new("L", (240, 300), 228)
    draw = ImageDraw.Draw(paper)
    draw.line([(150 + shift, 40), (60 + shift, 190), (190 + shift, 190)], fill=30, width=16)
    draw.line([(150 + shift, 40), (150 + shift, 270)], fill=30, width=16)
    paper.save(path)
    return path


async def upload_seconds(page, path: Path) -> float:
    """Seconds from handing the file to the uploader to the likeness score and every image drawn."""
    uploader = page.get_by_test_id("stFileUploader").locator("input[type=file]").last
    start = time.perf_counter()
    await uploader.set_input_files(str(path))
    await page.wait_for_selector(LIKENESS, timeout=120_000)
    await page.wait_for_timeout(50)
    await page.wait_for_selector(IDLE, timeout=120_000)
    return time.perf_counter() - start


async def once(browser, folder: Path, pause: float) -> tuple[float, float]:
    """First upload on a fresh server, ``pause`` seconds after the page is drawn, and a second one, in seconds."""
    with streamlit_server() as server:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await page.goto(f"{server.url}/draw")
        await page.wait_for_selector(IDLE)
        await page.wait_for_timeout(pause * 1000)
        first = await upload_seconds(page, digit_photo(folder / "first.png"))
        second = await upload_seconds(page, digit_photo(folder / "second.png", shift=12))
        await context.close()
    return first, second


async def run(repeats: int, pause: float) -> None:
    """``repeats`` fresh servers for an upload at once and one ``pause`` seconds later; print the table."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        async with chromium() as browser:
            for wait, name in ((0.0, "at once"), (pause, f"{pause:g} s after the page is drawn")):
                results = [await once(browser, Path(tmp), wait) for _ in range(repeats)]
                rows += [(f"first, {name}", [r[0] for r in results], f"< {GOAL_S:g} s"),
                         (f"second, after the first ({name})", [r[1] for r in results], "")]
    print("| upload on a fresh server | median s | worst s | goal |")
    print("| --- | --- | --- | --- |")
    for name, seconds, goal in rows:
        print(f"| {name} | {np.median(seconds):.2f} | {max(seconds):.2f} | {goal} |")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--pause", type=float, default=3.0, help="seconds between the page drawn and the first upload")
    p.add_argument("--without-warm-up", action="store_true", help="servers load no model in the background")
    args = p.parse_args()
    if args.without_warm_up:
        os.environ["AE_WARM_UP"] = "0"      # the servers inherit it
    asyncio.run(run(args.repeats, args.pause))


if __name__ == "__main__":
    main()
