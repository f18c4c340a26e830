"""A phone: on a 390x844 touch screen, with touch events (not the mouse), a digit drawn with a finger on
the Draw page or in the sidebar reaches the server (the 28x28 preview it draws shows the stroke), a live
code slider and the 2-D plane follow a finger and redraw their digit, and each lift reaches the address."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from browser_driver import (  # noqa: F401 (fixtures)
    LIVE_CANVAS,
    app_url,
    browser,
    canvas_pixels,
    draw_on_server,
    frames,
    wait_for_frames,
    wait_idle,
)
from PIL import Image
from test_browser_draw import CANVAS, wait_for_reconstructions

PHONE = {"width": 390, "height": 844}
LIVE_SHEET = "[data-testid='live-draw']"


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


def assert_upright_one(seen: np.ndarray) -> None:
    """``seen`` (28x28) shows one upright stroke, as the '1' the tests draw."""
    assert seen.shape == (28, 28)
    ink = seen > 0.5
    rows, cols = np.nonzero(ink)
    assert ink.sum() >= 20, "the preview shows no stroke"
    assert np.ptp(rows) >= 14 and np.ptp(cols) <= 8, "the stroke is not the upright '1' that was drawn"


def walk_in_address(page, name: str) -> list[float] | None:
    """The released position of the walk ``name`` as the address holds it (None when it holds none)."""
    found = parse_qs(urlparse(page.url).query).get(f"walk.{name}")
    return None if not found else [float(v) for v in found[0].split(",")]


def wait_for_address(page, name: str, first: float) -> list[float]:
    """Wait until the address holds the walk ``name`` released with ``first`` as its first value; it."""
    for _ in range(100):
        held = walk_in_address(page, name)
        if held is not None and abs(held[0] - first) <= 0.011:
            return held
        page.wait_for_timeout(150)
    raise AssertionError(f"the address holds {walk_in_address(page, name)}, not a walk from {first}")


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
    assert_upright_one(preview_pixels(phone, "28×28, from your drawing"))


def test_a_digit_drawn_with_a_finger_in_the_phones_sidebar_reaches_the_server(phone, app_url):
    phone.goto(f"{app_url}/simple")
    wait_idle(phone)
    phone.get_by_test_id("stExpandSidebarButton").tap()      # a phone shows the sidebar on request
    sidebar = phone.get_by_test_id("stSidebar")
    sidebar.get_by_text("Drawing", exact=True).tap()
    wait_idle(phone)
    canvas = sidebar.locator(LIVE_SHEET).first     # the sidebar's canvas, run in the browser
    canvas.scroll_into_view_if_needed()
    box, room = canvas.bounding_box(), sidebar.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= min(room["x"] + room["width"], PHONE["width"]) + 1, \
        "the sidebar's canvas does not fit"
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    swipe(phone, [(x, top + step * box["height"] * 0.03) for step in range(21)])     # a '1'
    seen = "What the models see: your drawing"    # drawn by the server from what it received
    sidebar.get_by_text(seen).wait_for()
    wait_idle(phone)
    assert_upright_one(preview_pixels(phone, seen))
    assert phone.locator("[data-testid='stException']").count() == 0


def test_a_live_code_slider_follows_a_finger_and_its_lift_reaches_the_address(phone, app_url):
    view = phone.locator(".st-key-edit-conv-live")
    phone.goto(f"{app_url}/convolutional")
    wait_idle(phone)
    canvas = view.locator(LIVE_CANVAS)
    wait_for_frames(canvas, 1)
    slider = view.locator("input[type=range]").first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box["width"] >= 0.7 * PHONE["width"], "the slider's track is too short for a finger"
    assert box["height"] >= 40, "the slider is lower than a finger"
    low, high = (float(slider.get_attribute(a)) for a in ("min", "max"))
    start = float(slider.input_value())
    x0, y = box["x"] + (start - low) / (high - low) * box["width"], box["y"] + box["height"] / 2
    x1 = box["x"] + (0.85 if start < 0 else 0.15) * box["width"]
    before, painted = canvas_pixels(canvas), frames(canvas)
    swipe(phone, [(x0 + (x1 - x0) * k / 15, y) for k in range(16)])
    wait_for_frames(canvas, painted + 3)          # it followed the finger: a paint per move
    value = float(slider.input_value())
    assert (value - start) * (x1 - x0) > 0 and abs(value - start) >= 1, f"the slider went {start} -> {value}"
    assert (canvas_pixels(canvas) != before).any(), "the decoded digit did not change"
    assert wait_for_address(phone, "edit:conv", value)[0] == pytest.approx(value, abs=0.011)
    assert phone.locator("[data-testid='stException']").count() == 0


def test_the_2d_plane_follows_a_finger_without_scrolling_the_page_and_keeps_where_it_is_lifted(phone, app_url):
    live = phone.locator(".st-key-vae-plane_live")
    phone.goto(f"{app_url}/variational?code_size:vae:mnist=2")
    wait_idle(phone)
    canvas = live.locator(LIVE_CANVAS)
    wait_for_frames(canvas, 1)
    plane = live.locator(".plane")
    plane.scroll_into_view_if_needed()
    box = plane.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the plane does not fit the phone"
    span = float(plane.get_attribute("aria-valuemax"))
    scrolled, before = phone.evaluate("window.scrollY"), canvas_pixels(canvas)
    swipe(phone, [(box["x"] + box["width"] * (0.3 + 0.04 * k), box["y"] + box["height"] * (0.3 + 0.02 * k))
                  for k in range(11)])
    assert phone.evaluate("window.scrollY") == scrolled, "the finger scrolled the page instead of moving the point"
    lifted = [span * (2 * 0.7 - 1), span * (1 - 2 * 0.5)]
    held = wait_for_address(phone, "vae", lifted[0])       # the walk starts where the finger was lifted
    assert held == pytest.approx(lifted, abs=0.02)
    wait_idle(phone)
    wait_for_frames(live.locator(LIVE_CANVAS), 1)
    said = plane.get_attribute("aria-valuetext")           # "z1 1.20, z2 0.00": what a screen reader hears
    assert [float(part.split()[1]) for part in said.split(", ")] == pytest.approx(lifted, abs=0.02), said
    assert (canvas_pixels(live.locator(LIVE_CANVAS)) != before).any(), "the plane's digit did not change"
    assert phone.locator("[data-testid='stException']").count() == 0
