"""A saved model's record: what it is, how it was trained and how it measured, parsed once.

A model on disk is ``<name>.weights.h5`` beside ``<name>.json``; the JSON is a
``ModelRecord``. The store parses it once when it reads the folder, so pages and
commands read attributes (``record.training.epochs_run``, ``record.metrics.bce``)
instead of digging through dicts, and a file that does not parse is reported
with the reason (``RecordError``) rather than skipped in silence. No framework here.
"""
from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from .data import DATASETS
from .kinds._base import MAX_CODE, MIN_CODE
from .registry import BY_NAME


class RecordError(ValueError):
    """A metadata file that is not a model's record; the message says what is wrong with it."""


# ---- one checker per field type: a record read from someone else's file is checked field by field,
# so a wrong type or an absurd value is named here, never met later by a page that formats it.
BIG = 10**12          # no count or duration in a record comes near this
SHORT, LONG = 80, 400  # characters in a name-like and a path-like text
MAX_HISTORY = 100_000  # figures per logged quantity (one per epoch)
MAX_TEST_IMAGES = 100_000
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?")


def _int(name: str, value: Any, low: int = 0, high: int = BIG, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{name} must be a whole number, not {_shown(value)}")
    if not low <= value <= high:
        raise RecordError(f"{name} must be between {low:,} and {high:,}, not {_shown(value)}")
    return value


def _float(name: str, value: Any, low: float = -BIG, high: float = BIG, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(f"{name} must be a number, not {_shown(value)}")
    finite = isinstance(value, int) or math.isfinite(value)    # a huge int is fine to compare, not to convert
    if not (finite and low <= value <= high):
        raise RecordError(f"{name} must be a finite number between {low:g} and {high:g}, not {_shown(value)}")
    return float(value)


def _text(name: str, value: Any, longest: int = SHORT, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text, not {_shown(value)}")
    if len(value) > longest:
        raise RecordError(f"{name} is longer than {longest} characters")
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise RecordError(f"{name} must be true or false, not {_shown(value)}")
    return value


def _mapping(name: str, value: Any, most: int = 64) -> dict:
    if not isinstance(value, dict):
        raise RecordError(f"{name} must be an object, not {_shown(value)}")
    if len(value) > most:
        raise RecordError(f"{name} has more than {most} entries")
    return value


def _shown(value: Any) -> str:
    """A value as a short text for a message (a type name for anything long)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return "a huge number"
    text = repr(value) if isinstance(value, (bool, int, float, str, type(None))) else type(value).__name__
    return text if len(text) <= 24 else type(value).__name__


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
        unknown = set(_mapping("metrics", values)) - known
        if unknown:
            raise RecordError(f"unknown metrics {', '.join(sorted(unknown))}")
        return cls(**{k: _float(f"metric {k}", v, optional=True) for k, v in values.items()})

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

    @classmethod
    def from_dict(cls, values: Any) -> TrainingFacts:
        """Facts from a record's ``training`` object, each checked for its type and range."""
        values = dict(_mapping("training", values))
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise RecordError(f"unknown training facts {', '.join(sorted(unknown)[:5])}")
        checks = {
            "epochs": lambda v: _int("training.epochs", v), "epochs_run": lambda v: _int("training.epochs_run", v),
            "batch_size": lambda v: _int("training.batch_size", v, 1, optional=True),
            "learning_rate": lambda v: _float("training.learning_rate", v, 0, 100, optional=True),
            "seed": lambda v: _int("training.seed", v, -(2**63), 2**63),
            "subset": lambda v: _int("training.subset", v, optional=True),
            "train_images": lambda v: _int("training.train_images", v, optional=True),
            "validation_split": lambda v: _float("training.validation_split", v, 0, 1),
            "patience": lambda v: _int("training.patience", v, optional=True),
            "strategy": lambda v: _text("training.strategy", v),
            "continued_from": lambda v: _text("training.continued_from", v, LONG, optional=True),
            "stopped_by_user": lambda v: _flag("training.stopped_by_user", v),
            "seconds": lambda v: _float("training.seconds", v, 0),
            "history": _history,
        }
        return cls(**{k: checks[k](v) for k, v in values.items()})


def _history(value: Any) -> dict[str, list[float]]:
    """Each logged figure's values per epoch (not-a-number allowed: a run that diverged logs it)."""
    out = {}
    for name, values in _mapping("training.history", value).items():
        _text("a history name", name)
        if not isinstance(values, list) or len(values) > MAX_HISTORY:
            raise RecordError(f"training.history[{name!r}] must be a list of at most {MAX_HISTORY:,} numbers")
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
            raise RecordError(f"training.history[{name!r}] holds something other than numbers")
        out[name] = [float(v) for v in values]
    return out


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
    def from_json(cls, data: Any) -> Likeness:
        data = _mapping("likeness", data)
        measure = _text("likeness.measure", data.get("measure"))
        count = _int("likeness.count", data.get("count"), 0, MAX_TEST_IMAGES)
        packed = _text("likeness.errors_float16", data.get("errors_float16"), 4 * (2 * count + 2) // 3 + 4)
        try:
            raw = base64.b64decode(packed, validate=True)
        except (binascii.Error, ValueError):
            raise RecordError("likeness.errors_float16 is not base64") from None
        if len(raw) != 2 * count:
            raise RecordError("the likeness errors do not match their count")
        errors = np.frombuffer(raw, np.float16).astype(np.float32)
        errors.flags.writeable = False
        return cls(measure, errors)


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
        """Parse a record, every field checked for its type and range; RecordError says what is wrong."""
        if not isinstance(data, dict):
            raise RecordError("it is not a JSON object")
        missing = [k for k in ("kind", "dataset", "code_size") if k not in data]
        if missing:
            raise RecordError(f"it lacks {', '.join(missing)}")
        if not isinstance(data["kind"], str) or data["kind"] not in BY_NAME:
            raise RecordError(f"its kind {_shown(data['kind'])} is not one of {', '.join(BY_NAME)}")
        if not isinstance(data["dataset"], str) or data["dataset"] not in DATASETS:
            raise RecordError(f"its dataset {_shown(data['dataset'])} is not one of {', '.join(DATASETS)}")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["code_size"] = _int("code_size", values["code_size"], MIN_CODE, MAX_CODE)
        config = values.get("config") or {"code_size": values["code_size"]}
        values["config"] = dict(_mapping("config", config))
        if any(not isinstance(k, str) for k in values["config"]):
            raise RecordError("config names must be text")
        values["training"] = TrainingFacts.from_dict(values.get("training", {}))
        values["metrics"] = Metrics.from_dict(values.get("metrics", {}))
        if values.get("likeness") is not None:
            values["likeness"] = Likeness.from_json(values["likeness"])
        for name, check in _PLAIN_FIELDS.items():
            if name in values:
                values[name] = check(values[name])
        return cls(**values)

    def to_json(self) -> dict:
        """The record as JSON-ready data (what ``from_json`` reads back)."""
        out = asdict(self)
        out["metrics"] = self.metrics.as_dict()
        out["likeness"] = self.likeness.to_json() if self.likeness is not None else None
        return out


def _versions(value: Any) -> dict:
    versions = _mapping("versions", value, 16)
    for name, version in versions.items():
        _text("a version's name", name), _text(f"versions.{name}", version)
    return versions


def _created(value: Any) -> str:
    text = _text("created", value)
    if text and not STAMP.fullmatch(text):
        raise RecordError(f"created must be a date and time like 2026-11-24T10:31:00, not {_shown(text)}")
    return text


def _sha256(value: Any) -> str | None:
    text = _text("sha256", value, 64, optional=True)
    if text is not None and not re.fullmatch(r"[0-9a-f]{64}", text):
        raise RecordError("sha256 must be 64 hexadecimal digits")
    return text


_PLAIN_FIELDS = {
    "params": lambda v: _int("params", v, optional=True),
    "dataset_subset": lambda v: _flag("dataset_subset", v),
    "dataset_source": lambda v: _text("dataset_source", v, LONG),
    "versions": _versions,
    "created": _created,
    "weights_file": lambda v: _text("weights_file", v, LONG),
    "sha256": _sha256,
}
