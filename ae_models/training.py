"""Training: fit any kind on a dataset in four steps, with progress callbacks and checkpoints.

``train`` reads as its steps: ``prepare`` (settings checked, data split),
``restore`` (the model built, then continued from a saved model or resumed
from the run's checkpoint, optimizer state included), ``fit`` (Keras, or the
closed-form fit of PCA, checkpointing every finished epoch) and ``finish``
(measured on the test set, saved with its record). A run is deterministic given
its seed (on the CPU) and holds out a validation split of the *training* images
for early stopping, so test images are kept for measuring. A run that is
interrupted (Ctrl-C, a crash, a killed process) keeps its finished epochs: run
the same thing again and it resumes. User runs never overwrite shipped weights.
"""
from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from . import runtime
from .autoencoder import Autoencoder, one_hot
from .checkpoint import Checkpoint, CheckpointError, Saved
from .data import BINARIZED, binarize, dataset_info, load_dataset
from .evaluate import measure_on
from .record import Metrics, ModelRecord, TrainingFacts
from .registry import kind as kind_record
from .store import ModelEntry, clean_temporaries, folder_for, make_config, new_name, round_to_half, save

EpochCallback = Callable[[int, dict], None]
BatchCallback = Callable[[int, int], None]
STRATEGIES = ("default", "mirrored", "multiworker")


@dataclass(frozen=True)
class TrainSettings:
    """How to train, apart from the kind's own settings."""

    epochs: int = 10
    batch_size: int = 128
    learning_rate: float = 1e-3
    seed: int = 0
    subset: int | None = None          # train on this many images only
    validation_split: float = 0.1      # share of the training images held out for early stopping
    patience: int = 3                  # epochs without progress before stopping (0: never)
    strategy: str = "default"          # or a tf.distribute strategy object

    def validate(self) -> None:
        """ValueError in plain words when a setting is out of range."""
        if self.epochs < 0 or self.batch_size < 1 or self.learning_rate <= 0 or not 0 <= self.validation_split < 1:
            raise ValueError("epochs must be >= 0, batch_size >= 1, learning_rate > 0 and validation_split in [0, 1).")


DEFAULTS = TrainSettings()   # the one place the defaults are written: train() and the CLI read them


@dataclass
class Progress:
    """What a run reports as it goes, and how it is asked to stop."""

    on_epoch: EpochCallback | None = None
    on_batch: BatchCallback | None = None
    should_stop: Callable[[], bool] | None = None
    on_note: Callable[[str], None] | None = None   # a sentence about the run (resumed, checkpoint discarded)
    watchers: list = field(default_factory=list)   # Keras callbacks run beside the reporter (a live view)

    def stop_requested(self) -> bool:
        return bool(self.should_stop and self.should_stop())

    def note(self, text: str) -> None:
        if self.on_note:
            self.on_note(text)


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C during training; the message says what was kept and how to go on."""


@dataclass(frozen=True)
class Prepared:
    """A run's inputs, checked: the kind's settings, how to train, and the split data."""

    kind: str
    dataset: str
    config: object
    settings: TrainSettings
    x_fit: np.ndarray
    y_fit: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    continue_from: ModelEntry | None = None

    def inputs(self, x: np.ndarray, y: np.ndarray, parts):
        """What the model is fitted on: the images, or images and one-hot labels for a conditional kind."""
        return {"image": x, "label": one_hot(y, len(y))} if parts.conditional else x


@dataclass
class Run:
    """A model being trained and what it has accumulated so far."""

    parts: object
    history: dict[str, list[float]] = field(default_factory=dict)
    initial_epoch: int = 0
    seconds_before: float = 0.0
    checkpoint: Checkpoint | None = None
    extra_metrics: dict = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return self.seconds_before + time.perf_counter() - self.started

    @property
    def epochs_run(self) -> int:
        return len(next(iter(self.history.values()), []))


@cache
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
               seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle (seeded), keep ``subset`` images, split off a validation part: (x_fit, y_fit, x_val, y_val)."""
    order = np.random.default_rng(seed).permutation(len(x))
    if subset:
        order = order[:int(subset)]
    n_val = int(round(len(order) * validation_split)) if len(order) > 1 else 0
    fit_idx, val_idx = order[n_val:], order[:n_val]
    return x[fit_idx], y[fit_idx], x[val_idx], y[val_idx]


