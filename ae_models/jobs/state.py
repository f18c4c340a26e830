"""What a page reads of a job: its ``Job`` (state, place in the story, result) and the latest
``Snapshot`` of the model learning (losses, eight reconstructions, the code map, KL per unit)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .spec import JobSpec

QUEUED, STARTING, TRAINING, MEASURING = "queued", "starting", "training", "measuring"
DONE, FAILED, CANCELLED = "done", "failed", "cancelled"
ACTIVE = (QUEUED, STARTING, TRAINING, MEASURING)


@dataclass
class Snapshot:
    """The model as it is learning, sent by the worker a few times a second."""

    epoch: int                        # epochs finished
    epochs: int
    step: int                         # batches finished in the current epoch
    steps: int                        # batches per epoch
    batches: int                      # batches finished in all
    losses: np.ndarray                # (n, 2): batch number, smoothed training loss per batch
    terms: dict[str, np.ndarray]      # variational kinds: "reconstruction", "kl" as (n, 2) like losses
    epoch_points: dict[str, list[float]]   # per finished epoch: loss, val_loss, ...
    originals: np.ndarray             # uint8 (8, 28, 28): fixed test digits
    reconstructions: np.ndarray       # uint8 (8, 28, 28): what the model makes of them now
    code_map: np.ndarray              # float32 (n, 2): test codes, projected when wider than 2
    labels: np.ndarray                # (n,) their classes
    kl_per_unit: np.ndarray | None = None   # variational kinds: mean KL of each code unit, nats
    paused: bool = False
    seconds: float = 0.0              # training time so far

    @property
    def fraction(self) -> float:
        """Share of the planned batches done, 0..1."""
        planned = max(self.epochs * self.steps, 1)
        return min((self.epoch * self.steps + self.step) / planned, 1.0)


@dataclass
class Job:
    """One visitor's training run as the server sees it; the runner's thread updates it."""

    id: str
    spec: JobSpec
    submitted: float = field(default_factory=time.time)
    state: str = QUEUED
    started: float | None = None       # when a worker took it
    finished: float | None = None
    snapshot: Snapshot | None = None
    updates: int = 0                   # snapshots received
    first_picture: float | None = None  # when the first snapshot arrived
    model_name: str | None = None      # the model in the catalogue, once done
    error: str | None = None
    ended_by: str | None = None        # why it ended early: "you", "the time limit", "you left"
    stop_requested: bool = False
    paused: bool = False
    notes: list[str] = field(default_factory=list)
    seconds: float | None = None       # the worker's training time, once done

    @property
    def visitor(self) -> str:
        return self.spec.visitor

    @property
    def active(self) -> bool:
        """Queued or on a worker."""
        return self.state in ACTIVE

    @property
    def done(self) -> bool:
        return not self.active

    @property
    def elapsed(self) -> float:
        """Seconds since a worker took it (0 while queued)."""
        if self.started is None:
            return 0.0
        return (self.finished or time.time()) - self.started

    @property
    def fraction(self) -> float:
        """Share of the planned work done, 0..1."""
        if self.state == DONE:
            return 1.0
        return self.snapshot.fraction if self.snapshot else 0.0

    def remaining(self, expected: float) -> float:
        """Seconds left: at the pace so far once there is one, else ``expected`` less the time spent."""
        f = self.fraction
        if self.state == MEASURING:
            return max(expected * 0.1, 1.0)
        if f > 0.05 and self.snapshot is not None:
            return self.snapshot.seconds * (1 - f) / f + max(expected * 0.1, 1.0)
        return max(expected - self.elapsed, 1.0)
