"""Simple autoencoder: the image squeezed through one dense code layer and back.

The encoder is a single linear map to the code; the decoder a single dense
layer with a sigmoid, so the model is PCA plus one non-linearity on the way
out, and the gap between the two shows what that non-linearity buys.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras

from ._base import PIXELS, IMAGE_SHAPE, KindConfig, Parts, chain, code_input, image_input


ACTIVATIONS = ("linear", "relu", "elu", "softplus", "tanh")


@dataclass
class Config(KindConfig):
    """``activation``: of the code layer. Linear by default; the Keras blog's model uses ReLU.
    At code 32 on MNIST none beats linear (``python -m benchmarks.bench_dense_ceiling``)."""

    activation: str = "linear"

    def validate(self) -> None:
        super().validate()
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"Unknown code activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}.")


def build_encoder(config: Config) -> keras.Model:
    """Image -> flatten -> one dense code layer (linear unless ``activation`` says otherwise)."""
    x = image_input()
    code = keras.layers.Dense(config.code_size, activation=config.activation,
                              name="code")(keras.layers.Flatten()(x))
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
