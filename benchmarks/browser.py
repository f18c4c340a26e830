"""Shared by the browser benchmarks: a ``streamlit run`` server, Debian's headless Chromium, an in-page timer.

The timer is JavaScript installed in the page: a capture-phase ``keydown``
listener notes ``performance.now()`` at the slider event, a MutationObserver
notes every image in the main area whose ``src`` changes (or that appears)
after it, and a capture-phase ``load`` listener notes when each has loaded.
One move's latency is the key press to the last changed image loaded, all
measured inside the page, so Python and Playwright add nothing to it.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
VIEWPORT = {"width": 1400, "height": 1000}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"

PROBE_JS = """
() => {
  if (window.__probe) return;
  const p = window.__probe = {t0: null, images: new Map()};
  const watched = img => img.closest("[data-testid='stMain']") && img.closest("[data-testid='stImage']");
  const mark = img => {
    if (p.t0 !== null && watched(img)) p.images.set(img, {changed: performance.now(), loaded: null});
  };
  document.addEventListener('keydown', () => { p.t0 = performance.now(); p.images = new Map(); }, true);
  document.addEventListener('load', e => {
    const r = p.images.get(e.target);
    if (r && r.loaded === null) r.loaded = performance.now();
  }, true);
  new MutationObserver(mutations => {
    for (const m of mutations) {
      if (m.type === 'attributes') { if (m.target.tagName === 'IMG') mark(m.target); continue; }
      for (const n of m.addedNodes) {
        if (n.nodeType !== 1) continue;
        (n.tagName === 'IMG' ? [n] : n.querySelectorAll('img')).forEach(mark);
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}
"""
# True once the rerun a key press started has finished and every image it changed has loaded.
MOVE_DONE_JS = """
() => {
  const p = window.__probe;
  const live = [...p.images].filter(([img]) => img.isConnected);
  if (p.t0 === null || !live.length) return false;
  if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return false;
  return live.every(([, r]) => r.loaded !== null);
}
"""
MOVE_MS_JS = """
() => {
  const p = window.__probe;
  return Math.max(...[...p.images].filter(([img]) => img.isConnected).map(([, r]) => r.loaded)) - p.t0;
}
"""
# True once the page is drawn: idle, no skeleton or spinner, ``n`` images in the main area, all loaded.
DRAWN_JS = """
n => {
  if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stSpinner']")) return false;
  const imgs = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stImage'] img")];
  return imgs.length >= n && imgs.every(i => i.complete && i.naturalWidth > 0);
}
"""


LIVE_CANVAS = "[data-testid='live-decoder']"
PAINTED_JS = """c => new Promise(done => {
  if (Number(c.dataset.frames) > 0) return done(true);
  new MutationObserver((_, o) => { o.disconnect(); done(true); })
    .observe(c, {attributes: true, attributeFilter: ['data-frames']});
})"""


async def wait_drawn(page, images: int, timeout_ms: float = 120_000) -> None:
    """Wait until the page is idle with ``images`` pictures loaded or, on a page that runs its
    models in the browser, until every live canvas has painted its first frame."""
    await page.wait_for_function(DRAWN_JS, arg=0, polling=50, timeout=timeout_ms)
    live = page.locator(LIVE_CANVAS)          # a locator sees into the component's shadow root
    if images:      # the component may mount after the run has ended: wait for its canvases or the pictures
        pictures = page.locator("[data-testid='stMain'] [data-testid='stImage'] img")
        await live.or_(pictures).first.wait_for(timeout=timeout_ms)
    if await live.count():
        for i in range(await live.count()):
            await live.nth(i).evaluate(PAINTED_JS, timeout=timeout_ms)
    else:
        await page.wait_for_function(DRAWN_JS, arg=images, polling=50, timeout=timeout_ms)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(user_dir: str) -> dict[str, str]:
    """The server's environment: real data from ``AE_DATA_DIR`` (resolved), an empty user-model folder."""
    env = {**os.environ, "AE_USER_DIR": user_dir}
    if env.get("AE_DATA_DIR"):
        env["AE_DATA_DIR"] = str(Path(env["AE_DATA_DIR"]).resolve())
    return env


CLOSED_PROXY = "http://127.0.0.1:9"     # nothing listens there: every download fails at once


def newcomer_env(home: str) -> dict[str, str]:
    """A fresh clone's first run: no ``AE_DATA_DIR``, an empty home (no Keras cache, no user models),
    and every download refused."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("AE_DATA_DIR", "AE_USER_DIR", "AE_WEIGHTS_DIR", "KERAS_HOME", "TF_CPP_MIN_LOG_LEVEL")}
    return {**env, "HOME": home, "HTTPS_PROXY": CLOSED_PROXY, "HTTP_PROXY": CLOSED_PROXY,
            "https_proxy": CLOSED_PROXY, "http_proxy": CLOSED_PROXY, "NO_PROXY": "127.0.0.1,localhost"}


@dataclass
class Server:
    """A running ``streamlit run`` process, its URL and its log file."""

    proc: subprocess.Popen
    url: str
    log: Path
    started: float = field(default_factory=time.perf_counter)

    def rss_mb(self) -> float:
        """Resident memory of the server process in MiB, from /proc."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def log_count(self, text: str) -> int:
        """How many lines of the server log contain ``text`` (e.g. 'retracing')."""
        return sum(text in line for line in self.log.read_text(errors="replace").splitlines())


def wait_healthy(server: Server, timeout: float = 120) -> None:
    """Poll /_stcore/health every 50 ms until it answers ok."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not answer /_stcore/health in time")


@contextmanager
def streamlit_server(app: Path = ROOT / "app.py", newcomer: bool = False) -> Iterator[Server]:
    """Start ``streamlit run app`` on a free loopback port (healthy on entry), stop it on exit;
    ``newcomer``: as on a fresh clone (``newcomer_env``)."""
    with tempfile.TemporaryDirectory(prefix="ae-bench-") as tmp:
        port, log = free_port(), Path(tmp) / "server.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
        with log.open("wb") as out:
            started = time.perf_counter()
            env = newcomer_env(tmp) if newcomer else app_env(str(Path(tmp) / "user"))
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        server = Server(proc, f"http://127.0.0.1:{port}", log, started)
        try:
            wait_healthy(server)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def parents() -> dict[int, int]:
    """Every live process's parent: pid -> parent pid (from /proc)."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                raw = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            out[int(name)] = int(raw[raw.rindex(")") + 2:].split()[1])
    return out


def descendants(root: int, parent_of: dict[int, int] | None = None) -> set[int]:
    """``root`` and every live process under it."""
    parent_of = parents() if parent_of is None else parent_of
    keep, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parent_of.items():
            if ppid == parent and pid not in keep:
                keep.add(pid)
                frontier.append(pid)
    return keep


@contextmanager
def kept_nice(pid_file: Path, nice: int) -> Iterator[None]:
    """Hold the process whose pid ``pid_file`` names, and all under it, at ``nice`` (Chromium, run as root,
    sets its renderers' priority back to normal; this sets it again twice a second)."""
    stop = threading.Event()

    def hold() -> None:
        while not stop.wait(0.5):
            try:
                root = int(pid_file.read_text())
            except (OSError, ValueError):
                continue
            for pid in descendants(root):
                try:
                    if os.getpriority(os.PRIO_PROCESS, pid) != nice:
                        os.setpriority(os.PRIO_PROCESS, pid, nice)
                except OSError:
                    pass
    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@asynccontextmanager
async def chromium(nice: int = 0) -> AsyncIterator:
    """Debian's headless Chromium through Playwright's async API (one browser, many contexts);
    ``nice``: run it, and every process it starts, at that lower priority."""
    from playwright.async_api import async_playwright
    with tempfile.TemporaryDirectory(prefix="ae-chromium-") as folder:
        executable, pid_file = CHROMIUM, Path(folder) / "pid"
        if nice:
            executable = str(Path(folder) / "chromium")
            Path(executable).write_text(f'#!/bin/sh\necho $$ > {pid_file}\nexec nice -n {int(nice)} {CHROMIUM} "$@"\n')
            os.chmod(executable, 0o755)
        with kept_nice(pid_file, nice) if nice else contextlib.nullcontext():
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
                try:
                    yield browser
                finally:
                    await browser.close()


async def open_page(browser, url: str, images: int = 1, timeout_ms: float = 120_000, server_path: bool = True):
    """A new context and page (1400x1000) on ``url``, drawn with at least ``images`` images, timer installed.

    ``server_path``: turn the sidebar's "Draw in this browser" off first, so every slider is a Streamlit
    slider drawn by the server (what these timings measure; ``bench_live`` times the browser's path)."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    await page.goto(url)
    await wait_drawn(page, images, timeout_ms)
    toggle = page.locator(".st-key-live label")
    if server_path and await toggle.count():
        await toggle.first.click()
        await page.wait_for_timeout(300)
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        await page.wait_for_function(DRAWN_JS, arg=images)
    await page.evaluate(PROBE_JS)
    return page


def slider_selector(key: str) -> str:
    """The CSS selector of the range input behind the slider of the widget with ``key``."""
    return f".st-key-{key.replace(':', '-')} input[type='range']"


@dataclass
class Bouncer:
    """Which arrow key keeps a slider moving between ``low`` and ``high`` (default: its maximum), turning at each end."""

    low: float
    high: float | None = None
    right: bool = True

    def key(self, value: float, maximum: float) -> str:
        """The next key for a slider now at ``value``."""
        if value >= (maximum if self.high is None else min(self.high, maximum)):
            self.right = False
        elif value <= self.low:
            self.right = True
        return "ArrowRight" if self.right else "ArrowLeft"


async def enter_range(page, key: str, bouncer: Bouncer, timeout_ms: float = 30_000) -> None:
    """Untimed: press arrow keys until the slider is inside the bouncer's range, then wait for the rerun."""
    thumb = page.locator(slider_selector(key))
    await thumb.focus()
    while True:
        value, maximum = await thumb.evaluate("e => [Number(e.value), Number(e.max)]")
        high = maximum if bouncer.high is None else min(bouncer.high, maximum)
        if bouncer.low <= value <= high:
            break
        await page.keyboard.press("ArrowRight" if value < bouncer.low else "ArrowLeft")
    await page.wait_for_timeout(500)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)


async def move(page, key: str, bouncer: Bouncer, timeout_ms: float = 30_000) -> float:
    """Press one arrow key on the slider ``key``; milliseconds until the images it changed have loaded."""
    thumb = page.locator(slider_selector(key))
    value, maximum = await thumb.evaluate("e => [Number(e.value), Number(e.max)]")
    await thumb.focus()
    await page.keyboard.press(bouncer.key(value, maximum))
    await page.wait_for_function(MOVE_DONE_JS, timeout=timeout_ms)
    return float(await page.evaluate(MOVE_MS_JS))


async def exception_boxes(page) -> int:
    """How many Streamlit exception boxes the page shows."""
    return await page.locator(EXCEPTION).count()


def percentiles(ms: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of a list of milliseconds (NaN when empty)."""
    return (float(np.median(ms)), float(np.percentile(ms, 95))) if ms else (float("nan"), float("nan"))
