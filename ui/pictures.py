"""Showing 28x28 images: enlarged by pixel repetition (never blurred), in rows with captions."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from ae_models.images import upscale

SCALE = 8          # 28 px -> 224 px
PIXELATED = "<style>[data-testid='stImage'] img {image-rendering: pixelated;}</style>"


def enlarge(image: np.ndarray, factor: int = SCALE) -> np.ndarray:
    """A (28, 28) image in [0, 1] as a big uint8 picture with sharp pixels."""
    return upscale(np.asarray(image, dtype=np.float32).reshape(28, 28), factor)


def picture(image: np.ndarray, caption: str | None = None, width: int | str = "stretch",
            factor: int = SCALE) -> None:
    """One image, enlarged with sharp pixels, sent as PNG (JPEG would smear the pixel edges)."""
    st.image(enlarge(image, factor), caption=caption, width=width, output_format="PNG")


def image_row(images: Sequence[np.ndarray], captions: Sequence[str], width: int | str = "stretch") -> None:
    """Images side by side in equal columns, each with its caption."""
    for col, image, caption in zip(st.columns(len(images)), images, captions):
        with col:
            picture(image, caption, width)


def image_strip(images: Sequence[np.ndarray], captions: Sequence[str] | None = None, width: int = 84) -> None:
    """Many small images in one element, wrapping like text: samples, units, pairs."""
    st.image([enlarge(x, 4) for x in images], caption=list(captions) if captions else None, width=width,
             output_format="PNG")
