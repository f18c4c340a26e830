"""What a training job asks for (``JobSpec``), how a runner is set up (``RunnerSettings``), and
the refusal a visitor meets when a request cannot be taken (``JobRefused``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..training import TrainSettings

DEFAULT_ABANDON_S = 180.0        # a run whose visitor has been gone this long is cancelled
DEFAULT_TIME_LIMIT_S = 1800.0    # a run training longer than this is stopped (its model kept)


class JobRefused(RuntimeError):
    """A training request the runner will not take; the message says why and what to do."""


@dataclass(frozen=True)
class JobSpec:
    """One training request: the kind and its own settings, how to train, and who asked."""

    kind: str
    dataset: str
    code_size: int
    train: TrainSettings = field(default_factory=TrainSettings)
    options: dict = field(default_factory=dict)    # the kind's own knobs
    visitor: str = "anonymous"
    data_dir: str | None = None       # where the worker reads the training images (AE_DATA_DIR)
    catalogue: str | None = None      # the folder the trained model lands in (default: the user folder)

    @property
    def images(self) -> int | None:
        """How many training images the run asks for (None: all)."""
        return self.train.subset

    def describe(self) -> str:
        """'dense on mnist, code 32, 2 epochs'."""
        return f"{self.kind} on {self.dataset}, code {self.code_size}, {self.train.epochs} epoch(s)"


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def default_slots() -> int:
    """Cores - 1, at least 1: one core is left to the web server."""
    return max(1, (os.cpu_count() or 2) - 1)


@dataclass(frozen=True)
class RunnerSettings:
    """How many runs train at once, when a run is given up, and where runs train."""

    slots: int = field(default_factory=default_slots)
    abandon_after: float = DEFAULT_ABANDON_S
    time_limit: float = DEFAULT_TIME_LIMIT_S
    backend: str = "local"             # or "ray"
    ray_address: str | None = None     # None with backend "ray": a local cluster started by the runner
    threads_per_run: int | None = None  # TensorFlow threads per run (None: cores / slots)

    @classmethod
    def from_env(cls) -> RunnerSettings:
        """Settings from ``AE_TRAIN_SLOTS``, ``AE_TRAIN_ABANDON_S``, ``AE_TRAIN_TIME_LIMIT_S``,
        ``AE_TRAIN_THREADS``, ``AE_TRAIN_RUNNER`` (local or ray) and ``RAY_ADDRESS`` / ``AE_RAY_ADDRESS``."""
        address = os.environ.get("AE_RAY_ADDRESS") or os.environ.get("RAY_ADDRESS") or None
        backend = os.environ.get("AE_TRAIN_RUNNER", "ray" if address else "local").strip().lower()
        slots, threads = os.environ.get("AE_TRAIN_SLOTS", ""), os.environ.get("AE_TRAIN_THREADS", "")
        return cls(slots=max(1, int(slots)) if slots.isdigit() else default_slots(),
                   abandon_after=_env_float("AE_TRAIN_ABANDON_S", DEFAULT_ABANDON_S),
                   time_limit=_env_float("AE_TRAIN_TIME_LIMIT_S", DEFAULT_TIME_LIMIT_S),
                   backend="ray" if backend == "ray" else "local", ray_address=address,
                   threads_per_run=max(1, int(threads)) if threads.isdigit() else None)

    def threads(self) -> int:
        """TensorFlow intra-op threads a run gets."""
        return self.threads_per_run or max(1, (os.cpu_count() or 2) // self.slots)
