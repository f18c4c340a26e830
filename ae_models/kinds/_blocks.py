"""Keras building blocks the kinds share: inputs, the plain chain, convolutional stacks.

Importing this module imports Keras (configured by ``ae_models.runtime``), so kind
modules import it inside their ``build`` functions only.
"""
from __future__ import annotations

from .. import runtime

runtime.configure()
import keras  # noqa: E402

from ._base import CLASSES, IMAGE_SHAPE  # noqa: E402


def image_input(name: str = "image") -> keras.KerasTensor:
    """The (28, 28) input every encoder starts from."""
    return keras.Input(shape=IMAGE_SHAPE, name=name)


def code_input(code_size: int) -> keras.KerasTensor:
    """The (code_size,) input every decoder starts from."""
    return keras.Input(shape=(code_size,), name="code")


def label_input() -> keras.KerasTensor:
    """The one-hot class label a conditional model's parts also take."""
    return keras.Input(shape=(CLASSES,), name="label")


def chain(encoder: keras.Model, decoder: keras.Model, name: str) -> keras.Model:
    """The plain autoencoder: image -> encoder -> decoder -> image."""
    x = image_input()
    return keras.Model(x, decoder(encoder(x)), name=name)


def conv_features(x, filters: list[int]):
    """28x28 image -> flattened 7x7 feature maps, through two strided convolutions."""
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


def conv_image(h, filters: list[int]):
    """Features -> dense 7x7 maps -> transposed convolutions -> 28x28 image in [0, 1]."""
    top = filters[-1]
    h = keras.layers.Dense(7 * 7 * top, activation="relu", name="expand")(h)
    h = keras.layers.Reshape((7, 7, top))(h)
    for i, f in enumerate(reversed(filters)):
        h = keras.layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu",
                                         name=f"deconv_{i}")(h)
    h = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="pixels")(h)
    return keras.layers.Reshape(IMAGE_SHAPE)(h)


def conv_encoder(config) -> keras.Model:
    """Image -> convolutions -> (hidden dense layers) -> dense code (a ``conv.Config``)."""
    x = image_input()
    h = dense_stack(conv_features(x, config.filters), config.hidden, "enc_hidden", config.dropout)
    code = keras.layers.Dense(config.code_size, name="code")(h)
    return keras.Model(x, code, name="encoder")


def conv_decoder(config, conditional: bool = False) -> keras.Model:
    """Code (and, ``conditional``, the one-hot label beside it) -> (hidden dense layers) -> image."""
    z = code_input(config.code_size)
    inputs, h = [z], z
    if conditional:
        label = label_input()
        inputs, h = [z, label], keras.layers.Concatenate(name="code_and_label")([z, label])
    h = dense_stack(h, list(reversed(config.hidden)), "dec_hidden", config.dropout)
    return keras.Model(inputs if conditional else z, conv_image(h, config.filters), name="decoder")
