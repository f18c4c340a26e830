"""The shipped weights grid: which models ``train-all`` trains, in what order, with what settings.

Each kind's recipe comes from its record in ``ae_models.registry``; this module
says which datasets and code sizes ship and where a model departs from its
kind's recipe. Order matters on a slow machine: the models every page needs
come first, the rest of the code-size sweep last, so a partial run is already
useful.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .registry import kind

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


# The code-size sweep's smaller models train for fewer epochs: no quality goal names them.
SHORT_SWEEP_EPOCHS = {"conv": 10, "vae": 10}
# Fashion's mid-grey textures drown in sigma 0.5 noise (the denoising model then rebuilds clean
# test images worse than PCA); sigma 0.2 keeps it below PCA.
FASHION = {"denoising": dict(options={"noise_kind": "gaussian", "noise_level": 0.2})}
# A code of a few numbers is too small for one linear map from 3,136 feature-map values: a dense
# layer of 256 on each side of the code gives the small VAEs room to shape it.
HIDDEN_256 = dict(epochs=40, patience=6, options={"hidden": [256]})
# The 2-D conv model: two funnelling layers each side (benchmarks/sweeps/conv2.json compares twelve
# variants; this one and a wider one with dropout tied for best).
CONV_2 = dict(epochs=100, patience=8, options={"hidden": [256, 64]})
# The 2-D conditional VAE trains longer: its style plane keeps improving after 40 epochs.
CVAE_2 = dict(epochs=60, patience=8)
# Binarized MNIST, the VAE papers' benchmark (benchmarks/bench_likelihood.py): long runs, stopped by the
# held-out -ELBO; code 32 first, the size the quality goal names. A model's record says how many epochs
# it actually ran.
BINARIZED_VAE = dict(epochs=300, patience=10)
BINARIZED_CODES = (32, 16, 8, 64, 2)


def job(kind_name: str, dataset: str, code_size: int, **override) -> Job:
    """A Job with the kind's recipe, optionally overridden."""
    return Job(kind_name, dataset, code_size, **{**asdict(kind(kind_name).recipe), **override})


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
    jobs += [job("cvae", "mnist", c) for c in (8, 16)] + [job("cvae", "mnist", 2, **CVAE_2)]
    jobs += [job("cvae", "fashion_mnist", c, epochs=60, patience=8) for c in (16, 2)]
    for k in ("dense", "deep", "conv", "vae"):
        for c in SWEEP:
            if any(j.kind == k and j.dataset == "mnist" and j.code_size == c for j in jobs):
                continue
            jobs.append(job(k, "mnist", c, **({"epochs": SHORT_SWEEP_EPOCHS[k]} if k in SHORT_SWEEP_EPOCHS else {})))
    jobs += [job("vae", "binarized_mnist", c, **BINARIZED_VAE) for c in BINARIZED_CODES]
    return jobs
