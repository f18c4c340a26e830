"""Sliders that move a code and the digit decoded from it: in the browser when it can, else on
the server.

The live path (``ui.live_decoder``) decodes at every slider move in the visitor's
browser and tells the server only where the sliders were released. The server
path draws Streamlit sliders and decodes on each rerun of its fragment: it is what
AppTest checks, what a visitor who turns live drawing off gets, and what any page
falls back to when the browser cannot run the model. Both start from ``base`` (a
code) and move it along ``axes``; a new ``base`` (another input, a class mean, a
click on a map) puts the sliders where that code sits.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from ae_models import TITLES, CorruptModelError
from ae_models.latent import Axes

from .live_decoder import LiveModel, label_input, live_axes, live_model, unavailable_reason
from .pictures import picture

LIVE_KEY = "live"                      # the sidebar's switch: decode in the browser
UNAVAILABLE_KEY = "live:unavailable"   # why the browser could not, once it said so
SPAN = 3.0


def live_wanted() -> bool:
    """Whether to decode in the browser: the visitor's choice, and no earlier sign it cannot."""
    return bool(st.session_state.get(LIVE_KEY, True)) and not st.session_state.get(UNAVAILABLE_KEY)


def browser_refused(key: str) -> bool:
    """Whether the live component with ``key`` said this browser cannot run models (then remembered
    for the session, and said on the page)."""
    if (reason := unavailable_reason(key)) is None:
        return False
    st.session_state[UNAVAILABLE_KEY] = reason
    st.caption(f"Running on the server: this browser cannot run the models ({reason}).")
    return True


def exported(ae, parts: Sequence[str] = ("decoder",)) -> list[LiveModel] | None:
    """``ae``'s ``parts`` exported for the browser; None, saying why, when they cannot be."""
    try:
        return [live_model(ae, part) for part in parts]
    except (ValueError, RuntimeError, CorruptModelError) as error:    # an unsaved model, an export failure
        st.caption(f"Running on the server: the {TITLES[ae.kind]} model cannot run in the browser ({error}).")
        return None


def slider_key(key: str, i: int) -> str:
    """The session key of the server path's ``i``-th slider."""
    return f"{key}:z{i}"


def base_key(key: str) -> str:
    """The session key of the code the sliders start from."""
    return f"{key}:base"


def start_from(key: str, code: np.ndarray, axes: Axes) -> None:
    """Make ``code`` the sliders' starting point and put the server path's sliders where it sits."""
    st.session_state[base_key(key)] = np.asarray(code, np.float32)
    for i, p in enumerate(axes.positions(code)):
        st.session_state[slider_key(key, i)] = float(np.clip(np.round(p, 2), -SPAN, SPAN))


def ensure_base(key: str, code: np.ndarray, axes: Axes) -> np.ndarray:
    """The sliders' starting point, set to ``code`` the first time (or when the code size changed)."""
    base = st.session_state.get(base_key(key))
    if base is None or len(base) != len(code) or slider_key(key, axes.count - 1) not in st.session_state:
        start_from(key, code, axes)
    return st.session_state[base_key(key)]


def edit_code(key: str, ae, axes: Axes, labels: Sequence[str], caption: str, label: int | None = None,
              step: float = 0.05) -> np.ndarray:
    """Sliders along ``axes`` from the code at ``base_key(key)`` and the digit decoded where they are
    (a conditional model draws class ``label``); returns that code (in the browser: where the
    sliders were last released)."""
    base = st.session_state[base_key(key)]
    if live_wanted():
        code = _live(key, ae, base, axes, labels, caption, label, step)
        if code is not None:
            return code
    return _server(key, ae, base, axes, labels, caption, label, step)


def _live(key, ae, base, axes, labels, caption, label, step) -> np.ndarray | None:
    """The browser path; None (and the reason remembered) when the browser cannot run the model."""
    models = exported(ae)
    if models is None:
        return None
    extra = label_input(label if ae.conditional else None)
    positions = live_axes(f"{key}:live", models[0], base, axes, labels, SPAN, step, extra, caption=caption)
    if browser_refused(f"{key}:live"):
        return None
    return base if positions is None else axes.move(base, np.array(positions))


def _server(key, ae, base, axes, labels, caption, label, step) -> np.ndarray:
    """Streamlit sliders and a picture decoded on the server."""
    controls, shown = st.columns([3, 2], gap="large")
    with controls:
        columns = st.columns(2) if axes.count > 4 else [st.container()]
        positions = [columns[i % len(columns)].slider(labels[i], -SPAN, SPAN, step=step, key=slider_key(key, i))
                     for i in range(axes.count)]
    code = axes.move(base, np.array(positions))
    with shown:
        picture(ae.decode(code[None], label)[0], caption)
    return code
