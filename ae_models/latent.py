"""Walking a latent space: axes to move along, class means, interpolation paths and manifold grids.

Numpy only: the Variational page turns slider positions into codes with
``Axes``, draws the test set's codes in 2-D with ``principal_axes``, and decodes
``manifold_codes`` in one batch before ``mosaic`` lays the digits out as one picture.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("linear", "spherical")


@dataclass(frozen=True)
class Axes:
    """Directions through code space to move along: slider ``k`` is position along ``directions[k]``.

    Positions are measured from ``origin`` in units of ``scales`` (the spread of
    the codes along each direction), so +-3 covers almost every code.
    """

    origin: np.ndarray        # (code_size,)
    directions: np.ndarray    # (n, code_size), orthonormal rows
    scales: np.ndarray        # (n,)
    shares: np.ndarray | None = None   # (n,) each direction's share of the codes' variance, when known

    @property
    def count(self) -> int:
        """How many directions there are."""
        return len(self.directions)

    def first(self, count: int) -> Axes:
        """The first ``count`` directions only."""
        shares = None if self.shares is None else self.shares[:count]
        return Axes(self.origin, self.directions[:count], self.scales[:count], shares)

    def positions(self, codes: np.ndarray) -> np.ndarray:
        """Codes (..., code_size) -> their positions along each direction (..., n)."""
        return (np.asarray(codes, np.float32) - self.origin) @ self.directions.T / self.scales

    def move(self, base: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """``base`` moved so its positions become ``positions``; the rest of it stays as it is."""
        shift = (np.asarray(positions, np.float32) - self.positions(base)) * self.scales
        return (np.asarray(base, np.float32) + shift @ self.directions).astype(np.float32)


def unit_axes(code_size: int, count: int | None = None) -> Axes:
    """The first ``count`` coordinate axes themselves, from 0 in steps of 1 (the prior's units)."""
    count = code_size if count is None else min(count, code_size)
    return Axes(np.zeros(code_size, np.float32), np.eye(count, code_size, dtype=np.float32),
                np.ones(count, np.float32))


def spread_axes(codes: np.ndarray, count: int | None = None) -> Axes:
    """The first ``count`` coordinate axes, from the codes' mean in units of each coordinate's spread."""
    codes = np.asarray(codes, np.float64)
    count = codes.shape[1] if count is None else min(count, codes.shape[1])
    return Axes(codes.mean(0).astype(np.float32), np.eye(count, codes.shape[1], dtype=np.float32),
                np.maximum(codes.std(0)[:count], 1e-6).astype(np.float32))


def principal_axes(codes: np.ndarray, count: int) -> Axes:
    """The ``count`` directions along which ``codes`` (N, code_size) spread most (PCA by SVD)."""
    codes = np.asarray(codes, np.float64)
    mean = codes.mean(0)
    _, singular, vt = np.linalg.svd(codes - mean, full_matrices=False)
    count = min(count, len(vt))
    scales = np.maximum(singular[:count] / np.sqrt(max(len(codes) - 1, 1)), 1e-6)
    vt = vt[:count] * np.sign(vt[:count].sum(1, keepdims=True) + 1e-12)   # a stable sign per direction
    shares = singular[:count] ** 2 / max(float(np.sum(singular ** 2)), 1e-12)
    return Axes(mean.astype(np.float32), vt.astype(np.float32), scales.astype(np.float32),
                shares.astype(np.float32))


def class_means(codes: np.ndarray, labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """The mean code of each class (classes, code_size); NaN rows for classes with no code."""
    codes, labels = np.asarray(codes, np.float32), np.asarray(labels)
    means = np.full((classes, codes.shape[1]), np.nan, np.float32)
    for k in range(classes):
        if (labels == k).any():
            means[k] = codes[labels == k].mean(0)
    return means


def slerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Spherical interpolation from ``a`` to ``b`` at fractions ``t`` (T,) -> (T, code_size).

    Follows the great circle between the two directions while the length goes
    linearly from |a| to |b|: midpoints keep a typical prior sample's length
    instead of shrinking towards the origin. Falls back to a straight line
    when the two point the same (or opposite) way.
    """
    a, b, t = np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(t, np.float64)[:, None]
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na < 1e-12 or nb < 1e-12:
        return ((1 - t) * a + t * b).astype(np.float32)
    omega = np.arccos(np.clip(a @ b / (na * nb), -1.0, 1.0))
    if np.sin(omega) < 1e-6:
        return ((1 - t) * a + t * b).astype(np.float32)
    unit = (np.sin((1 - t) * omega) * a / na + np.sin(t * omega) * b / nb) / np.sin(omega)
    return (unit * ((1 - t) * na + t * nb)).astype(np.float32)


def along(a: np.ndarray, b: np.ndarray, fractions: np.ndarray, method: str = "linear") -> np.ndarray:
    """Codes at ``fractions`` (T,) of the way from ``a`` to ``b``, on a straight line or a great circle."""
    if method not in METHODS:
        raise ValueError(f"Unknown interpolation {method!r}: choose one of {', '.join(METHODS)}.")
    t = np.asarray(fractions, np.float64)
    if method == "spherical":
        return slerp(a, b, t)
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return (a + t[:, None] * (b - a)).astype(np.float32)


def interpolate(a: np.ndarray, b: np.ndarray, steps: int, method: str = "linear") -> np.ndarray:
    """``steps`` evenly spaced codes from ``a`` to ``b`` inclusive."""
    if steps < 2:
        raise ValueError("An interpolation needs at least 2 steps.")
    return along(a, b, np.linspace(0.0, 1.0, steps), method)


def manifold_codes(span: float, resolution: int) -> np.ndarray:
    """Centres of a ``resolution`` x ``resolution`` grid over [-span, span]^2, row by row from the top.

    Rows run from high z2 to low (like a plot's y axis), columns from low z1 to
    high, so ``mosaic`` of the decoded images lines up with the plane.
    """
    centres = -span + (np.arange(resolution) + 0.5) * (2 * span / resolution)
    z1, z2 = np.meshgrid(centres, centres[::-1])
    return np.stack([z1.ravel(), z2.ravel()], axis=1).astype(np.float32)


def mosaic(images: np.ndarray, columns: int) -> np.ndarray:
    """Images (N, h, w) laid out in rows of ``columns`` as one (rows*h, columns*w) picture; gaps are black."""
    images = np.asarray(images)
    n, h, w = images.shape
    rows = -(-n // columns)
    padded = np.zeros((rows * columns, h, w), images.dtype)
    padded[:n] = images
    return padded.reshape(rows, columns, h, w).transpose(0, 2, 1, 3).reshape(rows * h, columns * w)
