"""Maps of a latent space: the test set's codes as points coloured by class, over the decoded manifold.

Each class is one trace (so the legend can hide it) and every point carries its
test-set index as ``customdata``: a click on the map names the digit to show.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

CLASS_COLOURS = qualitative.Plotly      # ten colours, one per class


def code_map(xy: np.ndarray, labels: np.ndarray, indices: np.ndarray, names: Sequence[str],
             axis_titles: tuple[str, str], background: str | None = None, span: float = 3.0,
             here: np.ndarray | None = None, height: int = 520) -> go.Figure:
    """Points ``xy`` coloured by class, over a manifold picture on [-span, span]^2 and ``here`` marked if given."""
    fig = go.Figure()
    for k, name in enumerate(names):
        mask = labels == k
        if mask.any():
            fig.add_scatter(x=xy[mask, 0], y=xy[mask, 1], mode="markers", name=name, customdata=indices[mask],
                            marker=dict(size=5, color=CLASS_COLOURS[k % len(CLASS_COLOURS)], opacity=0.7,
                                        line=dict(width=0.5, color="#111")),
                            hovertemplate=f"{name} · test #%{{customdata}}<extra></extra>")
    if here is not None:
        fig.add_scatter(x=[here[0]], y=[here[1]], mode="markers", name="the sliders", hoverinfo="skip",
                        marker=dict(symbol="circle-open", size=22, color="#ff7fb0", line=dict(width=4)))
    if background is not None:
        fig.add_layout_image(source=background, x=-span, y=span, sizex=2 * span, sizey=2 * span, xref="x",
                             yref="y", sizing="stretch", layer="below")
        fig.update_xaxes(range=[-span, span], showgrid=False, zeroline=False, constrain="domain")
        fig.update_yaxes(range=[-span, span], showgrid=False, zeroline=False, scaleanchor="x", constrain="domain")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), clickmode="event+select",
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, itemsizing="constant"),
                      xaxis_title=axis_titles[0], yaxis_title=axis_titles[1])
    return fig
