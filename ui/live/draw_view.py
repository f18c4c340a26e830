"""The draw view: a canvas in the browser whose drawing every kind reconstructs while the pen moves.

At every pointer move the component turns the canvas into the models' 28x28 input (its port of
``ae_models.images.to_mnist``), runs each kind's encoder and decoder on it (a conditional kind
first reads the class, as ``Autoencoder.classify`` does) and repaints the reconstructions, their
BCEs and the best one's star. Nothing reaches the server until the pen lifts (or Undo, Clear):
then the drawing comes back once, as a PNG, with the input the browser computed (``Drawing``).
"""
from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from PIL import Image

from .models import LiveKind
from .views import BCE_HEADING, BEST, View, _model_data, label_input

CANVAS = 280          # the drawing canvas, in pixels (the server path's canvas is as big)
PEN = 20              # the pen's width at start: the server path's canvas draws 280 // 14
MAX_SIDE = 1024       # a reported drawing larger than this is not a drawing this view made
PNG_PREFIX = "data:image/png;base64,"
SEEN = "What the models see (28×28)"
TEXTS = {"seen": SEEN, "heading": list(BCE_HEADING), "caption": "{title} · BCE {bce:3}", "best": BEST,
         "tip": "{title}: BCE {bce:4}", "bar": "{title} {bce:3}", "read": "{title} (as {label})",
         "undo": "Undo", "clear": "Clear", "pen": "Pen", "eraser": "Eraser", "width": "Pen width",
         "canvas": "Drawing canvas: draw one digit with the mouse, a finger or a pen",
         "hint": "Draw one digit, large and centred: every model redraws it as you write.",
         "empty": "Nothing drawn yet, or no ink that stands out: draw a digit."}


@dataclass(frozen=True)
class Drawing:
    """What the browser reported when the pen lifted: the canvas (None once cleared) and its input."""

    rgba: np.ndarray | None          # uint8 (H, W, 4), exactly the canvas's pixels
    input: np.ndarray | None         # float32 (28, 28): the browser's to_mnist of it, None for no ink
    strokes: int = 0


@dataclass(frozen=True, kw_only=True)
class DrawView(View):
    """The drawing canvas with its tools (undo, clear, pen width, eraser), what the models see, and each of
    ``kinds``' reconstruction with its BCE (the lowest starred), all redrawn in the browser at every move.

    ``start`` (a PNG data URL) is a drawing the page holds that this view did not make (drawn on the
    server path's canvas): the canvas starts from it, in place of what this browser held for ``key``. It
    is not part of the view's identity, so a new drawing is no new view."""

    kinds: tuple[LiveKind, ...] = ()
    classes: tuple[str, ...] = ()     # the dataset's class names, for what a conditional kind read
    canvas: int = CANVAS
    pen: int = PEN
    start: str | None = None
    size: int = 88
    mode: ClassVar[str] = "draw"
    moving: ClassVar[tuple[str, ...]] = ("start",)

    def settings(self) -> dict[str, Any]:
        shown = [{"title": kind.title, "colour": kind.colour, "encoder": 2 * i, "decoder": 2 * i + 1,
                  "classify": _conditional(kind)} for i, kind in enumerate(self.kinds)]
        return {"canvas": self.canvas, "pen": self.pen, "start": self.start, "kinds": shown,
                "classes": list(self.classes), "texts": TEXTS}

    def models(self) -> list[dict[str, Any]]:
        models = []
        for kind in self.kinds:
            # A conditional kind's label is the browser's to choose at every move: class 0 stands in.
            extra = label_input(0 if _conditional(kind) else None)
            models += [_model_data(kind.encoder, extra), _model_data(kind.decoder, extra)]
        return models

    def read(self, value: Mapping[str, Any]) -> Drawing | None:
        """The reported drawing, or None when the report is not one this view could have made."""
        png, digit = value.get("png"), value.get("input")
        rgba = None if png is None else _canvas(png)
        if png is not None and rgba is None:
            return None
        strokes = value.get("strokes")
        return Drawing(rgba, _input(digit), strokes if isinstance(strokes, int) else 0)


def _input(digit: Any) -> np.ndarray | None:
    """The 28x28 input the browser reported, or None for anything else."""
    if not isinstance(digit, list) or len(digit) != 784:
        return None
    try:
        values = np.asarray(digit, np.float32).reshape(28, 28)
    except (TypeError, ValueError):
        return None
    return np.clip(values, 0.0, 1.0) if np.isfinite(values).all() else None


def _conditional(kind: LiveKind) -> bool:
    return len(kind.encoder.inputs) > 1


def canvas_png(rgba: np.ndarray) -> str:
    """A drawing as the PNG data URL the view starts from."""
    out = io.BytesIO()
    Image.fromarray(np.asarray(rgba, np.uint8)).save(out, format="PNG")
    return PNG_PREFIX + base64.b64encode(out.getvalue()).decode()


def _canvas(png: Any) -> np.ndarray | None:
    """The pixels of a PNG data URL the browser sent, or None for anything else (it is never trusted)."""
    if not isinstance(png, str) or not png.startswith(PNG_PREFIX) or len(png) > 8 * MAX_SIDE * MAX_SIDE:
        return None
    try:
        image = Image.open(io.BytesIO(base64.b64decode(png[len(PNG_PREFIX):], validate=True)), formats=["PNG"])
        if max(image.size) > MAX_SIDE or min(image.size) < 1:
            return None
        return np.asarray(image.convert("RGBA"))
    except (binascii.Error, OSError, ValueError, Image.DecompressionBombError):
        return None
