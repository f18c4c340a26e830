"""Train several variants of one kind side by side and print their train/validation/test BCE.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.sweep benchmarks/sweeps/conv2.json \
        [--minutes 7] [--out DIR] [--only NAME ...]

The JSON file names the kind, dataset and code size and lists the variants, each with
a name, the kind's options and optionally epochs, batch_size and learning_rate. Each
variant trains in its own process, all at once, with the library's builders and the
grid's recipe (Adam, learning rate halved on plateaus, early stopping on a held-out
tenth of the training images, best weights kept), until its epochs, early stopping or
the wall-clock budget ``--minutes`` ends it. Works on any Keras backend (set
KERAS_BACKEND), so a lent GPU can run a sweep through JAX; the CPU runs it too, slower.

With ``--out`` each variant's weights are written as ``NAME.npz`` (float16, in
``get_weights`` order; ``--keep N`` keeps only the N best by validation BCE) and every
variant's figures and history to ``results.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

RECIPE = dict(epochs=100, batch_size=128, learning_rate=1e-3, patience=8)


def train_variant(spec: dict, variant: dict, deadline: float, out: Path | None) -> dict:
    """Train one variant until epochs, early stopping or ``deadline`` (time.time()); its figures.

    The library's own training steps (prepare, restore, fit) with the recipe's settings: a variant
    trains exactly as ``train`` would, only without measuring and saving."""
    import keras

    from ae_models.autoencoder import Autoencoder
    from ae_models.data import load_dataset
    from ae_models.metrics import bce
    from ae_models.store import round_to_half
    from ae_models.training import Progress, TrainSettings, fit, prepare, restore

    recipe = {**RECIPE, **{k: v for k, v in variant.items() if k in RECIPE}}
    settings = TrainSettings(recipe["epochs"], recipe["batch_size"], recipe["learning_rate"],
                             int(variant.get("seed", 0)), patience=recipe["patience"])
    prep = prepare(spec["kind"], spec["dataset"], spec["code_size"], variant.get("options", {}), settings)
    progress = Progress(should_stop=lambda: time.time() > deadline)
    run = restore(prep, None, progress)
    start = time.perf_counter()
    fit(prep, run, progress)
    seconds = time.perf_counter() - start
    round_to_half(run.parts.trainer)          # measured as it would be saved
    ae = Autoencoder(prep.kind, prep.config, run.parts, prep.dataset)
    x_test = load_dataset(spec["dataset"])[1][0]
    figure = {name: float(bce(x, ae.reconstruct(x)).mean())
              for name, x in (("train_bce", prep.x_fit), ("val_bce", prep.x_val), ("test_bce", x_test))}
    result = {
        "name": variant["name"], "options": variant.get("options", {}), "recipe": recipe,
        "params": ae.count_params(), "epochs_run": run.epochs_run, **figure,
        "seconds": round(seconds, 1), "backend": keras.backend.backend(),
        "history": {k: v for k, v in run.history.items() if k in ("loss", "val_loss")},
        "spec": {k: spec[k] for k in ("kind", "dataset", "code_size")},
    }
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        np.savez(out / f"{variant['name']}.npz", *(w.astype(np.float16) for w in run.parts.trainer.get_weights()))
    return result


def table(results: list[dict]) -> str:
    """A markdown table of the variants, best test BCE first."""
    rows = ["| variant | options | params | epochs | train BCE | val BCE | test BCE | seconds |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in sorted(results, key=lambda r: r.get("test_bce", 9)):
        if "error" in r:
            rows.append(f"| {r['name']} | error: {r['error']} | | | | | | |")
            continue
        extra = {k: v for k, v in r["recipe"].items() if RECIPE.get(k) != v}
        rows.append(f"| {r['name']} | {json.dumps({**r['options'], **extra})} | {r['params']:,} | "
                    f"{r['epochs_run']} | {r['train_bce']:.4f} | {r['val_bce']:.4f} | "
                    f"{r['test_bce']:.4f} | {r['seconds']:.0f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("spec", type=Path, help="JSON: kind, dataset, code_size, variants")
    p.add_argument("--minutes", type=float, default=10.0, help="wall-clock budget for every variant")
    p.add_argument("--out", type=Path, help="folder for each variant's weights and figures")
    p.add_argument("--only", nargs="+", help="train only these variants")
    p.add_argument("--keep", type=int, help="with --out: keep the weights of only this many best variants")
    p.add_argument("--one", help=argparse.SUPPRESS)           # internal: the child process
    p.add_argument("--deadline", type=float, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    spec = json.loads(args.spec.read_text())
    variants = [v for v in spec["variants"] if not args.only or v["name"] in args.only]
    if args.one:
        variant = next(v for v in variants if v["name"] == args.one)
        print(json.dumps(train_variant(spec, variant, args.deadline, args.out)))
        return 0

    deadline = time.time() + 60 * args.minutes
    print(f"{spec['kind']}, {spec['dataset']}, code {spec['code_size']}: {len(variants)} variants at once, "
          f"{args.minutes:g} min budget, backend {os.environ.get('KERAS_BACKEND', 'tensorflow')}", flush=True)
    procs = {}
    for v in variants:
        cmd = [sys.executable, "-m", "benchmarks.sweep", str(args.spec), "--one", v["name"],
               "--deadline", str(deadline)] + (["--out", str(args.out)] if args.out else [])
        procs[v["name"]] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = []
    for name, proc in procs.items():
        stdout, stderr = proc.communicate()
        try:
            results.append(json.loads(stdout.strip().splitlines()[-1]))
        except (IndexError, json.JSONDecodeError):
            results.append({"name": name, "error": (stderr.strip().splitlines() or ["no output"])[-1][:200]})
        print(f"{name}: done", flush=True)
    if args.out:
        (args.out / "results.json").write_text(json.dumps(results, indent=1))
        ranked = sorted((r for r in results if "error" not in r), key=lambda r: r["val_bce"])
        for r in ranked[args.keep:] if args.keep is not None else []:
            (args.out / f"{r['name']}.npz").unlink(missing_ok=True)
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
