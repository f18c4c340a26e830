"""Live drawing (the models run in the browser) against the server path, side by side in one run.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_live [--moves 60] [--crowd 8] [--users 1 4 8]

One ``streamlit run app.py`` server (static serving on, from ``.streamlit/config.toml``) and
Debian's headless Chromium. Each browser context is one Streamlit session: live by default;
the server path is the same page with the sidebar's "Draw in this browser" switched off in
that session. A live move is timed in the page from the key press to the live view's next
paint (``benchmarks.live_probe``: every canvas of a view repainted), the arrow key held down
as a visitor sweeping a slider holds it (one release, at the end); a server move from the key
press to the last changed image loaded (``benchmarks.browser``). Measured:

a/b/e. key press to paint on the live sliders (Variational latent at code 2 and 16,
   Convolutional "Edit the code", the Denoising and Compare noise levels), median and p95,
   the same sliders on the server path, and the websocket messages the browser sent while
   the live slider moved (goal 0);
c/e. many browsers moving at once, live and server: median per move, the server process's
   CPU seconds (from /proc) over the moves and in the second after (the live releases), the
   messages sent, and errors;
d. page load to the first live frame, first visit (new context) and second (browser cache);
f. the browser's pictures and per-kind BCE against the server path's for the same input and
   level, every shipped kind at code 32 (Compare) and the conditional one (its page);
g. drawing on the Draw page: pointer move to every kind's reconstruction painted (the drawing
   turned into the 28x28 input, each kind's encoder and decoder run, the pictures repainted),
   median and p95, the messages sent while the pen moved (goal 0), and beside it the server
   path's pen-up to every answer shown (``--only-draw`` measures this alone).
Prints markdown tables.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import time
from dataclasses import dataclass, field

import numpy as np
from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks.browser import (
    DRAWN_JS,
    IDLE,
    MOVE_DONE_JS,
    MOVE_MS_JS,
    PROBE_JS,
    VIEWPORT,
    Bouncer,
    chromium,
    exception_boxes,
    move,
    percentiles,
    streamlit_server,
)
from benchmarks.live_probe import CANVAS, cpu_seconds, first_frame_ms, time_moves

LIVE_MEDIAN_MS, LIVE_P95_MS = 20, 34
DRAW_MEDIAN_MS, DRAW_P95_MS = 33, 50
COMPARE_MEDIAN_MS, COMPARE_P95_MS = 25, 40
CPU_SHARE = 0.05     # goal: the server's CPU for live moves under this share of the server path's
PARITY_LEVEL_STEPS = 6   # arrow presses from level 0: 0.30
GREY_GOAL, BCE_GOAL = 2, 1e-4


@dataclass(frozen=True)
class Slider:
    """One slider measured both ways: its page, the code size to pick first, its live component and server key."""

    name: str
    path: str
    live: str                       # the live component's key
    server: str                     # the server path's slider key
    code_size: tuple[str, int] | None = None   # (the code-size slider's key, the size) to pick first
    compare: bool = False           # timed against Compare's goals

    def live_range(self, page):
        return page.locator(f"{css_key(self.live)} input[type=range]").first

    def live_canvas(self, page):
        return page.locator(f"{css_key(self.live)} {CANVAS}").first


SLIDERS = [
    Slider("Variational latent, vae-2", "variational", "vae:live", "vae:z0", ("code_size:vae:mnist", 2)),
    Slider("Variational latent, vae-16", "variational", "vae:live", "vae:z0", ("code_size:vae:mnist", 16)),
    Slider("Convolutional, Edit the code", "convolutional", "edit:conv:live", "edit:conv:z0"),
    Slider("Denoising, noise level", "denoising", "denoising:noise:live", "denoising:noise_level"),
    Slider("Compare, noise level (every kind)", "compare", "compare:live", "compare:noise_level", compare=True),
]
CROWD = SLIDERS[2]           # many browsers on Edit the code
COMPARE = SLIDERS[-1]


def css_key(key: str) -> str:
    """The CSS selector of the element Streamlit draws for the widget or component with ``key``."""
    return f".st-key-{key.replace(':', '-')}"


@dataclass
class Session:
    """One browser context on one page, and the websocket frames it sent."""

    page: object
    sent: list = field(default_factory=list)

    async def close(self) -> None:
        await self.page.context.close()


async def wait_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait until the script run the last action started has finished."""
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)


