"""The Variational page in a real browser: a latent slider redraws the generated digit, a click on
the map of test codes shows that digit."""
from __future__ import annotations

from browser_driver import SCREENSHOTS, app_url, browser, page, wait_idle  # noqa: F401 (fixtures)

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


def test_moving_a_latent_slider_redraws_the_generated_digit(page, app_url):
    page.goto(f"{app_url}/variational")
    wait_idle(page)
    before = source_of(page, DECODED)
    slider = page.locator(".st-key-vae-z0").get_by_role("slider")
    key = "ArrowRight" if float(slider.get_attribute("aria-valuetext")) < 2 else "ArrowLeft"
    slider.focus()
    for _ in range(4):
        page.keyboard.press(key)
    wait_idle(page)
    assert wait_for_new_source(page, DECODED, before) != before
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicking_a_test_code_shows_its_digit(page, app_url):
    page.goto(f"{app_url}/variational")
    wait_idle(page)
    chart = page.locator(".st-key-vae-map, .st-key-vae-plane").first
    chart.locator(".scatterlayer .point").nth(3).click(force=True)
    wait_idle(page)
    page.locator("[data-testid='stImage']", has_text="Test #").first.wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_2d_manifold_is_drawn_under_the_test_codes(page, app_url):
    page.goto(f"{app_url}/variational")
    wait_idle(page)
    size = page.locator(".st-key-code_size-vae-mnist").get_by_role("slider")
    size.focus()
    page.keyboard.press("Home")                   # the smallest shipped code: 2
    wait_idle(page)
    plane = page.locator(".st-key-vae-plane")
    plane.locator("image").first.wait_for(state="attached", timeout=30_000)   # the decoded grid
    assert plane.locator(".scatterlayer .point").count() >= 50   # the test codes over it (60 in the made-up set)
    assert page.locator("[data-testid='stException']").count() == 0
    plane.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    plane.screenshot(path=str(SCREENSHOTS / "variational-2d.png"))
