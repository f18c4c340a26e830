"""Simple autoencoder: the image squeezed through one dense code layer and back.

The encoder is a single linear map to the code; the decoder a single dense
layer with a sigmoid, so the model is PCA plus one non-linearity on the way
out, and the gap between the two shows what that non-linearity buys.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras

from ._base import PIXELS, IMAGE_SHAPE, KindConfig, Parts, chain, code_input, image_input


@dataclass
class Config(KindConfig):
    """Only the code size: that is the whole point of the simple autoencoder."""


def build_encoder(config: KindConfig) -> keras.Model:
    """Image -> flatten -> one linear dense code layer."""
    x = image_input()
    code = keras.layers.Dense(config.code_size, name="code")(keras.layers.Flatten()(x))
    return keras.Model(x, code, name="encoder")


def build_decoder(config: KindConfig) -> keras.Model:
    """Code -> one dense sigmoid layer -> 28x28 image."""
    z = code_input(config.code_size)
    h = keras.layers.Dense(PIXELS, activation="sigmoid", name="pixels")(z)
    return keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(h), name="decoder")


def build(config: Config) -> Parts:
    """Build the simple autoencoder."""
    encoder, decoder = build_encoder(config), build_decoder(config)
    return Parts(encoder, decoder, chain(encoder, decoder, "dense_autoencoder"))