async def open_session(browser, url: str, slider: Slider, live: bool) -> Session:
    """A new context on the slider's page, code size picked, live drawing on or off, ready to time."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(120_000)
    session = Session(page)
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: session.sent.append(frame)))
    await page.goto(f"{url}/{slider.path}")
    await wait_idle(page)
    if not live:
        await page.locator(f"{css_key('live')} label").first.click()
        await wait_idle(page)
    if slider.code_size is not None:
        await pick_code_size(page, *slider.code_size)
    if live:
        await wait_for_paint(slider.live_canvas(page))
    else:
        await page.wait_for_function(DRAWN_JS, arg=1)
        await page.evaluate(PROBE_JS)
    return session


async def pick_code_size(page, key: str, size: int) -> None:
    """Move the code-size select slider to ``size`` (Home, then right one option at a time)."""
    thumb = page.locator(css_key(key)).get_by_role("slider")
    await thumb.focus()
    await page.keyboard.press("Home")
    await wait_idle(page)
    for _ in range(10):
        if await thumb.get_attribute("aria-valuetext") == str(size):
            return
        await page.keyboard.press("ArrowRight")
        await wait_idle(page)
    raise RuntimeError(f"{key} has no option {size}")


async def wait_for_paint(canvas, count: int = 1) -> None:
    """Wait until the live canvas has been painted ``count`` times."""
    await canvas.wait_for()
    await canvas.evaluate("""(c, n) => new Promise(done => {
        const check = () => Number(c.dataset.frames) >= n && (done(), true);
        if (!check()) new MutationObserver((_, o) => check() && o.disconnect())
            .observe(c, {attributes: true, attributeFilter: ['data-frames']});
    })""", count)


async def live_moves(session: Session, slider: Slider, moves: int, let_go: bool = True) -> tuple[list[float], int]:
    """``moves`` timed moves of the live slider, its arrow key held down (one release, after the last;
    ``let_go=False`` keeps it down); the latencies and the websocket messages the browser sent meanwhile."""
    session.sent.clear()
    times = await time_moves(session.page, slider.live_range(session.page), moves=moves,
                             canvas=slider.live_canvas(session.page), hold=True, let_go=let_go)
    return times, len(session.sent)   # the release reports 300 ms after the key is let go: not yet sent


async def let_go(session: Session) -> None:
    """Let go of the arrow keys a live slider was moved with: it then reports its release."""
    for key in ("ArrowRight", "ArrowLeft"):
        await session.page.keyboard.up(key)


async def server_moves(session: Session, slider: Slider, moves: int) -> tuple[list[float], int]:
    """``moves`` timed key presses on the server slider; the latencies and the moves that timed out."""
    bouncer, times, errors = Bouncer(0.05), [], 0
    for _ in range(moves):
        try:
            times.append(await move(session.page, slider.server, bouncer))
        except PlaywrightTimeout:
            errors += 1
    return times, errors


# ---- a, b, e: one browser -------------------------------------------------------------------------

@dataclass
class SliderRow:
    slider: Slider
    live: list[float]
    sent: int
    server: list[float]


async def one_browser(browser, url: str, moves: int, server_moves_count: int) -> list[SliderRow]:
    """Each slider live, then on the server path, in its own session."""
    rows = []
    for slider in SLIDERS:
        session = await open_session(browser, url, slider, live=True)
        live, sent = await live_moves(session, slider, moves)
        await session.close()
        session = await open_session(browser, url, slider, live=False)
        server, _ = await server_moves(session, slider, server_moves_count)
        await session.close()
        rows.append(SliderRow(slider, live, sent, server))
        print(f"  measured {slider.name}", flush=True)
    return rows


def print_slider_rows(rows: list[SliderRow]) -> None:
    print("| slider | live median / p95 ms | server median / p95 ms | live moves | messages sent while moving live "
          "| live goal |\n|---|---|---|---|---|---|")
    for row in rows:
        median, p95 = percentiles(row.live)
        goal = (COMPARE_MEDIAN_MS, COMPARE_P95_MS) if row.slider.compare else (LIVE_MEDIAN_MS, LIVE_P95_MS)
        met = "yes" if median <= goal[0] and p95 <= goal[1] else "**no**"
        s_median, s_p95 = percentiles(row.server)
        print(f"| {row.slider.name} | {median:.1f} / {p95:.1f} | {s_median:.0f} / {s_p95:.0f} "
              f"({len(row.server)} moves) | {len(row.live)} | {row.sent} | {met} (<= {goal[0]} / {goal[1]}) |")


# ---- c, e: many browsers at once ----------------------------------------------------------------

@dataclass
class CrowdRow:
    slider: Slider
    browsers: int
    live: bool
    times: list[float]
    seconds: float         # how long the moves took, all browsers together
    cpu_s: float           # the server's CPU seconds meanwhile
    release_cpu_s: float   # in the second after the moves (a live slider's release reruns the page once)
    sent: int              # websocket messages the browsers sent while moving (live only)
    errors: int


async def crowd(browser, url: str, slider: Slider, n: int, live: bool, moves: int, pid: int) -> CrowdRow:
    """``n`` sessions moving ``slider`` at once; their latencies, the server's CPU seconds and the errors."""
    sessions = await asyncio.gather(*(open_session(browser, url, slider, live) for _ in range(n)))
    before, started = cpu_seconds(pid), time.perf_counter()
    # Live: every key stays down until all browsers are done, so no release falls inside the window.
    results = await asyncio.gather(*(live_moves(s, slider, moves, let_go=False) if live else
                                     server_moves(s, slider, moves) for s in sessions), return_exceptions=True)
    cpu, seconds = cpu_seconds(pid) - before, time.perf_counter() - started
    if live:
        await asyncio.gather(*(let_go(s) for s in sessions))
    await asyncio.sleep(1.0)   # a live slider reports its release 300 ms after the key is let go
    release_cpu = cpu_seconds(pid) - before - cpu
    times, sent, errors = [], 0, 0
    for result in results:
        if isinstance(result, BaseException):
            errors += 1
            continue
        times += result[0]
        sent, errors = (sent + result[1], errors) if live else (sent, errors + result[1])
    errors += sum([await exception_boxes(s.page) for s in sessions])
    for s in sessions:
        await s.close()
    return CrowdRow(slider, n, live, times, seconds, cpu, release_cpu, sent, errors)


