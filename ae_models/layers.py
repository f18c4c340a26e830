"""Custom Keras layers the kinds share, registered so saved models reload in safe mode."""
from __future__ import annotations

from . import runtime
from .images import NOISE_KINDS

runtime.configure()
import keras  # noqa: E402
from keras import ops  # noqa: E402

PACKAGE = "ae_models"


@keras.saving.register_keras_serializable(package=PACKAGE)
class Sampling(keras.layers.Layer):
    """Draws z = mean + exp(log_var / 2) * eps: the VAE's reparameterisation trick."""

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


@keras.saving.register_keras_serializable(package=PACKAGE)
class Corrupt(keras.layers.Layer):
    """Corrupts its input during training only: Gaussian, salt-and-pepper or masking noise."""

    KINDS = NOISE_KINDS

    def __init__(self, noise_kind: str = "gaussian", level: float = 0.5,
                 seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if noise_kind not in self.KINDS:
            raise ValueError(f"Unknown noise {noise_kind!r}; choose one of {', '.join(self.KINDS)}.")
        self.noise_kind, self.level, self.seed = noise_kind, float(level), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, x, training=None):
        if not training or self.level <= 0:
            return x
        if self.noise_kind == "gaussian":
            noisy = x + self.level * keras.random.normal(ops.shape(x), seed=self.seed_generator)
            return ops.clip(noisy, 0.0, 1.0)
        u = keras.random.uniform(ops.shape(x), seed=self.seed_generator)
        hit = ops.cast(u < self.level, x.dtype)
        if self.noise_kind == "masking":
            return x * (1.0 - hit)
        salt = ops.cast(keras.random.uniform(ops.shape(x), seed=self.seed_generator) < 0.5, x.dtype)
        return x * (1.0 - hit) + hit * salt

    def get_config(self):
        return {**super().get_config(), "noise_kind": self.noise_kind,
                "level": self.level, "seed": self.seed}


@keras.saving.register_keras_serializable(package=PACKAGE)
class DenseTied(keras.layers.Layer):
    """A dense layer whose kernel is the transpose of another Dense layer's (tied weights)."""

    def __init__(self, tied_to: keras.layers.Dense, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.tied_to = tied_to
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        units = self.tied_to.kernel.shape[0]
        self.bias = self.add_weight(name="bias", shape=(units,), initializer="zeros")

    def call(self, x):
        return self.activation(ops.matmul(x, ops.transpose(self.tied_to.kernel)) + self.bias)


@keras.saving.register_keras_serializable(package=PACKAGE)
class JumpReLU(keras.layers.Layer):
    """Passes a value only when it exceeds ``threshold``, else 0: a ReLU with a dead zone.

    Under an L1 penalty every active unit then costs at least ``threshold``, so the penalty counts
    units rather than letting many tiny activations through. Gradients flow where it passes.
    """

    def __init__(self, threshold: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.threshold = float(threshold)

    def call(self, x):
        return ops.where(x > self.threshold, x, ops.zeros_like(x))

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}
