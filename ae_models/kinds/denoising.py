"""Denoising autoencoder: the convolutional model trained to undo noise.

A ``Corrupt`` layer in front of the encoder adds noise during training only,
while the target stays the clean image, so the code must keep what makes a
digit a digit and drop what noise adds. At inference the input is used as is.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras

from ..layers import Corrupt
from ._base import Parts, image_input
from .conv import Config as ConvConfig, build_decoder, build_encoder


@dataclass
class Config(ConvConfig):
    """``noise_kind``: gaussian, salt_pepper or masking; ``noise_level``: sigma or fraction."""

    noise_kind: str = "gaussian"
    noise_level: float = 0.5

    def validate(self) -> None:
        super().validate()
        if self.noise_kind not in Corrupt.KINDS:
            raise ValueError(f"noise_kind must be one of {', '.join(Corrupt.KINDS)}.")
        if not 0 <= self.noise_level <= 1:
            raise ValueError(f"noise_level must be between 0 and 1, got {self.noise_level}.")


def build(config: Config) -> Parts:
    """Build the denoising autoencoder (noise is applied only while training)."""
    encoder, decoder = build_encoder(config), build_decoder(config)
    x = image_input()
    noisy = Corrupt(config.noise_kind, config.noise_level, name="corrupt")(x)
    trainer = keras.Model(x, decoder(encoder(noisy)), name="denoising_autoencoder")
    return Parts(encoder, decoder, trainer)
