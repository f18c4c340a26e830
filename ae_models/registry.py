"""The registry of autoencoder kinds: one line per kind, in the order pages show them.

Each kind lives in ``ae_models/kinds/<name>.py``, which defines a ``Config``
dataclass and a ``build(config) -> Parts`` function. Adding a kind is one file
there plus one line here. Modules are imported only when a kind is built, so
reading ``KINDS`` never imports TensorFlow.
"""
from __future__ import annotations

import importlib
from types import ModuleType

KINDS: dict[str, str] = {
    "pca": "PCA: the linear baseline every autoencoder is measured against",
    "dense": "Simple: one dense code layer between input and output",
    "sparse": "Sparse: an L1 penalty keeps most code units silent",
    "deep": "Deep: stacked dense layers, optionally with tied weights",
    "conv": "Convolutional: filters that see strokes, not single pixels",
    "denoising": "Denoising: learns to undo noise added to its input",
    "vae": "Variational: a smooth latent space you can sample from",
    "lstm": "Recurrent: reads the image row by row as a sequence",
}

TITLES: dict[str, str] = {
    "pca": "PCA", "dense": "Simple", "sparse": "Sparse", "deep": "Deep",
    "conv": "Convolutional", "denoising": "Denoising", "vae": "Variational",
    "lstm": "Recurrent",
}


def kind_module(kind: str) -> ModuleType:
    """Import and return the module that builds ``kind``; ValueError names the valid kinds."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}. Choose one of: {', '.join(KINDS)}.")
    return importlib.import_module(f"ae_models.kinds.{kind}")
