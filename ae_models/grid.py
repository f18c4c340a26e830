"""The shipped weights grid: which models ``train-all`` trains, in what order, with what settings.

Order matters on a slow machine: the models every page needs come first, the
rest of the code-size sweep last, so a partial run is already useful.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SWEEP = (2, 4, 8, 16, 32, 64)


@dataclass(frozen=True)
class Job:
    """One model to ship and how to train it."""

    kind: str
    dataset: str
    code_size: int
    epochs: int = 30
    batch_size: int = 128
    learning_rate: float = 1e-3
    patience: int = 5
    options: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.dataset}-{self.code_size}"


# Per-kind training settings; epochs are caps (early stopping on a held-out split).
SETTINGS = {
    "pca": dict(epochs=0),
    "dense": dict(epochs=50, batch_size=256, learning_rate=2e-3),
    # Normalised code units behind a 0.5 threshold: the L1 penalty then counts active units (see
    # kinds/sparse.py); wider side layers than deep's bought the last thousandth of BCE at 24% active.
    "sparse": dict(epochs=30, options={"l1": 1e-4, "hidden": [1024, 512], "normalize": True, "threshold": 0.5}),
    "deep": dict(epochs=50, batch_size=256),
    "conv": dict(epochs=30),
    "denoising": dict(epochs=25, options={"noise_kind": "gaussian", "noise_level": 0.5}),
    "vae": dict(epochs=30),
    "lstm": dict(epochs=25, batch_size=128, learning_rate=2e-3),
}
SHORT_SWEEP_EPOCHS = {"conv": 10, "vae": 10}   # the sizes no quality bar names
# Fashion's mid-grey textures drown in sigma 0.5 noise: trained on it, the denoising model rebuilt
# clean test images worse than PCA (BCE 0.380 vs 0.305); at 0.2 it beats PCA (0.303).
FASHION = {"denoising": dict(options={"noise_kind": "gaussian", "noise_level": 0.2})}
# A few numbers are too few for one linear map from 3,136 feature-map values: a dense layer on each
# side of the code (``hidden``) took the 2-D VAE's test -ELBO from 144.6 to 138.6 nats (256 units),
# the 16-D VAE's prior samples from 61% to 67% read with confidence, and the 2-D conv model's BCE
# from 0.189 to 0.171.
HIDDEN_256 = dict(epochs=40, patience=6, options={"hidden": [256]})
# The 2-D conv model: twelve variants swept at once (benchmarks/sweeps/conv2.json, 7 minutes each
# on a lent GPU) put two funnelling layers first: [256, 64] 0.163 test BCE, [512, 128] with dropout
# 0.2 0.163, [256] 0.170; wider single layers, dropout alone or more filters did not help. Trained
# here on the CPU with these settings: 0.1674 (42 epochs, 3,912 s; was 0.1714).
CONV_2 = dict(epochs=100, patience=8, options={"hidden": [256, 64]})


def job(kind: str, dataset: str, code_size: int, **override) -> Job:
    """A Job with the kind's settings, optionally overridden."""
    settings = {**SETTINGS[kind], **override}
    return Job(kind, dataset, code_size, **settings)


def shipped_grid() -> list[Job]:
    """Every model to ship, most needed first."""
    jobs = [job("pca", "mnist", c) for c in SWEEP] + [job("pca", "fashion_mnist", c) for c in (2, 32)]
    jobs += [job(k, "mnist", 32) for k in ("dense", "deep", "conv")]
    jobs += [job("vae", "mnist", 16, **HIDDEN_256), job("vae", "mnist", 2, **HIDDEN_256)]
    jobs += [job(k, "mnist", 32) for k in ("lstm", "denoising", "sparse")]
    jobs += [job(k, "fashion_mnist", 32, epochs=40, patience=6, **FASHION.get(k, {}))
             for k in ("dense", "sparse", "deep", "conv", "denoising", "vae", "lstm")]
    jobs += [job("vae", "fashion_mnist", 2, **{**HIDDEN_256, "epochs": 60, "patience": 8})]   # its 2-D manifold
    jobs += [job("conv", "mnist", 2, **CONV_2)]
    for k in ("dense", "deep", "conv", "vae"):
        for c in SWEEP:
            if any(j.kind == k and j.dataset == "mnist" and j.code_size == c for j in jobs):
                continue
            jobs.append(job(k, "mnist", c, **({"epochs": SHORT_SWEEP_EPOCHS[k]} if k in SHORT_SWEEP_EPOCHS else {})))
    return jobs
