"""Sparse autoencoder: a ReLU code with an L1 penalty on its activity.

The penalty makes most code units silent for any one image, so each unit
learns a part (a stroke, a loop) rather than a blend of everything, and the
code may be larger than the input needs (over-complete) without simply
copying it. A hidden layer on each side gives the code units room to be
specific; ``hidden=[]`` makes it the single-layer textbook model.

Two options keep the penalty honest. A plain L1 penalty on ReLU units tends to
silence most of them for good; ``normalize`` batch-normalises each unit's input
(with no learned scale, so no unit can be shrunk away), which keeps every unit
in use. The penalty can then be dodged by many tiny activations instead;
``threshold`` (a ``JumpReLU``) passes a unit's value only above it, so every
active unit costs at least ``l1 * threshold`` and the penalty counts units.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import IMAGE_SHAPE, PIXELS, KindConfig, Parts, knob

ACTIVE = 1e-3   # a code unit above this counts as active


@dataclass
class Config(KindConfig):
    """The sparse model's settings."""

    l1: float = knob(1e-3, "L1 strength", "Weight of the penalty on code activity: higher means fewer active "
                     "units.", choices=(0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2))
    hidden: list[int] = knob([512, 256], "Hidden layers", "Widths of the dense layers between the image and "
                             "the code ([] for none).", choices=((256,), (512,), (512, 256), (1024, 512)))
    normalize: bool = knob(False, "Normalise the code", "Batch-normalise each code unit before its activation: "
                           "no unit can go silent for good.")
    threshold: float = knob(0.0, "Code threshold", "A code unit passes only values above this, else 0: the L1 "
                            "penalty then counts active units instead of letting many tiny ones through.",
                            choices=(0.0, 0.25, 0.5, 1.0))

    def validate(self) -> None:
        super().validate()
        if not 0 <= self.l1 <= 1:
            raise ValueError(f"l1 must be between 0 and 1, got {self.l1}.")
        if any(int(h) < 1 for h in self.hidden):
            raise ValueError("hidden widths must be positive ([] means no hidden layer).")
        if self.threshold < 0:
            raise ValueError(f"threshold cannot be negative, got {self.threshold}.")


def build(config: Config) -> Parts:
    """Build the sparse autoencoder."""
    import keras

    from ..layers import JumpReLU
    from ._blocks import chain, code_input, image_input
    x = image_input()
    h = keras.layers.Flatten()(x)
    for i, width in enumerate(config.hidden):
        h = keras.layers.Dense(width, activation="relu", name=f"enc_{i}")(h)
    penalty = keras.regularizers.L1(config.l1)
    if config.normalize or config.threshold:
        h = keras.layers.Dense(config.code_size, use_bias=not config.normalize, name="code_units")(h)
        if config.normalize:
            h = keras.layers.BatchNormalization(scale=False, name="code_norm")(h)
        unit = (JumpReLU(config.threshold, activity_regularizer=penalty, name="code") if config.threshold
                else keras.layers.Activation("relu", activity_regularizer=penalty, name="code"))
        code = unit(h)
    else:   # the textbook layout: one dense ReLU code layer
        code = keras.layers.Dense(config.code_size, activation="relu", activity_regularizer=penalty, name="code")(h)
    encoder = keras.Model(x, code, name="encoder")
    # Unit-norm outgoing weights per code unit: otherwise the encoder dodges the L1 penalty by
    # shrinking every activation while the decoder scales its weights up to match.
    unit_norm = keras.constraints.UnitNorm(axis=1)
    z = code_input(config.code_size)
    h = z
    for i, width in enumerate(reversed(config.hidden)):
        h = keras.layers.Dense(width, activation="relu", kernel_constraint=None if i else unit_norm,
                               name=f"dec_{i}")(h)
    out = keras.layers.Dense(PIXELS, activation="sigmoid", name="pixels",
                             kernel_constraint=None if config.hidden else unit_norm)(h)
    decoder = keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(out), name="decoder")
    return Parts(encoder, decoder, chain(encoder, decoder, "sparse_autoencoder"))
