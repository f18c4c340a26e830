"""The input image every page works on: a test sample, a drawing or an upload, kept in session state.

The sidebar picks the source; the chosen image is stored under ``INPUT`` so each
page (and each fragment rerun) reads the same picture. Drawings and uploads are
converted once with ``ae_models.images.to_mnist`` and remembered, so they survive
page changes and reruns.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ae_models import DataNotFoundError
from ae_models.data import CLASS_NAMES
from ae_models.images import ImageError, is_blank, read_user_image, to_mnist

from . import loaders, state
from .canvas import draw_digit
from .pictures import plain
from .state import DRAWN, INDEX_KEY, INPUT, SOURCE_KEY, UPLOADED

SOURCES = ("Sample", "Drawing", "Upload")
UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "bmp", "webp"]


@dataclass(frozen=True)
class InputImage:
    """One picture as the models see it, and where it came from."""

    image: np.ndarray        # float32 (28, 28) in [0, 1], white on black
    caption: str
    original: np.ndarray | None = None    # the user's own picture (uint8 RGBA), for drawings and uploads
    test_index: int | None = None          # which test image, for a sample


@dataclass(frozen=True)
class HeldDrawing:
    """The session's drawing: its canvas's checksum, the input made of it (None: blank or cleared), and the
    key of the browser's live canvas that made it (None: the server path's canvas)."""

    digest: str | None = None
    image: InputImage | None = None
    made_by: str | None = None


@dataclass(frozen=True)
class HeldUpload:
    """The session's upload: the file's id, the input made of it, or why there is none."""

    file_id: str
    image: InputImage | None = None
    error: str | None = None


def _held_drawing() -> HeldDrawing:
    return state.read(DRAWN) or HeldDrawing()


def _prefer(source: str) -> None:
    state.write(SOURCE_KEY, source)


def sample_picker(dataset: str) -> InputImage | None:
    """Number input and Random button over the test set; None (with the reason shown) without data."""
    try:
        x_test, y_test = loaders.test_split(dataset)
    except DataNotFoundError as error:
        st.error(str(error))
        st.caption("Draw or upload an image instead: those need no dataset.")
        return None
    if state.read(INDEX_KEY, 0) >= len(x_test):
        state.write(INDEX_KEY, 0)
    left, right = st.columns(2, vertical_alignment="bottom")
    index = left.number_input("Test image #", 0, len(x_test) - 1, key=INDEX_KEY)
    right.button("Random", icon=":material/casino:", on_click=lambda: state.write(
        INDEX_KEY, random.randrange(len(x_test))), width="stretch")
    label = CLASS_NAMES[dataset][int(y_test[index])]
    return InputImage(x_test[index], f"test #{index} · {label}", test_index=int(index))


def drawing_input(key: str, size: int = 224) -> None:
    """The canvas; a new non-blank drawing replaces the stored one, a cleared canvas removes it."""
    rgba = draw_digit(key, size, on_change=lambda: _prefer("Drawing"))
    if rgba is not None:        # None: just mounted, keep the drawing we already have
        remember_drawing(rgba)


def remember_drawing(rgba: np.ndarray | None, made_by: str | None = None) -> None:
    """Keep a canvas's drawing (uint8 RGBA) as the models see it, converted by ``to_mnist`` here on the
    server; a blank or cleared canvas (None) removes the stored one. The same drawing is converted once.
    ``made_by``: the key of the browser's live canvas it comes from (``drawn_in_browser``), which holds it."""
    if rgba is None:
        state.write(DRAWN, HeldDrawing(made_by=made_by))
        return
    digest = hashlib.sha1(rgba.tobytes()).hexdigest()
    if _held_drawing().digest == digest:
        return
    try:
        image = None if is_blank(rgba) else InputImage(to_mnist(rgba), "your drawing", rgba)
    except ImageError:      # a drawing with no usable ink (a dot, say): as good as an empty canvas
        image = None
    state.write(DRAWN, HeldDrawing(digest, image, made_by))


def drawn_in_browser(key: str, drawing) -> None:
    """A drawing the browser's live canvas ``key`` reported as its pen lifted (a ``ui.live.draw_view.Drawing``):
    now the input."""
    if drawing is not None:
        _prefer("Drawing")
        remember_drawing(drawing.rgba, made_by=key)


def upload_input(key: str) -> None:
    """The uploader; the file is converted once, an unusable one explained with st.error."""
    file = st.file_uploader("Upload a picture of one digit or garment", type=UPLOAD_TYPES, key=key,
                            on_change=lambda: _prefer("Upload"))
    if file is None:
        return
    stored = state.read(UPLOADED)
    if stored is None or stored.file_id != file.file_id:
        try:
            stored = HeldUpload(file.file_id, _from_upload(file.name, file.getvalue()))
        except ImageError as error:
            stored = HeldUpload(file.file_id, error=str(error))
        except Exception as error:      # never a traceback for what a visitor uploads
            stored = HeldUpload(file.file_id, error=f"This file could not be read as an image "
                                f"({type(error).__name__}): save it again as PNG or JPEG and upload that.")
        state.write(UPLOADED, stored)
    if stored.error:
        st.error(stored.error)


def _from_upload(name: str, data: bytes) -> InputImage:
    """An upload as an input; an animated image says that only its first frame is used."""
    user = read_user_image(data)
    name = plain(name)      # a file name is text, never Markdown to render (or links to fetch)
    caption = name if user.frames == 1 else f"{name}, first of its {user.frames} frames"
    return InputImage(user.digit, caption, user.thumbnail)


def drawn() -> InputImage | None:
    """The last drawing, if any."""
    return _held_drawing().image


def drawn_elsewhere(key: str) -> InputImage | None:
    """The last drawing, unless the browser's live canvas ``key`` made it (that canvas holds it already)."""
    held = _held_drawing()
    return None if held.made_by == key else held.image


def uploaded() -> InputImage | None:
    """The last usable upload, if any."""
    held = state.read(UPLOADED)
    return held.image if held is not None else None


def upload_problem() -> str | None:
    """Why the current upload could not be used, when it could not (its message is already shown)."""
    held = state.read(UPLOADED)
    return held.error if held is not None else None


def upload_failed() -> bool:
    """Whether the visitor chose an upload and its file could not be used (the reason is shown by the uploader)."""
    return state.read(SOURCE_KEY) == "Upload" and upload_problem() is not None


def no_input_note() -> None:
    """Say there is no input yet, unless the reason (a bad upload) is already shown beside its uploader."""
    if upload_failed():
        return
    st.info("Pick an input in the sidebar: a test sample, a drawing or an upload.")


def user_image() -> InputImage | None:
    """The drawing or the upload, whichever the user chose (or touched) last."""
    return uploaded() if state.read(SOURCE_KEY) == "Upload" else drawn()


def current_input() -> InputImage | None:
    """The input the sidebar picked for this run, or None when there is none yet."""
    return state.read(INPUT)
