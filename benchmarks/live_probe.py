"""Measuring the live decoder in a browser: pieces ``bench_live.py`` and the browser tests share.

Everything is timed inside the page with ``performance.now()``: a capture-phase
``keydown`` listener notes the key press, a MutationObserver on the decoder's canvas
notes each finished paint (its ``data-frames`` attribute counts them), so one move's
latency is key press to paint with nothing of Python or Playwright in it. Functions
take Playwright's async page and locator objects, as ``benchmarks/browser.py`` does.

The live page must be served with ``server.enableStaticServing`` from a folder that
has the project's ``static/`` beside the script: ``stage_live_app`` makes one.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIVE_APP = ROOT / "tests" / "browser" / "live_app.py"
CANVAS = "[data-testid='live-decoder']"
STATIC_ENV = {"STREAMLIT_SERVER_ENABLE_STATIC_SERVING": "true"}
WASM_PATH = "app/static/ort/ort-wasm-simd-threaded.wasm"

INSTALL_JS = """
canvas => {
  const probe = window.__liveProbe = {downs: [], paints: []};
  window.addEventListener('keydown', () => probe.downs.push(performance.now()), true);
  new MutationObserver(() => probe.paints.push(performance.now()))
    .observe(canvas, {attributes: true, attributeFilter: ['data-frames']});
}
"""
# Milliseconds per run of the page's decoder session, decoding ``code`` ``runs`` times back to back.
DECODE_MS_JS = """
async ([url, size, runs]) => {
  const entry = await globalThis.__liveDecoder.sessions.get(url);
  const input = entry.session.inputNames[0];
  const times = [];
  for (let i = 0; i < runs; i++) {
    const code = Float32Array.from({length: size}, () => Math.random() * 2 - 1);
    const t0 = performance.now();
    await entry.session.run({[input]: new entry.ort.Tensor('float32', code, [1, code.length])});
    times.push(performance.now() - t0);
  }
  return times;
}
"""


def stage_live_app(folder: Path) -> Path:
    """``folder`` with links to the live test page and the project's ``static/``; the script to run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
    (folder / LIVE_APP.name).symlink_to(LIVE_APP)
    return folder / LIVE_APP.name


async def first_frame_ms(page, url: str, timeout_ms: float = 120_000, canvas: str = CANVAS) -> float:
    """Open ``url`` and wait for the first paint of the (first) live canvas matching ``canvas``;
    milliseconds since navigation started."""
    await page.goto(url)
    canvas = page.locator(canvas).first
    await canvas.wait_for(timeout=timeout_ms)
    return float(await canvas.evaluate(
        """c => new Promise(done => {
             if (Number(c.dataset.frames) > 0) return done(performance.now());
             new MutationObserver((_, o) => { o.disconnect(); done(performance.now()); })
               .observe(c, {attributes: true, attributeFilter: ['data-frames']});
           })""", timeout=timeout_ms))


