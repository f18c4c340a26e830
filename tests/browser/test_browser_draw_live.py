"""The Draw page drawing in the browser: while the pen moves (mouse or finger) the canvas becomes the models'
28x28 input there, as the server's ``to_mnist`` makes it, and every kind's reconstruction repaints with
nothing sent to the server; the lifted pen sends the drawing once, and the page's input is then that drawing.
Undo and Clear work in the browser too. Real server, real Chromium, the shipped models."""
from __future__ import annotations

import json

import numpy as np
import pytest
from browser_driver import (  # noqa: F401 (fixtures)
    LIVE_CANVAS,
    SCREENSHOTS,
    app_url,
    browser,
    draw_on_server,
    frames,
    page,
    wait_for_frames,
    wait_idle,
)
from test_browser_draw import CANVAS as SERVER_CANVAS
from test_browser_draw import wait_for_reconstructions
from test_browser_touch import preview_pixels

from ae_models.images import to_mnist

SHEET = "[data-testid='live-draw']"
VIEW = ".st-key-draw-live"
TOLERANCE = 2 / 255


def sheet_pixels(sheet) -> np.ndarray:
    """The drawing canvas' pixels, uint8 RGBA, as the browser holds them."""
    size = sheet.evaluate("c => [c.width, c.height]")
    data = sheet.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)")
    return np.asarray(data, np.uint8).reshape(size[1], size[0], 4)


def browser_input(sheet) -> np.ndarray | None:
    """The 28x28 input the browser computed for the drawing on the canvas (its ``data-input``)."""
    values = json.loads(sheet.get_attribute("data-input"))
    return None if values is None else np.asarray(values, np.float32).reshape(28, 28)


def reconstruction_frames(page) -> list[int]:
    """How often each live picture of the view (what the models see, then each kind's answer) has painted."""
    return [frames(c) for c in page.locator(VIEW).locator(LIVE_CANVAS).all()]


def open_draw(page, app_url):
    """The Draw page with its live canvas; the canvas and its bounding box. What the page sends to the
    server from then on is listed in ``page.sent``."""
    page.sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: page.sent.append(frame)))
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    sheet = page.locator(SHEET)
    sheet.wait_for()
    page.locator(VIEW).locator(".status:empty").wait_for(state="attached")    # the models have loaded
    return sheet, sheet.bounding_box()


def stroke_points(box, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points given as fractions of the canvas, in page coordinates."""
    return [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]


SEVEN = [(0.25, 0.22), (0.45, 0.21), (0.7, 0.2), (0.62, 0.4), (0.55, 0.6), (0.48, 0.8)]


def watched_stroke(page, sheet, points, down, move, up) -> tuple[list[str], list[list[int]]]:
    """Draw through ``points`` with the given pointer actions, waiting after each move for the view to
    repaint; the websocket frames the page sent during the stroke, and the paint counts after each move."""
    seen = []
    page.sent.clear()
    down(*points[0])
    drawn = frames(sheet)
    for x, y in points[1:]:
        before = reconstruction_frames(page)
        move(x, y)
        drawn += 1
        wait_for_frames(sheet, drawn)
        canvases = page.locator(VIEW).locator(LIVE_CANVAS).all()
        wait_for_frames(canvases[-1], before[-1] + 1)      # the last kind's answer painted: all of them did
        seen.append(reconstruction_frames(page))
    during = list(page.sent)
    up(*points[-1])
    return during, seen


def check_answers_follow_the_pen(during, seen) -> None:
    assert during == [], f"{len(during)} messages went to the server while the pen moved"
    assert len(seen[0]) >= 9, "what the models see and at least eight kinds' answers"
    for earlier, later in zip(seen, seen[1:]):
        assert all(b > a for a, b in zip(earlier, later)), "every picture repaints at every move"


def check_the_input_is_the_servers(page, sheet) -> None:
    """The browser's input is what the library's to_mnist makes of the same pixels, and what the server shows."""
    seen = browser_input(sheet)
    assert seen is not None
    assert np.abs(seen - to_mnist(sheet_pixels(sheet))).max() <= TOLERANCE
    page.get_by_text("28×28, from your drawing").wait_for()
    shown = preview_pixels(page, "28×28, from your drawing")     # the server's to_mnist, drawn as a PNG
    assert np.abs(shown - seen).max() <= TOLERANCE + 0.5 / 255


def test_a_mouse_stroke_is_read_and_answered_in_the_browser_and_sent_once_at_pen_up(page, app_url):
    sheet, box = open_draw(page, app_url)
    mouse = page.mouse
    during, seen = watched_stroke(page, sheet, stroke_points(box, SEVEN),
                                  lambda x, y: (mouse.move(x, y), mouse.down()), mouse.move, lambda x, y: mouse.up())
    check_answers_follow_the_pen(during, seen)
    wait_idle(page)
    check_the_input_is_the_servers(page, sheet)
    captions = page.locator(VIEW).locator(".caption").all_inner_texts()
    assert sum("★ best" in c for c in captions) == 1 and any(" (as " in c for c in captions)
    assert page.get_by_text("Is it like the training data?").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "draw-live.png"), full_page=True)


@pytest.fixture()
def touch_page(browser, app_url):
    """A page in a touch-screen context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, has_touch=True)
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def test_a_finger_stroke_is_read_and_answered_in_the_browser(touch_page, app_url):
    page = touch_page
    sheet, box = open_draw(page, app_url)
    cdp = page.context.new_cdp_session(page)

    def touch(kind):
        return lambda x, y: cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if kind == "touchEnd"
                                                                  else [{"x": x, "y": y}]})
    during, seen = watched_stroke(page, sheet, stroke_points(box, [(0.5, 0.15 + 0.07 * i) for i in range(11)]),
                                  touch("touchStart"), touch("touchMove"), touch("touchEnd"))
    check_answers_follow_the_pen(during, seen)
    wait_idle(page)
    check_the_input_is_the_servers(page, sheet)
    rows, cols = np.nonzero(browser_input(sheet) > 0.5)
    assert np.ptp(rows) >= 14 and np.ptp(cols) <= 8, "the input is not the upright '1' that was drawn"


