"""ui.state's typed objects: a walk's transitions, and each object's address-bar form (to_query / from_query)."""
from __future__ import annotations

import numpy as np

from ae_models.latent import unit_axes
from ui.state import Comparison, NoiseChoice, Walk

AXES = unit_axes(4, 2)


def test_a_walk_starts_at_its_base_moves_on_release_and_a_restart_is_counted():
    walk = Walk.at("w", np.array([0.5, -1.0, 2.0, 0.0]), AXES, origin="input A")
    assert np.array_equal(walk.code, walk.base) and walk.start == [0.5, -1.0]
    moved = walk.moved([1.5, 0.0])
    assert np.allclose(moved.code, [1.5, 0.0, 2.0, 0.0])
    assert walk.moved(None) is walk      # no release yet: where it was
    back = moved.start_from(walk.base)
    assert back.restarts == 1 and back.position is None and back.origin == "input A"
    assert np.array_equal(back.code, walk.base)


def test_a_walk_says_its_released_position_and_reads_it_back():
    walk = Walk.at("vae", np.zeros(4), AXES).moved([0.25, -1.5])
    assert walk.to_query() == {"vae": "0.25,-1.5"}
    fresh = Walk.at("vae", np.zeros(4), AXES)
    assert fresh.to_query() == {}
    assert fresh.from_query(walk.to_query()).position == (0.25, -1.5)
    assert fresh.from_query({"vae": "9,-9"}).position == (3.0, -3.0)     # clipped to the sliders' span
    for unusable in ({}, {"vae": "1"}, {"vae": "a,b"}):
        assert fresh.from_query(unusable) is fresh


def test_a_noise_choice_and_a_comparison_round_trip_through_the_query():
    noise = NoiseChoice("masking", 0.35)
    assert NoiseChoice.from_query(noise.to_query("conv"), "conv", NoiseChoice()) == noise
    for unusable in ("masking:lots", "fog:0.5", "gaussian:7"):
        assert NoiseChoice.from_query({"conv.noise": unusable}, "conv", NoiseChoice()) == NoiseChoice()
    chosen = Comparison(("pca", "conv"), 32)
    assert Comparison.from_query(chosen.to_query(), ["pca", "conv", "vae"]) == chosen
    assert Comparison.from_query({"kinds": "pca,nonsense"}, ["pca"]) == Comparison(("pca",), None)
    assert Comparison.from_query({}, ["pca"]) is None
