"""Image-quality and code-quality measures, numpy in and numpy out.

Per-image functions return one value per image so pages can show an image's own
error; ``summary`` gives the dataset means an evaluation table reports.
"""
from __future__ import annotations

from typing import Any

import numpy as np

EPS = 1e-7   # Keras clips probabilities the same way in binary_crossentropy


def _flat(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x.reshape(1, -1) if x.ndim == 2 else x.reshape(len(x), -1)


def summed_bce(target: Any, output: Any, ops: Any = np) -> Any:
    """Binary cross-entropy summed over each image's pixels, in nats, with the targets' grey levels.

    ``ops`` is numpy, or ``keras.ops`` inside a model's training step: one definition for both."""
    output = ops.clip(output, EPS, 1 - EPS)
    pixels = -(target * ops.log(output) + (1 - target) * ops.log(1 - output))
    return ops.sum(ops.reshape(pixels, (ops.shape(target)[0], -1)), axis=1)


def kl_divergence(mean: Any, log_var: Any, ops: Any = np) -> Any:
    """KL(q(z|x) || N(0, I)) per image, in nats, for a diagonal Gaussian code (``ops`` as in ``summed_bce``)."""
    return -0.5 * ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var), axis=1)


def bce(target: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Mean per-pixel binary cross-entropy per image, with the targets' grey levels."""
    t = _flat(target)
    return summed_bce(t, _flat(output)) / t.shape[1]


def mse(target: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Mean squared error per image."""
    return ((_flat(target) - _flat(output)) ** 2).mean(axis=1)


def psnr(target: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Peak signal-to-noise ratio per image in dB (peak 1.0)."""
    return 10 * np.log10(1.0 / np.maximum(mse(target, output), 1e-10))


def rounded_accuracy(target: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Share of pixels on the same side of 0.5 in target and output, per image."""
    return (np.round(_flat(target)) == np.round(_flat(output))).mean(axis=1)


def _box(x: np.ndarray, k: int) -> np.ndarray:
    """Mean over every k x k window of a batch of images (valid positions only)."""
    c = np.pad(x, ((0, 0), (1, 0), (1, 0))).cumsum(1).cumsum(2)
    return (c[:, k:, k:] - c[:, :-k, k:] - c[:, k:, :-k] + c[:, :-k, :-k]) / (k * k)


def ssim(target: np.ndarray, output: np.ndarray, window: int = 7) -> np.ndarray:
    """Structural similarity per image (7x7 uniform window, data range 1, as scikit-image)."""
    a = np.asarray(target, np.float64).reshape(-1, 28, 28)
    b = np.asarray(output, np.float64).reshape(-1, 28, 28)
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    n = window * window
    cov_norm = n / (n - 1)
    ma, mb = _box(a, window), _box(b, window)
    va = cov_norm * (_box(a * a, window) - ma * ma)
    vb = cov_norm * (_box(b * b, window) - mb * mb)
    cab = cov_norm * (_box(a * b, window) - ma * mb)
    s = ((2 * ma * mb + c1) * (2 * cab + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))
    return s.mean(axis=(1, 2))


def summary(target: np.ndarray, output: np.ndarray) -> dict[str, float]:
    """Dataset means of every image measure."""
    return {"bce": float(bce(target, output).mean()), "mse": float(mse(target, output).mean()),
            "psnr": float(psnr(target, output).mean()), "ssim": float(ssim(target, output).mean()),
            "rounded_accuracy": float(rounded_accuracy(target, output).mean())}


def linear_probe(train_codes: np.ndarray, train_labels: np.ndarray, test_codes: np.ndarray,
                 test_labels: np.ndarray, steps: int = 300, learning_rate: float = 0.1,
                 l2: float = 1e-4) -> float:
    """Test accuracy of a softmax (logistic) regression fitted on the codes: how usable a code is."""
    mu, sd = train_codes.mean(0), train_codes.std(0) + 1e-6
    xtr = np.hstack([(train_codes - mu) / sd, np.ones((len(train_codes), 1))]).astype(np.float64)
    xte = np.hstack([(test_codes - mu) / sd, np.ones((len(test_codes), 1))]).astype(np.float64)
    classes = int(max(train_labels.max(), test_labels.max())) + 1
    onehot = np.eye(classes)[train_labels]
    w = np.zeros((xtr.shape[1], classes))
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):   # full-batch Adam: few features, converges fast
        logits = xtr @ w
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = xtr.T @ (p - onehot) / len(xtr) + l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= learning_rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return float(((xte @ w).argmax(1) == test_labels).mean())
