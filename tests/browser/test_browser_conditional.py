"""The Conditional page in a real browser: a style slider redraws the asked-for digit in the browser,
and the input is written as every digit."""
from __future__ import annotations

from browser_driver import (LIVE_CANVAS, SCREENSHOTS, app_url, browser, canvas_pixels, frames,  # noqa: F401
                            page, wait_for_frames, wait_idle)


def test_moving_a_style_slider_redraws_the_digit_and_the_input_is_written_as_every_digit(page, app_url):
    page.goto(f"{app_url}/conditional")
    wait_idle(page)
    style = page.locator(".st-key-cvae-style-live")
    canvas = style.locator(LIVE_CANVAS)
    wait_for_frames(canvas, 1)
    before, painted = canvas_pixels(canvas), frames(canvas)
    style.locator("input[type=range]").first.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    wait_for_frames(canvas, painted + 1)
    assert (canvas_pixels(canvas) != before).any()
    row = page.locator(".st-key-cvae_handwriting")
    assert row.locator("[data-testid='stImage'] img").count() >= 11      # the input and its ten digits
    assert page.locator("[data-testid='stException']").count() == 0
    row.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=str(SCREENSHOTS / "conditional-handwriting.png"))
