"""Drawing in the browser: the Draw page's canvas, where every kind reconstructs the drawing while the pen
moves, and the sidebar's canvas, whose pen a kind page's live view follows.

``ui.live.policy`` decides, as for every live view: with "Draw in this browser" off, without
WebAssembly, or with a model the browser cannot run, nothing is drawn here and the caller draws its
server path (the canvas component, and everything made on the server at each pen-up).
"""
from __future__ import annotations

import functools

from ae_models import TITLES
from ae_models.data import CLASS_NAMES

from . import inputs, state
from .charts import colour
from .live import LiveKind, browser_models, live_wanted, mount
from .live.draw_view import DrawView, canvas_png

SIDEBAR = "sidebar:draw:live"     # the sidebar's live canvas
SIDEBAR_CANVAS, SIDEBAR_PEN = 224, 16     # as big as the server path's sidebar canvas, with its pen


def show_drawing_live(key: str, dataset: str) -> bool:
    """The live drawing view over each kind's default model; False, before drawing anything, when the
    page should draw its server path instead. A lifted pen makes the drawing the page's input."""
    from .trial import kind_models, show_unavailable
    models, unavailable = kind_models(dataset)
    exported = browser_models(key, [ae for _, ae in models], ("encoder", "decoder")) if models else None
    if exported is None:
        return False
    show_unavailable(unavailable)
    kinds = tuple(LiveKind(TITLES[kind], colour(kind), *parts) for (kind, _), parts in zip(models, exported))
    mount(DrawView(key=key, kinds=kinds, classes=tuple(CLASS_NAMES[dataset]), start=_start(key)),
          on_release=functools.partial(inputs.drawn_in_browser, key))
    return True


def show_sidebar_drawing_live() -> bool:
    """The sidebar's canvas in the browser (the canvas and what the models see); False, before drawing
    anything, when the sidebar should draw the server path's canvas instead."""
    if not live_wanted():
        return False
    mount(DrawView(key=SIDEBAR, canvas=SIDEBAR_CANVAS, pen=SIDEBAR_PEN, size=56, start=_start(SIDEBAR)),
          on_release=functools.partial(inputs.drawn_in_browser, SIDEBAR))
    return True


def followed_drawing(picked: inputs.InputImage | None) -> str | None:
    """The key of the sidebar's live canvas when the page's input is the drawing made with it, so the
    page's live views follow its pen; else None."""
    drawing = picked is not None and picked is inputs.drawn() and state.read(inputs.SOURCE_KEY) == "Drawing"
    return SIDEBAR if drawing and live_wanted() else None


def _start(key: str) -> str | None:
    """A drawing the page holds that the canvas ``key`` did not make (another canvas did): it starts there."""
    held = inputs.drawn_elsewhere(key)
    return canvas_png(held.original) if held is not None and held.original is not None else None
