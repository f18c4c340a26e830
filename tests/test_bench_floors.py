"""benchmarks/bench_floors: the two reference floors behind the simple model's and the 2-D code's quality goals."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import make_digits

from ae_models.metrics import bce
from benchmarks.bench_floors import best_codes_bce, nearest_training_bce

X = make_digits(40)[0].astype(np.float32) / 255


def test_an_image_in_the_training_set_is_its_own_nearest_neighbour():
    floors = nearest_training_bce(X, X[:5], (1, 3))
    assert floors[1] == pytest.approx(float(bce(X[:5], 0.01 + 0.98 * X[:5]).mean()), rel=1e-5)
    assert floors[3] != floors[1]


def test_optimising_each_code_lowers_the_decoder_loss_below_the_starting_codes():
    # A decoder whose four directions are four of the images: their best codes rebuild them well.
    flat = X[:4].reshape(4, -1).astype(np.float64)
    weights, codes = [8 * (flat - 0.5), np.full(784, -2.0)], np.zeros((4, 4))
    start = float(bce(X[:4], np.full((4, 28, 28), 1 / (1 + np.exp(2.0)))).mean())
    assert best_codes_bce(weights, flat, codes, steps=300) < start / 2
