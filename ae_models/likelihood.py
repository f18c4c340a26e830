"""How likely a variational model finds each image: the importance-sampled negative log-likelihood.

The VAE papers compare models by ``-log p(x)`` on binarized MNIST, estimated with
``k`` codes drawn from the encoder's posterior ``q(z|x)`` (Burda et al., 2016)::

    log p(x) ~= log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x)

``importance_nll`` computes it per image (a log-sum-exp, streamed over chunks of
codes so memory stays flat however large ``k``); it is an upper bound on the true
NLL that tightens as ``k`` grows, and at ``k = 1`` it is the -ELBO in expectation.
``likelihood`` also gives the 1-sample -ELBO (its reconstruction from one code,
its KL in closed form) and the gap between the two; ``active_units`` counts the
code units the model uses. ``log p(x|z)`` is the Bernoulli decoder's: binary
cross-entropy summed over the pixels, exact for 0/1 images. Every image draws its
codes from its own generator (``seed``, its index), so an image scores the same
alone or in a batch, in a subset or in the whole test set.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .autoencoder import Autoencoder, as_images
from .metrics import EPS

LOG_2PI = float(np.log(2 * np.pi))
DECODE_BATCH = 2048          # codes decoded per call
ACTIVE_THRESHOLD = 0.01      # Burda et al.: a unit is active when Var_x(E_q[z_u]) exceeds this
_TRACED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # model -> its traced log p(x|z)

# Published test NLL on binarized MNIST, nats (lower is better); the last column is the 1-sample -ELBO
# where the source gives one.
PUBLISHED: tuple[tuple[str, float, float | None], ...] = (
    ("VAE, MLP 200-200, z=50 (IWAE paper, k=5000)", 86.76, None),
    ("VAE, 2 stochastic layers (IWAE paper)", 85.33, None),
    ("VampPrior, K=500 (pythae)", 85.57, None),
    ("IWAE k=50, 2 stochastic layers (IWAE paper)", 82.90, None),
    ("plain convolutional VAE (public benchmark)", 81.02, 86.47),
    ("convolutional ladder VAE, 3 layers", 79.24, None),
)


@dataclass(frozen=True)
class Estimate:
    """Per-image figures in nats: the importance-sampled NLL with ``k`` codes and the 1-sample -ELBO."""

    nll: np.ndarray
    neg_elbo: np.ndarray
    k: int

    @property
    def gap(self) -> np.ndarray:
        """-ELBO minus NLL per image: how loose the bound is (about KL(q(z|x) || p(z|x)) when k is large)."""
        return self.neg_elbo - self.nll


def _check(ae: Autoencoder, k: int) -> None:
    if not ae.variational or ae.conditional:
        raise TypeError(f"The {ae.kind} kind has no unconditional code distribution: the importance-sampled "
                        "likelihood needs a variational model (vae).")
    if int(k) < 1:
        raise ValueError(f"k (codes per image) must be at least 1, got {k}.")


def _log_likelihood_fn(ae: Autoencoder):
    """A traced function: codes (b, s, d) and images (b, 784) -> log p(x|z) (b, s), summed over pixels."""
    if ae in _TRACED:
        return _TRACED[ae]
    import tensorflow as tf
    decoder, d = ae.decoder, ae.code_size

    @tf.function(input_signature=[tf.TensorSpec((None, None, d), tf.float32), tf.TensorSpec((None, 784), tf.float32)])
    def log_px(z, x):
        b, s = tf.shape(z)[0], tf.shape(z)[1]
        p = decoder(tf.reshape(z, (b * s, d)), training=False)
        p = tf.clip_by_value(tf.reshape(p, (b, s, 784)), EPS, 1 - EPS)
        t = x[:, None, :]
        return tf.reduce_sum(t * tf.math.log(p) + (1 - t) * tf.math.log(1 - p), axis=-1)

    _TRACED[ae] = log_px
    return log_px


def _normal_log_density(eps: np.ndarray, log_var: np.ndarray | float = 0.0) -> np.ndarray:
    """log N(mean + sd * eps; mean, sd^2) summed over the last axis."""
    return -0.5 * (LOG_2PI + log_var + eps ** 2).sum(-1)


def likelihood(ae: Autoencoder, x, k: int = 5000, seed: int = 0, *, first_index: int = 0,
               progress: Callable[[int, int], None] | None = None) -> Estimate:
    """Per-image importance-sampled NLL with ``k`` codes and 1-sample -ELBO, in nats. Image ``i`` of ``x``
    draws its codes from ``default_rng((seed, first_index + i))``; its -ELBO uses the first of them.
    ``progress(done, total)`` is called after each chunk of images."""
    _check(ae, k)
    k = int(k)
    x = as_images(x)
    flat = x.reshape(len(x), -1).astype(np.float32)
    mean, log_var = ae.encode_distribution(x)
    mean, log_var = mean.astype(np.float64), log_var.astype(np.float64)
    log_px = _log_likelihood_fn(ae)
    images_per_call = max(1, DECODE_BATCH // k)
    samples_per_call = min(k, DECODE_BATCH)
    nll, rec = np.empty(len(x)), np.empty(len(x))
    for start in range(0, len(x), images_per_call):
        rows = slice(start, min(start + images_per_call, len(x)))
        b = rows.stop - rows.start
        eps = np.stack([np.random.default_rng((seed, first_index + i)).standard_normal((k, ae.code_size))
                        for i in range(rows.start, rows.stop)])                     # (b, k, d)
        m, lv = mean[rows, None, :], log_var[rows, None, :]
        z = m + np.exp(0.5 * lv) * eps
        log_w = np.empty((b, k))
        for s0 in range(0, k, samples_per_call):
            chunk = slice(s0, min(s0 + samples_per_call, k))
            log_w[:, chunk] = np.asarray(log_px(z[:, chunk].astype(np.float32), flat[rows]), np.float64)
        rec[rows] = -log_w[:, 0]
        log_w += _normal_log_density(z) - _normal_log_density(eps, lv)   # + log p(z) - log q(z|x)
        top = log_w.max(1)
        nll[rows] = -(top + np.log(np.exp(log_w - top[:, None]).mean(1)))
        if progress:
            progress(rows.stop, len(x))
    kl = -0.5 * (1 + log_var - mean ** 2 - np.exp(log_var)).sum(1)
    return Estimate(nll, rec + kl, k)


def importance_nll(ae: Autoencoder, x, k: int = 5000, seed: int = 0) -> np.ndarray:
    """-log p(x) per image in nats, estimated with ``k`` codes from q(z|x) (see ``likelihood``)."""
    return likelihood(ae, x, k, seed).nll


def active_units(ae: Autoencoder, x, threshold: float = ACTIVE_THRESHOLD) -> int:
    """How many code units the model uses: those whose posterior mean varies over ``x`` by more than
    ``threshold`` (variance), as Burda et al. count them."""
    _check(ae, 1)
    mean, _ = ae.encode_distribution(as_images(x))
    return int((mean.astype(np.float64).var(0) > threshold).sum())
