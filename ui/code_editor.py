"""Sliders that move a code and the digit decoded from it: in the browser when it can, else on
the server.

The browser path (an ``AxesView``) decodes at every slider move in the visitor's
browser and tells the server only where the sliders were released. The server path
draws Streamlit sliders and decodes on each rerun of its fragment: it is what AppTest
checks, what a visitor who turns live drawing off gets, and what any page falls back
to when the browser cannot run the model (``ui.live.policy`` decides). Both move the
session's ``Walk``: a new start (another input, a class mean, a click on a map, "Back")
puts the sliders where that code sits.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from . import state
from .live import AxesView, browser_model, mount
from .pictures import picture
from .state import SPAN, Walk


def edit_code(walk: Walk, ae, labels: Sequence[str], caption: str, label: int | None = None,
              step: float = 0.05) -> Walk:
    """Sliders along the walk's axes and the digit decoded where they are (a conditional model draws class
    ``label``); the walk moved to where they are (in the browser: where they were last released), kept."""
    walk = state.keep_walk(walk)
    models = browser_model(f"{walk.name}:live", ae)
    if models is not None:
        view = AxesView(key=f"{walk.name}:live", decoder=models[0], base=walk.base, axes=walk.axes,
                        labels=tuple(labels), caption=caption, span=SPAN, step=step,
                        label=label if ae.conditional else None, restart=walk.restarts)
        return state.keep_walk(walk.moved(mount(view)))
    return state.keep_walk(_server(walk, ae, labels, caption, label, step))


def _server(walk: Walk, ae, labels: Sequence[str], caption: str, label: int | None, step: float) -> Walk:
    """Streamlit sliders and a picture decoded on the server."""
    state.place_sliders(walk)
    controls, shown = st.columns([3, 2], gap="large")
    with controls:
        columns = st.columns(2) if walk.axes.count > 4 else [st.container()]
        positions = [columns[i % len(columns)].slider(labels[i], -SPAN, SPAN, step=step, key=walk.slider_key(i))
                     for i in range(walk.axes.count)]
    moved = walk.moved(positions)
    with shown:
        picture(ae.decode(moved.code[None], label)[0], caption)
    return moved
