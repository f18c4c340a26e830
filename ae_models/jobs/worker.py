"""The worker side of a job, the same on every runner: train through the library's four steps with a
``Watcher`` that sends snapshots and obeys Pause, Resume, one batch, one epoch and Stop, then send
back the saved model as a bundle (``bundle.bundle``) for the server's catalogue.

A worker talks to its runner through a ``Link``: ``send(event)`` and ``commands()`` (the commands
waiting, without blocking). Events are tuples: ``("state", name)``, ``("snapshot", Snapshot)``,
``("note", text)``, ``("done", bundle_bytes, seconds)`` and ``("failed", message)``.
"""
from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path
from typing import Protocol

import numpy as np

from .spec import JobSpec
from .state import MEASURING, TRAINING, Snapshot

SNAPSHOT_EVERY = 0.35      # seconds between snapshots while training runs
SHOWN = 8                  # fixed test digits shown with their reconstructions
MAPPED = 400               # test codes on the map
SMOOTHING = 0.9            # exponential smoothing of the per-batch loss
MAX_POINTS = 600           # loss points kept (older ones thinned)
STOP, PAUSE, RESUME, ONE_BATCH, ONE_EPOCH = "stop", "pause", "resume", "batch", "epoch"
COMMANDS = (STOP, PAUSE, RESUME, ONE_BATCH, ONE_EPOCH)


class Link(Protocol):
    """How a worker reaches its runner."""

    def send(self, event: tuple) -> None: ...

    def commands(self) -> list[str]: ...


class Controls:
    """Pause, Resume, one batch, one epoch and Stop, as the worker applies them between batches."""

    def __init__(self, link: Link):
        self.link, self.stopped, self.paused = link, False, False
        self.batches_left: int | None = None     # a "one batch" step in progress
        self.until_epoch_end = False             # a "one epoch" step in progress

    def read(self) -> None:
        for command in self.link.commands():
            if command == STOP:
                self.stopped = True
            elif command == PAUSE:
                self.paused = True
            elif command == RESUME:
                self.paused, self.batches_left, self.until_epoch_end = False, None, False
            elif command == ONE_BATCH:
                self.paused, self.batches_left = False, 1
            elif command == ONE_EPOCH:
                self.paused, self.until_epoch_end = False, True

    def after_batch(self) -> None:
        if self.batches_left is not None:
            self.batches_left -= 1
            if self.batches_left <= 0:
                self.paused, self.batches_left = True, None

    def after_epoch(self) -> None:
        if self.until_epoch_end:
            self.paused, self.until_epoch_end = True, False

    def wait_while_paused(self, on_pause) -> None:
        """Block while paused (Stop ends the wait); ``on_pause`` runs once when the pause begins."""
        self.read()
        if self.paused and not self.stopped:
            on_pause()
        while self.paused and not self.stopped:
            time.sleep(0.05)
            self.read()


def _per_batch(mean_now: float, mean_before: float, batch: int) -> float:
    """Keras logs running means over the epoch; this batch's own value from two of them."""
    return mean_now * (batch + 1) - mean_before * batch if batch else mean_now


class Curve:
    """A smoothed per-batch curve, thinned to at most ``MAX_POINTS`` points."""

    def __init__(self):
        self.points: list[tuple[int, float]] = []
        self.smooth: float | None = None
        self.every, self.seen = 1, 0

    def add(self, batch: int, value: float) -> None:
        if not np.isfinite(value):
            return
        self.smooth = value if self.smooth is None else SMOOTHING * self.smooth + (1 - SMOOTHING) * value
        self.seen += 1
        if self.seen % self.every == 0:
            self.points.append((batch, self.smooth))
        if len(self.points) > MAX_POINTS:
            self.points, self.every = self.points[::2], self.every * 2

    def array(self) -> np.ndarray:
        return np.asarray(self.points, np.float32).reshape(-1, 2)