# ---- the steps ---------------------------------------------------------------------------


def prepare(kind: str, dataset: str, code_size: int, options: dict, settings: TrainSettings,
            continue_from: ModelEntry | None = None) -> Prepared:
    """Check the settings, seed the run, read and split the data."""
    runtime.configure()
    import keras
    base = dict(continue_from.record.config) if continue_from is not None else {}
    config = make_config(kind, {**base, "code_size": int(code_size), **options})
    settings.validate()
    keras.utils.set_random_seed(settings.seed)   # thread-local: seed inside the thread that trains
    (x_train, y_train), _ = load_dataset(dataset)
    x_fit, y_fit, x_val, y_val = split_data(x_train, y_train, settings.subset, settings.validation_split,
                                            settings.seed)
    if len(x_fit) == 0:
        raise ValueError("No training images left: raise the subset size or lower the validation split.")
    if dataset in BINARIZED:   # validation images drawn once; training ones afresh each epoch (in fit)
        x_val = binarize(x_val, settings.seed)
    return Prepared(kind, dataset, config, settings, x_fit, y_fit, x_val, y_val, continue_from)


def restore(prep: Prepared, checkpoint: Checkpoint | None, progress: Progress) -> Run:
    """Build and compile the model, then start it from the saved model it continues or from the
    run's own checkpoint (weights and optimizer state) when an earlier run left one."""
    import keras
    run = Run(None, checkpoint=checkpoint)
    with make_strategy(prep.settings.strategy).scope():
        parts = run.parts = kind_record(prep.kind).build(prep.config)
        if prep.continue_from is not None:      # before compiling: the saved file holds no optimizer state
            before = prep.continue_from.record.training
            parts.trainer.load_weights(str(prep.continue_from.weights_path))
            run.history = {k: list(v) for k, v in before.history.items()}
            run.initial_epoch, run.seconds_before = before.epochs_run, before.seconds
        if "fit" not in parts.extras:
            parts.trainer.compile(optimizer=keras.optimizers.Adam(prep.settings.learning_rate), loss=parts.loss)
    if checkpoint is not None:
        try:
            saved = checkpoint.load(parts.trainer)
        except CheckpointError as error:
            progress.note(f"Starting over: {error}.")
            checkpoint.clear()
            saved = None
        if saved is not None:
            run.history, run.initial_epoch, run.seconds_before = saved.history, saved.epoch, saved.seconds
            progress.note(f"Resuming after epoch {saved.epoch} from {checkpoint.manifest.parent}.")
    return run


def fit(prep: Prepared, run: Run, progress: Progress) -> None:
    """Fit the model: PCA in closed form, every other kind with Keras up to ``epochs`` (more epochs
    for a continued model), checkpointing each finished epoch."""
    parts = run.parts
    if "fit" in parts.extras:     # closed-form kinds (PCA)
        run.extra_metrics = parts.extras["fit"](parts, prep.x_fit)
        if progress.on_epoch:
            progress.on_epoch(0, {})
        return
    import keras
    settings = prep.settings
    steps = int(np.ceil(len(prep.x_fit) / settings.batch_size))
    callbacks = ([_reporter(run, progress, steps)] + list(progress.watchers)
                 + _schedule(keras, prep, parts, len(prep.x_val) > 0))
    extra = prep.continue_from.record.training.epochs_run if prep.continue_from is not None else 0
    x, targets, batch_size = prep.inputs(prep.x_fit, prep.y_fit, parts), prep.x_fit, settings.batch_size
    if prep.dataset in BINARIZED:
        x, targets, batch_size, setter = _fresh_binarization(prep, parts, run.initial_epoch)
        callbacks.insert(0, setter)
    val_inputs = prep.inputs(prep.x_val, prep.y_val, parts)
    val = None if len(prep.x_val) == 0 else ((val_inputs,) if parts.loss is None else (val_inputs, prep.x_val))
    try:
        parts.trainer.fit(x, None if parts.loss is None else targets, epochs=settings.epochs + extra,
                          initial_epoch=run.initial_epoch, batch_size=batch_size, shuffle=True,
                          validation_data=val, callbacks=callbacks, verbose=0)
    except KeyboardInterrupt as interrupt:
        raise TrainingInterrupted(_kept(run)) from interrupt


