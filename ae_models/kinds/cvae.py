"""Conditional VAE: the label picks the digit, the code keeps the style.

The convolutional VAE with the one-hot class label joined to the encoder's
dense layers and to the decoder's input. Since the decoder is told which digit
to draw, the code has no need to say it and is left to hold the *style*: slant,
thickness, width. Decoding one image's code with each of the ten labels writes
that handwriting as every digit; comparing how well each label explains an
image (its ELBO) makes the model its own classifier.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import CLASSES, Parts
from .vae import Config as VaeConfig


@dataclass
class Config(VaeConfig):
    """The variational settings; the label needs none of its own."""


def build(config: Config) -> Parts:
    """Build the conditional convolutional VAE."""
    import keras

    from ._blocks import conv_decoder
    from ._variational import CVAE, gaussian_encoder, variational
    encoder, decoder = gaussian_encoder(config, conditional=True), conv_decoder(config, conditional=True)
    example = {"image": keras.ops.zeros((1, 28, 28)), "label": keras.ops.zeros((1, CLASSES))}
    cvae = variational(CVAE, encoder, decoder, config, example)
    return Parts(encoder, decoder, cvae, loss=None, variational=True, conditional=True)
