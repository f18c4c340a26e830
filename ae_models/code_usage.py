"""Which code units a variational model uses: KL per unit and the active units.

A unit the model ignores keeps its posterior at the prior for every image: its
KL is near zero and its mean barely moves from image to image (posterior
collapse). Two measures over a test set say which units carry information: the
mean KL of each unit's posterior N(mean, exp(log_var)) against N(0, 1), and
Burda et al.'s activity (2016, "Importance Weighted Autoencoders"): the variance
over the test set of each unit's posterior mean, active when above 0.01.
Numpy only; ``code_usage`` asks a model for its posteriors (a conditional model
is given each image's label).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ACTIVE_THRESHOLD = 0.01      # Burda et al.'s cut on the variance of a unit's posterior mean


def kl_per_unit(mean: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """Mean over images of KL(N(mean, exp(log_var)) || N(0, 1)) per unit, in nats: (N, units) -> (units,)."""
    mean, log_var = np.asarray(mean, np.float64), np.asarray(log_var, np.float64)
    if mean.shape != log_var.shape or mean.ndim != 2 or not len(mean):
        raise ValueError(f"Expected means and log-variances of one shape (N, units), N > 0; "
                         f"got {mean.shape} and {log_var.shape}.")
    return (0.5 * (mean ** 2 + np.exp(log_var) - 1.0 - log_var)).mean(axis=0)


def unit_activity(mean: np.ndarray) -> np.ndarray:
    """Variance over images of each unit's posterior mean: (N, units) -> (units,)."""
    mean = np.asarray(mean, np.float64)
    if mean.ndim != 2 or not len(mean):
        raise ValueError(f"Expected posterior means of shape (N, units), N > 0; got {mean.shape}.")
    return mean.var(axis=0)


def active_units(mean: np.ndarray, threshold: float = ACTIVE_THRESHOLD) -> np.ndarray:
    """Which units are active (Burda et al.): a boolean per unit, variance of its mean above ``threshold``."""
    return unit_activity(mean) > threshold


@dataclass(frozen=True)
class CodeUsage:
    """How a model uses its code over a set of images: KL and activity per unit, and which are active."""

    kl: np.ndarray          # (units,) mean KL per unit, nats
    activity: np.ndarray    # (units,) variance of each unit's posterior mean
    active: np.ndarray      # (units,) bool
    images: int             # how many images it was measured on

    @property
    def units(self) -> int:
        """The code size."""
        return len(self.kl)

    @property
    def active_count(self) -> int:
        """How many units carry information."""
        return int(self.active.sum())

    def sentence(self) -> str:
        """The finding in plain words, e.g. '9 of 32 units carry information; the others stay at the prior.'"""
        n, total = self.active_count, self.units
        if n == total:
            return f"All {total} units carry information: the model uses its whole code."
        if n == 0:
            return f"None of the {total} units carries information: every one stays at the prior."
        verb = "carries" if n == 1 else "carry"
        rest = "the other stays" if total - n == 1 else "the others stay"
        return f"{n} of {total} units {verb} information; {rest} at the prior."


def usage_from_posteriors(mean: np.ndarray, log_var: np.ndarray,
                          threshold: float = ACTIVE_THRESHOLD) -> CodeUsage:
    """The code usage of posteriors already computed: means and log-variances (N, units)."""
    activity = unit_activity(mean)
    return CodeUsage(kl_per_unit(mean, log_var), activity, activity > threshold, len(mean))


def code_usage(ae: Any, images: np.ndarray, labels: np.ndarray | None = None) -> CodeUsage:
    """How a variational model uses its code on ``images`` (a conditional model is given ``labels``)."""
    if not ae.variational:
        raise TypeError(f"The {ae.kind} kind has a plain code; code usage needs a variational kind (vae, cvae).")
    if ae.conditional and labels is None:
        raise ValueError("A conditional model's posterior needs each image's label: pass labels=...")
    mean, log_var = ae.encode_distribution(images, labels if ae.conditional else None)
    return usage_from_posteriors(mean, log_var)
