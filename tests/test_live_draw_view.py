"""The draw view: what it hands the browser, what names it, and what it makes of what the browser reports
at pen-up (never trusted: anything but a PNG drawing is ignored). The browser side is tested in
tests/browser/test_browser_draw_live.py, the port of to_mnist in tests/test_live_to_mnist.py."""
from __future__ import annotations

import base64
import io
import json

import numpy as np
from PIL import Image

from ae_models.images import to_mnist
from ui.live import DrawView, LiveKind, LiveModel
from ui.live.draw_view import PNG_PREFIX, canvas_png

ENCODER = LiveModel("app/static/onnx/e.onnx", ("image",), "code", 4, (28, 28))
DECODER = LiveModel("app/static/onnx/d.onnx", ("code",), "pixels", 4, (4,))
CONDITIONAL = (LiveModel("app/static/onnx/ce.onnx", ("image", "label"), "mean", 4, (28, 28)),
               LiveModel("app/static/onnx/cd.onnx", ("code", "label"), "pixels", 4, (4,)))
KINDS = (LiveKind("Simple", "#111111", ENCODER, DECODER), LiveKind("Conditional", "#222222", *CONDITIONAL))


def drawing() -> np.ndarray:
    rgba = np.zeros((280, 280, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[60:220, 130:150, :3] = 255      # a '1'
    return rgba


def view(**changes) -> DrawView:
    return DrawView(**{"key": "draw:live", "kinds": KINDS, "classes": tuple("0123456789"), **changes})


def test_every_kind_runs_its_encoder_then_decoder_and_the_conditional_one_reads_the_class():
    data = view().data()
    assert data["mode"] == "draw" and [k["classify"] for k in data["draw"]["kinds"]] == [False, True]
    assert [m["url"] for m in data["models"]] == ["app/static/onnx/e.onnx", "app/static/onnx/d.onnx",
                                                  "app/static/onnx/ce.onnx", "app/static/onnx/cd.onnx"]
    assert data["models"][2]["extra"] == {"label": [1.0] + [0.0] * 9}   # a stand-in the browser replaces
    assert data["draw"]["texts"]["undo"] == "Undo" and data["draw"]["canvas"] == 280
    json.dumps(data)


def test_a_new_drawing_to_start_from_is_not_a_new_view_but_new_models_are():
    start = canvas_png(drawing())
    assert view().identity() == view(start=start).identity()
    assert view().identity() != view(kinds=KINDS[:1]).identity()


def test_a_reported_drawing_comes_back_pixel_for_pixel_with_its_input():
    rgba, digit = drawing(), to_mnist(drawing())
    read = view().read({"png": canvas_png(rgba), "input": digit.ravel().tolist(), "strokes": 2})
    assert np.array_equal(read.rgba, rgba) and np.array_equal(read.input, digit) and read.strokes == 2


def test_a_cleared_canvas_reports_no_drawing():
    read = view().read({"png": None, "input": None, "strokes": 0})
    assert read.rgba is None and read.input is None


def test_anything_but_a_png_drawing_is_ignored():
    jpeg = io.BytesIO()
    Image.fromarray(drawing()[..., :3]).save(jpeg, format="JPEG")
    huge = io.BytesIO()
    Image.new("L", (3000, 10)).save(huge, format="PNG")
    for png in ("data:image/png;base64,not base64!", PNG_PREFIX + base64.b64encode(b"\x89PNG garbage").decode(),
                "data:image/jpeg;base64," + base64.b64encode(jpeg.getvalue()).decode(),
                PNG_PREFIX + base64.b64encode(huge.getvalue()).decode(), 42):
        assert view().read({"png": png, "input": None}) is None
    for digit in (["x"] * 3, ["x"] * 784, [float("nan")] * 784, {"a": 1}):
        odd = view().read({"png": canvas_png(drawing()), "input": digit})
        assert odd.input is None and odd.rgba is not None