def finish(prep: Prepared, run: Run, folder: Path | None, name: str | None,
           progress: Progress) -> Autoencoder:
    """Measure the trained model on the test set and, with a folder, save it and drop the checkpoint."""
    parts = run.parts
    if prep.settings.strategy not in (None, "default"):
        # Models built under a distribution scope predict per replica; serve a plain copy.
        trained, parts = parts, kind_record(prep.kind).build(prep.config)
        parts.trainer.set_weights(trained.trainer.get_weights())
    if folder is not None:
        round_to_half(parts.trainer)   # the precision it is saved at: its figures are the file's
    ae = Autoencoder(prep.kind, prep.config, parts, prep.dataset)
    figures, likeness = measure_on(ae, prep.dataset)
    ae.record = _record(prep, run, ae, {**figures, **run.extra_metrics}, likeness, progress.stop_requested())
    if folder is not None:
        source = "shipped" if folder.resolve() == folder_for("shipped").resolve() else "user"
        save(ae, folder, name or new_name(prep.kind, prep.dataset, ae.code_size, source, folder))
        if run.checkpoint is not None:
            run.checkpoint.clear()
    return ae


def train(kind: str, dataset: str = "mnist", code_size: int = 32, epochs: int = DEFAULTS.epochs, *,
          batch_size: int = DEFAULTS.batch_size, learning_rate: float = DEFAULTS.learning_rate,
          seed: int = DEFAULTS.seed, subset: int | None = DEFAULTS.subset,
          validation_split: float = DEFAULTS.validation_split, patience: int = DEFAULTS.patience,
          strategy=DEFAULTS.strategy,
          on_epoch: EpochCallback | None = None, on_batch: BatchCallback | None = None,
          should_stop: Callable[[], bool] | None = None, on_note: Callable[[str], None] | None = None,
          save_to: str | Path | None = "user", name: str | None = None, resume: bool = True,
          continue_from: ModelEntry | None = None, **options) -> tuple[Autoencoder, dict]:
    """Train ``kind`` and return ``(autoencoder, history)``; see the module docstring.

    ``save_to``: 'user' (default), 'shipped', a folder, or None to keep the model in memory.
    ``resume``: with a folder, checkpoint every epoch and pick up an interrupted run of the same
    settings. ``continue_from``: a saved model's ``ModelEntry`` to start from; ``epochs`` more are
    run and its history and training time carry over. ``options``: the kind's own knobs.
    """
    settings = TrainSettings(epochs, batch_size, learning_rate, seed, subset, validation_split, patience,
                             strategy or "default")
    progress = Progress(on_epoch, on_batch, should_stop, on_note)
    prep = prepare(kind, dataset, code_size, options, settings, continue_from)
    folder = Path(folder_for(save_to) if save_to in ("user", "shipped") else save_to) if save_to else None
    checkpoint = None
    if folder is not None:
        clean_temporaries(folder)
        if resume:
            checkpoint = Checkpoint(folder, name or run_key(prep))
            clean_temporaries(checkpoint.folder)
    run = restore(prep, checkpoint, progress)
    fit(prep, run, progress)
    ae = finish(prep, run, folder, name, progress)
    return ae, run.history


def build(kind: str, code_size: int = 32, **options) -> Autoencoder:
    """An untrained model of ``kind`` with the common interface."""
    runtime.configure()
    config = make_config(kind, {"code_size": int(code_size), **options})
    return Autoencoder(kind, config, kind_record(kind).build(config))


def run_key(prep: Prepared) -> str:
    """A checkpoint name for a run: the same kind, data and settings give the same name (epochs
    aside, so a rerun asking for more epochs still resumes)."""
    what = {"kind": prep.kind, "dataset": prep.dataset, "config": asdict(prep.config),
            "settings": {k: v for k, v in asdict(prep.settings).items() if k != "epochs"},
            "continue_from": prep.continue_from.name if prep.continue_from else None}
    digest = hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{prep.kind}-{prep.dataset}-{prep.config.code_size}-{digest}"


