"""Showing 28x28 images: sent at 28x28 and enlarged by the browser with sharp pixels, in rows with captions.

The browser scales each picture to its element's width with ``image-rendering:
pixelated`` (``PIXELATED``, added once by ``app.py``), so the server encodes a
28x28 PNG per image rather than a 224x224 one: a slider move that redraws nine
images (Compare) costs about a millisecond per image less, and every page sends
less.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from ae_models.images import upscale

PIXELATED = "<style>[data-testid='stImage'] img {image-rendering: pixelated;}</style>"
MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]()<>!#|~{}"})


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, so a caption shows it as it is."""
    return text.translate(MARKDOWN)


def pixels(image: np.ndarray) -> np.ndarray:
    """A (28, 28) image in [0, 1] as uint8 pixels."""
    return upscale(np.asarray(image, dtype=np.float32).reshape(28, 28), 1)


def picture(image: np.ndarray, caption: str | None = None, width: int | str = "stretch") -> None:
    """One image, shown enlarged with sharp pixels, sent as PNG (JPEG would smear the pixel edges)."""
    st.image(pixels(image), caption=caption, width=width, output_format="PNG")


def image_row(images: Sequence[np.ndarray], captions: Sequence[str], width: int | str = "stretch") -> None:
    """Images side by side in equal columns, each with its caption."""
    for col, image, caption in zip(st.columns(len(images)), images, captions):
        with col:
            picture(image, caption, width)


def image_strip(images: Sequence[np.ndarray], captions: Sequence[str] | None = None, width: int = 84) -> None:
    """Many small images in one element, wrapping like text: samples, units, pairs."""
    st.image([pixels(x) for x in images], caption=list(captions) if captions else None, width=width,
             output_format="PNG")


def labelled_row(images: Sequence[np.ndarray], labels: Sequence[str], scale: int = 4) -> np.ndarray:
    """Pictures side by side, each enlarged ``scale`` times with its label written under it, in [0, 1]."""
    from PIL import Image, ImageDraw
    tile, band = 28 * scale, 16
    sheet = Image.new("L", (tile * len(images), tile + band), 0)
    draw = ImageDraw.Draw(sheet)
    for i, (image, label) in enumerate(zip(images, labels)):
        sheet.paste(Image.fromarray(upscale(image, scale)), (i * tile, 0))
        text = label if draw.textlength(label) <= tile - 4 else label[: max(1, int(len(label) * (tile - 4)
                                                                                  / draw.textlength(label))) - 1] + "…"
        draw.text((i * tile + (tile - draw.textlength(text)) / 2, tile + 2), text, fill=255)
    return np.asarray(sheet, np.float32) / 255.0
