"""The app's pages drawing live: a noise move repaints in the browser with nothing sent, and its
release comes back to the server, which measures the released level; "Back to the input's code" puts
the browser's code sliders back (tests/browser/test_live_decoder.py checks the pictures themselves
against the library)."""
from __future__ import annotations

from browser_driver import LIVE_CANVAS as CANVAS
from browser_driver import (  # noqa: F401 (fixtures)
    app_url,
    browser,
    canvas_pixels,
    frames,
    live_canvas_on,
    page,
    press_on,
    wait_for_frames,
    wait_idle,
)
from playwright.sync_api import expect


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


def test_back_to_the_inputs_code_puts_the_browser_sliders_and_their_picture_back(page, app_url):
    view = ".st-key-edit-conv-live"
    canvas = live_canvas_on(page, f"{app_url}/convolutional", view)
    slider = page.locator(view).locator("input[type=range]").first
    start, first = slider.input_value(), canvas_pixels(canvas)
    press_on(slider, canvas, "ArrowRight" if float(start) < 2 else "ArrowLeft", 10)
    wait_idle(page)     # the release has reached the server
    assert slider.input_value() != start and (canvas_pixels(canvas) != first).any()
    page.locator(".st-key-edit-conv-reset button").click()
    wait_idle(page)
    expect(slider).to_have_value(start, timeout=15_000)     # a fresh view, at the input's code
    wait_for_frames(canvas, 1)
    assert (canvas_pixels(canvas) == first).all()
    assert page.locator("[data-testid='stException']").count() == 0
