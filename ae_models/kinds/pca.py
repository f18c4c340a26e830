"""PCA: the linear baseline, fitted in closed form and wearing the same interface.

The encoder projects onto the top principal directions and the decoder maps
back and clips to [0, 1]. Both are plain Dense layers whose weights come from
an eigen-decomposition of the training images' covariance, not from gradient
descent, so PCA is the best any *linear* code of that size can do (in MSE).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import IMAGE_SHAPE, PIXELS, KindConfig, Parts


@dataclass
class Config(KindConfig):
    """Only the number of principal components kept."""


def build(config: Config) -> Parts:
    """Build the (unfitted) linear encoder and decoder."""
    import keras

    from ._blocks import chain, code_input, image_input
    x = image_input()
    code = keras.layers.Dense(config.code_size, name="project")(keras.layers.Flatten()(x))
    encoder = keras.Model(x, code, name="encoder")
    z = code_input(config.code_size)
    h = keras.layers.Dense(PIXELS, name="unproject")(z)
    h = keras.layers.ReLU(max_value=1.0, name="clip")(h)
    decoder = keras.Model(z, keras.layers.Reshape(IMAGE_SHAPE)(h), name="decoder")
    return Parts(encoder, decoder, chain(encoder, decoder, "pca"), extras={"fit": fit})


def fit(parts: Parts, x_train: np.ndarray) -> dict:
    """Set the weights from the principal components of ``x_train``; returns summary figures."""
    flat = x_train.reshape(len(x_train), -1).astype(np.float64)
    mean = flat.mean(axis=0)
    cov = np.cov(flat - mean, rowvar=False)
    eigvals, eigvecs = np.linalg.eigh(cov)
    order = np.argsort(eigvals)[::-1]
    k = parts.encoder.output.shape[-1]
    components = eigvecs[:, order[:k]]                     # (784, k)
    parts.encoder.get_layer("project").set_weights(
        [components.astype(np.float32), (-mean @ components).astype(np.float32)])
    parts.decoder.get_layer("unproject").set_weights(
        [components.T.astype(np.float32), mean.astype(np.float32)])
    explained = float(eigvals[order[:k]].sum() / eigvals.sum())
    return {"explained_variance": explained}
