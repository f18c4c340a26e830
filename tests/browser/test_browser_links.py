"""A copied link opens the exact view: another browser (a fresh context, nothing shared) opening the
address a page wrote after a released slider shows the same pictures, pixel for pixel."""
from __future__ import annotations

import numpy as np
from browser_driver import LIVE_CANVAS as CANVAS
from browser_driver import app_url, browser, canvas_pixels, page, press_on, wait_for_frames, wait_idle  # noqa: F401 (fixtures)

VIEW = ".st-key-denoising-noise-live"


def opened(page, url: str):
    """Open ``url``; the noise view's first live canvas once it has painted."""
    page.goto(url)
    wait_idle(page)
    canvas = page.locator(VIEW).locator(CANVAS).first
    wait_for_frames(canvas, 1)
    return canvas


def every_canvas(page) -> list:
    """The grey values of every live canvas in the noise view."""
    canvases = page.locator(VIEW).locator(CANVAS)
    return [canvas_pixels(canvases.nth(i)) for i in range(canvases.count())]


def test_a_copied_link_shows_the_same_pictures_in_a_new_browser(page, app_url, browser):
    page.goto(f"{app_url}/denoising")
    wait_idle(page)
    page.locator("[data-testid='stSidebar'] input[type=number]").first.fill("12")   # test image #12
    page.keyboard.press("Enter")
    wait_idle(page)
    canvas = opened(page, page.url)
    before = page.url
    slider = page.locator(VIEW).locator("input[type=range]")
    press_on(slider, canvas, "ArrowRight", 4)      # released: one rerun, which writes the address
    released = slider.input_value()
    page.wait_for_function("([before, level]) => location.href !== before && location.search.includes("
                           "'noise_level=' + level)", arg=[before, released], timeout=30_000)
    wait_idle(page)
    link = page.url
    assert "sample_index=12" in link
    mine = every_canvas(page)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})   # nothing shared with the first
    try:
        other = fresh.new_page()
        other.set_default_timeout(60_000)
        opened(other, link)
        theirs = every_canvas(other)
        assert other.locator(VIEW).locator("input[type=range]").input_value() == released
        assert other.locator("[data-testid='stSidebar'] input[type=number]").first.input_value() == "12"
    finally:
        fresh.close()
    assert len(mine) == len(theirs) >= 1
    assert all(np.array_equal(a, b) for a, b in zip(mine, theirs)), "the link shows other pixels"
