"""Reference floors for two quality goals: what limits the simple model and the 2-D code.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_floors [--images 2000]

1. The simple (one code layer) autoencoder at code 32: its decoder is kept and, for each
   test image, the 32 code numbers are optimised directly (Adam, 3,000 steps) instead of
   coming from the one-layer encoder. The gap between the two BCEs is what the encoder
   costs; only a deeper encoder (the deep kind) can close it.
2. Remembering the training set instead of learning a code: each test image rebuilt as
   its nearest training image (by pixel distance) or the mean of its 10 nearest, with
   pixels squeezed into [0.01, 0.99] so no pixel is certain. Naming one of 60,000 training
   images takes about 16 bits, which a 2-D code can carry; ten of them, about 160.

Prints a table next to the shipped models' figures. About a minute on 2 cores.
"""
from __future__ import annotations

import argparse

import numpy as np

from ae_models import load_pretrained
from ae_models.data import load_dataset
from ae_models.metrics import bce


def best_codes_bce(decoder_weights: list[np.ndarray], x: np.ndarray, codes: np.ndarray,
                   steps: int = 3000, lr: float = 0.01) -> float:
    """Mean BCE of a dense sigmoid decoder when each image's code is optimised by Adam from ``codes``."""
    w, b = (np.asarray(a, np.float64) for a in decoder_weights)
    z, m, v = codes.astype(np.float64), np.zeros(codes.shape), np.zeros(codes.shape)
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        grad = (p - x) @ w.T / x.shape[1]
        m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad ** 2
        z -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    decoded = 1 / (1 + np.exp(-(z @ w + b)))
    return float(bce(x.reshape(-1, 28, 28), decoded.reshape(-1, 28, 28)).mean())


def nearest_training_bce(x_train: np.ndarray, x_test: np.ndarray, ks: tuple[int, ...]) -> dict[int, float]:
    """Mean BCE of each test image rebuilt as the mean of its k nearest training images."""
    train = x_train.reshape(len(x_train), -1).astype(np.float32)
    norms = (train ** 2).sum(1)
    out: dict[int, list[float]] = {k: [] for k in ks}
    for start in range(0, len(x_test), 500):
        query = x_test[start:start + 500].reshape(-1, train.shape[1]).astype(np.float32)
        dist = norms[None, :] - 2 * query @ train.T
        near = np.argpartition(dist, max(ks), axis=1)[:, :max(ks)]
        near = np.take_along_axis(near, np.take_along_axis(dist, near, 1).argsort(1), 1)
        for k in ks:
            rebuilt = 0.01 + 0.98 * train[near[:, :k]].mean(1)
            out[k].extend(bce(query.reshape(-1, 28, 28), rebuilt.reshape(-1, 28, 28)))
    return {k: float(np.mean(v)) for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images", type=int, default=2000, help="test images for the code optimisation")
    args = p.parse_args(argv)
    (x_train, _), (x_test, _) = load_dataset("mnist")
    rows = []

    dense = load_pretrained("dense", "mnist", 32)
    x = x_test[:args.images].reshape(-1, 784).astype(np.float64)
    encoded = dense.encode(x_test[:args.images])
    rows.append(("simple (32), its encoder's codes",
                 float(bce(x_test[:args.images], dense.decode(encoded)).mean()), args.images))
    rows.append(("simple (32), its decoder with each image's best code",
                 best_codes_bce(dense.parts.decoder.get_weights(), x, encoded), args.images))
    rows.append(("simple (32), shipped test BCE", dense.metrics["bce"], len(x_test)))
    deep = load_pretrained("deep", "mnist", 32)
    rows.append(("deep (32), shipped test BCE", deep.metrics["bce"], len(x_test)))

    for k, value in nearest_training_bce(x_train, x_test, (1, 10)).items():
        rows.append((f"nearest training image{'s' if k > 1 else ''}: mean of {k}", value, len(x_test)))
    rows.append(("conv (2), shipped test BCE", load_pretrained("conv", "mnist", 2).metrics["bce"], len(x_test)))

    print("| reference | BCE | test images |\n| --- | --- | --- |")
    for name, value, n in rows:
        print(f"| {name} | {value:.4f} | {n:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
