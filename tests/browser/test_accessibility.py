"""axe-core on every page: no serious or critical accessibility finding in the app's own elements, the
live component's included (axe walks its open shadow root once its pictures have painted), and every
live slider and picture named for what it moves or shows; on a 390x844 phone too, where nothing may
stick out sideways (a box that scrolls sideways is one a keyboard cannot reach).

axe-core is a pinned dev dependency (``tests/browser/axe/package.json``); its built
``axe.min.js`` is vendored beside it, so the test needs no network and no npm.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_driver import LIVE_CANVAS, app_url, browser, page, wait_for_frames, wait_idle  # noqa: F401 (fixtures)
from test_browser_touch import PHONE, phone  # noqa: F401 (fixture)

AXE = Path(__file__).parent / "axe" / "axe.min.js"
PAGES = ["", "simple", "sparse", "deep", "convolutional", "denoising", "recurrent", "variational", "conditional",
         "compare", "draw"]
FAILING = ("serious", "critical")
# Streamlit's own chrome, which the app cannot change: the sidebar's page list puts its section headers
# straight inside the <ul> (axe: "list", "listitem").
STREAMLIT_CHROME = ["[data-testid='stSidebarNav']"]
RUN = """async (exclude) => {
  const context = {include: [document], exclude: exclude.map(s => [s])};
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200), impact: n.impact,
                              why: (n.failureSummary || '').slice(0, 300)}))}));
}"""


# The pages with live views (the 2-D plane at the Variational page's smallest code) and the model each names.
LIVE_PAGES = {"convolutional": "Convolutional", "denoising": "Denoising", "compare": "Convolutional",
              "variational?code_size:vae:mnist=2": "Variational"}
# How many of the elements axe checked (passed or failed) sit inside the live component's shadow root.
IN_LIVE = """async () => {
  const result = await axe.run(document, {resultTypes: ['passes', 'violations']});
  const inside = n => n.target.some(Array.isArray);    // a shadow root's element: [host, selector inside]
  return [...result.passes, ...result.violations].flatMap(r => r.nodes).filter(inside).map(n => n.html.slice(0, 40));
}"""


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, STREAMLIT_CHROME)


def open_live(page, url: str) -> None:
    """Open ``url`` and wait until every live picture on it has painted."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page)
    canvases = page.locator(LIVE_CANVAS)
    canvases.first.wait_for()
    for canvas in canvases.all():
        wait_for_frames(canvas, 1)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_no_serious_or_critical_finding(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page)
    found = violations(page)
    serious = [v for v in found if v["impact"] in FAILING]
    assert not serious, json.dumps(serious, indent=1)


# On a phone, one page of each layout: the gallery, a kind page (formula, live views), the Variational
# page (its plane and maps), the conditional one (digit pills), Compare and Draw. The kind pages share
# their layout and formula code, so one stands for the eight (the desktop test above opens every page).
PHONE_PAGES = ["", "convolutional", "variational", "conditional", "compare", "draw"]


@pytest.mark.parametrize("path", PHONE_PAGES, ids=[p or "home" for p in PHONE_PAGES])
def test_on_a_phone_nothing_sticks_out_and_axe_finds_nothing_serious(phone, app_url, path):
    phone.goto(f"{app_url}/{path}")
    phone.wait_for_selector("[data-testid='stMain']")
    wait_idle(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    serious = [v for v in violations(phone) if v["impact"] in FAILING]
    assert not serious, json.dumps(serious, indent=1)


@pytest.mark.parametrize("path", list(LIVE_PAGES), ids=[p.split("?")[0] for p in LIVE_PAGES])
def test_the_live_component_has_no_serious_finding_and_names_every_slider_and_picture(page, app_url, path):
    open_live(page, f"{app_url}/{path}")
    found = violations(page)
    serious = [v for v in found if v["impact"] in FAILING]
    assert not serious, json.dumps(serious, indent=1)
    checked = page.evaluate(IN_LIVE)
    assert any(t.startswith(("<input", "<canvas")) for t in checked), f"axe saw nothing inside the component: {checked}"
    model = LIVE_PAGES[path]
    sliders = page.locator(".live input[type=range], .live .plane")
    pictures = page.locator(LIVE_CANVAS)
    assert sliders.count() >= 1 and pictures.count() >= 1
    for slider in sliders.all():     # each one says what it moves, and in which model
        name = slider.get_attribute("aria-label") or ""
        assert name and (model in name or "every model" in name), name
        assert page.get_by_role("slider", name=name, exact=True).count() >= 1
    for picture in pictures.all():   # each one is an image named for what it shows
        name = picture.get_attribute("aria-label") or ""
        assert picture.get_attribute("role") == "img" and name, picture.evaluate("c => c.outerHTML")
        assert page.get_by_role("img", name=name, exact=True).count() >= 1
    for chart in page.locator(".live .bars").all():    # the bars say their values (their hover texts)
        assert chart.get_attribute("role") == "img" and ": " in (chart.get_attribute("aria-label") or "")
    drawn = [p.get_attribute("aria-label") for p in pictures.all()]
    assert any(f"the {model} model, code " in d or f"the {model} model" in d for d in drawn), drawn
