"""The drawing canvas, in one place: streamlit-drawable-canvas is imported only when a canvas is drawn.

Importing the component outside a running app raises, so the import lives inside
the function. White brush on black, like MNIST itself. The component's own
toolbar (undo, redo, reset) only shows while the pointer is over the canvas, so
Undo and Clear are also plain buttons below it. Both work by handing the canvas
a new starting drawing (the strokes so far, less the last one, or none): the
component redraws itself from it and sends the result back like a new drawing.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from . import state

TOOLBAR_SPACE = 40   # pixels


def _start_key(key: str) -> str:
    return f"{key}:start"


def _restart(key: str, objects: list[dict]) -> None:
    """Give the canvas a new starting drawing; the step count makes each one new to the component."""
    step = state.read(_start_key(key), {}).get("step", 0) + 1
    state.write(_start_key(key), {"objects": objects, "step": step})


def _undo(key: str) -> None:
    """Start again from the current strokes less the last one."""
    _restart(key, state.read(f"{key}:strokes", [])[:-1])


def draw_digit(key: str, size: int = 224, on_change: Callable[[], None] | None = None) -> np.ndarray | None:
    """Show the canvas with Undo and Clear; returns the drawing as RGBA uint8, or None before it sent one."""
    from streamlit_drawable_canvas import st_canvas
    st.space(TOOLBAR_SPACE)     # the component's toolbar floats above the canvas: keep it off the text above
    result = st_canvas(stroke_width=max(size // 14, 8), stroke_color="#FFFFFF", background_color="#000000",
                       height=size, width=size, drawing_mode="freedraw", return_image_data=True,
                       initial_drawing=state.read(_start_key(key)), key=key, on_change=on_change)
    strokes = (result.json_data or {}).get("objects", [])
    state.write(f"{key}:strokes", strokes)
    undo, clear = st.columns(2)
    undo.button("Undo", icon=":material/undo:", key=f"{key}:undo", on_click=_undo, args=(key,),
                disabled=not strokes, width="stretch")
    clear.button("Clear", icon=":material/delete:", key=f"{key}:clear", on_click=_restart, args=(key, []),
                 disabled=not strokes, width="stretch")
    return result.image_data
