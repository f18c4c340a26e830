"""axe-core on every page: no serious or critical accessibility finding in the app's own elements.

axe-core is a pinned dev dependency (``tests/browser/axe/package.json``); its built
``axe.min.js`` is vendored beside it, so the test needs no network and no npm.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_driver import app_url, browser, page, wait_idle  # noqa: F401 (fixtures)

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


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, STREAMLIT_CHROME)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_no_serious_or_critical_finding(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page)
    found = violations(page)
    serious = [v for v in found if v["impact"] in FAILING]
    assert not serious, json.dumps(serious, indent=1)
