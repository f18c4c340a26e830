"""Sparse autoencoder: a ReLU code with an L1 penalty on its activity.

The penalty makes most code units silent for any one image, so each unit
learns a part (a stroke, a loop) rather than a blend of everything. The code
may be larger than the dense one (over-complete) and still not copy the input.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras

from ._base import KindConfig, Parts, chain
from .dense import build_decoder, build_encoder


@dataclass
class Config(KindConfig):
    """``l1``: weight of the L1 penalty on the code's activity (per unit, per image)."""

    l1: float = 1e-4

    def validate(self) -> None:
        super().validate()
        if not 0 <= self.l1 <= 1:
            raise ValueError(f"l1 must be between 0 and 1, got {self.l1}.")


def build(config: Config) -> Parts:
    """Build the sparse autoencoder."""
    encoder = build_encoder(config, code_activation="relu",
                            activity_regularizer=keras.regularizers.L1(config.l1))
    decoder = build_decoder(config)
    return Parts(encoder, decoder, chain(encoder, decoder, "sparse_autoencoder"))
