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

from dataclasses import dataclass

from ._base import KindConfig, Parts, knob

LAYER_PRESETS = ((256,), (512,), (256, 64), (256, 128), (512, 256))


@dataclass
class Config(KindConfig):
    """The convolutional model's settings; the decoder mirrors the encoder's."""

    filters: list[int] = knob([32, 64], "Convolution channels", "Channels of the two encoder convolutions.",
                              choices=((16, 32), (32, 64), (64, 128)))
    hidden: list[int] = knob([], "Hidden layers", "Widths of dense layers between the feature maps and the code.",
                             choices=LAYER_PRESETS)
    dropout: float = knob(0.0, "Dropout", "Share of each hidden layer's units switched off at random while "
                          "training: keeps a small code's decoder from memorising the training images.",
                          choices=(0.0, 0.1, 0.2, 0.3, 0.5))

    def validate(self) -> None:
        super().validate()
        if len(self.filters) != 2 or any(int(f) < 1 for f in self.filters):
            raise ValueError("filters must be two positive channel counts, e.g. [32, 64].")
        if any(int(h) < 1 for h in self.hidden):
            raise ValueError("hidden widths must be positive ([] means none).")
        if not 0 <= float(self.dropout) < 1:
            raise ValueError("dropout must be in [0, 1).")


def build(config: Config) -> Parts:
    """Build the convolutional autoencoder."""
    from ._blocks import chain, conv_decoder, conv_encoder
    encoder, decoder = conv_encoder(config), conv_decoder(config)
    return Parts(encoder, decoder, chain(encoder, decoder, "conv_autoencoder"))
