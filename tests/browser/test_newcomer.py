"""A newcomer's first run: a fresh clone started as the README says, with no ``AE_DATA_DIR``, an empty
home (no Keras cache, no user models) and every download refused. Every page shows a sample, the
Variational page its maps, a one-epoch training run finishes, and the terminal stays quiet.

This server is its own (not the shared one the other browser tests use): CI sets ``AE_DATA_DIR``
for the rest of the suite, and this test must not see it.
"""
from __future__ import annotations

import re
import subprocess
import urllib.request
from urllib.parse import urlsplit

import pytest
from browser_driver import ROOT, browser, free_port, start_server, stop_server, wait_idle  # noqa: F401

from benchmarks.browser import newcomer_env

PAGES = ["", "simple", "sparse", "deep", "convolutional", "denoising", "variational", "conditional", "recurrent",
         "compare", "draw"]
ERROR_BOX = "[data-testid='stAlertContentError'], [data-testid='stException']"
SIDEBAR_SAMPLE = "[data-testid='stSidebar'] [data-testid='stImage'] img"
NOISE = re.compile(r"Downloading|download|Traceback|Warning|WARNING|Error")


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory):
    """The URL of a server started as on a fresh clone, and its log file."""
    home = tmp_path_factory.mktemp("newcomer_home")
    log, port = home / "server.log", free_port()
    proc: subprocess.Popen = start_server(ROOT / "app.py", newcomer_env(str(home)), port, log=log)
    try:
        yield f"http://127.0.0.1:{port}", log, home
    finally:
        stop_server(proc)


@pytest.fixture()
def tab(browser, newcomer):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def open_page(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector("[data-testid='stMain']")
    wait_idle(tab, timeout=90_000)


def test_every_page_shows_a_sample_and_no_error_and_asks_nothing_of_the_internet(tab, newcomer):
    url, _, _ = newcomer
    elsewhere = []
    tab.on("request", lambda r: None if urlsplit(r.url).hostname in ("127.0.0.1", None) or
           r.url.startswith(("data:", "blob:")) else elsewhere.append(r.url))
    for path in PAGES:
        open_page(tab, f"{url}/{path}")
        assert tab.locator(ERROR_BOX).count() == 0, (path, tab.locator(ERROR_BOX).all_inner_texts())
        assert tab.locator(SIDEBAR_SAMPLE).count() >= 1, f"/{path}: no sample input in the sidebar"
        assert "Page not found" not in tab.content()
    assert not elsewhere, f"the pages fetched from the internet: {elsewhere}"


def test_the_browser_runtime_is_served_as_it_is_not_gzipped_again_per_visitor(tab, newcomer):
    url, _, _ = newcomer
    open_page(tab, f"{url}/convolutional")
    wasm = next((ROOT / "static" / "ort").glob("*.wasm"))
    ask = urllib.request.Request(f"{url}/app/static/ort/{wasm.name}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(ask, timeout=60) as answer:
        assert answer.headers.get("Content-Encoding") is None
        assert answer.read() == wasm.read_bytes()


def test_variational_page_has_its_test_code_map_and_class_means(tab, newcomer):
    url, _, _ = newcomer
    open_page(tab, f"{url}/variational")
    assert tab.locator(".st-key-vae-map [data-testid='stPlotlyChart']").count() == 1
    means = tab.locator(".st-key-vae-mean button")
    assert means.count() == 10, "a button per class mean"
    assert tab.get_by_text("The test set is not available").count() == 0


def test_a_one_epoch_training_run_finishes_on_the_embedded_subset(tab, newcomer):
    url, _, home = newcomer
    open_page(tab, f"{url}/simple")
    tab.get_by_text("Train a Simple model").click()
    assert tab.get_by_text(re.compile("10,000 of 60,000 training images")).count() >= 1
    epochs = tab.locator(".st-key-train-dense-epochs input")
    epochs.fill("1")
    epochs.press("Tab")
    tab.locator(".st-key-train-dense-subset").get_by_role("slider").press("Home")     # its fewest images
    tab.get_by_role("button", name="Train", exact=True).click()
    tab.get_by_text(re.compile("Trained in")).wait_for(timeout=180_000)
    assert tab.locator(ERROR_BOX).count() == 0
    saved = list((home / ".autoencoder_lab" / "models").rglob("dense-mnist-32-*.weights.h5"))
    assert saved, "the trained model was not saved in the newcomer's own folder"


def test_the_terminal_stays_quiet_and_nothing_tries_to_download(newcomer):
    _, log, _ = newcomer
    noisy = [line for line in log.read_text(errors="replace").splitlines() if NOISE.search(line)]
    assert not noisy, "the newcomer's server printed:\n" + "\n".join(noisy)
