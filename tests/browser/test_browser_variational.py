"""The Variational page in a real browser: a latent slider redraws the generated digit in the
browser, a click on the map of test codes shows that digit, the 2-D plane decodes under the pointer."""
from __future__ import annotations

import pytest
from browser_driver import (  # noqa: F401
    LIVE_CANVAS,
    SCREENSHOTS,
    app_url,
    browser,
    canvas_pixels,
    live_canvas_on,
    page,
    press_on,
    wait_for_frames,
    wait_idle,
)

DECODED = "Decoded from these coordinates"


def source_of(page, caption: str) -> str:
    """The src of the image whose caption contains ``caption``."""
    return page.locator("[data-testid='stImage']", has_text=caption).locator("img").first.get_attribute("src")


def wait_for_new_source(page, caption: str, before: str) -> str:
    """Wait until the image captioned ``caption`` shows something other than ``before``; its new src."""
    page.wait_for_function(
        "([caption, before]) => [...document.querySelectorAll(\"[data-testid='stImage']\")]"
        ".some(e => e.innerText.includes(caption) && e.querySelector('img').getAttribute('src') !== before)",
        arg=[caption, before], timeout=15_000)
    return source_of(page, caption)


def test_moving_a_latent_slider_redraws_the_generated_digit_in_the_browser(page, app_url):
    walk = ".st-key-vae-live"
    canvas = live_canvas_on(page, f"{app_url}/variational", walk)
    slider = page.locator(walk).locator("input[type=range]").first
    before = press_on(slider, canvas, lambda s: "ArrowRight" if float(s.input_value()) < 2 else "ArrowLeft", 4)
    assert (canvas_pixels(canvas) != before).any()
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicking_a_test_code_shows_its_digit(page, app_url):
    page.goto(f"{app_url}/variational")
    wait_idle(page)
    chart = page.locator(".st-key-vae-map, .st-key-vae-plane").first
    chart.locator(".scatterlayer .point").nth(3).click(force=True)
    wait_idle(page)
    page.locator("[data-testid='stImage']", has_text="Test #").first.wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0


def open_2d_plane(page, app_url: str):
    """The Variational page at the smallest shipped code (2-D); the live plane's container, once painted, and
    the plane's box on screen."""
    page.goto(f"{app_url}/variational")
    wait_idle(page)
    size = page.locator(".st-key-code_size-vae-mnist").get_by_role("slider")
    size.focus()
    page.keyboard.press("Home")                   # the smallest shipped code: 2
    wait_idle(page)
    live = page.locator(".st-key-vae-plane_live")
    wait_for_frames(live.locator(LIVE_CANVAS), 1)
    plane = live.locator(".plane")
    plane.scroll_into_view_if_needed()
    return live, plane.bounding_box()


def test_the_2d_plane_decodes_the_point_under_the_pointer(page, app_url):
    live, box = open_2d_plane(page, app_url)
    canvas = live.locator(LIVE_CANVAS)
    painted = int(canvas.get_attribute("data-frames"))
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.3 * box["height"])
    wait_for_frames(canvas, painted + 1)
    first = canvas_pixels(canvas)
    page.mouse.move(box["x"] + 0.8 * box["width"], box["y"] + 0.7 * box["height"])
    wait_for_frames(canvas, painted + 2)
    assert (canvas_pixels(canvas) != first).any()
    assert page.locator("[data-testid='stException']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    live.screenshot(path=str(SCREENSHOTS / "variational-2d.png"))


def test_a_click_on_the_2d_plane_walks_the_sliders_there(page, app_url):
    _, box = open_2d_plane(page, app_url)
    page.mouse.click(box["x"] + 0.8 * box["width"], box["y"] + 0.2 * box["height"])   # z = (+0.6, +0.6) of the span
    wait_idle(page)
    sliders = page.locator(".st-key-vae-live input[type=range]")
    span = float(sliders.first.get_attribute("max"))
    for _ in range(75):      # the walk restarts at the point released: its sliders are drawn again there
        if sliders.count() == 2 and all(abs(float(sliders.nth(i).input_value()) - 0.6 * span) <= 0.1 for i in range(2)):
            break
        page.wait_for_timeout(200)
    assert [round(float(sliders.nth(i).input_value()), 2) for i in range(2)] == \
        pytest.approx([0.6 * span] * 2, abs=0.1)
    assert page.locator("[data-testid='stException']").count() == 0
