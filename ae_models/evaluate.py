"""Measuring models on a test set, and the results table the CLI and README print."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import metrics
from .data import load_dataset

PROBE_TRAIN = 10000   # training codes the linear probe fits on: plenty for 10 classes


def measure(ae, x_test: np.ndarray, y_test: np.ndarray | None = None,
            x_train: np.ndarray | None = None, y_train: np.ndarray | None = None) -> dict[str, float]:
    """Test-set figures for one model: BCE, MSE, PSNR, SSIM, rounded accuracy, probe, ELBO (VAE)."""
    out = metrics.summary(x_test, ae.reconstruct(x_test))
    if ae.variational:
        out["neg_elbo"] = float(ae.negative_elbo(x_test).mean())
    if x_train is not None and y_train is not None and y_test is not None:
        n = min(PROBE_TRAIN, len(x_train))
        out["probe_accuracy"] = metrics.linear_probe(ae.encode(x_train[:n]), y_train[:n],
                                                     ae.encode(x_test), y_test)
    return out


def measure_on(ae, dataset: str) -> dict[str, float]:
    """``measure`` on a named dataset's test split (probe fitted on its training split)."""
    (x_train, y_train), (x_test, y_test) = load_dataset(dataset)
    return measure(ae, x_test, y_test, x_train, y_train)


COLUMNS = [("kind", "kind"), ("dataset", "dataset"), ("code", "code_size"), ("params", "params"),
           ("BCE", "bce"), ("PCA BCE", "pca_bce"), ("MSE", "mse"), ("PSNR dB", "psnr"),
           ("SSIM", "ssim"), ("probe acc", "probe_accuracy"), ("-ELBO nats", "neg_elbo"),
           ("epochs", "epochs"), ("train s", "train_seconds")]


def _fmt(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if key in ("bce", "pca_bce", "mse", "ssim", "probe_accuracy"):
        return f"{value:.4f}" if key != "probe_accuracy" else f"{value:.3f}"
    if key in ("psnr", "neg_elbo"):
        return f"{value:.2f}"
    if key == "train_seconds":
        return f"{value:.0f}"
    return str(value)


def evaluate_catalogue(dataset: str | None = None, kind: str | None = None,
                       source: str | None = "shipped", progress=None) -> list[dict]:
    """Measure every saved model (fresh, on the test set) and return one row per model."""
    from .store import list_models, load
    entries = list_models(kind=kind, dataset=dataset, source=source)
    measured = []
    for i, entry in enumerate(entries):
        if progress:
            progress(i, len(entries), entry)
        ae = load(entry)
        measured.append((entry, measure_on(ae, entry.dataset), ae.count_params()))
    return _rows(measured)


def saved_results(dataset: str | None = None, kinds: Sequence[str] | None = None,
                  source: str | None = "shipped") -> list[dict]:
    """The same rows from each model's metrics saved at training: no model is loaded or run."""
    from .store import list_models
    return _rows([(e, e.metadata.get("metrics", {}), e.metadata.get("params"))
                  for e in list_models(dataset=dataset, source=source) if kinds is None or e.kind in kinds])


def _rows(measured: list[tuple]) -> list[dict]:
    """One table row per (entry, metrics, parameter count), each with the PCA's BCE at its code size."""
    rows, pca_bce = [], {}
    for entry, m, params in measured:
        training = entry.metadata.get("training", {})
        rows.append({"kind": entry.kind,
                     "dataset": entry.dataset + (" (subset)" if entry.metadata.get("dataset_subset") else ""),
                     "code_size": entry.code_size, "params": params, **m,
                     "epochs": training.get("epochs_run"), "train_seconds": training.get("seconds"),
                     "source": entry.source, "name": entry.name})
        if entry.kind == "pca":
            pca_bce[(entry.dataset, entry.code_size)] = m.get("bce")
    for row, (entry, _, _) in zip(rows, measured):
        row["pca_bce"] = pca_bce.get((entry.dataset, entry.code_size))
    return rows


def markdown_table(rows: list[dict]) -> str:
    """The rows as a GitHub markdown table."""
    head = "| " + " | ".join(c for c, _ in COLUMNS) + " |"
    rule = "|" + "|".join(" --- " for _ in COLUMNS) + "|"
    body = ["| " + " | ".join(_fmt(k, r.get(k)) for _, k in COLUMNS) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def text_table(rows: list[dict]) -> str:
    """The rows as an aligned plain-text table for the terminal."""
    cells = [[c for c, _ in COLUMNS]] + [[_fmt(k, r.get(k)) for _, k in COLUMNS] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(v.rjust(w) for v, w in zip(row, widths)) for row in cells)
