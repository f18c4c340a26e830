"""Plotly charts, one colour per kind everywhere; Streamlit's theme makes them readable in light and dark.

The kind colours are mid-tones that keep their contrast on a white and on a
near-black background alike.
"""
from __future__ import annotations

import ast
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ae_models import TITLES
from ae_models.store import list_models

KIND_COLOURS: dict[str, str] = {
    "pca": "#9ca3af", "dense": "#5b8ff9", "sparse": "#e8a317", "deep": "#3fb68b",
    "conv": "#e8684a", "denoising": "#9270ca", "vae": "#ff7fb0", "lstm": "#2aa7b8",
}
PART_COLOURS = ("#5b8ff9", "#e8a317", "#3fb68b", "#9270ca")    # the parts of a loss, in log order
METRICS: dict[str, str] = {
    "bce": "BCE (lower is better)", "mse": "MSE (lower is better)",
    "ssim": "SSIM (higher is better)", "psnr": "PSNR in dB (higher is better)",
}


def _layout(fig: go.Figure, height: int, x_title: str = "", y_title: str = "") -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
                      xaxis_title=x_title, yaxis_title=y_title)
    return fig


def show(fig: go.Figure, key: str | None = None) -> None:
    """Draw a figure at full width with the app's theme."""
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def code_bars(code: np.ndarray, kind: str, height: int = 220) -> go.Figure:
    """The code as one bar per unit."""
    code = np.asarray(code).ravel()
    fig = go.Figure(go.Bar(x=np.arange(len(code)), y=code, marker_color=KIND_COLOURS[kind],
                           hovertemplate="unit %{x}: %{y:.3f}<extra></extra>"))
    return _layout(fig, height, "code unit", "value")


def kind_bars(values: dict[str, float], y_title: str, height: int = 240) -> go.Figure:
    """One bar per kind, in the kind's colour."""
    fig = go.Figure(go.Bar(x=[TITLES[k] for k in values], y=list(values.values()),
                           marker_color=[KIND_COLOURS[k] for k in values]))
    return _layout(fig, height, "", y_title)


def line_chart(x: Sequence[float], series: dict[str, tuple[Sequence[float], str, str]],
               x_title: str, y_title: str, height: int = 260) -> go.Figure:
    """Lines over a shared x; ``series`` maps a name to (values, colour, dash)."""
    fig = go.Figure([go.Scatter(x=list(x), y=list(y), name=name, mode="lines+markers",
                                line=dict(color=colour, dash=dash), marker=dict(size=5))
                     for name, (y, colour, dash) in series.items()])
    return _layout(fig, height, x_title, y_title)


def loss_curves(history: dict[str, list[float]], kind: str, height: int = 260) -> go.Figure:
    """Training and validation loss per epoch."""
    colour = KIND_COLOURS[kind]
    series = {"training loss": (history.get("loss", []), colour, "solid")}
    if history.get("val_loss"):
        series["validation loss"] = (history["val_loss"], colour, "dash")
    epochs = range(1, len(history.get("loss", [])) + 1)
    fig = line_chart(epochs, series, "epoch", "loss", height)
    fig.update_xaxes(dtick=1)
    return fig


def loss_parts(history: dict[str, list[float]]) -> list[str]:
    """The logged parts of the loss besides the total (a VAE's reconstruction and KL), in log order."""
    return [name for name, values in history.items()
            if values and name not in ("loss", "learning_rate") and not name.startswith("val_")]


def loss_part_curves(history: dict[str, list[float]], height: int = 260) -> go.Figure:
    """Each part of the loss per epoch, training solid and validation dashed, on a log scale."""
    series = {}
    for name, colour in zip(loss_parts(history), PART_COLOURS):
        series[name] = (history[name], colour, "solid")
        if history.get(f"val_{name}"):
            series[f"validation {name}"] = (history[f"val_{name}"], colour, "dash")
    epochs = range(1, len(history.get("loss", [])) + 1)
    fig = line_chart(epochs, series, "epoch", "nats per image (log scale)", height)
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(type="log")
    return fig


def show_losses(history: dict[str, list[float]], kind: str, key: str | None = None) -> None:
    """The loss curve and, when the kind logs its parts, those parts beside it (``key``: a prefix for both)."""
    keys = (f"{key}:total", f"{key}:parts") if key else (None, None)
    if not loss_parts(history):
        show(loss_curves(history, kind), key=keys[0])
        return
    total, parts = st.columns(2)
    with total:
        show(loss_curves(history, kind), key=keys[0])
    with parts:
        show(loss_part_curves(history), key=keys[1])


def histogram(values: np.ndarray, kind: str, x_title: str, height: int = 220) -> go.Figure:
    """A histogram of values in the kind's colour."""
    fig = go.Figure(go.Histogram(x=np.asarray(values).ravel(), marker_color=KIND_COLOURS[kind], nbinsx=40))
    return _layout(fig, height, x_title, "count")


def quality_points(kind: str, dataset: str, metric: str) -> list[tuple[int, float]]:
    """(code size, test metric) of the shipped models of a kind, from their saved metadata."""
    return sorted((e.code_size, float(e.metadata["metrics"][metric]))
                  for e in list_models(kind, dataset, "shipped") if metric in e.metadata.get("metrics", {}))


def quality_curve(kinds: Sequence[str], dataset: str, metric: str, current: int | None = None,
                  height: int = 280) -> go.Figure:
    """Test quality against code size for each kind (PCA dotted), the current size marked."""
    fig = go.Figure()
    for kind in kinds:
        points = quality_points(kind, dataset, metric)
        if points:
            sizes, values = zip(*points)
            fig.add_scatter(x=sizes, y=values, name=TITLES[kind], mode="lines+markers",
                            line=dict(color=KIND_COLOURS[kind], dash="dot" if kind == "pca" else "solid"))
    if current:
        fig.add_vline(x=current, line_dash="dash", line_color="rgba(128,128,128,0.7)")
    fig.update_xaxes(type="log", tickvals=[2, 4, 8, 16, 32, 64, 128])
    return _layout(fig, height, "code size (numbers kept)", METRICS[metric])


def _values(shape: str) -> int:
    """How many numbers a layer outputs, from the layer table's shape text."""
    parsed = ast.literal_eval(shape) if shape else ()
    first = parsed[0] if parsed and isinstance(parsed[0], tuple) else parsed
    return int(np.prod([d for d in first if d])) if first else 0


def network_shape(rows: list[dict], kind: str, height: int = 260) -> go.Figure:
    """How many numbers flow out of each layer: the bottleneck as a picture."""
    rows = [r for r in rows if _values(r["output shape"])]
    names = [f"{r['part'][:3]} · {r['layer']}" for r in rows]
    sizes = [_values(r["output shape"]) for r in rows]
    colours = [KIND_COLOURS[kind] if r["part"] == "encoder" else KIND_COLOURS["pca"] for r in rows]
    fig = go.Figure(go.Bar(x=names, y=sizes, marker_color=colours,
                           hovertemplate="%{x}: %{y:,} numbers<extra></extra>"))
    fig.update_yaxes(type="log")
    return _layout(fig, height, "", "numbers out (log scale)")
