"""A phone: on a 390x844 touch screen, a digit drawn with a finger on the Draw page (touch events, not
the mouse) reaches the models, and the 28x28 preview shows the stroke."""
from __future__ import annotations

import io

import numpy as np
import pytest
from browser_driver import app_url, browser, draw_on_server, wait_idle  # noqa: F401 (fixtures)
from PIL import Image
from test_browser_draw import CANVAS, wait_for_reconstructions

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def phone(browser, app_url):
    """A fresh page in a 390x844 touch-screen context, as a phone's browser has."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def swipe(page, points: list[tuple[float, float]]) -> None:
    """One finger down at the first point, through the others, lifted at the last (CDP touch events)."""
    cdp = page.context.new_cdp_session(page)
    (x, y), rest = points[0], points[1:]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for x, y in rest:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(15)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def preview_pixels(page, caption: str) -> np.ndarray:
    """The pixels of the image captioned ``caption``, read back from the server as the browser got them."""
    image = page.locator("[data-testid='stImage']", has=page.get_by_text(caption)).locator("img").first
    body = page.request.get(image.get_attribute("src")).body()
    return np.asarray(Image.open(io.BytesIO(body)).convert("L"), dtype=np.float32) / 255


def test_a_digit_drawn_with_a_finger_on_a_phone_is_reconstructed(phone, app_url):
    phone.goto(f"{app_url}/draw")
    wait_idle(phone)
    draw_on_server(phone)       # the server path's canvas (test_browser_draw_live.py draws in the browser)
    canvas = phone.locator(CANVAS).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, "the canvas does not fit the phone"
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    swipe(phone, [(x, top + step * box["height"] * 0.03) for step in range(21)])     # a '1': straight down
    wait_for_reconstructions(phone, "28×28, from your drawing")
    seen = preview_pixels(phone, "28×28, from your drawing")
    assert seen.shape == (28, 28)
    ink = seen > 0.5
    rows, cols = np.nonzero(ink)
    assert ink.sum() >= 20, "the preview shows no stroke"
    assert np.ptp(rows) >= 14 and np.ptp(cols) <= 8, "the stroke is not the upright '1' that was drawn"