def mouse_stroke(page, sheet, box, points) -> None:
    """One mouse stroke through ``points`` (fractions of the sheet), waited for until the sheet repaints."""
    drawn = frames(sheet)
    (x, y), *rest = stroke_points(box, points)
    page.mouse.move(x, y)
    page.mouse.down()
    for x, y in rest:
        page.mouse.move(x, y)
    page.mouse.up()
    wait_for_frames(sheet, drawn + 1)


def test_undo_takes_back_the_last_stroke_and_clear_empties_the_canvas(page, app_url):
    sheet, box = open_draw(page, app_url)

    def stroke(points):
        mouse_stroke(page, sheet, box, points)
        wait_idle(page)
        return browser_input(sheet), sheet_pixels(sheet)

    first, first_pixels = stroke(SEVEN)
    second, _ = stroke([(0.3, 0.5), (0.7, 0.5)])      # a bar across: a 7 with a crossbar
    assert np.abs(second - first).max() > 0.5
    drawn = frames(sheet)
    page.locator(VIEW).get_by_role("button", name="Undo").click()
    wait_for_frames(sheet, drawn + 1)
    assert (sheet_pixels(sheet) == first_pixels).all() and np.abs(browser_input(sheet) - first).max() == 0
    wait_idle(page)
    check_the_input_is_the_servers(page, sheet)
    page.locator(VIEW).get_by_role("button", name="Clear").click()
    wait_for_frames(sheet, drawn + 2)
    assert browser_input(sheet) is None and sheet_pixels(sheet)[..., :3].max() == 0
    wait_idle(page)
    page.get_by_text("the canvas is empty").wait_for()      # the server forgot the drawing too
    assert page.locator(VIEW).get_by_role("button", name="Undo").is_disabled()


def test_the_eraser_and_a_wider_pen_draw_live(page, app_url):
    sheet, box = open_draw(page, app_url)

    def stroke(points):
        mouse_stroke(page, sheet, box, points)

    width = page.locator(VIEW).get_by_label("Pen width")
    width.fill("40")
    stroke([(0.5, 0.2), (0.5, 0.8)])
    wide = (sheet_pixels(sheet)[140, :, 0] > 128).sum()
    assert 36 <= wide <= 44, f"a 40 px pen drew a stroke {wide} px wide"
    page.locator(VIEW).get_by_role("button", name="Eraser").click()
    stroke([(0.3, 0.5), (0.7, 0.5)])
    pixels = sheet_pixels(sheet)
    assert pixels[140, 140, 0] == 0 and pixels[60, 140, 0] == 255, "the eraser cut the stroke in two"
    wait_idle(page)
    check_the_input_is_the_servers(page, sheet)


