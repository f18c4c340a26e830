"""Convolutional autoencoder: small filters that see strokes, not single pixels.

Two strided convolutions take 28x28 to 7x7 feature maps, a dense layer makes
the code of any size, and transposed convolutions grow the image back. Optional
dense ``hidden`` layers between the feature maps and the code (mirrored in the
decoder) help the smallest codes, where one linear map from 3,136 features to
two numbers, and one layer back, is too little; ``dropout`` after each of them
holds back a small code's decoder from memorising the training images. The
same encoder and decoder serve the denoising and variational kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import keras

from ._base import IMAGE_SHAPE, KindConfig, Parts, chain, code_input, image_input


@dataclass
class Config(KindConfig):
    """``filters``: channels of the two encoder convolutions; ``hidden``: widths of dense layers
    between the feature maps and the code (the decoder mirrors both); ``dropout``: share of
    each hidden layer's units dropped while training (0 = no dropout layers)."""

    filters: list[int] = field(default_factory=lambda: [32, 64])
    hidden: list[int] = field(default_factory=list)
    dropout: float = 0.0

    def validate(self) -> None:
        super().validate()
        if len(self.filters) != 2 or any(int(f) < 1 for f in self.filters):
            raise ValueError("filters must be two positive channel counts, e.g. [32, 64].")
        if any(int(h) < 1 for h in self.hidden):
            raise ValueError("hidden widths must be positive ([] means none).")
        if not 0 <= float(self.dropout) < 1:
            raise ValueError("dropout must be in [0, 1).")


def conv_features(x, filters: list[int]):
    """28x28 image -> flattened 7x7 feature maps."""
    h = keras.layers.Reshape((*IMAGE_SHAPE, 1))(x)
    for i, f in enumerate(filters):
        h = keras.layers.Conv2D(f, 3, strides=2, padding="same", activation="relu", name=f"conv_{i}")(h)
    return keras.layers.Flatten()(h)


def dense_stack(h, widths: list[int], prefix: str, dropout: float = 0.0):
    """ReLU dense layers of the given widths, named prefix_0, prefix_1, ..., each followed by
    dropout when ``dropout`` > 0."""
    for i, width in enumerate(widths):
        h = keras.layers.Dense(int(width), activation="relu", name=f"{prefix}_{i}")(h)
        if dropout:
            h = keras.layers.Dropout(float(dropout), name=f"{prefix}_{i}_dropout")(h)
    return h


def build_encoder(config: Config) -> keras.Model:
    """Image -> convolutions -> (hidden dense layers) -> dense code."""
    x = image_input()
    h = dense_stack(conv_features(x, config.filters), config.hidden, "enc_hidden", config.dropout)
    code = keras.layers.Dense(config.code_size, name="code")(h)
    return keras.Model(x, code, name="encoder")


def build_decoder(config: Config) -> keras.Model:
    """Code -> (hidden dense layers) -> dense 7x7 maps -> transposed convolutions -> 28x28 image."""
    z = code_input(config.code_size)
    top = config.filters[-1]
    h = dense_stack(z, list(reversed(config.hidden)), "dec_hidden", config.dropout)
    h = keras.layers.Dense(7 * 7 * top, activation="relu", name="expand")(h)
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
