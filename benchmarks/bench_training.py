"""Training speed: our ``train`` against a bare ``keras.Model.fit`` of the same model.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_training [--images 6000]

Per kind: images per second over one epoch on the same MNIST subset, through
``ae_models.train`` (callbacks, early stopping, checkpoint-free) and through a
plain ``compile`` + ``fit`` of the same freshly built model, in one process, and
our overhead in percent. Then the wall time ``train`` needs to reach a
validation BCE of 0.10 with ``dense`` and ``conv`` on the full training set.
"""
from __future__ import annotations

import argparse
import time

import keras
import numpy as np

from ae_models import train
from ae_models.data import load_dataset
from ae_models.registry import kind as kind_record
from ae_models.store import make_config

KINDS = ("dense", "sparse", "deep", "conv", "denoising", "vae", "lstm")


def bare_fit_rate(kind: str, x: np.ndarray, batch_size: int) -> float:
    """Images per second of one plain ``fit`` epoch (the second, after a warm-up epoch)."""
    parts = kind_record(kind).build(make_config(kind, {"code_size": 32}))
    parts.trainer.compile(optimizer=keras.optimizers.Adam(1e-3), loss=parts.loss)
    target = None if parts.loss is None else x
    parts.trainer.fit(x[:batch_size * 4], None if target is None else target[:batch_size * 4],
                      epochs=1, batch_size=batch_size, verbose=0)
    start = time.perf_counter()
    parts.trainer.fit(x, target, epochs=1, batch_size=batch_size, shuffle=True, verbose=0)
    return len(x) / (time.perf_counter() - start)


def our_rate(kind: str, n: int, batch_size: int) -> float:
    """Images per second of one ``train`` epoch (timed from the first batch to the epoch's end)."""
    marks = {}
    train(kind, code_size=32, epochs=1, batch_size=batch_size, subset=n, validation_split=0.0,
          patience=0, save_to=None,
          on_batch=lambda step, steps: marks.setdefault("first", time.perf_counter()),
          on_epoch=lambda e, logs: marks.setdefault("end", time.perf_counter()))
    steps = int(np.ceil(n / batch_size))
    # The first batch includes tracing; count the remaining steps' images.
    return (n - batch_size) / (marks["end"] - marks["first"]) if steps > 1 else float("nan")


def time_to_bce(kind: str, goal: float = 0.10, limit_epochs: int = 30) -> tuple[float, int]:
    """Seconds and epochs ``train`` needs until the validation BCE reaches ``goal``."""
    start, reached = time.perf_counter(), {}

    def on_epoch(epoch, logs):
        if logs.get("val_loss", 1) <= goal and "t" not in reached:
            reached["t"], reached["epoch"] = time.perf_counter() - start, epoch + 1

    train(kind, code_size=32, epochs=limit_epochs, batch_size=128, save_to=None,
          patience=0, on_epoch=on_epoch, should_stop=lambda: "t" in reached)
    return reached.get("t", float("nan")), reached.get("epoch", -1)


def main() -> None:
    """Print the overhead table and the time-to-quality table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images", type=int, default=6000)
    p.add_argument("--batch-size", type=int, default=128)
    args = p.parse_args()
    (x_train, _), _ = load_dataset("mnist")
    x = np.asarray(x_train[np.random.default_rng(0).permutation(len(x_train))[:args.images]])
    print("| kind | ours img/s | bare fit img/s | our overhead |\n|---|---|---|---|")
    for kind in KINDS:
        base = bare_fit_rate(kind, x, args.batch_size)
        ours = our_rate(kind, args.images, args.batch_size)
        print(f"| {kind} | {ours:,.0f} | {base:,.0f} | {100 * (base - ours) / base:+.1f}% |", flush=True)
    print("\n| kind | seconds to validation BCE 0.10 | epochs |\n|---|---|---|")
    for kind in ("dense", "conv"):
        seconds, epochs = time_to_bce(kind)
        print(f"| {kind} | {seconds:.1f} | {epochs} |", flush=True)


if __name__ == "__main__":
    main()
