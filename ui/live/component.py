"""The live component itself: ``mount(view)`` draws a view and returns what the visitor released.

The model parts run in ONNX Runtime Web (WASM), so a move repaints within a frame and
sends nothing to the server; the position comes back to Python only on release. If the
browser cannot run the models, the component says so once in its state
(``unavailable_reason``), and ``ui.live.policy`` sends the page to the server path.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from .views import View

COMPONENT = Path(__file__).resolve().parent.parent / "live_component"
SCRIPT = COMPONENT / "dist" / "live_decoder.js"     # bundled from src/ by ``npm run build``
STYLES = ("live_decoder.css", "draw.css")
# The state a release sets: {"id": the view's identity, and its position}. Not named "value": Streamlit
# reads a state holding only "value" as the value's own keys, and its change callback never runs.
RELEASED = "released"


@functools.cache
def _component():
    """The registered component (registered on first use: outside a running app it cannot be)."""
    css = "\n".join((COMPONENT / name).read_text() for name in STYLES)
    return st.components.v2.component("autoencoder_lab.live_decoder", css=css, js=SCRIPT.read_text())


def mount(view: View, on_release: Callable[[Any], None] | None = None) -> Any | None:
    """Show ``view``; the position last released in it (see ``View.read``), None before the first release
    or when the last one was made in another view (other data under the same key).

    ``on_release(position)`` runs before the rerun a release starts, as a widget's ``on_change`` does:
    the place to move state that other widgets, drawn earlier in the run, show."""
    data = view.data()
    changed = _ignore if on_release is None else functools.partial(_released, view.key, data["id"], view, on_release)
    result = _component()(key=view.key, data=data, on_released_change=changed, on_unavailable_change=_ignore)
    value = result.get(RELEASED) if isinstance(result, Mapping) else getattr(result, RELEASED, None)
    return view.read(value) if isinstance(value, dict) and value.get("id") == data["id"] else None


def unavailable_reason(key: str) -> str | None:
    """Why the component with this key could not run the model in the browser, or None."""
    state = st.session_state.get(key)
    return state.get("unavailable") if isinstance(state, Mapping) else None


def _released(key: str, identity: str, view: View, on_release: Callable[[Any], None]) -> None:
    state = st.session_state.get(key)
    value = state.get(RELEASED) if isinstance(state, Mapping) else None
    if isinstance(value, dict) and value.get("id") == identity:
        on_release(view.read(value))


def _ignore() -> None:
    """A state callback: registering one lets the component keep that state."""
