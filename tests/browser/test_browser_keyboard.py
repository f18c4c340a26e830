"""The keyboard alone: Tab reaches a live code slider and the 2-D plane on the Variational page (its
smallest code), the arrow keys move them and the decoded picture with them, Shift moves the plane
further, what a screen reader hears follows, each release (the end of a burst of key presses)
reaches the address, as a mouse release does, and the plane keeps the focus when it is drawn again."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_driver import (  # noqa: F401 (fixtures)
    LIVE_CANVAS,
    app_url,
    browser,
    canvas_pixels,
    frames,
    page,
    wait_for_frames,
    wait_idle,
)

PLANE_PAGE = "variational?code_size:vae:mnist=2"
WALK, PLANE = ".st-key-vae-live", ".st-key-vae-plane_live"
FOCUSED = """() => {   // the element with the focus, inside shadow roots too
  let at = document.activeElement;
  while (at && at.shadowRoot && at.shadowRoot.activeElement) at = at.shadowRoot.activeElement;
  return at ? at.getAttribute('aria-label') || '' : '';
}"""
POINT = re.compile(r"z1 (-?\d+\.\d\d), z2 (-?\d+\.\d\d)")


def tab_to(page, name: str | re.Pattern, presses: int = 150) -> str:
    """Press Tab until the focused element's accessible name is (or matches) ``name``; that name."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if (name.search(focused) if isinstance(name, re.Pattern) else focused == name):
            return focused
    raise AssertionError(f"{presses} presses of Tab never reached {name!r}")


def walk_in_address(page) -> list[float] | None:
    """The walk's released position as the address holds it (None when it holds none)."""
    found = parse_qs(urlparse(page.url).query).get("walk.vae")
    return None if not found else [float(v) for v in found[0].split(",")]


def wait_for_walk_in_address(page, wanted: list[float]) -> None:
    """Wait until the address holds the walk released at ``wanted`` (to 2 decimals)."""
    for _ in range(100):
        held = walk_in_address(page)
        if held is not None and held == pytest.approx(wanted, abs=0.011):
            return
        page.wait_for_timeout(150)
    raise AssertionError(f"the address holds {walk_in_address(page)}, not {wanted}")


def point(plane) -> list[float]:
    """The plane's point, as a screen reader hears it (its aria-valuetext)."""
    said = POINT.fullmatch(plane.get_attribute("aria-valuetext"))
    assert said, plane.get_attribute("aria-valuetext")
    return [float(said[1]), float(said[2])]


def keys(page, canvas, *pressed: str, hold: bool = False) -> None:
    """Press each key in turn on whatever has the focus, each one waited for until it has repainted (``hold``:
    the last one stays down, so the view does not report a release yet)."""
    for i, key in enumerate(pressed):
        count = frames(canvas)
        page.keyboard.down(key) if hold and i == len(pressed) - 1 else page.keyboard.press(key)
        wait_for_frames(canvas, count + 1)


def test_tab_and_the_arrow_keys_move_a_live_slider_and_the_2d_plane(page, app_url):
    page.goto(f"{app_url}/{PLANE_PAGE}")
    wait_idle(page)
    walk, plane_picture = page.locator(WALK).locator(LIVE_CANVAS), page.locator(PLANE).locator(LIVE_CANVAS)
    wait_for_frames(walk, 1)
    wait_for_frames(plane_picture, 1)
    assert walk_in_address(page) is None

    # A code slider: reached by Tab, named for what it moves; three presses move the picture.
    tab_to(page, "z1 of the Variational model's code (2 values)")
    slider = page.locator(WALK).locator("input[type=range]").first
    start, before = float(slider.input_value()), canvas_pixels(walk)
    key = "ArrowRight" if start < 2 else "ArrowLeft"
    keys(page, walk, key, key, key)
    moved = float(slider.input_value())
    assert moved == pytest.approx(start + (3 if key == "ArrowRight" else -3) * 0.05, abs=1e-6)
    assert (canvas_pixels(walk) != before).any(), "the decoded digit did not change"
    second = float(page.locator(WALK).locator("input[type=range]").nth(1).input_value())
    wait_for_walk_in_address(page, [moved, second])     # released: the address follows

    # The plane: reached by Tab; an arrow moves its point one step, Shift+arrow five; the picture follows.
    tab_to(page, re.compile(r"^The 2-D plane of the Variational model's code"))
    plane = page.locator(PLANE).locator(".plane")
    step = float(plane.get_attribute("aria-valuemax")) / 30
    x, y = point(plane)
    before = canvas_pixels(plane_picture)
    down = 1 if y > 0 else -1                              # away from the edge
    vertical = "ArrowDown" if down == 1 else "ArrowUp"
    keys(page, plane_picture, vertical, hold=True)
    assert point(plane) == pytest.approx([x, y - down * step], abs=0.006)
    assert (canvas_pixels(plane_picture) != before).any(), "the plane's digit did not change"
    right = 1 if x < 0 else -1
    page.keyboard.up(vertical)        # the next press comes well within the pause that makes a release
    keys(page, plane_picture, "Shift+ArrowRight" if right == 1 else "Shift+ArrowLeft")
    chosen = point(plane)
    assert chosen == pytest.approx([x + right * 5 * step, y - down * step], abs=0.006)

    # Released: the walk starts at the chosen point, its sliders there, and the address holds it; the plane,
    # drawn again at that point, keeps the focus (a keyboard user need not Tab back to it).
    wait_for_walk_in_address(page, chosen)
    page.wait_for_function(f"() => ({FOCUSED})().startsWith('The 2-D plane')", timeout=10_000)
    sliders = page.locator(WALK).locator("input[type=range]")
    for _ in range(75):
        values = [float(sliders.nth(i).input_value()) for i in range(sliders.count())]
        if values == pytest.approx(chosen, abs=0.03):
            break
        page.wait_for_timeout(200)
    assert values == pytest.approx(chosen, abs=0.03)
    assert page.locator("[data-testid='stException']").count() == 0
