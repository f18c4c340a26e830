"""The drawing canvas, in one place: streamlit-drawable-canvas is imported only when a canvas is drawn.

Importing the component outside a running app raises, so the import lives inside
the function. White brush on black, like MNIST itself.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def draw_digit(key: str, size: int = 224, on_change: Callable[[], None] | None = None) -> np.ndarray | None:
    """Show the canvas; returns the drawing as RGBA uint8, or None before it ever sent one."""
    from streamlit_drawable_canvas import st_canvas
    result = st_canvas(stroke_width=max(size // 14, 8), stroke_color="#FFFFFF", background_color="#000000",
                       height=size, width=size, drawing_mode="freedraw", return_image_data=True,
                       key=key, on_change=on_change)
    return result.image_data
