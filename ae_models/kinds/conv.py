"""Convolutional autoencoder: small filters that see strokes, not single pixels.

Two strided convolutions take 28x28 to 7x7 feature maps, a dense layer makes
the code of any size, and transposed convolutions grow the image back. The
same encoder and decoder serve the denoising and variational kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import keras

from ._base import IMAGE_SHAPE, KindConfig, Parts, chain, code_input, image_input


@dataclass
class Config(KindConfig):
    """``filters``: channels of the two encoder convolutions (the decoder mirrors them)."""

    filters: list[int] = field(default_factory=lambda: [32, 64])

    def validate(self) -> None:
        super().validate()
        if len(self.filters) != 2 or any(int(f) < 1 for f in self.filters):
            raise ValueError("filters must be two positive channel counts, e.g. [32, 64].")


def conv_features(x, filters: list[int]):
    """28x28 image -> flattened 7x7 feature maps."""
    h = keras.layers.Reshape((*IMAGE_SHAPE, 1))(x)
    for i, f in enumerate(filters):
        h = keras.layers.Conv2D(f, 3, strides=2, padding="same", activation="relu", name=f"conv_{i}")(h)
    return keras.layers.Flatten()(h)


def build_encoder(config: Config) -> keras.Model:
    """Image -> convolutions -> dense code."""
    x = image_input()
    code = keras.layers.Dense(config.code_size, name="code")(conv_features(x, config.filters))
    return keras.Model(x, code, name="encoder")


def build_decoder(config: Config) -> keras.Model:
    """Code -> dense 7x7 maps -> transposed convolutions -> 28x28 image."""
    z = code_input(config.code_size)
    top = config.filters[-1]
    h = keras.layers.Dense(7 * 7 * top, activation="relu", name="expand")(z)
    h = keras.layers.Reshape((7, 7, top))(h)
    for i, f in enumerate(reversed(config.filters)):
        h = keras.layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu",
                                         name=f"deconv_{i}")(h)
    h = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="pixels")(h)
    return keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(h), name="decoder")


def build(config: Config) -> Parts:
    """Build the convolutional autoencoder."""
    encoder, decoder = build_encoder(config), build_decoder(config)
    return Parts(encoder, decoder, chain(encoder, decoder, "conv_autoencoder"))
