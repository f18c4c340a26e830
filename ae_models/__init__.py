"""Autoencoder Lab's library: every autoencoder kind on MNIST and Fashion-MNIST, numpy in and out.

    from ae_models import KINDS, build, load_pretrained, train
    ae = load_pretrained("conv", dataset="mnist", code_size=32)
    codes = ae.encode(x); images = ae.decode(codes)
    cvae = load_pretrained("cvae", code_size=8)       # conditional: labels (N,) ints 0..9
    labels, scores = cvae.classify(x); cvae.decode(z, labels)

Nothing here imports Streamlit, and importing the package does not import
TensorFlow: that happens the first time a model is built or loaded.
"""
from __future__ import annotations

from .errors import CorruptModelError, DataFormatError, DataNotFoundError, ModelNotFoundError
from .registry import KINDS, TITLES

__all__ = ["KINDS", "TITLES", "build", "load_pretrained", "train", "CorruptModelError",
           "DataFormatError", "DataNotFoundError", "ModelNotFoundError"]


def build(kind: str, code_size: int = 32, **options):
    """An untrained model of ``kind`` with the same interface as a trained one."""
    from .training import build as _build
    return _build(kind, code_size, **options)


def load_pretrained(kind: str, dataset: str = "mnist", code_size: int = 32, source: str | None = None):
    """A saved model by kind, dataset and code size; LookupError naming what is available."""
    from .store import load_pretrained as _load
    return _load(kind, dataset, code_size, source)


def train(kind: str, dataset: str = "mnist", code_size: int = 32, epochs: int = 10, **kwargs):
    """Train a model; returns ``(autoencoder, history)``. See ``ae_models.training.train``."""
    from .training import train as _train
    return _train(kind, dataset, code_size, epochs, **kwargs)
