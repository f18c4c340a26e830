"""Latent-slider latency on the Variational page, in a real browser, against the floor; and the 2-D manifold.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_latent_latency [--moves 30] [--draws 15]

Starts ``streamlit run`` on ``benchmarks/floor_app.py`` (a bare page whose slider
only redraws a 28x28 image) and on ``app.py``, opens them in Debian's headless
Chromium and presses arrow keys on a slider, bouncing between its ends. One
move is timed inside the page from the key press to the last changed image
loaded (see ``benchmarks.browser``). On the Variational page that is the latent
slider ``vae:z0`` and the generated digit, for each shipped MNIST VAE (the 2-D
one also redraws its manifold chart with the marker). The manifold: the range
slider steps through new values at 20x20, each a fresh grid (decode 400 codes in
one call, compose, PNG), timed from the key press to the chart's new picture;
plus the server-side part alone, in Python. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import time

from benchmarks.browser import (
    MOVE_DONE_JS,
    MOVE_MS_JS,
    ROOT,
    chromium,
    exception_boxes,
    open_page,
    percentiles,
    streamlit_server,
)

FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
MEDIAN_MS, P95_MS = 150, 300
RESOLUTION = 20
# Times the 2-D manifold's picture: key press to a new <image> in the plane chart.
PLANE_PROBE_JS = """
() => {
  const p = window.__plane = {t0: null, drawn: null};
  document.addEventListener('keydown', () => { p.t0 = performance.now(); p.drawn = null; }, true);
  new MutationObserver(ms => {
    if (p.t0 !== null && ms.some(m => m.target.closest && m.target.closest('.st-key-vae-plane')))
      requestAnimationFrame(() => { p.drawn = performance.now(); });
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['href']});
}
"""
PLANE_DONE_JS = """
() => window.__plane.drawn !== null
  && !!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
"""


def slider(page, key: str):
    """The range input of the slider widget with ``key``."""
    return page.locator(f".st-key-{key.replace(':', '-')}").get_by_role("slider")


async def press(page, key: str, low: float, state: dict) -> None:
    """One arrow key on slider ``key``, turning at ``low`` and at its maximum (``state`` remembers the way)."""
    thumb = slider(page, key)
    value = float(await thumb.get_attribute("aria-valuetext"))
    high = float(await thumb.get_attribute("max"))
    if value >= high:
        state["right"] = False
    elif value <= low:
        state["right"] = True
    await thumb.focus()
    await page.keyboard.press("ArrowRight" if state.get("right", True) else "ArrowLeft")


async def timed_moves(page, key: str, low: float, moves: int, warmup: int = 2) -> tuple[list[float], int]:
    """Milliseconds from key press to the changed images loaded, for ``moves`` moves; and exception boxes."""
    times, state = [], {}
    for i in range(warmup + moves):
        await press(page, key, low, state)
        await page.wait_for_function(MOVE_DONE_JS, timeout=30_000)
        if i >= warmup:
            times.append(float(await page.evaluate(MOVE_MS_JS)))
        await page.wait_for_timeout(100)       # a user's pace
    return times, await exception_boxes(page)


async def pick_code_size(page, size: int) -> None:
    """Move the page's code-size slider to ``size`` and wait for the rerun."""
    thumb = slider(page, "code_size:vae:mnist")
    for _ in range(10):
        now = int(float(await thumb.get_attribute("aria-valuetext")))
        if now == size:
            break
        await thumb.focus()
        await page.keyboard.press("ArrowRight" if now < size else "ArrowLeft")
        await page.wait_for_timeout(300)
        await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    await page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton'], [data-testid='stSpinner']\")")


async def manifold_draws(page, draws: int) -> tuple[list[float], int]:
    """Milliseconds from a range-slider key press to the new 20x20 manifold drawn, each range a new one."""
    await page.evaluate(PLANE_PROBE_JS)
    times = []
    for _ in range(draws):
        await slider(page, "vae:span").focus()
        await page.keyboard.press("ArrowRight")
        await page.wait_for_function(PLANE_DONE_JS, timeout=30_000)
        times.append(float(await page.evaluate("window.__plane.drawn - window.__plane.t0")))
        await page.wait_for_timeout(150)
    return times, await exception_boxes(page)


def manifold_compute_ms(repeats: int = 10) -> list[float]:
    """Server-side time of one 20x20 manifold: one batched decode, the mosaic and the PNG."""
    import io

    from PIL import Image

    from ae_models import load_pretrained
    from ae_models.images import upscale
    from ae_models.latent import manifold_codes, mosaic
    ae = load_pretrained("vae", "mnist", 2)
    times = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        digits = ae.decode(manifold_codes(2.0 + 0.1 * i, RESOLUTION))
        Image.fromarray(upscale(mosaic(digits, RESOLUTION), 1)).save(io.BytesIO(), format="PNG")
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]


def row(name: str, what: str, times: list[float], errors: int, goal: bool = True) -> str:
    """One markdown row."""
    median, p95 = percentiles(times)
    met = "yes" if median < MEDIAN_MS and p95 < P95_MS and not errors else "**no**"
    return f"| {name} | {what} | {len(times)} | {median:.0f} | {p95:.0f} | {errors} | {met if goal else '–'} |"


async def run(moves: int, draws: int, sizes: list[int]) -> None:
    """Measure the floor, the latent slider per model, the manifold; print the table."""
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    rows = []
    async with chromium() as browser:
        with streamlit_server(FLOOR_APP) as floor:
            page = await open_page(browser, floor.url)
            times, errors = await timed_moves(page, "level", 0.05, moves)
            rows.append(row("floor (bare page)", "slider `level` → 28x28 image", times, errors))
            await page.context.close()
        with streamlit_server() as server:
            for size in sizes:
                page = await open_page(browser, f"{server.url}/variational", images=4)
                await pick_code_size(page, size)
                what = "slider `vae:z0` → generated digit" + (" (+ manifold marker)" if size == 2 else "")
                rows.append(row(f"Variational, VAE-{size}", what, *await timed_moves(page, "vae:z0", -3.0, moves)))
                if size == 2:
                    draws_ms, errors = await manifold_draws(page, draws)
                await page.context.close()
    print("| page | interaction | n | median ms | p95 ms | errors | goals met |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if 2 in sizes:
        print(row("Variational, VAE-2", f"range slider → new {RESOLUTION}x{RESOLUTION} manifold drawn", draws_ms,
                  errors, goal=False))
        print(row("(server side only)", f"{RESOLUTION}x{RESOLUTION} manifold: 1 decode call + mosaic + PNG",
                  manifold_compute_ms(), 0, goal=False))
    print(f"\nGoals: median < {MEDIAN_MS} ms, p95 < {P95_MS} ms, no errors. "
          f"Load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--moves", type=int, default=30, help="timed slider moves per page (at least 30)")
    p.add_argument("--draws", type=int, default=15, help="20x20 manifolds drawn")
    p.add_argument("--sizes", type=int, nargs="+", default=[2, 16], help="VAE code sizes to measure")
    args = p.parse_args()
    asyncio.run(run(args.moves, args.draws, args.sizes))


if __name__ == "__main__":
    main()
