"""The variational models' Keras side: the losses in nats, and the models that train on them.

``VAE`` trains an encoder that outputs a distribution (mean and log-variance),
a ``Sampling`` layer and a decoder on reconstruction + beta * KL; ``CVAE`` does
the same with the one-hot class label given to the encoder and the decoder.
Imports Keras and TensorFlow: kind modules import it inside ``build`` only.
"""
from __future__ import annotations

from .. import runtime

runtime.configure()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import ops  # noqa: E402

from .. import metrics  # noqa: E402
from ..layers import PACKAGE, Sampling  # noqa: E402
from ._blocks import conv_features, dense_stack, image_input, label_input  # noqa: E402

TERMS = ("loss", "reconstruction", "kl")


def kl_divergence(z_mean, z_log_var):
    """KL(q(z|x) || N(0, I)) per image, in nats (``ae_models.metrics.kl_divergence`` in Keras ops)."""
    return metrics.kl_divergence(z_mean, z_log_var, ops)


def reconstruction_nats(x, x_hat):
    """Binary cross-entropy summed over the pixels, per image, in nats (``ae_models.metrics.summed_bce``)."""
    return metrics.summed_bce(x, x_hat, ops)


def _unpack(data):
    """The batch ``fit`` hands a custom step: the inputs alone, whatever Keras wrapped them in."""
    return data[0] if isinstance(data, tuple) else data


@keras.saving.register_keras_serializable(package=PACKAGE)
class VAE(keras.Model):
    """Encoder + sampling + decoder, trained on reconstruction + beta * KL."""

    def __init__(self, encoder, decoder, beta: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder
        self.sampling = Sampling(name="sampling")
        self.beta = keras.Variable(beta, trainable=False, name="beta")
        self.trackers = {name: keras.metrics.Mean(name=name) for name in TERMS}

    def build(self, input_shape=None):
        # Encoder and decoder are functional models, built when they were made; nothing else holds weights.
        self.built = True

    @property
    def metrics(self):
        return list(self.trackers.values())

    def images_and_condition(self, inputs):
        """The images, and what the encoder and decoder take beside them (nothing here)."""
        return inputs, ()

    def call(self, inputs, training=False):
        x, condition = self.images_and_condition(inputs)
        z_mean, _ = self.encoder([x, *condition] if condition else x, training=training)
        return self.decoder([z_mean, *condition] if condition else z_mean, training=training)

    def compute_terms(self, inputs, training):
        x, condition = self.images_and_condition(inputs)
        z_mean, z_log_var = self.encoder([x, *condition] if condition else x, training=training)
        z = self.sampling([z_mean, z_log_var])
        x_hat = self.decoder([z, *condition] if condition else z, training=training)
        rec = ops.mean(reconstruction_nats(x, x_hat))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        return rec + self.beta * kl, rec, kl

    def update_trackers(self, total, rec, kl):
        for name, value in zip(TERMS, (total, rec, kl)):
            self.trackers[name].update_state(value)
        return {name: t.result() for name, t in self.trackers.items()}

    def train_step(self, data):
        with tf.GradientTape() as tape:
            total, rec, kl = self.compute_terms(_unpack(data), training=True)
            # Gradients are summed over replicas under tf.distribute: scale per replica.
            scaled = total / tf.distribute.get_strategy().num_replicas_in_sync
        grads = tape.gradient(scaled, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return self.update_trackers(total, rec, kl)

    def test_step(self, data):
        return self.update_trackers(*self.compute_terms(_unpack(data), training=False))


@keras.saving.register_keras_serializable(package=PACKAGE)
class CVAE(VAE):
    """A VAE whose encoder and decoder also take the one-hot label: inputs are {"image", "label"}."""

    def images_and_condition(self, inputs):
        return inputs["image"], (inputs["label"],)


def gaussian_encoder(config, conditional: bool = False) -> keras.Model:
    """Image (and, ``conditional``, the one-hot label joined to the dense part) -> convolutions ->
    (hidden dense layers) -> 128 units -> (z_mean, z_log_var)."""
    x = image_input()
    h = conv_features(x, config.filters)
    inputs = x
    if conditional:
        label = label_input()
        inputs, h = [x, label], keras.layers.Concatenate(name="features_and_label")([h, label])
    h = dense_stack(h, config.hidden, "enc_hidden", config.dropout)
    h = keras.layers.Dense(128, activation="relu", name="hidden")(h)
    z_mean = keras.layers.Dense(config.code_size, name="z_mean")(h)
    z_log_var = keras.layers.Dense(config.code_size, name="z_log_var")(h)
    return keras.Model(inputs, [z_mean, z_log_var], name="encoder")


def variational(model_class: type[VAE], encoder, decoder, config, example) -> VAE:
    """The trainable model, built on ``example`` inputs so weights can load into it at once."""
    model = model_class(encoder, decoder, beta=config.beta if not config.warmup_epochs else 0.0,
                        name=model_class.__name__.lower())
    model(example)
    return model
