"""How low can the simple (one code layer) autoencoder go at code 32? Its code activation swept.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_dense_ceiling [--code-size 32]

Trains the ``dense`` kind on MNIST with each code activation the kind offers, with
the shipped grid's settings (epochs, batch, learning rate halved on plateaus,
early stopping), and prints the test BCE and the last training loss of each next
to the quality goal (``benchmarks/bench_quality.py``). About 1-2 minutes per activation on 2 cores. When every row
ends at the same figure with a flat training loss, that figure is the
architecture's floor, not a training budget.
"""
from __future__ import annotations

import argparse
import time

from ae_models import train
from ae_models.grid import job
from ae_models.kinds.dense import ACTIVATIONS
from benchmarks.bench_quality import BCE_GOALS

BAR = BCE_GOALS["dense"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--code-size", type=int, default=32)
    p.add_argument("--activations", nargs="+", default=list(ACTIVATIONS), choices=ACTIVATIONS)
    args = p.parse_args(argv)
    settings = job("dense", "mnist", args.code_size)
    print(f"dense, MNIST, code {args.code_size}: {settings.epochs} epochs max, batch {settings.batch_size}, "
          f"learning rate {settings.learning_rate} (goal for code 32: test BCE <= {BAR})\n")
    print("| code activation | test BCE | last training loss | epochs | seconds |")
    print("| --- | --- | --- | --- | --- |")
    for activation in args.activations:
        start = time.perf_counter()
        ae, history = train("dense", "mnist", args.code_size, epochs=settings.epochs,
                            batch_size=settings.batch_size, learning_rate=settings.learning_rate,
                            patience=settings.patience, save_to=None, activation=activation)
        print(f"| {activation} | {ae.metrics['bce']:.4f} | {history['loss'][-1]:.4f} | {len(history['loss'])} | "
              f"{time.perf_counter() - start:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
