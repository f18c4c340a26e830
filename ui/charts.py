"""Charts, one colour per kind everywhere: Plotly figures (Streamlit's theme makes them readable in
light and dark), and plain HTML bars for the ones that redraw at every slider move.

Each kind's colour comes from its record in ``ae_models.registry``: mid-tones
that keep their contrast on a white and on a near-black background alike.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ae_models import TITLES
from ae_models.autoencoder import Layer
from ae_models.registry import BY_NAME
from ae_models.store import list_models

PART_COLOURS = ("#5b8ff9", "#e8a317", "#3fb68b", "#9270ca")    # the parts of a loss, in log order
METRICS: dict[str, str] = {
    "bce": "BCE (lower is better)", "mse": "MSE (lower is better)",
    "ssim": "SSIM (higher is better)", "psnr": "PSNR in dB (higher is better)",
}


def colour(kind: str) -> str:
    """The kind's colour in every chart."""
    return BY_NAME[kind].colour


def _layout(fig: go.Figure, height: int, x_title: str = "", y_title: str = "") -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
                      xaxis_title=x_title, yaxis_title=y_title)
    return fig


def show(fig: go.Figure, key: str | None = None) -> None:
    """Draw a figure at full width with the app's theme."""
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def bars(values: Sequence[float], colours: Sequence[str], tips: Sequence[str],
         labels: Sequence[str] | None = None, height: int = 160, symmetric: bool = False,
         max_width: int | None = None) -> None:
    """A light bar chart in plain HTML (negative values hang below a zero line), for charts that
    redraw at every slider move: the browser lays out a few divs instead of re-rendering a Plotly
    figure, which on a 2-core machine shared by several sessions is most of a move's cost."""
    v = np.nan_to_num(np.asarray(values, dtype=float))
    top, bottom = max(float(v.max(initial=0.0)), 0.0), min(float(v.min(initial=0.0)), 0.0)
    if symmetric:   # zero in the middle: the sign of each bar reads at a glance
        top = max(top, -bottom)
        bottom = -top
    scale = height / ((top - bottom) or 1.0)
    zero = top * scale
    widest = f"max-width:{max_width}px;" if max_width else ""
    columns = []
    for x, colour, tip in zip(v, colours, tips):
        size = max(abs(x) * scale, 1.0)
        y = zero - size if x >= 0 else zero
        columns.append(f'<div title="{html.escape(tip)}" style="flex:1;position:relative;min-width:2px;{widest}">'
                       f'<div style="position:absolute;left:0;right:0;top:{y:.1f}px;height:{size:.1f}px;'
                       f'background:{colour};border-radius:2px"></div></div>')
    axis = (f'<div style="position:absolute;left:0;right:0;top:{zero:.1f}px;'
            'border-top:1px solid rgba(128,128,128,.55)"></div>')
    # Bars kept narrow (``max_width``) are centred, so a short code does not leave the chart empty.
    centre = "justify-content:center;" if max_width else ""
    chart = (f'<div style="position:relative;display:flex;gap:2px;{centre}height:{height}px;margin:4px 0">'
             f'{axis}{"".join(columns)}</div>')
    if labels:
        chart += (f'<div style="display:flex;gap:2px;{centre}font-size:0.8em;opacity:.8;text-align:center">'
                  + "".join(f'<div style="flex:1;overflow:hidden;{widest}">{html.escape(t)}</div>' for t in labels)
                  + "</div>")
    st.html(chart)


LABELLED_UNITS = 8     # codes this short get their values written under the bars


def code_bars(code: np.ndarray, kind: str) -> None:
    """The code as one bar per unit (hover a bar for its value)."""
    code = np.asarray(code, dtype=float).ravel()
    st.caption(f"From {code.min():.2f} to {code.max():.2f} (the grey line is zero); hover a bar for its unit "
               "and value.")
    labels = [f"{v:.2f}" for v in code] if len(code) <= LABELLED_UNITS else None
    bars(code, [colour(kind)] * len(code), [f"unit {i}: {v:.3f}" for i, v in enumerate(code)], labels,
         symmetric=bool((code < 0).any()), max_width=36 if labels is None else 72)


