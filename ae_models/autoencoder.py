"""The common wrapper: every kind gets the same face, numpy in and numpy out.

``Autoencoder`` holds a kind's built parts and answers ``encode``, ``decode``,
``reconstruct`` and (for the VAE) ``sample``. Calls go through one traced
graph function per part, in chunks, the fast path on a CPU, behind a lock so
one model can serve several threads (Streamlit sessions) at once.
"""
from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Any

import numpy as np

from .kinds._base import KindConfig, Parts

CHUNK = 2048


def as_images(x: Any) -> np.ndarray:
    """Any (28, 28) or (N, 28, 28) array-like -> float32 (N, 28, 28); ValueError otherwise."""
    a = np.asarray(x, dtype=np.float32)
    if a.shape[-2:] != (28, 28) or a.ndim not in (2, 3):
        raise ValueError(f"Expected images of shape (N, 28, 28) or (28, 28), got {a.shape}.")
    return a.reshape(-1, 28, 28)


class Autoencoder:
    """One model of one kind, with the interface every page and benchmark uses."""

    def __init__(self, kind: str, config: KindConfig, parts: Parts, dataset: str | None = None,
                 metadata: dict | None = None, path: str | None = None):
        self.kind, self.config, self.parts = kind, config, parts
        self.dataset, self.path = dataset, path
        self.metadata = metadata or {}
        self._lock = threading.Lock()
        self._functions: dict[tuple, object] = {}

    # ---- identity -------------------------------------------------------
    @property
    def code_size(self) -> int:
        """Number of values in the code."""
        return int(self.config.code_size)

    @property
    def metrics(self) -> dict:
        """Test-set figures saved when the model was trained (empty when untrained)."""
        return dict(self.metadata.get("metrics", {}))

    @property
    def variational(self) -> bool:
        """True for kinds with a probabilistic code that can be sampled."""
        return self.parts.variational

    @property
    def encoder(self):
        return self.parts.encoder

    @property
    def decoder(self):
        return self.parts.decoder

    def options(self) -> dict:
        """The kind's configuration as plain data (enough to rebuild it)."""
        return asdict(self.config)

    def count_params(self) -> int:
        """Weights in encoder and decoder together (tied weights counted once)."""
        seen = {id(w): w for m in (self.encoder, self.decoder) for w in m.weights}
        return int(sum(np.prod(w.shape) for w in seen.values()))

    def layer_table(self) -> list[dict]:
        """The architecture as rows: part, layer, type, output shape, parameters."""
        rows = []
        for part, model in (("encoder", self.encoder), ("decoder", self.decoder)):
            for layer in model.layers:
                shape = getattr(layer, "output", None)
                shape = tuple(shape.shape[1:]) if hasattr(shape, "shape") else \
                    [tuple(s.shape[1:]) for s in shape] if isinstance(shape, list) else ""
                rows.append({"part": part, "layer": layer.name, "type": type(layer).__name__,
                             "output shape": str(shape), "parameters": int(layer.count_params())})
        return rows

    def __repr__(self) -> str:
        return f"Autoencoder(kind={self.kind!r}, dataset={self.dataset!r}, code_size={self.code_size})"

    # ---- numpy in, numpy out -----------------------------------------------
    def _call(self, model, x: np.ndarray):
        """One call of a part. From the second call on, through a graph function per part and input
        shape (any batch size): traced once, then well under a millisecond of overhead where
        ``predict_on_batch`` costs one to two. The first call runs eagerly: tracing costs 40-300 ms
        a model, which would otherwise land on the first page view of a fresh server."""
        key = (id(model), tuple(x.shape[1:]))
        fn = self._functions.get(key)
        if fn is None:
            import tensorflow as tf
            spec = tf.TensorSpec((None, *key[1]), tf.float32)
            self._functions[key] = tf.function(lambda t: model(t, training=False), input_signature=[spec])
            return model(x, training=False)
        return fn(x)

    def _run(self, model, x: np.ndarray) -> list[np.ndarray]:
        outs: list[list[np.ndarray]] = []
        with self._lock:
            for start in range(0, max(len(x), 1), CHUNK):
                out = self._call(model, x[start:start + CHUNK])
                outs.append([np.asarray(o) for o in out] if isinstance(out, (list, tuple)) else [np.asarray(out)])
        return [np.concatenate(parts).astype(np.float32) for parts in zip(*outs)]

    def encode_distribution(self, x: Any) -> tuple[np.ndarray, np.ndarray]:
        """VAE only: the code's mean and log-variance, each (N, code_size)."""
        if not self.variational:
            raise TypeError(f"The {self.kind} kind has a plain code; only the VAE has a distribution.")
        mean, log_var = self._run(self.encoder, as_images(x))
        return mean, log_var

    def encode(self, x: Any) -> np.ndarray:
        """Images (N, 28, 28) in [0, 1] -> codes (N, code_size); the mean for the VAE."""
        return self._run(self.encoder, as_images(x))[0]

    def decode(self, z: Any) -> np.ndarray:
        """Codes (N, code_size) -> images (N, 28, 28) in [0, 1]."""
        z = np.asarray(z, dtype=np.float32).reshape(-1, self.code_size)
        return np.clip(self._run(self.decoder, z)[0], 0.0, 1.0)

    def reconstruct(self, x: Any) -> np.ndarray:
        """Images -> their reconstructions (the decoded mean for the VAE), in one pass through the model."""
        # The trained model chains encoder and decoder (its noise and sampling act in training only):
        # one call instead of two halves the per-call overhead that dominates small batches.
        return np.clip(self._run(self.parts.trainer, as_images(x))[0], 0.0, 1.0)

    def sample(self, n: int, seed: int = 0, temperature: float = 1.0) -> np.ndarray:
        """VAE only: ``n`` images decoded from codes drawn from the prior N(0, temperature^2)."""
        if not self.variational:
            raise TypeError(f"The {self.kind} kind cannot sample; use the variational (vae) kind.")
        z = np.random.default_rng(seed).standard_normal((n, self.code_size)) * temperature
        return self.decode(z)

    def negative_elbo(self, x: Any, samples: int = 1, seed: int = 0) -> np.ndarray:
        """VAE only: -ELBO per image in nats (BCE summed over pixels + KL), codes drawn from q(z|x)."""
        x = as_images(x)
        mean, log_var = self.encode_distribution(x)
        t = x.reshape(len(x), -1)
        rng = np.random.default_rng(seed)
        rec = np.zeros(len(x))
        for _ in range(samples):
            z = mean + np.exp(0.5 * log_var) * rng.standard_normal(mean.shape).astype(np.float32)
            out = np.clip(self.decode(z).reshape(len(x), -1), 1e-7, 1 - 1e-7)
            rec += -(t * np.log(out) + (1 - t) * np.log(1 - out)).sum(1) / samples
        kl = -0.5 * (1 + log_var - mean ** 2 - np.exp(log_var)).sum(1)
        return rec + kl