async def cold_start(page, url: str) -> dict:
    """``first_frame_ms`` with where the time went: when the component asked for the runtime, and
    for the runtime, the .wasm and the model, when each arrived and how many bytes came over the wire
    (0: from the browser's cache)."""
    first = await first_frame_ms(page, url)
    files = await page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('resource')
        .filter(e => /ort\\.wasm\\.bundle|ort-wasm-simd|\\.onnx/.test(e.name))
        .map(e => [e.name.includes('.onnx') ? 'model' : e.name.includes('bundle') ? 'bundle' : 'wasm',
                   {start: e.startTime, end: e.responseEnd, transfer: e.transferSize}]))""")
    return {"first_frame": first, **files}


async def time_moves(page, target, key: str = "ArrowRight", moves: int = 60, timeout_ms: float = 10_000,
                     canvas=None, hold: bool = False, let_go: bool = True) -> list[float]:
    """Press arrow keys on ``target`` (a range input or the plane) ``moves`` times; milliseconds from
    each key press to the paint it caused, counted on ``canvas`` (default: the page's first live
    canvas; every canvas of a view counts each paint once, after all of them are repainted). A
    range input bounces between its ends.

    ``hold``: keep the key down, each move a repeated keydown as a held key makes, and let go at
    the end (unless not ``let_go``: then the caller does): one release for the whole run. Otherwise
    each move is a press and release, and on a slow machine taps further apart than the
    component's release delay each report a position."""
    await (canvas or page.locator(CANVAS).first).evaluate(INSTALL_JS)
    await target.focus()
    turn = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight", "ArrowUp": "ArrowDown", "ArrowDown": "ArrowUp"}
    latencies, held = [], None
    for _ in range(moves):
        end = await target.evaluate("e => e.type === 'range' ? Number(e.value) >= Number(e.max) ? 'max' : "
                                    "Number(e.value) <= Number(e.min) ? 'min' : null : null")
        if (end == "max" and key in ("ArrowRight", "ArrowUp")) or (end == "min" and key in ("ArrowLeft", "ArrowDown")):
            key = turn[key]
        painted = await page.evaluate("() => window.__liveProbe.paints.length")
        if not hold:
            await page.keyboard.press(key)
        else:
            if held not in (None, key):
                await page.keyboard.up(held)
            held = key
            await page.keyboard.down(key)
        await page.wait_for_function("n => window.__liveProbe.paints.length > n", arg=painted, timeout=timeout_ms)
        downs, paints = await page.evaluate("() => [window.__liveProbe.downs, window.__liveProbe.paints]")
        latencies.append(paints[painted] - downs[-1])
    if held and let_go:
        await page.keyboard.up(held)
    return latencies


async def decode_ms(page, model_url: str, code_size: int, runs: int = 100) -> list[float]:
    """Milliseconds per decode of one random code by the page's own session for ``model_url``."""
    return [float(t) for t in await page.evaluate(DECODE_MS_JS, [model_url, code_size, runs])]


async def model_url(page) -> str:
    """The URL of the model the page's first live decoder loaded (a key of the shared session cache)."""
    return await page.evaluate("() => [...globalThis.__liveDecoder.sessions.keys()][0]")


async def wasm_transfer(page) -> dict:
    """How the page got the runtime's .wasm: bytes over the wire (0 from the memory cache) and milliseconds."""
    entries = await page.evaluate(
        "p => performance.getEntriesByType('resource').filter(e => e.name.includes(p))"
        ".map(e => ({transfer: e.transferSize, body: e.encodedBodySize, ms: e.duration}))", WASM_PATH)
    return entries[-1] if entries else {}


@dataclass(frozen=True)
class StaticResponse:
    """What the server answered for one static file request."""

    status: int
    encoding: str | None
    bytes: int
    ms: float
    etag: str | None
    cache_control: str | None


def fetch_static(base_url: str, path: str = WASM_PATH, etag: str | None = None, gzip: bool = True) -> StaticResponse:
    """GET a static file the way a browser does (gzip accepted, revalidating with ``etag`` when given)."""
    headers = {"Accept-Encoding": "gzip, deflate, br" if gzip else "identity"}
    if etag:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(f"{base_url}/{path}", headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            body, status, h = r.read(), r.status, r.headers
    except urllib.error.HTTPError as e:   # urllib raises on 304
        body, status, h = e.read(), e.code, e.headers
    return StaticResponse(status, h.get("Content-Encoding"), len(body), (time.perf_counter() - started) * 1000,
                          h.get("ETag"), h.get("Cache-Control"))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process has used so far (from /proc: Linux only)."""
    import os
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(ms: list[float]) -> str:
    """Median and 95th percentile as text, e.g. '2.1 / 3.4 ms'."""
    import numpy as np
    return f"{np.median(ms):.1f} / {np.percentile(ms, 95):.1f} ms" if ms else "n/a"


if __name__ == "__main__":   # a quick look at the static handler: python -m benchmarks.live_probe <base url>
    import sys
    first = fetch_static(sys.argv[1])
    print(json.dumps({"first": first.__dict__, "revalidated": fetch_static(sys.argv[1], etag=first.etag).__dict__},
                     indent=2))
