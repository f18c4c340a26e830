"""Measuring models on a test set, and the results table the CLI and README print.

One definition of every figure, used when a model is trained and when it is
evaluated again, so the app (which shows the figures recorded at training) and
the README (which prints ``evaluate``'s) agree to the digit. The linear probe,
for one, is always fitted on the dataset's first ``PROBE_TRAIN`` training images.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from . import metrics
from .data import load_dataset
from .errors import CorruptModelError
from .likeness import DEFAULT_MEASURE, image_error
from .record import Likeness, Metrics

PROBE_TRAIN = 10000   # training codes the linear probe fits on: plenty for 10 classes
# Figures a record keeps when it is re-measured: set at training (PCA's) or by benchmarks.bench_likelihood.
MEASURED_ELSEWHERE = ("explained_variance", "nll", "nll_k", "nll_images", "neg_elbo_sampled", "active_units")


def measure(ae, x_test: np.ndarray, y_test: np.ndarray, x_train: np.ndarray | None = None,
            y_train: np.ndarray | None = None) -> tuple[dict[str, float], Likeness]:
    """Test-set figures for one model (BCE, MSE, PSNR, SSIM, rounded accuracy, the probe when training
    images are given, -ELBO for the variational kinds, classification for the conditional ones), and
    its per-image errors for the likeness score. A conditional model is given the true labels."""
    labels = y_test if ae.conditional else None
    recon = ae.reconstruct(x_test, labels)
    out = metrics.summary(x_test, recon)
    if ae.variational:
        out["neg_elbo"] = float(ae.negative_elbo(x_test, labels).mean())
    if ae.conditional:
        out["classify_accuracy"] = float((ae.classify(x_test)[0] == y_test).mean())
    if x_train is not None and y_train is not None:
        n = min(PROBE_TRAIN, len(x_train))
        train_labels = y_train[:n] if ae.conditional else None
        out["probe_accuracy"] = metrics.linear_probe(ae.encode(x_train[:n], train_labels), y_train[:n],
                                                     ae.encode(x_test, labels), y_test)
    return out, Likeness(DEFAULT_MEASURE, image_error(x_test, recon, DEFAULT_MEASURE).astype(np.float32))


def measure_on(ae, dataset: str) -> tuple[dict[str, float], Likeness]:
    """``measure`` on a named dataset's test split, the probe fitted on its training split."""
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


@dataclass(frozen=True)
class Evaluation:
    """What ``evaluate_catalogue`` measured, and what it could not measure (with the reason)."""

    rows: list[dict]
    failures: list[str]


def evaluate_catalogue(dataset: str | None = None, kind: str | None = None, source: str | None = "shipped",
                       progress: Callable | None = None, record: bool = False) -> Evaluation:
    """Measure every saved model afresh on the test set: one row per model. A model that cannot be
    read or measured is reported in ``failures`` and the rest are measured all the same.
    ``record``: also write the new figures into each model's record."""
    from .store import list_models, load, problems, write_record
    entries = list_models(kind=kind, dataset=dataset, source=source)
    failures = [str(p) for p in problems(kind, dataset, source)]
    measured = []
    for i, entry in enumerate(entries):
        if progress:
            progress(i, len(entries), entry)
        try:
            ae = load(entry)
            figures, likeness = measure_on(ae, entry.dataset)
        except (CorruptModelError, ValueError, OSError) as error:
            failures.append(f"{entry.name}: {error}")
            continue
        if record:
            kept = {k: v for k, v in entry.record.metrics.as_dict().items() if k in MEASURED_ELSEWHERE}
            new = replace(entry.record, metrics=Metrics.from_dict({**figures, **kept}), likeness=likeness,
                          params=ae.count_params())
            write_record(entry.meta_path, new)
            entry = replace(entry, record=new)
        measured.append((entry, figures, ae.count_params()))
    return Evaluation(_rows(measured), failures)


def saved_results(dataset: str | None = None, kinds=None, source: str | None = "shipped") -> list[dict]:
    """The same rows from each model's figures recorded at training: no model is loaded or run."""
    from .store import list_models
    return _rows([(e, e.record.metrics.as_dict(), e.record.params)
                  for e in list_models(dataset=dataset, source=source) if kinds is None or e.kind in kinds])


def _rows(measured: list[tuple]) -> list[dict]:
    """One table row per (entry, metrics, parameter count), each with the PCA's BCE at its code size."""
    rows, pca_bce = [], {}
    for entry, m, params in measured:
        training = entry.record.training
        rows.append({"kind": entry.kind,
                     "dataset": entry.dataset + (" (subset)" if entry.record.dataset_subset else ""),
                     "code_size": entry.code_size, "params": params, **m,
                     "epochs": training.epochs_run, "train_seconds": training.seconds,
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
