"""Driving the app in AppTest: the page tests' fixtures, opening a page, reading its pictures
and messages, training from the panel.

The fixtures live here, not in a ``conftest.py``: a second conftest module would
shadow ``tests/conftest.py`` for the tests that import helpers from it. Each page
test module imports the autouse ``page_env``.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
KIND_PAGES = {"dense": "simple", "sparse": "sparse", "deep": "deep", "conv": "convolutional",
              "denoising": "denoising", "lstm": "recurrent", "vae": "variational"}


@pytest.fixture(autouse=True)
def page_env(app_env):
    """Made-up data, untrained weights, a private user folder, and no cached model or dataset."""
    st.cache_resource.clear()
    yield app_env
    st.cache_resource.clear()


def empty_weights(monkeypatch, tmp_path: Path) -> Path:
    """Point the app at an empty shipped-weights folder."""
    empty = tmp_path / "no_weights"
    empty.mkdir()
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(empty))
    return empty


def open_page(page: str, dataset: str = "mnist") -> AppTest:
    """Run the app, go to ``app_pages/<page>.py`` with a test sample as input; fails on any exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["dataset"] = dataset
    at.session_state["input_source"] = "Drawing"    # no input yet: the first (home) run loads no model
    at.run()
    at.segmented_control(key="input_source").set_value("Sample")
    if page != "home":
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert_no_exception(at)
    return at


def assert_no_exception(at: AppTest) -> None:
    """The page ran to the end without an exception box."""
    assert not at.exception, [e.value for e in at.exception]


def picture(at: AppTest, caption: str) -> str:
    """The URL of the first image whose caption starts with ``caption`` (its content hash)."""
    for element in at.image:
        for url, text in zip(element.value, element.captions):
            if text.startswith(caption):
                return url
    raise AssertionError(f"No image captioned {caption!r}; captions: {[e.captions for e in at.image]}")


def moves_picture(at: AppTest, widget, value, caption: str = "Reconstruction") -> bool:
    """Set ``widget`` to ``value``, rerun, and say whether the picture captioned ``caption`` changed."""
    before = picture(at, caption)
    widget.set_value(value).run()
    assert_no_exception(at)
    return picture(at, caption) != before


def pictures(at: AppTest) -> list[str]:
    """Every image URL on the page, in order."""
    return [url for element in at.image for url in element.value]


def messages(at: AppTest) -> str:
    """All warning, error, info and success texts, joined."""
    return "\n".join(m.value for kind in (at.warning, at.error, at.info, at.success) for m in kind)


def train_from_panel(at: AppTest, kind: str, timeout: float = 120) -> AppTest:
    """Submit a one-epoch, 200-image training from the page and rerun until it has finished."""
    at.number_input(key=f"train:{kind}:epochs").set_value(1)
    at.select_slider(key=f"train:{kind}:subset").set_value(200)
    at.button(key=f"FormSubmitter:train:{kind}-Train").click().run()
    deadline = time.monotonic() + timeout
    while not (at.success or at.error):
        assert time.monotonic() < deadline, "training did not finish in time"
        time.sleep(0.25)
        at.run()
    assert_no_exception(at)
    return at
