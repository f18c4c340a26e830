"""The Draw page in a real browser: a digit drawn with the mouse, or a file uploaded, reaches every model.
The canvas here is the server path's (the sidebar's "Draw in this browser" off); the browser's own is
tested in test_browser_draw_live.py."""
from __future__ import annotations

import numpy as np
from browser_driver import SCREENSHOTS, app_url, browser, draw_on_server, page, wait_idle  # noqa: F401 (fixtures)
from PIL import Image

CANVAS = "[data-testid=stBidiComponentIsolated] canvas.upper-canvas"


def captions(page) -> list[str]:
    """The captions of the images in the main area."""
    return page.locator("[data-testid='stMain'] [data-testid='stImageCaption']").all_inner_texts()


def wait_for_reconstructions(page, seen: str) -> list[str]:
    """Wait until the 28x28 preview captioned ``seen`` and the reconstructions are shown; their captions."""
    page.get_by_text(seen).wait_for()
    page.get_by_text(" · BCE ").first.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    return captions(page)


def test_a_digit_drawn_with_the_mouse_is_reconstructed_by_every_model(page, app_url):
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    draw_on_server(page)
    box = page.locator(CANVAS).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 21):       # a '1': one stroke straight down
        page.mouse.move(x + step * 0.5, y + step * box["height"] * 0.03)
    page.mouse.up()
    shown = wait_for_reconstructions(page, "28×28, from your drawing")
    assert sum(" · BCE " in c for c in shown) >= 2
    assert page.get_by_text("Is it like the training data?").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "draw-drawn.png"), full_page=True)


def test_an_uploaded_file_shows_its_preview_and_reconstructions(page, app_url, tmp_path):
    paper = np.full((300, 240), 230, np.uint8)      # a dark '7' on light paper
    paper[40:70, 50:190] = 25
    for row in range(70, 260):
        col = 190 - (row - 70) * 0.5
        paper[row, int(col) - 15:int(col) + 15] = 25
    path = tmp_path / "seven.png"
    Image.fromarray(paper).save(path)
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    shown = wait_for_reconstructions(page, "28×28, from seven.png")
    assert "As you gave it" in shown and sum(" · BCE " in c for c in shown) >= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "draw-uploaded.png"), full_page=True)


def test_the_canvas_toolbar_leaves_the_pages_intro_readable(page, app_url):
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    draw_on_server(page)
    page.locator(CANVAS).first.hover()          # the toolbar shows while the pointer is over the canvas
    toolbar = page.locator("[data-testid=stBidiComponentIsolated] .dc-toolbar-card").first
    toolbar.wait_for()
    page.wait_for_timeout(800)     # it slides in
    bar = toolbar.bounding_box()
    intro = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p").first.bounding_box()
    assert bar["y"] >= intro["y"] + intro["height"], "the canvas toolbar covers the intro"
