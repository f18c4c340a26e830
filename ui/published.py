"""How a binarized-MNIST VAE compares with published ones: its test NLL and -ELBO beside the papers'.

The figures are the model's record (written by ``benchmarks/bench_likelihood.py --record``);
nothing is measured while the page runs.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ae_models.likelihood import PUBLISHED

from .charts import _layout, colour, show

PUBLISHED_COLOUR = "#9ca3af"
MEASURE_COMMAND = "python -m benchmarks.bench_likelihood --record"


def ours(metrics: dict, code_size: int) -> list[tuple[str, float, str]]:
    """This model's bars: (label, nats, hover text); its NLL when measured, and its -ELBO."""
    rows = []
    if metrics.get("nll") is not None:
        k, n = int(metrics.get("nll_k") or 0), int(metrics.get("nll_images") or 0)
        rows.append((f"this VAE (code {code_size}): NLL", metrics["nll"],
                     f"importance-sampled, k={k:,} codes per image, {n:,} test images"))
    elbo = metrics.get("neg_elbo_sampled", metrics.get("neg_elbo"))
    if elbo is not None:
        rows.append((f"this VAE (code {code_size}): -ELBO", elbo, "1-sample -ELBO, an upper bound on the NLL"))
    return rows


def comparison_figure(metrics: dict, code_size: int, kind: str = "vae", height: int = 300) -> go.Figure:
    """Horizontal bars in nats, lower is better: the published NLLs, then this model's figures."""
    rows = [(name, nll, "published test NLL") for name, nll, _ in PUBLISHED] + ours(metrics, code_size)
    colours = [PUBLISHED_COLOUR] * len(PUBLISHED) + [colour(kind)] * (len(rows) - len(PUBLISHED))
    fig = go.Figure(go.Bar(x=[v for _, v, _ in rows], y=[name for name, _, _ in rows], orientation="h",
                           marker_color=colours, text=[f"{v:.2f}" for _, v, _ in rows], textposition="outside",
                           customdata=[tip for _, _, tip in rows],
                           hovertemplate="%{y}: %{x:.2f} nats<br>%{customdata}<extra></extra>"))
    low = min(v for _, v, _ in rows)
    fig.update_xaxes(range=[low - 8, max(v for _, v, _ in rows) + 6])
    return _layout(fig, height, "nats per test image (lower is better)")


def published_comparison(ae) -> None:
    """The section "How this VAE compares with published ones", for a model trained on binarized MNIST."""
    st.subheader("How this VAE compares with published ones", anchor=False)
    metrics = ae.metrics
    st.caption("Negative log-likelihood of the binarized MNIST test set in nats, the figure VAE papers "
               "compare (lower is better): ours estimated by importance sampling as they do; the -ELBO is "
               "the bound the model trains on.")
    if metrics.get("nll") is None:
        st.info(f"This model's importance-sampled NLL has not been measured yet: `{MEASURE_COMMAND}` "
                "measures it and stores it with the model. Its -ELBO is shown meanwhile.",
                icon=":material/science:")
    elif int(metrics.get("nll_k") or 0) < 5000 or int(metrics.get("nll_images") or 0) < 10000:
        st.caption(f"Ours was measured with k={int(metrics['nll_k']):,} codes over "
                   f"{int(metrics['nll_images']):,} test images (the papers: k=5,000 over all 10,000); "
                   "fewer codes give a slightly higher, more cautious figure.")
    show(comparison_figure(metrics, ae.code_size, ae.kind), key="vae:published")
