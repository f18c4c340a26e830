"""The shipped binarized-MNIST VAEs against the papers: importance-sampled NLL, -ELBO, gap, active units.

    python -m benchmarks.bench_likelihood                       # k=5000 over all 10,000 test images
    python -m benchmarks.bench_likelihood --k 500 --images 1000 --code-sizes 32 --record

For every shipped ``vae`` on ``binarized_mnist`` (or the code sizes given): -log p(x)
estimated with ``--k`` codes per image (``ae_models.likelihood``) over the first
``--images`` test images (the fixed seed-0 binarization every machine scores), the
1-sample -ELBO over the same images, their gap, the -ELBO over the whole test set
recorded at training, and the active units (Burda et al.:
variance over the whole test set of each unit's posterior mean above 0.01). Prints a
markdown table, the published figures below it. ``--record`` writes the figures
into each model's record, where the Variational page reads them. Cost grows with
k x images: the full figure (k=5000, 10,000 images) is 50 million decodes.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from ae_models.data import load_test_split
from ae_models.likelihood import PUBLISHED, active_units, likelihood
from ae_models.record import Metrics
from ae_models.store import list_models, load, write_record

DATASET = "binarized_mnist"


def measure(entry, k: int, images: int, seed: int) -> dict:
    """One model's figures: NLL, -ELBO and gap (means over the first ``images`` test images), active units."""
    ae = load(entry)
    x = load_test_split(DATASET)[0]
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r{entry.name}: {done}/{total} images ({time.perf_counter() - start:.0f} s)")
        sys.stderr.flush()

    est = likelihood(ae, x[:images], k, seed, progress=progress)
    sys.stderr.write("\n")
    return {"nll": float(est.nll.mean()), "nll_k": float(k), "nll_images": float(len(est.nll)),
            "neg_elbo_sampled": float(est.neg_elbo.mean()), "active_units": float(active_units(ae, x)),
            "seconds": time.perf_counter() - start, "params": ae.count_params(),
            "neg_elbo_all": entry.record.metrics.neg_elbo,
            "epochs": entry.record.training.epochs_run}


def _nats(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(rows: list[tuple[int, dict]]) -> str:
    """Ours, then the published rows, as one markdown table."""
    lines = ["| model | code | NLL nats | k | images | -ELBO nats | gap | -ELBO, all 10,000 | active units | epochs |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for code, m in rows:
        lines.append(f"| ours: conv VAE, {m['params']:,} params | {code} | {m['nll']:.2f} | {int(m['nll_k'])} | "
                     f"{int(m['nll_images'])} | {m['neg_elbo_sampled']:.2f} | "
                     f"{m['neg_elbo_sampled'] - m['nll']:.2f} | {_nats(m['neg_elbo_all'])} | "
                     f"{int(m['active_units'])} | {m['epochs']} |")
    for name, nll, elbo in PUBLISHED:
        lines.append(f"| published: {name} | – | {nll:.2f} | – | 10000 | "
                     f"{_nats(elbo)} | {_nats(None if elbo is None else elbo - nll)} | {_nats(elbo)} | – | – |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--k", type=int, default=5000, help="codes per image (the papers: 5000)")
    p.add_argument("--images", type=int, default=10000, help="first test images to score")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--code-sizes", type=int, nargs="*", help="only these code sizes")
    p.add_argument("--record", action="store_true", help="write the figures into each model's record")
    args = p.parse_args(argv)
    entries = [e for e in list_models(kind="vae", dataset=DATASET, source="shipped")
               if not args.code_sizes or e.code_size in args.code_sizes]
    if not entries:
        print(f"No shipped vae models on {DATASET}: train one with "
              f"python -m ae_models train vae --dataset {DATASET} --save-to shipped", file=sys.stderr)
        return 2
    rows = []
    for entry in sorted(entries, key=lambda e: e.code_size):
        m = measure(entry, args.k, args.images, args.seed)
        rows.append((entry.code_size, m))
        if args.record:
            figures = {k: v for k, v in m.items() if k in Metrics.__dataclass_fields__}
            write_record(entry.meta_path, replace(entry.record, metrics=Metrics.from_dict(
                {**entry.record.metrics.as_dict(), **figures})))
        print(f"{entry.name}: NLL {m['nll']:.2f} (k={args.k}, {int(m['nll_images'])} images), "
              f"-ELBO {m['neg_elbo_sampled']:.2f}, {m['seconds']:.0f} s", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
