"""The Draw page's canvas in the browser: every kind reconstructs the drawing while the pen moves.

``ui.live.policy`` decides, as for every live view: with "Draw in this browser" off, without
WebAssembly, or with a model the browser cannot run, nothing is drawn here and the page draws its
server path (the canvas component and the reconstructions made on the server at each pen-up).
"""
from __future__ import annotations

from ae_models import TITLES
from ae_models.data import CLASS_NAMES

from . import inputs
from .charts import colour
from .live import LiveKind, browser_models, mount
from .live.draw_view import DrawView, canvas_png
from .trial import kind_models, show_unavailable


def show_drawing_live(key: str, dataset: str) -> bool:
    """The live drawing view over each kind's default model; False, before drawing anything, when the
    page should draw its server path instead. A lifted pen makes the drawing the page's input."""
    models, unavailable = kind_models(dataset)
    exported = browser_models(key, [ae for _, ae in models], ("encoder", "decoder")) if models else None
    if exported is None:
        return False
    show_unavailable(unavailable)
    kinds = tuple(LiveKind(TITLES[kind], colour(kind), *parts) for (kind, _), parts in zip(models, exported))
    held = inputs.drawn_elsewhere()      # a drawing made with the browser off, or in the sidebar: start from it
    start = canvas_png(held.original) if held is not None and held.original is not None else None
    mount(DrawView(key=key, kinds=kinds, classes=tuple(CLASS_NAMES[dataset]), start=start),
          on_release=inputs.drawn_in_browser)
    return True
