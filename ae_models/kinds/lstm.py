"""Recurrent autoencoder: the image read as 28 rows in time by an LSTM.

The encoder reads one row per step and keeps its final state as the code;
the decoder repeats the code at every step and writes one row per step.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import IMAGE_SHAPE, KindConfig, Parts, knob


@dataclass
class Config(KindConfig):
    """The recurrent model's setting: how wide its LSTMs are."""

    units: int = knob(128, "LSTM units", "Width of the encoder's and the decoder's LSTM.", choices=(32, 64, 128, 256))


def build(config: Config) -> Parts:
    """Build the sequence-to-vector / vector-to-sequence autoencoder."""
    import keras

    from ._blocks import chain, code_input, image_input
    rows, width = IMAGE_SHAPE
    x = image_input()
    h = keras.layers.LSTM(config.units, name="read_rows")(x)
    encoder = keras.Model(x, keras.layers.Dense(config.code_size, name="code")(h), name="encoder")

    z = code_input(config.code_size)
    h = keras.layers.RepeatVector(rows)(keras.layers.Dense(config.units, activation="relu", name="expand")(z))
    h = keras.layers.LSTM(config.units, return_sequences=True, name="write_rows")(h)
    out = keras.layers.TimeDistributed(keras.layers.Dense(width, activation="sigmoid"), name="pixels")(h)
    decoder = keras.Model(z, out, name="decoder")
    return Parts(encoder, decoder, chain(encoder, decoder, "lstm_autoencoder"))
