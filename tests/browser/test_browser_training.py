"""Training in a real browser: press Train and watch the model learn, the view refreshing as it goes,
until the run finishes and its model is saved."""
from __future__ import annotations

import re

from browser_driver import app_url, browser, page, wait_idle  # noqa: F401 (fixtures)

VIEW = "[data-testid='training-view']"


def updates(page) -> int:
    return int(page.locator(VIEW).first.get_attribute("data-updates"))


def test_pressing_train_shows_the_model_learning_until_it_is_saved(page, app_url):
    page.goto(f"{app_url}/simple")
    wait_idle(page)
    # Fashion-MNIST, a subset here: the new model is measured on a few hundred test images, not 10,000.
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile("Fashion")).click()
    wait_idle(page)
    page.get_by_text("Train a Simple model").click()
    epochs = page.get_by_label("Epochs")
    epochs.fill("1")
    epochs.press("Tab")
    page.locator(".st-key-train-dense-subset").get_by_role("slider").focus()
    page.keyboard.press("Home")                     # the smallest subset: 200 images
    page.get_by_role("button", name="Train").click()
    page.wait_for_selector(VIEW, timeout=90_000)
    first = updates(page)
    page.wait_for_function(f"n => Number(document.querySelector(\"{VIEW}\")?.dataset.updates) >= n + 2",
                           arg=first, timeout=30_000)
    page.get_by_text("saved as your model").wait_for(timeout=120_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(VIEW).locator("img.chart").count() >= 2      # the final pictures stay on the page
