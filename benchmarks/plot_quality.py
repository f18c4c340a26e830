"""The README's figure: test BCE against code size for every kind, PCA included.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.plot_quality [--out docs/bce_vs_code_size.png]
    python -m ae_models evaluate --json > docs/results.json
    python -m benchmarks.plot_quality --rows docs/results.json     # same figure, no re-measuring

Measures every shipped MNIST model on the test set (through the same
``evaluate_catalogue`` that prints the results table), or reads rows that
``evaluate --json`` printed, and draws one line per kind. Kinds with a single
shipped size appear as a point.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from ae_models.evaluate import evaluate_catalogue  # noqa: E402
from ae_models.registry import TITLES  # noqa: E402


def main() -> None:
    """Measure and draw."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="docs/bce_vs_code_size.png")
    p.add_argument("--rows", help="JSON printed by `python -m ae_models evaluate --json`")
    args = p.parse_args()
    rows = json.loads(Path(args.rows).read_text()) if args.rows else evaluate_catalogue(source="shipped")
    curves: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in rows:
        if row["dataset"] == "mnist":
            curves[row["kind"]].append((row["code_size"], row["bce"]))
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for kind, points in curves.items():
        codes, bces = zip(*sorted(points))
        style = dict(color="black", linestyle="--", linewidth=2) if kind == "pca" else dict(linewidth=1.8)
        ax.plot(codes, bces, marker="o", label=TITLES[kind], **style)
    ax.set_xscale("log", base=2)
    ax.set_xticks([2, 4, 8, 16, 32, 64], labels=["2", "4", "8", "16", "32", "64"])
    ax.set_xlabel("code size (numbers per image)")
    ax.set_ylabel("test BCE per pixel (lower is better)")
    ax.set_title("MNIST test set: reconstruction error against code size")
    ax.grid(alpha=0.3)
    ax.legend(ncol=2, fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
