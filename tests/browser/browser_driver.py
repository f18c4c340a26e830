"""Browser fixtures: a real ``streamlit run app.py`` server and Debian's headless Chromium (imported by
the test modules; a second conftest.py would shadow the top one).

The server uses the shipped weights and the real data when ``AE_DATA_DIR`` has
it, else the made-up data from the top-level conftest. Without Chromium these
tests skip, except under CI, where a missing browser is a failure. One browser and
one server serve every test module that imports these fixtures (``shared``).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(os.environ.get("AE_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "ae-screenshots"))


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app: Path, env: dict, port: int, timeout: float = 90, log: Path | None = None) -> subprocess.Popen:
    """Start ``streamlit run app`` on 127.0.0.1:port and wait until /_stcore/health says ok; its output
    goes to ``log`` when given (else to a pipe)."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless=true",
           f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    out = log.open("wb") if log else subprocess.PIPE
    proc = subprocess.Popen(cmd, cwd=app.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            said = log.read_bytes() if log else proc.stdout.read()
            raise RuntimeError(f"streamlit exited early:\n{said.decode(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health in time")


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate the server, killing it if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


_SHARED: dict[str, list] = {}   # name -> [value, number of fixtures using it]


@contextmanager
def shared(name: str, start: Callable[[], Any], stop: Callable[[Any], None]) -> Iterator[Any]:
    """One value for all test modules: each module importing a session fixture gets its own copy of it."""
    if name not in _SHARED:
        _SHARED[name] = [start(), 0]
    _SHARED[name][1] += 1
    try:
        yield _SHARED[name][0]
    finally:
        _SHARED[name][1] -= 1
        if not _SHARED[name][1]:
            stop(_SHARED.pop(name)[0])


def _launch():
    """Playwright and a headless Chromium in it."""
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _close(launched) -> None:
    pw, b = launched
    b.close()
    pw.stop()


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium through Playwright (skip without it, fail under CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with shared("browser", _launch, _close) as (_, b):
        yield b


def terminal_environment() -> dict[str, str]:
    """The environment of a user's terminal: none of the log-level settings the test suite makes."""
    return {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "PYTHONWARNINGS")}


@pytest.fixture(scope="session")
def app_url(tiny_data_dir, tmp_path_factory) -> str:
    """Base URL of a running app server, started as a user would start it (real data when available);
    everything it prints goes to ``server_log()``."""
    env = {**terminal_environment(), "AE_USER_DIR": str(tmp_path_factory.mktemp("browser_user"))}
    real = env.get("AE_DATA_DIR")
    if not real or not (Path(real) / "mnist.npz").is_file():
        env["AE_DATA_DIR"] = str(tiny_data_dir)
    else:
        env["AE_DATA_DIR"] = str(Path(real).resolve())
    log = tmp_path_factory.mktemp("server") / "server.log"

    def serve() -> tuple[subprocess.Popen, str, Path]:
        port = free_port()
        return start_server(ROOT / "app.py", env, port, log=log), f"http://127.0.0.1:{port}", log

    with shared("server", serve, lambda served: stop_server(served[0])) as (_, url, _):
        yield url


def server_log() -> Path:
    """The file the running app server (``app_url``) prints to."""
    return _SHARED["server"][0][2]


VISITED: set[str] = set()    # page paths some test has opened on the shared server and seen finish


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run triggered by the last action."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")", timeout=timeout)


def draw_on_server(page) -> None:
    """Turn the sidebar's "Draw in this browser" off for this session: sliders rerun the server again.
    A collapsed sidebar (a phone's) is opened for it, and closed again."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    collapsed = expand.is_visible()
    if collapsed:
        expand.click()
    page.locator(".st-key-live label").first.click()
    wait_idle(page)
    if collapsed:
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.wait_for_timeout(500)


@pytest.fixture()
def page(browser, app_url):
    """A fresh browser page (1400x1000) on the app."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


LIVE_CANVAS = "[data-testid='live-decoder']"


def frames(canvas) -> int:
    """How many paints a live decoder's canvas has finished."""
    return int(canvas.get_attribute("data-frames"))


def wait_for_frames(canvas, count: int) -> None:
    """Wait until a live decoder's canvas has finished ``count`` paints (its ``data-frames``)."""
    canvas.evaluate("""(c, n) => new Promise(done => {
        const check = () => Number(c.dataset.frames) >= n && (done(), true);
        if (!check()) new MutationObserver((_, o) => check() && o.disconnect())
            .observe(c, {attributes: true, attributeFilter: ['data-frames']});
    })""", count)


def live_canvas_on(page, url: str, container: str):
    """Open ``url``; the live canvas inside ``container`` (a CSS selector) once it has painted."""
    page.goto(url)
    wait_idle(page)
    canvas = page.locator(container).locator(LIVE_CANVAS)
    wait_for_frames(canvas, 1)
    return canvas


def press_on(slider, canvas, key: str | Callable[[object], str], times: int):
    """Focus ``slider``, press ``key`` (or the key a function of the slider picks, each time)
    ``times`` times and wait for the canvas to repaint; its grey values from before."""
    before, painted = canvas_pixels(canvas), frames(canvas)
    slider.focus()
    for _ in range(times):
        slider.page.keyboard.press(key(slider) if callable(key) else key)
    wait_for_frames(canvas, painted + 1)
    return before


def canvas_pixels(canvas):
    """A live decoder canvas' grey values (28, 28), 0-255."""
    import numpy as np
    rgba = canvas.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)")
    return np.asarray(rgba, np.int16).reshape(28, 28, 4)[..., 0]
