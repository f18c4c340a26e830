"""ui.live's views: what each hands the browser, what names it, and what it reads back (the browser side
is tested in tests/browser/test_live_decoder.py)."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from ae_models.images import noise_fields
from ae_models.latent import unit_axes
from ui.live import AxesView, CompareView, LiveKind, LiveModel, NoiseView, PathView, PlaneView

ENCODER = LiveModel("app/static/onnx/e.onnx", ("image",), "code", 4, (28, 28))
DECODER = LiveModel("app/static/onnx/d.onnx", ("code",), "pixels", 4, (4,))
IMAGE = np.random.default_rng(0).random((28, 28)).astype(np.float32)


def noise(**changes) -> NoiseView:
    return NoiseView(**{"key": "k", "encoder": ENCODER, "decoder": DECODER, "image": IMAGE,
                        "noise_kind": "gaussian", "level": 0.2, **changes})


def unpacked(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype).reshape(28, 28)


def test_the_noise_view_carries_the_exact_image_and_fields_and_both_parts():
    data = noise(noise_kind="masking", level=0.25, seed=3).data()
    g, u = noise_fields((28, 28), 3)
    settings = data["noise"]
    assert np.array_equal(unpacked(settings["clean"], "<f4"), IMAGE)
    assert np.array_equal(unpacked(settings["g"], "<f8"), g) and np.array_equal(unpacked(settings["u"], "<f8"), u)
    assert (settings["kind"], settings["level"], settings["codeSize"]) == ("masking", 0.25, 4)
    assert [m["shape"] for m in data["models"]] == [[1, 28, 28], [1, 4]]
    json.dumps(data)     # all of it travels as JSON


def test_a_new_level_keeps_the_view_but_a_new_noise_kind_or_image_does_not():
    ids = [noise(level=0.2).identity(), noise(level=0.6).identity(),      # the level a release left in the session
           noise(level=0.6, noise_kind="salt_pepper").identity(),
           noise(level=0.6, noise_kind="salt_pepper", image=1 - IMAGE).identity()]
    assert ids[0] == ids[1] and len(set(ids[1:])) == 3


def test_the_noise_view_brings_its_captions_so_the_browser_types_none():
    texts = noise().data()["noise"]["texts"]
    assert texts["seen"] == "Corrupted input (what the model sees)"
    assert texts["heading"] == ["The code", ": the 4 numbers the image is squeezed into"]


def test_compare_runs_each_kinds_parts_with_its_label():
    labelled = LiveModel("app/static/onnx/c.onnx", ("code", "label"), "pixels", 4, (4,))
    labelled_encoder = LiveModel("app/static/onnx/ce.onnx", ("image", "label"), "code", 4, (28, 28))
    data = CompareView(key="c", kinds=(LiveKind("Simple", "#111", ENCODER, DECODER),
                                       LiveKind("Conditional (as 7)", "#222", labelled_encoder, labelled, label=7)),
                       image=IMAGE, noise_kind="gaussian", level=0.1).data()
    assert [(k["title"], k["encoder"], k["decoder"]) for k in data["compare"]["kinds"]] == \
        [("Simple", 0, 1), ("Conditional (as 7)", 2, 3)]
    assert data["models"][3]["extra"]["label"] == [float(i == 7) for i in range(10)]


def test_a_conditional_model_without_its_label_is_refused():
    labelled = LiveModel("app/static/onnx/c.onnx", ("code", "label"), "pixels", 4, (4,))
    with pytest.raises(ValueError, match="takes label besides its code"):
        noise(decoder=labelled).data()


def test_a_restart_from_the_same_code_is_a_new_axes_view():
    view = AxesView(key="a", decoder=DECODER, base=np.zeros(4), axes=unit_axes(4, 2), labels=("z1", "z2"))
    again = AxesView(key="a", decoder=DECODER, base=np.zeros(4), axes=unit_axes(4, 2), labels=("z1", "z2"), restart=1)
    assert view.identity() != again.identity()
    assert view.read({"id": view.identity(), "positions": [1, -2]}) == [1.0, -2.0]


def test_a_path_view_refuses_an_unknown_interpolation():
    with pytest.raises(ValueError, match="choose linear or spherical"):
        PathView(key="p", decoder=DECODER, a=np.zeros(4), b=np.ones(4), method="cubic").data()


def test_every_view_tells_screen_readers_what_each_slider_moves_and_each_picture_shows():
    conv = LiveModel("app/static/onnx/d.onnx", ("code",), "pixels", 4, (4,), "Convolutional")
    axes = AxesView(key="a", decoder=conv, base=np.zeros(4), axes=unit_axes(4, 2), labels=("unit 0", "unit 1"),
                    caption="Decoded from the edited code").data()["names"]
    assert axes["controls"] == ["unit 0 of the Convolutional model's code (4 values)",
                                "unit 1 of the Convolutional model's code (4 values)"]
    assert axes["pictures"] == ["Decoded from the edited code, drawn by the Convolutional model, code 4"]
    named = noise(decoder=conv, noise_kind="masking").data()["names"]
    assert named["controls"] == ["Noise level (Masking) of the input the Convolutional model sees"]
    assert named["pictures"][1] == "Reconstruction, drawn by the Convolutional model, code 4"
    compare = CompareView(key="c", kinds=(LiveKind("Simple", "#111", ENCODER, DECODER),), image=IMAGE).data()["names"]
    assert compare["pictures"] == ["What every model sees", "Reconstruction by the Simple model, code 4"]


def test_the_plane_names_itself_and_says_its_point_as_text():
    plane = LiveModel("app/static/onnx/v.onnx", ("code",), "pixels", 2, (2,), "Variational")
    names = PlaneView(key="p", decoder=plane, manifold="data:,").data()["names"]
    assert names["plane"].startswith("The 2-D plane of the Variational model's code (2 values): the arrow keys")
    assert names["position"] == "z1 {x:2}, z2 {y:2}"    # filled in the browser, two decimals each
