"""Deep autoencoder: stacked dense layers narrowing to the code and widening back.

With ``tied`` the decoder reuses the transposed encoder kernels (half the
weights, a classic regulariser); otherwise the decoder mirrors the encoder
with weights of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import IMAGE_SHAPE, PIXELS, KindConfig, Parts, knob


@dataclass
class Config(KindConfig):
    """The deep model's settings."""

    hidden: list[int] = knob([512, 256], "Hidden layers", "Widths of the encoder's hidden layers; the decoder "
                             "mirrors them.", choices=((256,), (512,), (256, 128), (512, 256), (1024, 512, 256)))
    tied: bool = knob(False, "Tied weights", "The decoder reuses the encoder's kernels, transposed.")

    def validate(self) -> None:
        super().validate()
        if not self.hidden or any(int(h) < 1 for h in self.hidden):
            raise ValueError("hidden must list at least one positive layer width.")


def build(config: Config) -> Parts:
    """Build the deep autoencoder, tied or untied."""
    import keras

    from ..layers import DenseTied
    from ._blocks import chain, code_input, image_input
    x = image_input()
    h = keras.layers.Flatten()(x)
    dense_layers = []
    for i, width in enumerate(config.hidden):
        layer = keras.layers.Dense(width, activation="relu", name=f"enc_{i}")
        dense_layers.append(layer)
        h = layer(h)
    code_layer = keras.layers.Dense(config.code_size, name="code")
    dense_layers.append(code_layer)
    encoder = keras.Model(x, code_layer(h), name="encoder")

    z = code_input(config.code_size)
    h = z
    widths = list(reversed(config.hidden)) + [PIXELS]
    for i, (width, mirror) in enumerate(zip(widths, reversed(dense_layers))):
        activation = "sigmoid" if i == len(widths) - 1 else "relu"
        if config.tied:
            h = DenseTied(mirror, activation=activation, name=f"dec_{i}")(h)
        else:
            h = keras.layers.Dense(width, activation=activation, name=f"dec_{i}")(h)
    decoder = keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(h), name="decoder")
    return Parts(encoder, decoder, chain(encoder, decoder, "deep_autoencoder"))