def test_without_webassembly_the_page_draws_on_the_server_as_before(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script("delete window.WebAssembly")
        page.goto(f"{app_url}/draw")
        wait_idle(page)
        page.get_by_text("this browser cannot run the models").first.wait_for()
        wait_idle(page)
        assert page.locator(SHEET).count() == 0
        server_canvas = page.locator(SERVER_CANVAS).first
        server_canvas.wait_for()
        box = server_canvas.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 21):       # a '1'
            page.mouse.move(x, y + step * box["height"] * 0.03)
        page.mouse.up()
        wait_for_reconstructions(page, "28×28, from your drawing")
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


def test_a_drawing_made_on_the_server_path_is_where_the_live_canvas_starts(page, app_url):
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    draw_on_server(page)                    # "Draw in this browser" off: the server path's canvas
    box = page.locator(SERVER_CANVAS).first.bounding_box()
    (x, y), *rest = stroke_points(box, SEVEN)
    page.mouse.move(x, y)
    page.mouse.down()
    for x, y in rest:
        page.mouse.move(x, y)
    page.mouse.up()
    wait_for_reconstructions(page, "28×28, from your drawing")
    draw_on_server(page)                    # the switch back on: the browser's canvas
    sheet = page.locator(SHEET)
    page.locator(VIEW).locator(f"{SHEET}:not([data-input='null'])").wait_for()    # the held drawing, read
    check_the_input_is_the_servers(page, sheet)
    assert page.locator(VIEW).get_by_role("button", name="Undo").is_disabled()     # nothing drawn here yet
    assert not page.locator(VIEW).get_by_role("button", name="Clear").is_disabled()


def painted(canvas, count: int, timeout: float = 30_000) -> None:
    """Wait, at most ``timeout`` ms, until a live canvas has finished ``count`` paints."""
    canvas.page.wait_for_function("([c, n]) => Number(c.dataset.frames) >= n", arg=[canvas.element_handle(), count],
                                  timeout=timeout)


def test_a_kind_pages_live_view_follows_the_sidebars_pen(page, app_url):
    page.sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: page.sent.append(frame)))
    page.goto(f"{app_url}/denoising")
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_text("Drawing", exact=True).click()
    wait_idle(page)
    sheet = page.locator(".st-key-sidebar-draw-live").locator(SHEET)
    view = page.locator(".st-key-denoising-noise-live")
    clean = view.locator(LIVE_CANVAS).nth(2)        # corrupted input, reconstruction, clean original
    mouse = page.mouse

    def stroke(points, follow: bool = False) -> tuple[int, list[int]]:
        """Draw through ``points``; the messages sent before the pen lifted and, following, how far the
        page's clean image was from the sidebar's input after each move (of 255)."""
        sheet.scroll_into_view_if_needed()
        box = sheet.bounding_box()
        (x, y), *rest = stroke_points(box, points)
        mouse.move(x, y)
        page.sent.clear()
        mouse.down()
        gaps = []
        for x, y in rest:
            drawn, shown = frames(sheet), frames(clean) if follow else 0
            mouse.move(x, y)
            painted(sheet, drawn + 1)
            if follow:
                painted(clean, shown + 1)
                pixels = clean.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)")
                grey = np.asarray(pixels, np.int16).reshape(28, 28, 4)[..., 0]
                gaps.append(int(np.abs(grey - np.round(browser_input(sheet) * 255)).max()))
        sent = len(page.sent)
        mouse.up()
        wait_idle(page)
        return sent, gaps

    stroke(SEVEN)                   # the first drawing reaches the server: the page now shows its live view
    painted(clean, 1)
    sent, gaps = stroke([(0.3, 0.5), (0.5, 0.5), (0.7, 0.5)], follow=True)   # a crossbar
    assert sent == 0, f"{sent} messages went to the server while the pen moved"
    assert len(gaps) == 2 and max(gaps) <= 1, "the page's clean image is the sidebar's input at every move"
    page.get_by_test_id("stSidebar").get_by_text("What the models see: your drawing").wait_for()
    assert np.abs(to_mnist(sheet_pixels(sheet)) - browser_input(sheet)).max() <= TOLERANCE
    assert page.locator("[data-testid='stException']").count() == 0
