"""Every page in a real browser: it opens without an exception box, and a slider redraws the image."""
from __future__ import annotations

import pytest
from browser_driver import SCREENSHOTS, VISITED, app_url, browser, draw_on_server, page, wait_idle  # noqa: F401 (fixtures)

PAGES = ["", "simple", "sparse", "deep", "convolutional", "denoising", "recurrent", "variational", "conditional",
         "compare", "draw"]


def image_sources(page) -> list[str]:
    """The src of every image Streamlit drew in the main area."""
    return page.locator("[data-testid='stMain'] [data-testid='stImage'] img").evaluate_all(
        "els => els.map(e => e.getAttribute('src'))")


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_page_opens_without_an_exception_box(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Page not found" not in page.content()
    VISITED.add(path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path or 'home'}.png"), full_page=True)


def test_moving_a_slider_redraws_the_image(page, app_url):
    page.goto(f"{app_url}/convolutional")
    wait_idle(page)
    draw_on_server(page)   # the noise slider is then Streamlit's (live, tests/browser/test_live_pages.py)
    before = image_sources(page)
    assert before, "the convolutional page shows no image"
    slider = page.locator(".st-key-conv-noise_level").get_by_role("slider")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.wait_for_function(
        "before => [...document.querySelectorAll(\"[data-testid='stMain'] [data-testid='stImage'] img\")]"
        ".map(e => e.getAttribute('src')).join() !== before", arg=",".join(before), timeout=15_000)
    assert image_sources(page) != before
    assert page.locator("[data-testid='stException']").count() == 0