def print_crowd_rows(rows: list[CrowdRow]) -> None:
    print("| slider | browsers | path | moves | median ms | p95 ms | moving for s | server CPU s while moving "
          "| server CPU s in the second after | messages sent while moving | errors |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        median, p95 = percentiles(row.times)
        print(f"| {row.slider.name} | {row.browsers} | {'live' if row.live else 'server'} | {len(row.times)} | "
              f"{median:.1f} | {p95:.1f} | {row.seconds:.1f} | {row.cpu_s:.2f} | "
              f"{row.release_cpu_s:.2f} | {row.sent if row.live else '–'} | {row.errors} |")
    for live in (r for r in rows if r.live):
        server = next((r for r in rows if not r.live and (r.slider, r.browsers) == (live.slider, live.browsers)), None)
        if server and server.cpu_s > 0:
            share = live.cpu_s / server.cpu_s
            browsers = f"{live.browsers} browser{'s' if live.browsers > 1 else ''}"
            print(f"\n{live.slider.name}, {browsers}: the server's CPU while they moved live is "
                  f"{100 * share:.1f}% of the server path's (goal < {100 * CPU_SHARE:.0f}%: "
                  f"{'yes' if share < CPU_SHARE else '**no**'}); with the release that follows, "
                  f"{100 * (live.cpu_s + live.release_cpu_s) / server.cpu_s:.1f}%.", end="")
    print()


# ---- d: first live frame --------------------------------------------------------------------------

async def first_frames(browser, url: str) -> list[tuple[str, float, float]]:
    """Page load to the first live frame: a new context (empty cache), then the same page again."""
    rows = []
    for path, canvas in (("convolutional", CANVAS), ("compare", f"{css_key('compare:live')} {CANVAS}")):
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        first = await first_frame_ms(page, f"{url}/{path}", canvas=canvas)
        second = await first_frame_ms(page, f"{url}/{path}", canvas=canvas)
        await context.close()
        rows.append((path, first, second))
    return rows


# ---- f: the browser's figures against the server's -------------------------------------------------

@dataclass
class ParityRow:
    what: str
    grey_diff: int
    browser_bce: float | None
    server_bce: float | None


async def browser_view(browser, url: str, slider: Slider) -> tuple[float, list[np.ndarray], list[float | None], list[str]]:
    """The live view moved to level 0.30: the level, each canvas' grey values, BCEs and captions."""
    session = await open_session(browser, url, slider, live=True)
    page, canvas = session.page, slider.live_canvas(session.page)
    await slider.live_range(page).focus()
    for i in range(PARITY_LEVEL_STEPS):
        await page.keyboard.press("ArrowRight")
        await wait_for_paint(canvas, i + 2)
    level = float(await slider.live_range(page).input_value())
    canvases = page.locator(f"{css_key(slider.live)} {CANVAS}")
    grey = [np.asarray(await c.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)"),
                       np.int16).reshape(28, 28, 4)[..., 0] for c in await canvases.all()]
    bces = [None if (v := await c.get_attribute("data-bce")) is None else float(v) for c in await canvases.all()]
    captions = await page.locator(f"{css_key(slider.live)} .caption").all_inner_texts()
    await session.close()
    return level, grey, bces, captions


