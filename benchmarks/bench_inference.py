"""Inference throughput per kind: our ``reconstruct`` against plain ``model.predict``.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_inference [--repeats 30]

For each kind's shipped MNIST model at code size 32 (or a freshly built one when
none is shipped: speed does not depend on the weights), images per second at
batch 1 and batch 1,000, measured in the same process, and the ratio to
``trainer.predict`` on the same model (above 1: ours is faster).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from ae_models import KINDS, build
from ae_models.autoencoder import one_hot
from ae_models.errors import ModelNotFoundError
from ae_models.store import load_pretrained


def rate(fn, x: np.ndarray, repeats: int) -> float:
    """Images per second of ``fn(x)``: median over ``repeats`` timed calls after one warm-up."""
    fn(x)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - start)
    return len(x) / float(np.median(times))


def model_for(kind: str):
    """The shipped model at code 32, else an untrained one of the same shape."""
    try:
        return load_pretrained(kind, "mnist", 32, source="shipped"), "shipped"
    except ModelNotFoundError:
        return build(kind, code_size=32), "built"


def runners(ae, x: np.ndarray):
    """Our ``reconstruct`` and Keras's ``predict`` on the same model, each a function of a batch of
    ``x``; a conditional model is given one label per image (0-9 in turn) both ways."""
    if not ae.conditional:
        return ae.reconstruct, lambda batch: ae.parts.trainer.predict(batch, verbose=0)
    labels = np.arange(len(x)) % 10
    return (lambda batch: ae.reconstruct(batch, labels[:len(batch)]),
            lambda batch: ae.parts.trainer.predict(
                {"image": batch, "label": one_hot(labels[:len(batch)], len(batch))}, verbose=0))


def main() -> None:
    """Measure every kind and print a markdown table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=30)
    args = p.parse_args()
    x = np.random.default_rng(0).random((1000, 28, 28)).astype(np.float32)
    print("| kind | model | batch 1: ours img/s | batch 1: predict img/s | ratio | "
          "batch 1000: ours img/s | batch 1000: predict img/s | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in KINDS:
        ae, origin = model_for(kind)
        reconstruct, predict = runners(ae, x)
        cells = []
        for batch, repeats in ((x[:1], args.repeats), (x, max(3, args.repeats // 10))):
            ours, base = rate(reconstruct, batch, repeats), rate(predict, batch, repeats)
            cells += [f"{ours:,.0f}", f"{base:,.0f}", f"{ours / base:.1f}x"]
        print(f"| {kind} | {origin} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
