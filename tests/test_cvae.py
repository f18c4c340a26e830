"""The conditional VAE: labels change what it draws, it reads the label that made an image, and it
says plainly when labels are missing."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import make_digits

from ae_models import build, train

X, Y = make_digits(40, seed=3)
X = X.astype(np.float32) / 255


@pytest.fixture(scope="module")
def cvae():
    return build("cvae", code_size=4)


def test_the_label_changes_the_drawing_of_one_code(cvae):
    z = np.zeros((2, 4), np.float32)
    a, b = cvae.decode(z, [1, 7])
    assert np.abs(a - b).max() > 1e-4


def test_the_label_changes_the_code_of_one_image(cvae):
    assert not np.allclose(cvae.encode(X[:1], 2), cvae.encode(X[:1], 5))


@pytest.mark.parametrize("call", ["encode", "decode", "reconstruct", "negative_elbo"])
def test_missing_labels_are_refused_with_what_to_pass(cvae, call):
    arg = np.zeros((1, 4), np.float32) if call == "decode" else X[:1]
    with pytest.raises(ValueError, match="pass labels=.*0-9"):
        getattr(cvae, call)(arg)


def test_labels_outside_the_ten_classes_or_of_the_wrong_count_are_refused(cvae):
    with pytest.raises(ValueError, match="integers in 0..9"):
        cvae.encode(X[:2], [3, 10])
    with pytest.raises(ValueError, match="integers in 0..9"):
        cvae.encode(X[:2], [3])


def test_samples_spread_over_the_ten_classes_or_follow_the_labels(cvae):
    spread = cvae.sample(10, seed=0)
    sevens = cvae.sample(10, seed=0, labels=7)
    assert spread.shape == sevens.shape == (10, 28, 28)
    assert np.allclose(spread[7], sevens[7]) and not np.allclose(spread[0], sevens[0])


def test_classify_returns_a_label_and_ten_elbos_per_image(cvae):
    labels, scores = cvae.classify(X[:5])
    assert labels.shape == (5,) and scores.shape == (5, 10)
    assert np.array_equal(labels, scores.argmax(1)) and np.all(scores < 0)


def test_classify_reads_the_label_a_trained_model_drew_a_clean_example_with(use_tiny_data, tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path))
    ae, _ = train("cvae", code_size=2, epochs=8, batch_size=32, learning_rate=3e-3, patience=0, save_to=None)
    drawn = ae.decode(np.zeros((10, 2), np.float32), np.arange(10))    # each class's typical drawing
    labels, _ = ae.classify(drawn)
    assert (labels == np.arange(10)).mean() >= 0.9


def test_other_kinds_ignore_labels_and_refuse_to_classify():
    ae = build("dense", code_size=4)
    assert np.array_equal(ae.encode(X[:3], [1, 2, 3]), ae.encode(X[:3]))
    with pytest.raises(TypeError, match="only a conditional kind"):
        ae.classify(X[:1])