def pca_axes(codes: np.ndarray, previous: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The mean and the two main directions of ``codes`` (signs matched to ``previous`` axes so the map
    does not flip when they are fitted again)."""
    mean = codes.mean(0)
    _, _, vt = np.linalg.svd(codes - mean, full_matrices=False)
    axes = vt[:2].T if vt.shape[0] >= 2 else np.eye(codes.shape[1], 2)
    if previous is not None:
        axes = axes * np.where((axes * previous).sum(0) < 0, -1.0, 1.0)
    return mean, axes


def watcher(ae, spec: JobSpec, controls: Controls, link: Link, steps: int, seconds):
    """The Keras callback that sends snapshots of ``ae`` as it learns and applies the controls."""
    import keras

    from ..data import load_dataset
    (_, _), (x_test, y_test) = load_dataset(spec.dataset)
    shown = np.array([np.flatnonzero(y_test == k)[0] if (y_test == k).any() else k for k in range(SHOWN)])
    mapped = np.random.default_rng(0).permutation(len(x_test))[:MAPPED]
    x_shown, y_shown = x_test[shown], y_test[shown]
    x_map, y_map = x_test[mapped], y_test[mapped]

    class Watcher(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.curve, self.terms = Curve(), {"reconstruction": Curve(), "kl": Curve()}
            self.means: dict[str, float] = {}
            self.epoch_points: dict[str, list[float]] = {}
            self.batches, self.epoch, self.step, self.last_sent = 0, 0, 0, 0.0
            self.projection: tuple[np.ndarray, np.ndarray] | None = None

        def snapshot(self) -> Snapshot:
            labels = y_map if ae.conditional else None
            codes = ae.encode(x_map, labels)
            if codes.shape[1] == 2:
                code_map = codes
            else:
                if self.projection is None:
                    self.projection = pca_axes(codes)
                mean, axes = self.projection
                code_map = (codes - mean) @ axes
            kl = None
            if ae.variational:
                mu, log_var = ae.encode_distribution(x_map, labels)
                kl = (-0.5 * (1 + log_var - mu ** 2 - np.exp(log_var))).mean(0).astype(np.float32)
            recon = ae.reconstruct(x_shown, y_shown if ae.conditional else None)
            variational = ae.variational
            return Snapshot(self.epoch, spec.train.epochs, self.step, steps, self.batches, self.curve.array(),
                            {k: c.array() for k, c in self.terms.items()} if variational else {},
                            {k: list(v) for k, v in self.epoch_points.items()},
                            (x_shown * 255).astype(np.uint8), (recon * 255).astype(np.uint8),
                            code_map.astype(np.float32), y_map.astype(np.uint8), kl, controls.paused,
                            float(seconds()))

        def send(self) -> None:
            link.send(("snapshot", self.snapshot()))
            self.last_sent = time.monotonic()

        def on_train_begin(self, logs=None):
            link.send(("state", TRAINING))
            self.send()                  # the first picture: the untrained model
            controls.wait_while_paused(self.send)

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch, self.step, self.means = epoch, 0, {}

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            self.batches, self.step = self.batches + 1, batch + 1
            for name, curve in (("loss", self.curve), *self.terms.items()):
                if name in logs:
                    now = float(logs[name])
                    curve.add(self.batches, _per_batch(now, self.means.get(name, 0.0), batch))
                    self.means[name] = now
            controls.read()
            controls.after_batch()
            if controls.stopped:
                self.model.stop_training = True
            if controls.paused or time.monotonic() - self.last_sent >= SNAPSHOT_EVERY:
                self.send()
            controls.wait_while_paused(self.send)

        def on_epoch_end(self, epoch, logs=None):
            for name, value in (logs or {}).items():
                self.epoch_points.setdefault(name, []).append(float(value))
            self.epoch, self.step = epoch + 1, 0
            if ae.code_size > 2:
                # Fitted again at each epoch's end (signs kept): the map follows the classes as they separate.
                codes = ae.encode(x_map, y_map if ae.conditional else None)
                self.projection = pca_axes(codes, self.projection[1] if self.projection else None)
            controls.read()
            controls.after_epoch()
            if controls.stopped:
                self.model.stop_training = True
            self.send()
            controls.wait_while_paused(self.send)

    return Watcher()


def run_job(spec: JobSpec, link: Link, threads: int | None = None) -> tuple[bytes, float]:
    """Train ``spec`` (sending snapshots through ``link``) and return the saved model's bundle and the
    training seconds. Raises what training raises."""
    if spec.data_dir and Path(spec.data_dir).is_dir():
        os.environ["AE_DATA_DIR"] = spec.data_dir
    if threads:
        os.environ.setdefault("AE_THREADS", str(threads))
    from ..autoencoder import Autoencoder
    from ..bundle import bundle
    from ..store import read_entry
    from ..training import Progress, finish, fit, prepare, restore

    controls = Controls(link)
    progress = Progress(should_stop=lambda: controls.stopped, on_note=lambda text: link.send(("note", text)))
    prep = prepare(spec.kind, spec.dataset, spec.code_size, dict(spec.options), spec.train)
    run = restore(prep, None, progress)
    ae = Autoencoder(prep.kind, prep.config, run.parts, prep.dataset)
    steps = int(np.ceil(len(prep.x_fit) / spec.train.batch_size))
    watching = watcher(ae, spec, controls, link, steps, lambda: run.seconds)
    progress.watchers.append(watching)
    fit(prep, run, progress)
    watching.send()          # the trained model (and the only picture of a closed-form fit such as PCA)
    link.send(("state", MEASURING))
    with tempfile.TemporaryDirectory(prefix="ae-job-") as folder:
        trained = finish(prep, run, Path(folder), None, progress)
        entry = read_entry(Path(trained.path).with_name(Path(trained.path).name.replace(".weights.h5", ".json")),
                           "user")
        return bundle(entry), run.seconds


def report_failure(link: Link, error: BaseException) -> None:
    """Send a failure as a message a visitor can read (the traceback stays in the worker's log)."""
    traceback.print_exception(error)
    link.send(("failed", str(error) or type(error).__name__))
