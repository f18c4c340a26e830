"""Training: fit any kind on a dataset, with progress callbacks, early stopping and an atomic save.

``train`` is deterministic given ``seed`` (on the CPU), holds out a validation
split of the *training* images for early stopping (test images are kept for
measuring), reports progress through plain callbacks, can stop on request,
resume an interrupted run from its last finished epoch, and run under a
``tf.distribute`` strategy. The result is saved with its metadata; user runs
never overwrite shipped weights.
"""
from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from . import runtime
from .data import dataset_info, load_dataset
from .evaluate import measure
from .registry import kind_module
from .store import (WEIGHTS_SUFFIX, atomic_write, folder_for, halvable, load, make_config, new_name,
                    round_to_half, save, sha256, write_half, write_json)

EpochCallback = Callable[[int, dict], None]
BatchCallback = Callable[[int, int], None]
STRATEGIES = ("default", "mirrored", "multiworker")


@lru_cache(maxsize=None)
def _named_strategy(name: str):
    # One instance per process: two MirroredStrategy objects clash over collective-op keys.
    import tensorflow as tf
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()   # reads the cluster from TF_CONFIG
    raise ValueError(f"Unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}.")


def make_strategy(strategy):
    """A tf.distribute strategy from a name ('default', 'mirrored', 'multiworker') or as given."""
    import tensorflow as tf
    if strategy is None or strategy == "default":
        return tf.distribute.get_strategy()
    return _named_strategy(strategy) if isinstance(strategy, str) else strategy


def split_data(x: np.ndarray, y: np.ndarray, subset: int | None, validation_split: float,
               seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle (seeded), keep ``subset`` images, and split off a validation part: (x_fit, x_val, y_fit)."""
    order = np.random.default_rng(seed).permutation(len(x))
    if subset:
        order = order[:int(subset)]
    n_val = int(round(len(order) * validation_split)) if len(order) > 1 else 0
    fit_idx, val_idx = order[n_val:], order[:n_val]
    return x[fit_idx], x[val_idx], y[fit_idx]


def _versions() -> dict:
    import keras
    import tensorflow as tf
    return {"python": platform.python_version(), "numpy": np.__version__,
            "tensorflow": tf.__version__, "keras": keras.__version__}


class _Run:
    """What one training run accumulates: history, seconds, and its checkpoint on disk."""

    def __init__(self, checkpoint: Path | None, history: dict, seconds_before: float):
        self.checkpoint, self.history = checkpoint, history
        self.seconds_before, self.started = seconds_before, time.perf_counter()

    @property
    def seconds(self) -> float:
        return self.seconds_before + time.perf_counter() - self.started

    def record(self, model, epoch: int, logs: dict) -> None:
        """Append an epoch's logs; with a checkpoint, save weights and state atomically."""
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)
        if self.checkpoint is not None:
            atomic_write(self.checkpoint, lambda tmp: model.save_weights(tmp), ".weights.h5")
            write_json(self.checkpoint.with_suffix("").with_suffix(".json"),
                       {"epoch": epoch + 1, "history": self.history, "seconds": self.seconds})

    def clear_checkpoint(self) -> None:
        if self.checkpoint is not None:
            self.checkpoint.unlink(missing_ok=True)
            self.checkpoint.with_suffix("").with_suffix(".json").unlink(missing_ok=True)