async def parity(browser, url: str) -> list[ParityRow]:
    """Compare at code 32 (every kind there) and the Conditional page, browser against server."""
    from ae_models import KINDS, TITLES, metrics
    from ae_models.data import load_test_split
    from ae_models.images import add_noise
    from ae_models.store import list_models, load
    from ui.chooser import default_entry

    clean = load_test_split("mnist")[0][0]   # the pages' default input: test image #0

    def grey(image):
        return np.round(np.clip(image, 0, 1) * 255).astype(np.int16)

    level, shown, bces, captions = await browser_view(browser, url, COMPARE)
    seen = add_noise(clean, "gaussian", level, seed=0)
    rows = [ParityRow(f"Compare: what every model sees (level {level:.2f})", int(np.abs(shown[0] - grey(seen)).max()),
                      None, None)]
    entries = [next(e for e in list_models(kind, "mnist", "shipped") if e.code_size == 32)
               for kind in KINDS if any(e.code_size == 32 for e in list_models(kind, "mnist", "shipped"))]
    for entry, pixels, bce, caption in zip(entries, shown[1:], bces[1:], captions[1:]):
        assert caption.startswith(TITLES[entry.kind]), (caption, entry.kind)
        ae = load(entry)
        label = ae.read_label(clean)
        output = ae.reconstruct(seen, label)[0]
        rows.append(ParityRow(f"Compare: {entry.name}", int(np.abs(pixels - grey(output)).max()), bce,
                              float(metrics.bce(clean, output)[0])))
    conditional = Slider("Conditional, noise level", "conditional", "cvae:noise:live", "cvae:noise_level")
    level, shown, bces, _ = await browser_view(browser, url, conditional)
    entry = default_entry("cvae", "mnist")       # the model the Conditional page starts with
    ae = load(entry)
    label = ae.read_label(clean)
    seen = add_noise(clean, "gaussian", level, seed=0)
    output = ae.decode(ae.encode(seen, label), label)[0]
    rows.append(ParityRow(f"Conditional page: {entry.name} (level {level:.2f}, as {label})",
                          int(max(np.abs(shown[0] - grey(seen)).max(), np.abs(shown[1] - grey(output)).max())),
                          bces[1], float(metrics.bce(clean, output)[0])))
    return rows


def print_parity(rows: list[ParityRow]) -> None:
    print("| model | worst pixel difference (of 255) | BCE in the browser | BCE on the server | difference |\n"
          "|---|---|---|---|---|")
    for r in rows:
        bce = "| – | – | – |" if r.browser_bce is None else \
            f"| {r.browser_bce:.6f} | {r.server_bce:.6f} | {abs(r.browser_bce - r.server_bce):.1e} |"
        print(f"| {r.what} | {r.grey_diff} {bce}")
    worst_grey = max(r.grey_diff for r in rows)
    worst_bce = max((abs(r.browser_bce - r.server_bce) for r in rows if r.browser_bce is not None), default=0.0)
    ok = worst_grey <= GREY_GOAL and worst_bce <= BCE_GOAL
    print(f"\nWorst: {worst_grey}/255 and BCE {worst_bce:.1e} (goal <= {GREY_GOAL}/255 and {BCE_GOAL:.0e}): "
          f"{'yes' if ok else '**no**'}")


# ---- g: drawing on the Draw page ------------------------------------------------------------------

