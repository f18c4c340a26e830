"""The app's pages drawing live: a noise move repaints in the browser with nothing sent, and its
release comes back to the server, which measures the released level (tests/browser/test_live_decoder.py
checks the pictures themselves against the library)."""
from __future__ import annotations

from browser_driver import LIVE_CANVAS as CANVAS
from browser_driver import app_url, browser, frames, page, wait_for_frames, wait_idle  # noqa: F401 (fixtures)


def test_the_denoising_noise_moves_in_the_browser_and_its_release_updates_the_figures(page, app_url):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{app_url}/denoising")
    wait_idle(page)
    view = page.locator(".st-key-denoising-noise-live")
    canvas = view.locator(CANVAS).first
    wait_for_frames(canvas, 1)
    view.locator("input[type=range]").focus()
    sent.clear()
    for _ in range(3):   # held down: three moves, no release yet
        count = frames(canvas)
        page.keyboard.down("ArrowRight")
        wait_for_frames(canvas, count + 1)
    assert sent == []
    page.keyboard.up("ArrowRight")
    page.get_by_text("where you let it go (0.65)").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
