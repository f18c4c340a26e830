"""ONNX export: exported parts compute what Keras computes, are cached per weights file, and fail clearly.

Every shipped decoder is checked (what the browser runs); encoders for one model of
each kind, the sparse kind's thresholded code layer included: exporting every part of
every shipped model takes over a minute on two cores, and the encoders of one kind
share their layers.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import save_untrained

from ae_models import build
from ae_models.export import ExportError, export_part, onnx_inputs, onnx_outputs
from ae_models.store import list_models, load, read_entry

ort = pytest.importorskip("onnxruntime", reason="onnxruntime (a test-only requirement) is not installed: "
                                                "pip install onnxruntime")

SHIPPED = {e.name: e for e in list_models(source="shipped")}
ONE_PER_KIND = {}
for _entry in SHIPPED.values():   # the MNIST model closest to 32 code values, per kind
    best = ONE_PER_KIND.get(_entry.kind)
    if _entry.dataset == "mnist" and (best is None or abs(_entry.code_size - 32) < abs(best.code_size - 32)):
        ONE_PER_KIND[_entry.kind] = _entry

DECODER_TOLERANCE = 1e-5    # pixels in [0, 1]
ENCODER_TOLERANCE = 1e-5    # relative to the largest code value (unbounded codes reach ~25)


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx")


def shipped(name: str):
    """A shipped model, loaded (skips when it is not shipped)."""
    if name not in SHIPPED:
        pytest.skip(f"{name} is not among the shipped models")
    return load(SHIPPED[name])


def run_onnx(path, *inputs: np.ndarray) -> list[np.ndarray]:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {i.name: x for i, x in zip(session.get_inputs(), inputs)})


def run_keras(model, *inputs: np.ndarray) -> list[np.ndarray]:
    out = model(list(inputs) if len(inputs) > 1 else inputs[0], training=False)
    return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]


def random_codes(code_size: int, n: int = 8) -> np.ndarray:
    return (np.random.default_rng(code_size).standard_normal((n, code_size)) * 1.5).astype(np.float32)


def random_images(n: int = 6) -> np.ndarray:
    return np.random.default_rng(1).random((n, 28, 28)).astype(np.float32)


def largest_gap(got: list[np.ndarray], want: list[np.ndarray], relative: bool = False) -> float:
    assert [g.shape for g in got] == [w.shape for w in want]
    return max(float(np.abs(g - w).max() / (max(1.0, float(np.abs(w).max())) if relative else 1.0))
               for g, w in zip(got, want))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_decoder_exports_and_matches_keras(name, export_dir):
    ae = load(SHIPPED[name])
    path = export_part(ae, "decoder", export_dir)
    assert path.name == f"{ae.record.sha256[:16]}-{ae.kind}-decoder-f16.onnx"
    assert [i.name for i in onnx_inputs(path)] == (["code", "label"] if ae.conditional else ["code"])
    assert onnx_inputs(path)[0].shape == (None, ae.code_size)
    z = random_codes(ae.code_size)
    labels = [np.eye(10, dtype=np.float32)[np.arange(len(z)) % 10]] if ae.conditional else []
    assert largest_gap(run_onnx(path, z, *labels), run_keras(ae.decoder, z, *labels)) <= DECODER_TOLERANCE


@pytest.mark.parametrize("kind", sorted(ONE_PER_KIND))
def test_encoder_of_each_kind_exports_and_matches_keras(kind, export_dir):
    ae = load(ONE_PER_KIND[kind])
    path = export_part(ae, "encoder", export_dir)
    assert [i.shape for i in onnx_inputs(path)] == [(None, 28, 28)] + ([(None, 10)] if ae.conditional else [])
    assert len(onnx_outputs(path)) == len(ae.encoder.outputs)   # mean and log-variance for the VAE
    x = random_images()
    labels = [np.eye(10, dtype=np.float32)[np.arange(len(x)) % 10]] if ae.conditional else []
    assert largest_gap(run_onnx(path, x, *labels), run_keras(ae.encoder, x, *labels),
                       relative=True) <= ENCODER_TOLERANCE


def test_conditional_parts_take_the_label_too(tmp_path):
    save_untrained(tmp_path, "cvae", "mnist", 8)
    ae = load(read_entry(tmp_path / "cvae-mnist-8.json", "user"))
    labels = np.eye(10, dtype=np.float32)[np.arange(6) % 10]
    decoder, encoder = export_part(ae, "decoder", tmp_path), export_part(ae, "encoder", tmp_path)
    assert [(i.name, i.shape) for i in onnx_inputs(decoder)] == [("code", (None, 8)), ("label", (None, 10))]
    assert [i.name for i in onnx_inputs(encoder)] == ["image", "label"]
    z, x = random_codes(8, 6), random_images(6)
    assert largest_gap(run_onnx(decoder, z, labels), run_keras(ae.decoder, z, labels)) <= DECODER_TOLERANCE
    assert largest_gap(run_onnx(encoder, x, labels), run_keras(ae.encoder, x, labels),
                       relative=True) <= ENCODER_TOLERANCE


def test_weights_that_are_half_precision_values_are_stored_as_such_and_compute_the_same(tmp_path, monkeypatch):
    from ae_models import export
    ae = shipped("vae-mnist-2")
    (tmp_path / "half").mkdir(), (tmp_path / "full").mkdir()
    half = export_part(ae, "decoder", tmp_path / "half")
    monkeypatch.setattr(export, "store_half_weights", lambda path: 0)
    full = export_part(ae, "decoder", tmp_path / "full")
    assert half.stat().st_size < 0.55 * full.stat().st_size
    z = random_codes(2)
    assert np.array_equal(run_onnx(half, z)[0], run_onnx(full, z)[0])


def test_only_large_weights_whose_values_survive_half_precision_are_rewritten(tmp_path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    from ae_models.export import store_half_weights
    rng = np.random.default_rng(0)
    weights = {"exact": rng.standard_normal((8, 16)).astype(np.float16).astype(np.float32),
               "inexact": rng.standard_normal((16, 16)).astype(np.float32),
               "small": np.full((1, 16), 0.5, np.float32)}
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "exact"], ["h"]), helper.make_node("MatMul", ["h", "inexact"], ["k"]),
         helper.make_node("Add", ["k", "small"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 16])],
        [numpy_helper.from_array(w, name) for name, w in weights.items()])
    path = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)]), str(path))
    x = rng.standard_normal((3, 8)).astype(np.float32)
    before = run_onnx(path, x)[0]
    assert store_half_weights(path) == 1
    types = {t.name: t.data_type for t in onnx.load(str(path)).graph.initializer}
    assert types == {"exact:f16": TensorProto.FLOAT16, "inexact": TensorProto.FLOAT, "small": TensorProto.FLOAT}
    assert np.array_equal(run_onnx(path, x)[0], before)


def test_second_export_returns_the_cached_file_without_converting(tmp_path, monkeypatch):
    from ae_models import export
    ae = shipped("dense-mnist-2")
    first = export_part(ae, "decoder", tmp_path)
    stamp = first.stat().st_mtime_ns
    monkeypatch.setattr(export, "_write_onnx", lambda *a: pytest.fail("exported again"))
    assert export_part(ae, "decoder", tmp_path) == first
    assert first.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]   # no temporary file left


def test_unsaved_model_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not been saved"):
        export_part(build("dense", 2), "decoder", tmp_path)
    assert not any(tmp_path.iterdir())


def test_unknown_part_is_refused(tmp_path):
    with pytest.raises(ValueError, match="encoder, decoder"):
        export_part(shipped("dense-mnist-2"), "trainer", tmp_path)


def test_failed_conversion_raises_export_error_and_leaves_nothing(tmp_path, monkeypatch):
    import keras

    def fail(*args, **kwargs):
        raise ValueError("Failed to import metagraph")
    monkeypatch.setattr(keras.Model, "export", fail)
    with pytest.raises(ExportError, match="dense model's decoder cannot be exported.*metagraph"):
        export_part(shipped("dense-mnist-2"), "decoder", tmp_path)
    assert not any(tmp_path.iterdir())


def test_export_is_quiet_and_leaves_numpy_alone(tmp_path, capfd):
    ae = shipped("sparse-mnist-32")   # the part that needs rebuilding, for good measure
    capfd.readouterr()
    export_part(ae, "encoder", tmp_path)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert "object" not in vars(np)