DRAW_VIEW, SHEET = css_key("draw:live"), "[data-testid='live-draw']"
SERVER_SHEET = "[data-testid=stBidiComponentIsolated] canvas.upper-canvas"
# Each pointer move's time (capture phase, before the canvas sees it) and each paint of the view's last
# picture (all of them repaint together), in the page's clock.
DRAW_PROBE_JS = """
canvas => {
  const probe = window.__drawProbe = {moves: [], paints: []};
  window.addEventListener('pointermove', () => probe.moves.push(performance.now()), true);
  new MutationObserver(() => probe.paints.push(performance.now()))
    .observe(canvas, {attributes: true, attributeFilter: ['data-frames']});
}
"""
# The server path's clock starts at pen-up: the images that change after it are the answers.
PEN_UP_JS = """
() => document.addEventListener('pointerup', () => { window.__probe.t0 = performance.now();
                                                     window.__probe.images = new Map(); }, true)
"""


def stroke_path(box: dict, stroke: int, points: int) -> list[tuple[float, float]]:
    """A zigzag down the canvas, shifted a little per stroke, in page coordinates."""
    x0, x1 = 0.3 + 0.04 * (stroke % 4), 0.7 - 0.04 * (stroke % 3)
    return [(box["x"] + box["width"] * (x0 if (i // 5) % 2 == 0 else x1) + box["width"] * 0.02 * (i % 5),
             box["y"] + box["height"] * (0.15 + 0.7 * i / max(points - 1, 1))) for i in range(points)]


@dataclass
class DrawRow:
    live: list[float]          # pointer move to every reconstruction painted, ms
    sent: int                  # websocket messages sent while the pen moved
    moves: int                 # pointer moves made in the live strokes
    server: list[float]        # server path: pen-up to every answer shown, ms
    strokes: int


async def draw_live(browser, url: str, moves: int) -> tuple[list[float], int, int]:
    """Strokes on the live canvas; each move's latency to the last reconstruction's paint, the messages sent."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(120_000)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    await page.goto(f"{url}/draw")
    await wait_idle(page)
    view = page.locator(DRAW_VIEW)
    await view.locator(".status:empty").wait_for(state="attached")      # the models have loaded
    sheet = page.locator(SHEET)
    box = await sheet.bounding_box()
    last = view.locator(CANVAS).last
    await last.evaluate(DRAW_PROBE_JS)
    latencies, moved, stroke, sent_moving = [], 0, 0, 0
    while moved < moves:
        points = stroke_path(box, stroke, min(20, moves - moved + 1))
        await page.mouse.move(*points[0])
        sent_before = len(sent)
        await page.mouse.down()
        await page.wait_for_function("() => window.__drawProbe.paints.length > 0")
        for x, y in points[1:]:
            painted = await page.evaluate("() => window.__drawProbe.paints.length")
            await page.mouse.move(x, y)
            await page.wait_for_function("n => window.__drawProbe.paints.length > n", arg=painted)
            probe = await page.evaluate("() => window.__drawProbe")
            latencies.append(probe["paints"][painted] - probe["moves"][-1])
            moved += 1
        sent_moving += len(sent) - sent_before      # the pen-up after it sends the drawing: not counted
        await page.mouse.up()
        await wait_idle(page)
        stroke += 1
    await context.close()
    return latencies, sent_moving, moved


async def draw_on_server(browser, url: str, strokes: int) -> list[float]:
    """Strokes on the server path's canvas ("Draw in this browser" off); pen-up to every changed image loaded."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(120_000)
    await page.goto(f"{url}/draw")
    await wait_idle(page)
    await page.locator(f"{css_key('live')} label").first.click()
    await wait_idle(page)
    sheet = page.locator(SERVER_SHEET).first
    await sheet.wait_for()
    box = await sheet.bounding_box()
    await page.evaluate(PROBE_JS)
    await page.evaluate(PEN_UP_JS)
    times = []
    for stroke in range(strokes):
        points = stroke_path(box, stroke, 20)
        await page.mouse.move(*points[0])
        await page.mouse.down()
        for x, y in points[1:]:
            await page.mouse.move(x, y)
        await page.mouse.up()
        await page.wait_for_function(MOVE_DONE_JS, polling=10, timeout=120_000)
        times.append(float(await page.evaluate(MOVE_MS_JS)))
        await wait_idle(page)
    await context.close()
    return times


async def drawing(browser, url: str, moves: int, strokes: int) -> DrawRow:
    """The Draw page live, then on the server path."""
    live, sent, moved = await draw_live(browser, url, moves)
    return DrawRow(live, sent, moved, await draw_on_server(browser, url, strokes), strokes)


def print_draw_row(row: DrawRow) -> None:
    median, p95 = percentiles(row.live)
    s_median, s_p95 = percentiles(row.server)
    met = "yes" if median <= DRAW_MEDIAN_MS and p95 <= DRAW_P95_MS and row.sent == 0 else "**no**"
    print("| Draw page, every kind | live: pointer move to every reconstruction painted, median / p95 ms | "
          "messages sent while the pen moved | server path: pen-up to every answer shown, median / p95 ms | "
          f"live goal |\n|---|---|---|---|---|\n| {row.moves} moves live, {row.strokes} strokes on the server "
          f"| {median:.1f} / {p95:.1f} | {row.sent} | {s_median:.0f} / {s_p95:.0f} | {met} (<= {DRAW_MEDIAN_MS} / "
          f"{DRAW_P95_MS}, 0 messages) |")


# ---- the run ----------------------------------------------------------------------------------------

def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


async def run_drawing(moves: int, strokes: int) -> None:
    """Only g: the Draw page, live and on the server path."""
    print(f"load average at start: {load_average()}; {os.cpu_count()} cores\n", flush=True)
    async with chromium() as browser:
        with streamlit_server() as server:
            warm = await open_session(browser, server.url, COMPARE, live=True)   # loads and exports every model once
            await warm.close()
            row = await drawing(browser, server.url, moves, strokes)
    print(f"\n### Drawing on the Draw page ({row.moves} live pointer moves, {strokes} server strokes)\n")
    print_draw_row(row)
    print(f"\nLoad average at the end: {load_average()}")


async def run(moves: int, server_moves_count: int, crowd_size: int, users: list[int], crowd_moves: int,
              strokes: int) -> None:
    """Every measurement against one server, then the tables."""
    print(f"load average at start: {load_average()}; {os.cpu_count()} cores\n", flush=True)
    async with chromium() as browser:
        with streamlit_server() as server:
            warm = await open_session(browser, server.url, COMPARE, live=True)   # loads and exports every model once
            await warm.close()
            print("g. drawing", flush=True)
            draw_row = await drawing(browser, server.url, moves, strokes)
            print("a/b/e. one browser", flush=True)
            slider_rows = await one_browser(browser, server.url, moves, server_moves_count)
            print("c/e. many browsers", flush=True)
            crowd_rows = []
            for slider, counts in ((CROWD, [crowd_size]), (COMPARE, users)):
                for n in counts:
                    for live in (True, False):
                        crowd_rows.append(await crowd(browser, server.url, slider, n, live, crowd_moves,
                                                      server.proc.pid))
                        print(f"  measured {slider.name}, {n} {'live' if live else 'server'}", flush=True)
            print("d. first live frame", flush=True)
            frames = await first_frames(browser, server.url)
            print("f. browser against server", flush=True)
            parity_rows = await parity(browser, server.url)
    print(f"\n### Key press to paint, one browser ({moves} live moves, {server_moves_count} server moves)\n")
    print_slider_rows(slider_rows)
    print(f"\n### Many browsers at once ({crowd_moves} moves each)\n")
    print_crowd_rows(crowd_rows)
    print("\n### Page load to the first live frame (warm server)\n")
    print("| page | first visit (new context) ms | second visit (browser cache) ms |\n|---|---|---|")
    for path, first, second in frames:
        print(f"| {path} | {first:.0f} | {second:.0f} |")
    print("\n### The browser's pictures and BCE against the server path's (gaussian noise, test image #0)\n")
    print_parity(parity_rows)
    print(f"\n### Drawing on the Draw page ({draw_row.moves} live pointer moves, {strokes} server strokes)\n")
    print_draw_row(draw_row)
    print(f"\nLoad average at the end: {load_average()}")


def main() -> None:
    """Parse the options and run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--moves", type=int, default=60, help="timed live moves per slider")
    p.add_argument("--server-moves", type=int, default=60, help="timed server moves per slider")
    p.add_argument("--crowd", type=int, default=8, help="browsers moving Edit the code at once")
    p.add_argument("--users", type=int, nargs="+", default=[1, 4, 8], help="browsers moving Compare's noise at once")
    p.add_argument("--crowd-moves", type=int, default=15, help="timed moves per browser when many move")
    p.add_argument("--strokes", type=int, default=10, help="timed strokes on the Draw page's server path")
    p.add_argument("--only-draw", action="store_true", help="measure the Draw page alone (g)")
    args = p.parse_args()
    if args.only_draw:
        asyncio.run(run_drawing(args.moves, args.strokes))
    else:
        asyncio.run(run(args.moves, args.server_moves, args.crowd, args.users, args.crowd_moves, args.strokes))


if __name__ == "__main__":
    main()
