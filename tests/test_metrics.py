"""Image and code measures against values worked out by hand."""
from __future__ import annotations

import numpy as np

from ae_models import metrics


def test_bce_matches_the_keras_formula_with_grey_targets():
    t = np.full((1, 28, 28), 0.25, np.float32)
    o = np.full((1, 28, 28), 0.5, np.float32)
    assert np.isclose(metrics.bce(t, o)[0], np.log(2), atol=1e-6)


def test_identical_images_have_zero_mse_unit_ssim_and_high_psnr():
    x = np.random.default_rng(0).random((3, 28, 28)).astype(np.float32)
    assert np.allclose(metrics.mse(x, x), 0)
    assert np.allclose(metrics.ssim(x, x), 1)
    assert (metrics.psnr(x, x) > 90).all()


def test_psnr_of_uniform_error_of_a_tenth_is_20_db():
    x = np.zeros((1, 28, 28))
    assert np.isclose(metrics.psnr(x, x + 0.1)[0], 20.0)


def test_ssim_drops_when_structure_is_destroyed():
    rng = np.random.default_rng(1)
    x = np.zeros((1, 28, 28)); x[0, 8:20, 12:16] = 1
    assert metrics.ssim(x, rng.permuted(x, axis=2))[0] < 0.5 < metrics.ssim(x, x * 0.9)[0]


def test_rounded_accuracy_counts_pixels_on_the_same_side_of_a_half():
    t = np.zeros((1, 28, 28)); o = np.zeros((1, 28, 28)); o[0, :14] = 0.9
    assert np.isclose(metrics.rounded_accuracy(t, o)[0], 0.5)


def test_linear_probe_separates_separable_codes_and_not_random_ones():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 600)
    good = np.eye(3)[labels] * 3 + rng.normal(0, 0.3, (600, 3))
    noise = rng.normal(size=(600, 3))
    assert metrics.linear_probe(good[:400], labels[:400], good[400:], labels[400:]) > 0.95
    assert metrics.linear_probe(noise[:400], labels[:400], noise[400:], labels[400:]) < 0.6