def kind_bars(values: dict[str, float], what: str) -> None:
    """One bar per kind, in the kind's colour, labelled with the kind and its value."""
    bars(list(values.values()), [colour(k) for k in values],
         [f"{TITLES[k]}: {what} {v:.4f}" for k, v in values.items()],
         [f"{TITLES[k]} {v:.3f}" for k, v in values.items()], height=120)


def line_chart(x: Sequence[float], series: dict[str, tuple[Sequence[float], str, str]],
               x_title: str, y_title: str, height: int = 260) -> go.Figure:
    """Lines over a shared x; ``series`` maps a name to (values, colour, dash)."""
    fig = go.Figure([go.Scatter(x=list(x), y=list(y), name=name, mode="lines+markers",
                                line=dict(color=shade, dash=dash), marker=dict(size=5))
                     for name, (y, shade, dash) in series.items()])
    return _layout(fig, height, x_title, y_title)


def loss_curves(history: dict[str, list[float]], kind: str, height: int = 260) -> go.Figure:
    """Training and validation loss per epoch."""
    shade = colour(kind)
    series = {"training loss": (history.get("loss", []), shade, "solid")}
    if history.get("val_loss"):
        series["validation loss"] = (history["val_loss"], shade, "dash")
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
    fig = go.Figure(go.Histogram(x=np.asarray(values).ravel(), marker_color=colour(kind), nbinsx=40))
    return _layout(fig, height, x_title, "count")


def quality_points(kind: str, dataset: str, metric: str) -> list[tuple[int, float]]:
    """(code size, test metric) of the shipped models of a kind, from their records."""
    points = ((e.code_size, getattr(e.record.metrics, metric)) for e in list_models(kind, dataset, "shipped"))
    return sorted((size, float(value)) for size, value in points if value is not None)


def quality_curve(kinds: Sequence[str], dataset: str, metric: str, current: int | None = None,
                  height: int = 280) -> go.Figure:
    """Test quality against code size for each kind (PCA dotted), the current size marked."""
    fig = go.Figure()
    for kind in kinds:
        points = quality_points(kind, dataset, metric)
        if points:
            sizes, values = zip(*points)
            fig.add_scatter(x=sizes, y=values, name=TITLES[kind], mode="lines+markers",
                            line=dict(color=colour(kind), dash="dot" if kind == "pca" else "solid"))
    if current:
        fig.add_vline(x=current, line_dash="dash", line_color="rgba(128,128,128,0.7)")
    fig.update_xaxes(type="log", tickvals=[2, 4, 8, 16, 32, 64, 128])
    return _layout(fig, height, "code size (numbers kept)", METRICS[metric])


def network_shape(layers: list[Layer], kind: str, height: int = 260) -> go.Figure:
    """How many numbers flow out of each layer: the bottleneck as a picture."""
    layers = [layer for layer in layers if layer.values]
    names = [f"{layer.part[:3]} · {layer.name}" for layer in layers]
    sizes = [layer.values for layer in layers]
    colours = [colour(kind) if layer.part == "encoder" else colour("pca") for layer in layers]
    fig = go.Figure(go.Bar(x=names, y=sizes, marker_color=colours,
                           hovertemplate="%{x}: %{y:,} numbers<extra></extra>"))
    decades = [10 ** e for e in range(int(np.floor(np.log10(min(sizes)))), int(np.ceil(np.log10(max(sizes)))) + 1)]
    fig.update_yaxes(type="log", tickvals=decades, ticktext=[f"{d:,}" for d in decades])   # not Plotly's "2, 5"
    return _layout(fig, height, "", "numbers out (log scale)")
