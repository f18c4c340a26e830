"""Variational autoencoder: a convolutional encoder that outputs a distribution.

The encoder gives a mean and a log-variance per code unit; ``Sampling`` draws
a code from them (the reparameterisation trick) and the decoder turns it back
into an image. The loss is the reconstruction error plus ``beta`` times the KL
divergence to a standard normal prior, which is what makes the code space
smooth enough to sample from and walk through.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras
import tensorflow as tf
from keras import ops

from ..layers import PACKAGE, Sampling
from ._base import KindConfig, Parts, image_input
from .conv import Config as ConvConfig, build_decoder, conv_features, dense_stack


@dataclass
class Config(ConvConfig):
    """``beta``: weight of the KL term; ``warmup_epochs``: epochs over which beta ramps up from 0."""

    beta: float = 1.0
    warmup_epochs: int = 0

    def validate(self) -> None:
        super().validate()
        if not 0 <= self.beta <= 100:
            raise ValueError(f"beta must be between 0 and 100, got {self.beta}.")
        if self.warmup_epochs < 0:
            raise ValueError("warmup_epochs cannot be negative.")


def kl_divergence(z_mean, z_log_var):
    """KL(q(z|x) || N(0, I)) per image, in nats."""
    return -0.5 * ops.sum(1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=1)


def reconstruction_nats(x, x_hat):
    """Binary cross-entropy summed over the 784 pixels, per image, in nats."""
    x_hat = ops.clip(x_hat, 1e-7, 1 - 1e-7)
    bce = -(x * ops.log(x_hat) + (1 - x) * ops.log(1 - x_hat))
    return ops.sum(ops.reshape(bce, (ops.shape(x)[0], -1)), axis=1)


@keras.saving.register_keras_serializable(package=PACKAGE)
class VAE(keras.Model):
    """Encoder + sampling + decoder, trained on reconstruction + beta * KL."""

    def __init__(self, encoder, decoder, beta: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder
        self.sampling = Sampling(name="sampling")
        self.beta = keras.Variable(beta, trainable=False, name="beta")
        self.trackers = {name: keras.metrics.Mean(name=name)
                         for name in ("loss", "reconstruction", "kl")}

    @property
    def metrics(self):
        return list(self.trackers.values())

    def call(self, x, training=False):
        z_mean, _ = self.encoder(x, training=training)
        return self.decoder(z_mean, training=training)

    def compute_terms(self, x, training):
        z_mean, z_log_var = self.encoder(x, training=training)
        z = self.sampling([z_mean, z_log_var])
        rec = ops.mean(reconstruction_nats(x, self.decoder(z, training=training)))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        return rec + self.beta * kl, rec, kl

    def update_trackers(self, total, rec, kl):
        for name, value in zip(("loss", "reconstruction", "kl"), (total, rec, kl)):
            self.trackers[name].update_state(value)
        return {name: t.result() for name, t in self.trackers.items()}

    def train_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            total, rec, kl = self.compute_terms(x, training=True)
            # Gradients are summed over replicas under tf.distribute: scale per replica.
            scaled = total / tf.distribute.get_strategy().num_replicas_in_sync
        grads = tape.gradient(scaled, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return self.update_trackers(total, rec, kl)

    def test_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        return self.update_trackers(*self.compute_terms(x, training=False))


def build_encoder(config: Config) -> keras.Model:
    """Image -> convolutions -> (hidden dense layers) -> 128 units -> (z_mean, z_log_var)."""
    x = image_input()
    h = dense_stack(conv_features(x, config.filters), config.hidden, "enc_hidden", config.dropout)
    h = keras.layers.Dense(128, activation="relu", name="hidden")(h)
    z_mean = keras.layers.Dense(config.code_size, name="z_mean")(h)
    z_log_var = keras.layers.Dense(config.code_size, name="z_log_var")(h)
    return keras.Model(x, [z_mean, z_log_var], name="encoder")


def build(config: Config) -> Parts:
    """Build the convolutional VAE."""
    encoder, decoder = build_encoder(config), build_decoder(config)
    vae = VAE(encoder, decoder, beta=config.beta if not config.warmup_epochs else 0.0, name="vae")
    vae(keras.ops.zeros((1, 28, 28)))  # build now so weights can load into it
    return Parts(encoder, decoder, vae, loss=None, variational=True)
