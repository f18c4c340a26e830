"""Is it like the training data? A score from reconstruction error, calibrated on the test set.

An autoencoder redraws what resembles its training data well and anything else
worse. ``likeness_score`` turns an image's reconstruction error into the share
of test images that are redrawn *worse*: about 0.5 for a typical test digit,
near 1 for a very clean one, near 0 for anything worse than almost every test
digit; ``verdict`` puts a score into words. Several models can judge together:
their log errors, each divided by its spread on the test set, are summed. A
calibration keeps the test set's (combined) errors as 1001 quantiles.

A model's per-image test errors are measured when it is trained or evaluated
and saved in its record, so ``calibration_for`` needs no pass over the test set
(a model without them is measured once per process). The error is 1 - SSIM over
5x5 windows, and on MNIST the 32-component PCA and the 16-dimensional VAE judge together
(``DETECTORS`` names them per dataset): SSIM over small windows compares the local shape of strokes
where BCE and MSE mostly count ink, the PCA can only redraw the span of digit
components, and the VAE flags letters the PCA lets through. The figures behind
these choices come from ``python -m benchmarks.bench_likeness`` (docs/RESULTS.md).
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

import numpy as np

from . import metrics

if TYPE_CHECKING:
    from .autoencoder import Autoencoder

Models = Union["Autoencoder", Sequence["Autoencoder"]]   # one model, or several judging together

MEASURES = ("ssim", "bce", "mse")
DEFAULT_MEASURE = "ssim"
SSIM_WINDOW = 5
# The models judging together, per dataset. On Fashion-MNIST the VAE redraws thin strokes too well
# (a handwritten digit scored "like" a garment one time in four); its dense autoencoder does not.
DETECTORS = {
    "mnist": ({"kind": "pca", "code_size": 32}, {"kind": "vae", "code_size": 16}),
    "fashion_mnist": ({"kind": "pca", "code_size": 32}, {"kind": "dense", "code_size": 32}),
}


def detectors(dataset: str) -> tuple[dict, ...]:
    """The kinds and code sizes that judge likeness on ``dataset`` (MNIST's for a dataset without its own)."""
    return DETECTORS.get(dataset, DETECTORS["mnist"])
QUANTILES = 1001
UNLIKE_BELOW = 0.01      # redrawn worse than 99% of the test set
UNUSUAL_BELOW = 0.05     # redrawn worse than 95% of the test set
_SMALLEST_ERROR = 1e-6   # keeps the log finite for a perfect reconstruction

_test_errors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # model -> {measure: errors}
_test_errors_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class LikenessCalibration:
    """The test set's errors for one or more models under one measure, as an ascending quantile table."""

    models: tuple[str, ...]   # model_name of each model judging
    dataset: str | None
    measure: str              # one of MEASURES
    weights: np.ndarray       # how much each model's log error counts: 1 / its spread on the test set
    quantiles: np.ndarray     # the test set's combined errors at QUANTILES evenly spaced levels

    def score(self, errors: np.ndarray) -> np.ndarray:
        """1 - the percentile rank of each (combined) error among the test set's, in [0, 1]."""
        levels = np.linspace(0.0, 1.0, len(self.quantiles))
        return 1.0 - np.interp(np.asarray(errors, np.float64), self.quantiles, levels)

    def combine(self, errors: Sequence[np.ndarray]) -> np.ndarray:
        """One error per image from each model's errors: their weighted log sum."""
        return self.weights @ _logs(errors)


def model_name(ae: Autoencoder) -> str:
    """A model as 'kind-dataset-code_size', e.g. 'pca-mnist-32'."""
    return f"{ae.kind}-{ae.dataset}-{ae.code_size}"


def image_error(x: np.ndarray, redrawn: np.ndarray, measure: str = DEFAULT_MEASURE) -> np.ndarray:
    """Per-image error between images (N, 28, 28) and their reconstructions, higher is worse."""
    if measure not in MEASURES:
        raise ValueError(f"Unknown measure {measure!r}; choose one of {', '.join(MEASURES)}.")
    if measure == "ssim":
        return 1.0 - metrics.ssim(x, redrawn, window=SSIM_WINDOW)
    return getattr(metrics, measure)(x, redrawn)


def calibrate(models: Models, x_test: np.ndarray, measure: str = DEFAULT_MEASURE) -> LikenessCalibration:
    """Measure one model (or several) on the test images and keep the errors as a quantile table."""
    models = _as_tuple(models)
    return _calibration(models, [image_error(x_test, ae.reconstruct(x_test), measure) for ae in models], measure)


def calibration_for(models: Models, measure: str = DEFAULT_MEASURE) -> LikenessCalibration:
    """The calibration on the models' own test set; each model is measured once per process."""
    models = _as_tuple(models)
    return _calibration(models, [_errors_on_test_set(ae, measure) for ae in models], measure)


def likeness_score(models: Models, x: np.ndarray, calibration: LikenessCalibration | None = None) -> np.ndarray:
    """How much each image (N, 28, 28) looks like the models' training data, in [0, 1]."""
    models = _as_tuple(models)
    calibration = calibration or calibration_for(models)
    if calibration.models != tuple(model_name(ae) for ae in models):
        raise ValueError(f"This calibration is for {' + '.join(calibration.models)}: "
                         "score with those models or calibrate these.")
    x = np.asarray(x, np.float32).reshape(-1, 28, 28)
    errors = [image_error(x, ae.reconstruct(x), calibration.measure) for ae in models]
    return calibration.score(calibration.combine(errors))


def verdict(score: float) -> str:
    """A score in plain words: 'like the training data', 'unusual' or 'unlike the training data'."""
    if score < UNLIKE_BELOW:
        return "unlike the training data"
    if score < UNUSUAL_BELOW:
        return "unusual"
    return "like the training data"


def _as_tuple(models: Models) -> tuple[Autoencoder, ...]:
    models = tuple(models) if isinstance(models, Sequence) else (models,)
    if not models:
        raise ValueError("Give at least one model to judge likeness with.")
    if len({ae.dataset for ae in models}) > 1:
        raise ValueError("Models judging together must be trained on the same dataset.")
    return models


def _logs(errors: Sequence[np.ndarray]) -> np.ndarray:
    """Log of each model's errors, one row per model."""
    return np.log(np.maximum(np.asarray(errors, np.float64), _SMALLEST_ERROR))


def _calibration(models: tuple[Autoencoder, ...], test_errors: list[np.ndarray],
                 measure: str) -> LikenessCalibration:
    """Weigh each model by 1 / the spread of its log test errors, so each counts alike."""
    logs = _logs(test_errors)
    weights = 1.0 / np.maximum(logs.std(axis=1), _SMALLEST_ERROR)
    table = np.quantile(weights @ logs, np.linspace(0.0, 1.0, QUANTILES))
    return LikenessCalibration(tuple(model_name(ae) for ae in models), models[0].dataset, measure, weights, table)


def _errors_on_test_set(ae: Autoencoder, measure: str) -> np.ndarray:
    """Per-image errors of ``ae`` on its dataset's test set: from its record when saved there,
    else computed once per model and measure."""
    saved = ae.record.likeness if ae.record is not None else None
    if saved is not None and saved.measure == measure:
        return saved.errors
    with _test_errors_lock:
        per_model = _test_errors.setdefault(ae, {})
        if measure not in per_model:
            x_test = _test_images(ae)
            per_model[measure] = image_error(x_test, ae.reconstruct(x_test), measure)
        return per_model[measure]


def _test_images(ae: Autoencoder) -> np.ndarray:
    if ae.dataset is None:
        raise ValueError("This model has no dataset to calibrate on: use calibrate(models, x_test).")
    from .data import load_test_split
    return load_test_split(ae.dataset)[0]
