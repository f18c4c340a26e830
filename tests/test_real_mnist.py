"""The few tests that need the real MNIST (skipped when AE_DATA_DIR does not hold it)."""
from __future__ import annotations

import numpy as np
import pytest


def test_real_mnist_has_the_official_split_and_class_balance(real_mnist):
    (x, y), (xt, yt) = real_mnist
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
    assert np.bincount(yt).tolist()[0] == 980 and np.bincount(y).tolist()[9] == 5949


def test_short_deep_run_on_real_digits_beats_pca_of_the_same_size(real_mnist, tmp_path, monkeypatch):
    from ae_models import train
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path))
    deep, _ = train("deep", code_size=16, epochs=5, batch_size=32, subset=6000, save_to=None)
    pca, _ = train("pca", code_size=16, subset=6000, save_to=None)
    assert deep.metrics["bce"] < pca.metrics["bce"]


def test_the_shipped_digit_classifier_reads_the_test_set_at_its_stated_accuracy(real_mnist):
    import h5py

    from benchmarks.digit_classifier import WEIGHTS, classify, load_classifier
    with h5py.File(WEIGHTS) as f:       # shipped at half precision, like the models
        kinds = set()
        f.visititems(lambda _, o: kinds.add(o.dtype) if isinstance(o, h5py.Dataset) else None)
    assert kinds == {np.dtype("float16")}
    (_, _), (xt, yt) = real_mnist
    labels, _ = classify(load_classifier(), xt)
    assert np.mean(labels == yt) == pytest.approx(0.9902, abs=5e-5)
