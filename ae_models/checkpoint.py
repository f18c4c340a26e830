"""A training run's finished epochs on disk, so an interrupted run picks up where it stopped.

After every finished epoch the run writes the model's weights *with the
optimizer's state* (Adam's moments, its step count, the learning rate) to a new
file, then a small manifest naming that file, the epoch and the history. The
manifest is written last and atomically, so it only ever names a complete
weights file: a run killed at any moment leaves either the previous checkpoint
or the new one, never a manifest pointing at nothing. Older weights files are
removed only after the new manifest is in place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .store import atomic_write, ensure_room, write_json

PARTIAL = ".partial"


@dataclass(frozen=True)
class Saved:
    """What a checkpoint holds besides the weights."""

    epoch: int                          # epochs finished
    history: dict[str, list[float]]
    seconds: float


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be read back; the message says why."""


class Checkpoint:
    """The checkpoint of one run, ``<folder>/.partial/<key>.json`` and the weights file it names."""

    def __init__(self, folder: Path, key: str):
        self.folder, self.key = Path(folder) / PARTIAL, key
        self.manifest = self.folder / f"{key}.json"

    def __repr__(self) -> str:
        return f"Checkpoint({self.manifest})"

    def save(self, model, saved: Saved) -> None:
        """Write this epoch's weights and optimizer state, then the manifest naming them."""
        weights = self.folder / f"{self.key}-epoch{saved.epoch}.weights.h5"
        ensure_room(self.folder, 16 * model.count_params())   # weights and Adam's two moments, in float32
        atomic_write(weights, lambda tmp: model.save_weights(tmp), ".weights.h5")
        write_json(self.manifest, {"weights": weights.name, "epoch": saved.epoch,
                                   "history": saved.history, "seconds": saved.seconds})
        self._remove_weights_but(weights.name)

    def load(self, model) -> Saved | None:
        """Restore weights and optimizer state into a compiled ``model``; None when there is no
        checkpoint, CheckpointError when there is one that cannot be read."""
        if not self.manifest.is_file():
            return None
        try:
            state = json.loads(self.manifest.read_text())
            weights = self.folder / state["weights"]
            if getattr(model, "optimizer", None) is not None:
                model.optimizer.build(model.trainable_variables)   # so its saved state has somewhere to go
            model.load_weights(str(weights))
            return Saved(int(state["epoch"]), dict(state["history"]), float(state.get("seconds", 0.0)))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CheckpointError(f"the checkpoint {self.manifest} cannot be read back "
                                  f"({type(error).__name__}: {str(error)[:160]})") from error

    def clear(self) -> None:
        """Remove the checkpoint (the run finished and its model is saved)."""
        self.manifest.unlink(missing_ok=True)
        self._remove_weights_but(None)

    def _remove_weights_but(self, keep: str | None) -> None:
        for old in self.folder.glob(f"{self.key}-epoch*.weights.h5"):
            if old.name != keep:
                old.unlink(missing_ok=True)