def _callbacks(keras, run: _Run, on_epoch, on_batch, should_stop, steps, parts, config,
               patience, val_available):
    cbs = []

    class Progress(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if on_batch:
                on_batch(batch + 1, steps)
            if should_stop and should_stop():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            logs = {k: float(v) for k, v in (logs or {}).items()}
            run.record(self.model, epoch, logs)
            if on_epoch:
                on_epoch(epoch, logs)
            if should_stop and should_stop():
                self.model.stop_training = True

    cbs.append(Progress())
    warmup = getattr(config, "warmup_epochs", 0)
    if parts.variational and warmup:
        class BetaWarmup(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.model.beta.assign(config.beta * min(1.0, epoch / warmup))
        cbs.append(BetaWarmup())
    if patience and val_available:
        cbs += recipe_callbacks(keras, patience, warmup)
    return cbs


def recipe_callbacks(keras, patience: int, warmup: int = 0) -> list:
    """The grid's recipe on the validation loss: halve the learning rate when progress stalls (the
    last few hundredths of BCE; not during a VAE's beta warm-up), stop after ``patience`` epochs
    without progress and keep the best weights."""
    cbs = [] if warmup else [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                               patience=max(1, patience // 2), min_lr=1e-5)]
    return cbs + [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                                restore_best_weights=True, start_from_epoch=warmup)]


def train(kind: str, dataset: str = "mnist", code_size: int = 32, epochs: int = 10,
          batch_size: int = 128, learning_rate: float = 1e-3, seed: int = 0,
          subset: int | None = None, validation_split: float = 0.1, patience: int = 3,
          on_epoch: EpochCallback | None = None, on_batch: BatchCallback | None = None,
          should_stop: Callable[[], bool] | None = None, save_to: str | Path | None = "user",
          name: str | None = None, resume: bool = False, strategy=None, probe: bool = True,
          continue_from=None, **options):
    """Train ``kind`` and return ``(autoencoder, history)``; see the module docstring.

    ``save_to``: 'user' (default), 'shipped', a folder, or None to keep the model in memory.
    ``continue_from``: a saved model's ``ModelEntry`` to start from; ``epochs`` more are run
    and its history and training time carry over.
    ``options``: the kind's own knobs (``l1``, ``tied``, ``noise_kind``, ``beta``...).
    """
    runtime.configure()
    import keras
    from .autoencoder import Autoencoder

    base = dict(continue_from.metadata.get("config", {})) if continue_from is not None else {}
    config = make_config(kind, {**base, "code_size": int(code_size), **options})
    if epochs < 0 or batch_size < 1 or learning_rate <= 0 or not 0 <= validation_split < 1:
        raise ValueError("epochs must be >= 0, batch_size >= 1, learning_rate > 0 and validation_split in [0, 1).")
    keras.utils.set_random_seed(seed)   # thread-local: seed inside the thread that trains
    (x_train, y_train), (x_test, y_test) = load_dataset(dataset)
    x_fit, x_val, y_fit = split_data(x_train, y_train, subset, validation_split, seed)
    if len(x_fit) == 0:
        raise ValueError("No training images left: raise the subset size or lower the validation split.")

    folder = Path(folder_for(save_to) if save_to in ("user", "shipped") else save_to) if save_to else None
    source = save_to if save_to in ("user", "shipped") else "user"
    name = name or new_name(kind, dataset, config.code_size, source)
    checkpoint = folder / ".partial" / f"{name}.weights.h5" if (folder and resume) else None

    module = kind_module(kind)
    distribution = make_strategy(strategy)
    with distribution.scope():
        parts = module.build(config)
        if "fit" not in parts.extras:
            parts.trainer.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=parts.loss)

    history: dict[str, list[float]] = {}
    initial_epoch, seconds_before = 0, 0.0
    if continue_from is not None:
        before = continue_from.metadata.get("training", {})
        parts.trainer.load_weights(str(continue_from.weights_path))
        history = {k: list(v) for k, v in before.get("history", {}).items()}
        initial_epoch, seconds_before = int(before.get("epochs_run", 0)), float(before.get("seconds", 0))
        epochs += initial_epoch
    if checkpoint is not None and checkpoint.is_file():
        state = json.loads(checkpoint.with_suffix("").with_suffix(".json").read_text())
        parts.trainer.load_weights(str(checkpoint))
        initial_epoch, history = int(state["epoch"]), state["history"]
        seconds_before = float(state.get("seconds", 0.0))

    run = _Run(checkpoint, history, seconds_before)
    if "fit" in parts.extras:     # closed-form kinds (PCA)
        extra = parts.extras["fit"](parts, x_fit)
        if on_epoch:
            on_epoch(0, {})
    else:
        steps = int(np.ceil(len(x_fit) / batch_size))
        cbs = _callbacks(keras, run, on_epoch, on_batch, should_stop, steps, parts, config,
                         patience, len(x_val) > 0)
        target = None if parts.loss is None else x_fit
        val = None if len(x_val) == 0 else ((x_val,) if parts.loss is None else (x_val, x_val))
        parts.trainer.fit(x_fit, target, epochs=epochs, initial_epoch=initial_epoch,
                          batch_size=batch_size, shuffle=True, validation_data=val,
                          callbacks=cbs, verbose=0)
        extra = {}
    epochs_run = len(next(iter(run.history.values()), []))
    seconds = run.seconds
    if strategy not in (None, "default"):
        # Models built under a distribution scope predict per replica; serve a plain copy.
        trained, parts = parts, module.build(config)
        parts.trainer.set_weights(trained.trainer.get_weights())

    if folder is not None:
        round_to_half(parts.trainer)   # the precision it is saved at: its figures are the file's
    ae = Autoencoder(kind, config, parts, dataset)
    info = dataset_info(dataset)
    metrics = {**measure(ae, x_test, y_test, x_fit, y_fit if probe else None), **extra}
    stopped = bool(should_stop and should_stop())
    ae.metadata = {
        "kind": kind, "dataset": dataset, "dataset_subset": info.subset,
        "dataset_source": info.source, "code_size": config.code_size, "config": asdict(config),
        "training": {"epochs": epochs, "epochs_run": epochs_run, "batch_size": batch_size,
                     "learning_rate": learning_rate, "seed": seed, "subset": subset,
                     "train_images": int(len(x_fit)), "validation_split": validation_split,
                     "patience": patience, "strategy": str(strategy or "default"),
                     "continued_from": continue_from.name if continue_from is not None else None,
                     "stopped_by_user": stopped, "seconds": round(seconds, 1), "history": run.history},
        "metrics": metrics, "params": ae.count_params(), "versions": _versions(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    if folder is not None:
        save(ae, folder, name, ae.metadata)
        run.clear_checkpoint()
    return ae, run.history


def build(kind: str, code_size: int = 32, **options):
    """An untrained model of ``kind`` with the common interface."""
    runtime.configure()
    from .autoencoder import Autoencoder
    config = make_config(kind, {"code_size": int(code_size), **options})
    return Autoencoder(kind, config, kind_module(kind).build(config))


def store_at_half_precision(entry) -> dict | None:
    """Rewrite a saved model's weights at half precision and re-measure its recorded test figures.

    For models saved before weights were stored as float16. The figures are measured as ``train``
    measured them (same test set, linear probe fitted on the same training images); returns them,
    or None (changing nothing) when the file holds no float32 array that float16 can store.
    """
    path = entry.weights_path
    if not halvable(path):
        return None
    atomic_write(path, lambda tmp: write_half(str(path), tmp), WEIGHTS_SUFFIX)
    meta = {**entry.metadata, "sha256": sha256(path)}
    ae = load(replace(entry, metadata=meta))
    record = meta.get("training", {})
    (x_train, y_train), (x_test, y_test) = load_dataset(entry.dataset)
    x_fit, _, y_fit = split_data(x_train, y_train, record.get("subset"),
                                 float(record.get("validation_split", 0.1)), int(record.get("seed", 0)))
    meta["metrics"] = {**meta.get("metrics", {}), **measure(ae, x_test, y_test, x_fit, y_fit)}
    write_json(entry.meta_path, meta)
    return meta["metrics"]
