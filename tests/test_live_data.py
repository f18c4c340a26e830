"""ui.live_decoder's Python side: what the noise views hand the browser (the browser side is tested in
tests/browser/test_live_decoder.py)."""
from __future__ import annotations

import base64

import numpy as np
import pytest

from ae_models.images import noise_fields
from ui import live_decoder
from ui.live_decoder import LiveKind, LiveModel, live_compare, live_noise

ENCODER = LiveModel("app/static/onnx/e.onnx", ("image",), "code", 4, (28, 28))
DECODER = LiveModel("app/static/onnx/d.onnx", ("code",), "pixels", 4, (4,))
IMAGE = np.random.default_rng(0).random((28, 28)).astype(np.float32)


@pytest.fixture()
def sent(monkeypatch) -> list[dict]:
    """The data each mount hands the component (no Streamlit app runs here)."""
    mounts = []
    monkeypatch.setattr(live_decoder, "_component", lambda: lambda **kwargs: mounts.append(kwargs["data"]) or {})
    return mounts


def unpacked(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype).reshape(28, 28)


def test_the_noise_view_carries_the_exact_image_and_fields_and_both_parts(sent):
    live_noise("k", ENCODER, DECODER, IMAGE, "masking", 0.25, seed=3)
    data = sent[0]["noise"]
    g, u = noise_fields((28, 28), 3)
    assert np.array_equal(unpacked(data["clean"], "<f4"), IMAGE)
    assert np.array_equal(unpacked(data["g"], "<f8"), g) and np.array_equal(unpacked(data["u"], "<f8"), u)
    assert (data["kind"], data["level"], data["codeSize"]) == ("masking", 0.25, 4)
    assert [m["shape"] for m in sent[0]["models"]] == [[1, 28, 28], [1, 4]]


def test_a_new_level_keeps_the_view_but_a_new_noise_kind_or_image_does_not(sent):
    live_noise("k", ENCODER, DECODER, IMAGE, "gaussian", 0.2)
    live_noise("k", ENCODER, DECODER, IMAGE, "gaussian", 0.6)      # the level a release left in the session
    live_noise("k", ENCODER, DECODER, IMAGE, "salt_pepper", 0.6)
    live_noise("k", ENCODER, DECODER, 1 - IMAGE, "salt_pepper", 0.6)
    ids = [data["id"] for data in sent]
    assert ids[0] == ids[1] and len(set(ids[1:])) == 3


def test_compare_runs_each_kinds_parts_with_its_label(sent):
    labelled = LiveModel("app/static/onnx/c.onnx", ("code", "label"), "pixels", 4, (4,))
    labelled_encoder = LiveModel("app/static/onnx/ce.onnx", ("image", "label"), "code", 4, (28, 28))
    live_compare("c", [LiveKind("Simple", "#111", ENCODER, DECODER),
                       LiveKind("Conditional (as 7)", "#222", labelled_encoder, labelled, label=7)],
                 IMAGE, "gaussian", 0.1)
    data = sent[0]
    assert [(k["title"], k["encoder"], k["decoder"]) for k in data["compare"]["kinds"]] == \
        [("Simple", 0, 1), ("Conditional (as 7)", 2, 3)]
    assert data["models"][3]["extra"]["label"] == [float(i == 7) for i in range(10)]


def test_a_conditional_model_without_its_label_is_refused(sent):
    labelled = LiveModel("app/static/onnx/c.onnx", ("code", "label"), "pixels", 4, (4,))
    with pytest.raises(ValueError, match="takes label besides its code"):
        live_noise("k", ENCODER, labelled, IMAGE, "gaussian", 0.1)