# ---- helpers of the steps --------------------------------------------------------------


def recipe_callbacks(keras, patience: int, warmup: int = 0) -> list:
    """The grid's recipe on the validation loss: halve the learning rate when progress stalls (the
    last few hundredths of BCE; not during a VAE's beta warm-up), stop after ``patience`` epochs
    without progress and keep the best weights."""
    cbs = [] if warmup else [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                               patience=max(1, patience // 2), min_lr=1e-5)]
    return cbs + [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                                restore_best_weights=True, start_from_epoch=warmup)]


def _schedule(keras, prep: Prepared, parts, val_available: bool) -> list:
    """The VAE's beta warm-up, and the recipe's learning-rate and early-stopping callbacks."""
    config, cbs = prep.config, []
    warmup = getattr(config, "warmup_epochs", 0)
    if parts.variational and warmup:
        class BetaWarmup(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.model.beta.assign(config.beta * min(1.0, epoch / warmup))
        cbs.append(BetaWarmup())
    if prep.settings.patience and val_available:
        cbs += recipe_callbacks(keras, prep.settings.patience, warmup)
    return cbs


def _fresh_binarization(prep: Prepared, parts, first_epoch: int):
    """Batches of the training images binarized afresh each epoch, and the callback that sets the epoch:
    ``(batches, None, None, callback)``, in the places ``fit`` takes inputs, targets and batch size."""
    from .binarizing import EpochSetter, FreshBinarization
    batches = FreshBinarization(prep.x_fit, prep.settings.batch_size, prep.settings.seed, first_epoch,
                                labels=prep.y_fit if parts.conditional else None,
                                targets=parts.loss is not None)
    return batches, None, None, EpochSetter(batches)


def _reporter(run: Run, progress: Progress, steps: int):
    """A Keras callback: per batch, progress and the stop request; per epoch, the history, the
    checkpoint and progress."""
    import keras

    class Reporter(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if progress.on_batch:
                progress.on_batch(batch + 1, steps)
            if progress.stop_requested():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            logs = {k: float(v) for k, v in (logs or {}).items()}
            for k, v in logs.items():
                run.history.setdefault(k, []).append(v)
            if run.checkpoint is not None:
                run.checkpoint.save(self.model, Saved(epoch + 1, run.history, run.seconds))
            if progress.on_epoch:
                progress.on_epoch(epoch, logs)
            if progress.stop_requested():
                self.model.stop_training = True
    return Reporter()


def _kept(run: Run) -> str:
    """What an interrupted run leaves behind, in a sentence."""
    if run.checkpoint is None or not run.epochs_run:
        return "Interrupted before an epoch finished: nothing was kept."
    return (f"Interrupted: {run.epochs_run} finished epoch(s) are kept in {run.checkpoint.manifest.parent}; "
            "run the same command again to resume from there.")


def _versions() -> dict:
    import keras
    import tensorflow as tf
    return {"python": platform.python_version(), "numpy": np.__version__,
            "tensorflow": tf.__version__, "keras": keras.__version__}


def _record(prep: Prepared, run: Run, ae: Autoencoder, figures: dict, likeness, stopped: bool) -> ModelRecord:
    """The record saved beside the model's weights."""
    s, info = prep.settings, dataset_info(prep.dataset)
    facts = TrainingFacts(epochs=s.epochs + (prep.continue_from.record.training.epochs_run
                                             if prep.continue_from is not None else 0),
                          epochs_run=run.epochs_run, batch_size=s.batch_size, learning_rate=s.learning_rate,
                          seed=s.seed, subset=s.subset, train_images=int(len(prep.x_fit)),
                          validation_split=s.validation_split, patience=s.patience, strategy=str(s.strategy),
                          continued_from=prep.continue_from.name if prep.continue_from is not None else None,
                          stopped_by_user=stopped, seconds=round(run.seconds, 1), history=run.history)
    return ModelRecord(prep.kind, prep.dataset, ae.code_size, asdict(prep.config), facts,
                       Metrics.from_dict(figures), ae.count_params(), info.subset, info.source, _versions(),
                       time.strftime("%Y-%m-%dT%H:%M:%S"), likeness=likeness)
