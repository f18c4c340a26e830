"""Variational autoencoder: a convolutional encoder that outputs a distribution.

The encoder gives a mean and a log-variance per code unit; ``Sampling`` draws
a code from them (the reparameterisation trick) and the decoder turns it back
into an image. The loss is the reconstruction error plus ``beta`` times the KL
divergence to a standard normal prior, which is what makes the code space
smooth enough to sample from and walk through.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._base import Parts, knob
from .conv import Config as ConvConfig


@dataclass
class Config(ConvConfig):
    """The convolutional settings plus the weight of the KL term and its warm-up."""

    beta: float = knob(1.0, "β (weight of the KL term)", "Higher β: a smoother, more sampleable code and "
                       "blurrier reconstructions.", choices=(0.1, 0.5, 1.0, 2.0, 4.0, 8.0))
    warmup_epochs: int = knob(0, "β warm-up epochs", "Epochs over which β ramps up from 0.", minimum=0, maximum=50)

    def validate(self) -> None:
        super().validate()
        if not 0 <= self.beta <= 100:
            raise ValueError(f"beta must be between 0 and 100, got {self.beta}.")
        if self.warmup_epochs < 0:
            raise ValueError("warmup_epochs cannot be negative.")


def build(config: Config) -> Parts:
    """Build the convolutional VAE."""
    import keras

    from ._blocks import conv_decoder
    from ._variational import VAE, gaussian_encoder, variational
    encoder, decoder = gaussian_encoder(config), conv_decoder(config)
    vae = variational(VAE, encoder, decoder, config, keras.ops.zeros((1, 28, 28)))
    return Parts(encoder, decoder, vae, loss=None, variational=True)
