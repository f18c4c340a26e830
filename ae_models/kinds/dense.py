"""Simple autoencoder: the image squeezed through one dense code layer and back.

The encoder is a single linear map to the code; the decoder a single dense
layer with a sigmoid, so the model is PCA plus one non-linearity on the way
out, and the gap between the two shows what that non-linearity buys.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import IMAGE_SHAPE, PIXELS, KindConfig, Parts, knob

ACTIVATIONS = ("linear", "relu", "elu", "softplus", "tanh")


@dataclass
class Config(KindConfig):
    """The simple model's one setting: the code layer's activation (linear by default; at code 32
    on MNIST none beats it, see ``python -m benchmarks.bench_dense_ceiling``)."""

    activation: str = knob("linear", "Code activation", "Of the one code layer. Linear makes the model PCA "
                           "plus a sigmoid on the way out.", choices=ACTIVATIONS)

    def validate(self) -> None:
        super().validate()
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"Unknown code activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}.")


def build(config: Config) -> Parts:
    """Build the simple autoencoder: one dense code layer, one dense sigmoid layer back."""
    import keras

    from ._blocks import chain, code_input, image_input
    x = image_input()
    code = keras.layers.Dense(config.code_size, activation=config.activation,
                              name="code")(keras.layers.Flatten()(x))
    encoder = keras.Model(x, code, name="encoder")
    z = code_input(config.code_size)
    h = keras.layers.Dense(PIXELS, activation="sigmoid", name="pixels")(z)
    decoder = keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(h), name="decoder")
    return Parts(encoder, decoder, chain(encoder, decoder, "dense_autoencoder"))
