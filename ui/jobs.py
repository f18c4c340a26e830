"""Training runs in a worker thread, one at a time per server; the page only reads their progress.

The worker never calls Streamlit: it writes epochs, steps and losses into a
``TrainingJob`` that the page's polling fragment reads. A module-level lock
taken without blocking is the single training slot: a second request gets
``TrainingBusyError`` naming the run in progress.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ae_models import TrainingBusyError, train
from ae_models.store import WEIGHTS_SUFFIX

_slot = threading.Lock()
_running: TrainingJob | None = None


@dataclass
class TrainingJob:
    """One training run and what the page shows of it."""

    kind: str
    dataset: str
    settings: dict
    started: float = field(default_factory=time.time)
    epoch: int = 0                 # epochs finished
    step: int = 0                  # batches finished in the current epoch
    steps: int = 1
    history: dict[str, list[float]] = field(default_factory=dict)
    finished: float | None = None
    model_name: str | None = None  # the saved user model, once done
    error: str | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def epochs(self) -> int:
        return int(self.settings["epochs"])

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def fraction(self) -> float:
        """Share of the planned work done, 0..1."""
        if self.done:
            return 1.0
        return min((self.epoch + self.step / max(self.steps, 1)) / max(self.epochs, 1), 1.0)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.time()) - self.started

    @property
    def remaining(self) -> float | None:
        """Seconds left at the pace so far, None before there is a pace."""
        return None if self.fraction <= 0 else self.elapsed * (1 - self.fraction) / self.fraction

    def describe(self) -> str:
        return f"{self.kind} on {self.dataset}, epoch {min(self.epoch + 1, self.epochs)} of {self.epochs}"

    # ---- called from the worker thread ----------------------------------
    def on_batch(self, step: int, steps: int) -> None:
        self.step, self.steps = step, steps

    def on_epoch(self, epoch: int, logs: dict) -> None:
        for name, value in logs.items():
            self.history.setdefault(name, []).append(float(value))
        self.epoch, self.step = epoch + 1, 0


def running() -> TrainingJob | None:
    """The run holding the training slot, if any."""
    return _running


def start(kind: str, dataset: str, **settings) -> TrainingJob:
    """Start training in a worker thread; TrainingBusyError when another run holds the slot."""
    global _running
    if not _slot.acquire(blocking=False):
        busy = _running.describe() if _running else "another model"
        raise TrainingBusyError(f"A training run is already in progress on this server ({busy}). "
                                "Wait for it to finish, then try again.")
    job = _running = TrainingJob(kind, dataset, settings)
    threading.Thread(target=_work, args=(job,), name=f"train-{kind}", daemon=True).start()
    return job


def _work(job: TrainingJob) -> None:
    global _running
    try:
        ae, _ = train(job.kind, job.dataset, on_epoch=job.on_epoch, on_batch=job.on_batch,
                      should_stop=job.stop.is_set, save_to="user", **job.settings)
        job.model_name = Path(ae.path).name.removesuffix(WEIGHTS_SUFFIX)
    except Exception as error:   # shown to the user as a message, never a traceback
        job.error = str(error) or type(error).__name__
    finally:
        job.finished = time.time()
        _running = None
        _slot.release()
