"""Driving the app in AppTest: the page tests' fixtures, opening a page, reading its pictures
and messages, training from the panel, and files to upload (good and bad).

The fixtures live here, not in a ``conftest.py``: a second conftest module would
shadow ``tests/conftest.py`` for the tests that import helpers from it. Each page
test module imports the autouse ``page_env``.
"""
from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_models.images import MAX_BYTES
from ae_models.registry import RECORDS

ROOT = Path(__file__).resolve().parents[2]
KIND_PAGES = {k.name: Path(k.page).stem for k in RECORDS if k.page}     # kind -> page name, e.g. conv -> convolutional


_EXPORTS: dict[str, Path] = {}   # one folder for the whole session: an untrained model is exported once


@pytest.fixture(autouse=True)
def page_env(app_env, tmp_path_factory, monkeypatch):
    """Made-up data, untrained weights, a private user folder, no cached model or dataset, and live
    pages' ONNX exports kept out of the project's static/ folder."""
    if "onnx" not in _EXPORTS:
        _EXPORTS["onnx"] = tmp_path_factory.mktemp("onnx")
    monkeypatch.setattr("ui.live.models.ONNX_DIR", _EXPORTS["onnx"])
    st.cache_resource.clear()
    yield app_env
    st.cache_resource.clear()


def empty_weights(monkeypatch, tmp_path: Path) -> Path:
    """Point the app at an empty shipped-weights folder."""
    empty = tmp_path / "no_weights"
    empty.mkdir()
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(empty))
    return empty


def open_page(page: str, dataset: str = "mnist", live: bool = False, visitor: str | None = None) -> AppTest:
    """Run the app, go to ``app_pages/<page>.py`` with a test sample as input; fails on any exception.

    AppTest has no browser to run models in, so pages draw their server path unless ``live``; it
    sends no cookie either, so each AppTest is a visitor of its own (``visitor``: this one)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if visitor is not None:
        at.session_state["visitor:id"] = visitor
    at.session_state["dataset"] = dataset
    at.session_state["live"] = live
    at.session_state["input_source"] = "Drawing"    # no input yet: the first (home) run loads no model
    at.run()
    at.segmented_control(key="input_source").set_value("Sample")
    if page != "home":
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert_no_exception(at)
    return at


def visitor_of(at: AppTest) -> str:
    """The visitor id the app gave this AppTest session (``ui.visitor``)."""
    return at.session_state["visitor:id"]


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


def bar_tips(at: AppTest) -> list[str]:
    """The hover texts of every HTML bar on the page (``ui.charts.bars``), in order."""
    import re
    return [t for e in at.get("html") for t in re.findall(r'title="([^"]*)"', e.proto.body)]


def messages(at: AppTest) -> str:
    """All warning, error, info and success texts, joined."""
    return "\n".join(m.value for kind in (at.warning, at.error, at.info, at.success) for m in kind)


def train_from_panel(at: AppTest, kind: str, timeout: float = 180) -> AppTest:
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


def digit_png() -> bytes:
    """A dark '1' on white paper, as a phone photo of a drawn digit would be."""
    paper = np.full((120, 90), 235, np.uint8)
    paper[15:105, 40:52] = 20
    out = io.BytesIO()
    Image.fromarray(paper).save(out, format="PNG")
    return out.getvalue()


def animated_gif() -> bytes:
    """Three frames of a '1' moving right."""
    paper = Image.open(io.BytesIO(digit_png()))
    frames = [paper.transform(paper.size, Image.Transform.AFFINE, (1, 0, -8 * i, 0, 1, 0), fillcolor=235)
              for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def bomb_png() -> bytes:
    """A 7000x6000 black PNG: a few kilobytes, 42 million pixels."""
    out = io.BytesIO()
    Image.new("1", (7000, 6000)).save(out, format="PNG")
    return out.getvalue()


BAD_UPLOADS = {
    "not an image": ("notes.png", lambda: b"just text", "not an image"),
    "truncated": ("cut.png", lambda: digit_png()[:70], "damaged or truncated"),
    "zero bytes": ("empty.png", lambda: b"", "empty (0 bytes)"),
    "too large": ("huge.png", lambda: bytes(MAX_BYTES + 1), f"larger than {MAX_BYTES // 2**20} MB"),
    "decompression bomb": ("bomb.png", bomb_png, "more than 40 million pixels"),
}
