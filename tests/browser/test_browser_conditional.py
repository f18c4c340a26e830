"""The Conditional page in a real browser: a style slider redraws the asked-for digit in the browser,
and the input is written as every digit."""
from __future__ import annotations

from browser_driver import SCREENSHOTS, app_url, browser, canvas_pixels, live_canvas_on, page, press_on  # noqa: F401


def test_moving_a_style_slider_redraws_the_digit_and_the_input_is_written_as_every_digit(page, app_url):
    style = ".st-key-cvae-style-live"
    canvas = live_canvas_on(page, f"{app_url}/conditional", style)
    before = press_on(page.locator(style).locator("input[type=range]").first, canvas, "ArrowRight", 6)
    assert (canvas_pixels(canvas) != before).any()
    row = page.locator(".st-key-cvae_handwriting")
    assert row.locator("[data-testid='stImage'] img").count() >= 11      # the input and its ten digits
    assert page.locator("[data-testid='stException']").count() == 0
    row.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=str(SCREENSHOTS / "conditional-handwriting.png"))
