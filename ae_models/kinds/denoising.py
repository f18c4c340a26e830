"""Denoising autoencoder: the convolutional model trained to undo noise.

A ``Corrupt`` layer in front of the encoder adds noise during training only,
while the target stays the clean image, so the code must keep what makes a
digit a digit and drop what noise adds. At inference the input is used as is.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..images import NOISE_KINDS, NOISE_NAMES
from ._base import Parts, knob
from .conv import Config as ConvConfig


@dataclass
class Config(ConvConfig):
    """The convolutional settings plus the noise it learns to undo."""

    noise_kind: str = knob("gaussian", "Training noise", "The noise added to the inputs while training.",
                           choices=NOISE_KINDS, names=tuple(NOISE_NAMES.items()))
    noise_level: float = knob(0.5, "Training noise level", "Standard deviation for Gaussian noise, share of "
                              "pixels hit otherwise.", minimum=0.0, maximum=1.0, step=0.05)

    def validate(self) -> None:
        super().validate()
        if self.noise_kind not in NOISE_KINDS:
            raise ValueError(f"noise_kind must be one of {', '.join(NOISE_KINDS)}.")
        if not 0 <= self.noise_level <= 1:
            raise ValueError(f"noise_level must be between 0 and 1, got {self.noise_level}.")


def build(config: Config) -> Parts:
    """Build the denoising autoencoder (noise is applied only while training)."""
    import keras

    from ..layers import Corrupt
    from ._blocks import conv_decoder, conv_encoder, image_input
    encoder, decoder = conv_encoder(config), conv_decoder(config)
    x = image_input()
    noisy = Corrupt(config.noise_kind, config.noise_level, name="corrupt")(x)
    trainer = keras.Model(x, decoder(encoder(noisy)), name="denoising_autoencoder")
    return Parts(encoder, decoder, trainer)
