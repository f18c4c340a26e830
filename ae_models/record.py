"""A saved model's record: what it is, how it was trained and how it measured, parsed once.

A model on disk is ``<name>.weights.h5`` beside ``<name>.json``; the JSON is a
``ModelRecord``. The store parses it once when it reads the folder, so pages and
commands read attributes (``record.training.epochs_run``, ``record.metrics.bce``)
instead of digging through dicts, and a file that does not parse is reported
with the reason (``RecordError``) rather than skipped in silence. No framework here.
"""
from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from .data import DATASETS
from .registry import BY_NAME


class RecordError(ValueError):
    """A metadata file that is not a model's record; the message says what is wrong with it."""


@dataclass(frozen=True)
class Metrics:
    """Test-set figures: means over the test set's images (``probe_accuracy``: a logistic
    regression on the codes; ``neg_elbo``: nats per image; ``classify_accuracy``: a conditional
    model reading the test labels itself; ``nll``: the importance-sampled -log p(x) in nats with
    ``nll_k`` codes per image over the first ``nll_images`` test images, and ``neg_elbo_sampled``
    the 1-sample -ELBO over the same images; ``active_units``: code units whose posterior mean
    varies over the test set by more than 0.01)."""

    bce: float | None = None
    mse: float | None = None
    psnr: float | None = None
    ssim: float | None = None
    rounded_accuracy: float | None = None
    probe_accuracy: float | None = None
    neg_elbo: float | None = None
    explained_variance: float | None = None
    classify_accuracy: float | None = None
    nll: float | None = None
    nll_k: float | None = None
    nll_images: float | None = None
    neg_elbo_sampled: float | None = None
    active_units: float | None = None

    @classmethod
    def from_dict(cls, values: dict) -> Metrics:
        """Known figures from a dict (unknown names are refused: a record names only these)."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise RecordError(f"unknown metrics {', '.join(sorted(unknown))}")
        return cls(**{k: None if v is None else float(v) for k, v in values.items()})

    def as_dict(self) -> dict[str, float]:
        """The figures present, by name."""
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class TrainingFacts:
    """How the model was trained; ``history`` holds each logged figure per epoch."""

    epochs: int = 0
    epochs_run: int = 0
    batch_size: int | None = None
    learning_rate: float | None = None
    seed: int = 0
    subset: int | None = None
    train_images: int | None = None
    validation_split: float = 0.1
    patience: int | None = None
    strategy: str = "default"
    continued_from: str | None = None
    stopped_by_user: bool = False
    seconds: float = 0.0
    history: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Likeness:
    """The model's per-image errors on its test set under one measure, for the likeness score."""

    measure: str
    errors: np.ndarray = field(repr=False)   # float32 (n_test,), in test-set order

    def to_json(self) -> dict:
        half = np.asarray(self.errors, np.float16)
        return {"measure": self.measure, "count": int(len(half)),
                "errors_float16": base64.b64encode(half.tobytes()).decode("ascii")}

    @classmethod
    def from_json(cls, data: dict) -> Likeness:
        errors = np.frombuffer(base64.b64decode(data["errors_float16"]), np.float16).astype(np.float32)
        if len(errors) != int(data["count"]):
            raise RecordError("the likeness errors do not match their count")
        errors.flags.writeable = False
        return cls(str(data["measure"]), errors)


@dataclass(frozen=True)
class ModelRecord:
    """Everything saved beside a model's weights."""

    kind: str
    dataset: str
    code_size: int
    config: dict                       # the kind's settings, enough to rebuild it
    training: TrainingFacts = TrainingFacts()
    metrics: Metrics = Metrics()
    params: int | None = None
    dataset_subset: bool = False       # trained and measured on part of the dataset
    dataset_source: str = ""
    versions: dict = field(default_factory=dict)
    created: str = ""
    weights_file: str = ""
    sha256: str | None = None
    likeness: Likeness | None = None

    @classmethod
    def from_json(cls, data: Any) -> ModelRecord:
        """Parse a record; RecordError says what is missing or wrong."""
        if not isinstance(data, dict):
            raise RecordError("it is not a JSON object")
        missing = [k for k in ("kind", "dataset", "code_size") if k not in data]
        if missing:
            raise RecordError(f"it lacks {', '.join(missing)}")
        if data["kind"] not in BY_NAME:
            raise RecordError(f"its kind {data['kind']!r} is not one of {', '.join(BY_NAME)}")
        if data["dataset"] not in DATASETS:
            raise RecordError(f"its dataset {data['dataset']!r} is not one of {', '.join(DATASETS)}")
        known = {f.name for f in fields(cls)}
        try:
            values = {k: v for k, v in data.items() if k in known}
            values["code_size"] = int(values["code_size"])
            values["config"] = dict(values.get("config") or {"code_size": values["code_size"]})
            values["training"] = TrainingFacts(**values.get("training", {}))
            values["metrics"] = Metrics.from_dict(values.get("metrics", {}))
            if values.get("likeness") is not None:
                values["likeness"] = Likeness.from_json(values["likeness"])
            return cls(**values)
        except RecordError:
            raise
        except (TypeError, ValueError, KeyError) as error:
            raise RecordError(f"a field has the wrong form ({error})") from error

    def to_json(self) -> dict:
        """The record as JSON-ready data (what ``from_json`` reads back)."""
        out = asdict(self)
        out["metrics"] = self.metrics.as_dict()
        out["likeness"] = self.likeness.to_json() if self.likeness is not None else None
        return out
