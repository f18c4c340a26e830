"""A normal start is quiet: `streamlit run app.py`, every page opened in a browser, and the terminal
shows Streamlit's banner and nothing else (no TensorFlow start-up banner, no warning, no traceback).

The server is the one every browser test uses, started as a user would start it (without the
``TF_CPP_MIN_LOG_LEVEL`` the test suite sets for itself): what it printed while every page was
opened, and while the other browser tests drove it, is what a user's terminal would show. The two
tests of ``ae_models.runtime`` alone need no browser and run everywhere.
"""
from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from browser_driver import ROOT, VISITED, app_url, browser, server_log, terminal_environment, wait_idle  # noqa: F401

# Used only when the sidebar shows no navigation to read the pages from.
FALLBACK_PAGES = ["simple", "sparse", "deep", "convolutional", "denoising", "variational", "conditional",
                  "recurrent", "compare", "draw"]
# What Streamlit itself prints on start and stop; every other line is news a user should not get.
BANNER = re.compile(r"^\s*$|You can now view your Streamlit app in your browser\.|^\s*(Local |Network |External )?URL: "
                    r"https?://|^\s*Stopping\.\.\.\s*$|Uvicorn server started on ")
ALARMING = re.compile(r"Warning|WARNING|Traceback")


def stderr_of(code: str) -> bytes:
    """What a fresh Python running ``code`` in the project writes to stderr (it must succeed)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=terminal_environment(),
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stderr


def open_and_wait(page, url: str) -> None:
    """Open ``url`` and wait until its script has finished running."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page, timeout=90_000)


def navigation_paths(page) -> list[str]:
    """The URL path of every page in the sidebar navigation (what ``st.navigation`` was given)."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count():
        more.first.click()   # many pages: Streamlit lists some until asked for the rest
    hrefs = page.locator("[data-testid='stSidebarNav'] a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(href).path.strip("/") for href in hrefs]


def visit_every_page(browser, url: str) -> tuple[list[str], list[str]]:
    """Open the home page, then every other page no test has opened yet on this server; every path
    in the navigation, and those Streamlit did not know."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    unknown = []
    try:
        open_and_wait(page, f"{url}/")
        others = [p for p in navigation_paths(page) if p] or FALLBACK_PAGES
        for path in (p for p in others if p not in VISITED):
            open_and_wait(page, f"{url}/{path}")
            if "Page not found" in page.content():
                unknown.append(path)
    finally:
        context.close()
    return ["", *others], unknown


@pytest.fixture(scope="module")
def server_output(browser, app_url) -> list[str]:
    """Every line the app server has printed, once each page has been opened."""
    visited, unknown = visit_every_page(browser, app_url)
    assert not unknown, f"pages the app does not have: {unknown}"
    assert len(visited) > 2, f"only {visited} were visited"
    return server_log().read_text(errors="replace").splitlines()


def test_server_prints_no_warning_or_traceback_while_every_page_opens(server_output):
    alarming = [line for line in server_output if ALARMING.search(line)]
    assert not alarming, "the server printed:\n" + "\n".join(server_output)


def test_server_prints_nothing_but_streamlits_banner(server_output):
    extra = [line for line in server_output if not BANNER.search(line)]
    assert not extra, "besides Streamlit's banner, the server printed:\n" + "\n".join(extra)


def test_importing_keras_and_tensorflow_through_the_runtime_prints_nothing():
    code = "from ae_models import runtime; runtime.configure(); import keras; import tensorflow"
    assert stderr_of(code) == b""


def test_lines_other_than_tensorflows_start_up_banner_still_reach_stderr():
    code = ("import os, sys\n"
            "from ae_models import runtime\n"
            "with runtime.stderr_without(runtime.START_UP_NOISE):\n"
            "    os.write(2, b'I0000 port.cc:153] oneDNN custom operations are on. Dropped.\\nE0000 a real error\\n')\n"
            "    print('from Python', file=sys.stderr)\n")
    assert stderr_of(code) == b"E0000 a real error\nfrom Python\n"
