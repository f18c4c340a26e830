"""Showing 28x28 images: sent at 28x28 and enlarged by the browser with sharp pixels, in rows with captions.

The browser scales each picture to its element's width with ``image-rendering:
pixelated`` (``PIXELATED``, added once by ``app.py``), so the server encodes a
28x28 PNG per image rather than a 224x224 one: a slider move that redraws nine
images (Compare) costs about a millisecond per image less, and every page sends
less.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import streamlit as st

from ae_models.images import upscale

PIXELATED = "<style>[data-testid='stImage'] img {image-rendering: pixelated;}</style>"
# Streamlit's faded grey for captions falls short of WCAG's 4.5:1 contrast on white; the text's own colour
# (dark on light, light on dark) at 80% keeps captions quieter than the text and readable in both themes.
# An image's caption already inherits a faded colour: it keeps it, at full strength.
READABLE_CAPTIONS = ("<style>[data-testid='stCaptionContainer'], [data-testid='stImageCaption'] "
                     "{color: inherit !important; opacity: .8;} [data-testid='stFullScreenFrame'] "
                     "[data-testid='stCaptionContainer'] {opacity: 1;}</style>")
MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]()<>!#|~{}"})
ESCAPED = re.compile(r"\\([\\`*_\[\]()<>!#|~{}])")     # what ``plain`` escapes, to undo for alt text


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, so a caption shows it as it is."""
    return text.translate(MARKDOWN)


def pixels(image: np.ndarray) -> np.ndarray:
    """A (28, 28) image in [0, 1] as uint8 pixels."""
    return upscale(np.asarray(image, dtype=np.float32).reshape(28, 28), 1)


def alt_text(caption: str | None, fallback: str = "a 28×28 picture") -> str:
    """What a screen reader says for a picture: its caption as plain text (Markdown escapes removed)."""
    return ESCAPED.sub(r"\1", caption) if caption else fallback


def picture(image: np.ndarray, caption: str | None = None, width: int | str = "stretch",
            alt: str | None = None) -> None:
    """One image, shown enlarged with sharp pixels, sent as PNG (JPEG would smear the pixel edges);
    ``alt`` (default: the caption) is what a screen reader says it shows."""
    st.image(pixels(image), caption=caption, width=width, output_format="PNG", alt=alt or alt_text(caption))


def image_row(images: Sequence[np.ndarray], captions: Sequence[str], width: int | str = "stretch") -> None:
    """Images side by side in equal columns, each with its caption."""
    for col, image, caption in zip(st.columns(len(images)), images, captions):
        with col:
            picture(image, caption, width)


def image_strip(images: Sequence[np.ndarray], captions: Sequence[str] | None = None, width: int = 84,
                alts: Sequence[str] | None = None) -> None:
    """Many small images in one element, wrapping like text: samples, units, pairs; each image's alt
    text is ``alts`` (default: its caption)."""
    n = len(images)
    alts = list(alts) if alts else [alt_text(c, f"picture {i + 1} of {n}")
                                    for i, c in enumerate(captions or [None] * n)]
    st.image([pixels(x) for x in images], caption=list(captions) if captions else None, width=width,
             output_format="PNG", alt=alts)


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
