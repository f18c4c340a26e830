"""Taking results home: pictures as PNG files, a model as one file, the results table as CSV,
and bringing a downloaded model back into the app.

Download buttons here ignore their click (no rerun): saving a file changes nothing on the page.
"""
from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import streamlit as st
from PIL import Image

from ae_models.bundle import BundleError, bundle, bundle_name, unbundle
from ae_models.images import upscale
from ae_models.store import ModelEntry

from . import visitor
from .chooser import select_next

SCALE = 4      # a downloaded picture's pixels per model pixel: 28 px digits become 112 px


def png_bytes(image: np.ndarray, scale: int = SCALE) -> bytes:
    """A picture in [0, 1] (any height and width) as PNG bytes, enlarged with sharp pixels."""
    out = io.BytesIO()
    Image.fromarray(upscale(np.asarray(image, np.float32), scale)).save(out, format="PNG")
    return out.getvalue()


def picture_download(image: np.ndarray | Callable[[], np.ndarray], file_name: str, key: str,
                     label: str = "PNG", scale: int = SCALE) -> None:
    """A small button that saves the picture as a PNG file, enlarged ``scale`` times (``image`` may be a
    function that draws it when the button is clicked)."""
    data = (lambda: png_bytes(image(), scale)) if callable(image) else png_bytes(image, scale)
    st.download_button(label, data, file_name=file_name, mime="image/png", key=key,
                       icon=":material/download:", on_click="ignore")


def model_download(entry: ModelEntry, key: str) -> None:
    """A button that saves the model (weights and record) as one file."""
    st.download_button("Download this model", bundle(entry), file_name=bundle_name(entry), mime="application/zip",
                       key=key, icon=":material/download:", on_click="ignore",
                       help="One file with its weights and record: load it back here, or in Python with "
                            "ae_models.bundle.unbundle.")


def model_upload(kind: str, dataset: str, key: str) -> None:
    """An uploader for a model file downloaded earlier: saved as the visitor's model and selected, or
    refused with the reason as plain text (a file's own words are never drawn as Markdown)."""
    file = st.file_uploader("Load a model file you downloaded", type=["zip"], key=key,
                            on_change=_load_upload, args=(kind, dataset, key))
    done = st.session_state.get(f"{key}:done")
    if file is not None and done and done[0] == file.file_id:
        (st.success if done[2] is None else st.error)(done[1] if done[2] is None else plain(done[2]))


def _load_upload(kind: str, dataset: str, key: str) -> None:
    """The uploader's callback: check and keep the file before the page is drawn, so the chooser above
    already picks the new model."""
    file = st.session_state.get(key)
    if file is None:
        return
    try:
        entry = unbundle(file.getvalue(), owner=visitor.current())
        if (entry.kind, entry.dataset) != (kind, dataset):
            message, error = (f"Loaded as your model `{entry.name}`: it is a {entry.kind} model on {entry.dataset}, "
                              "so it appears on that page and dataset."), None
        else:
            message, error = f"Loaded as your model `{entry.name}`: it is selected above.", None
        select_next(entry.kind, entry.dataset, entry.name)
    except BundleError as refused:
        message, error = "", str(refused)
    st.session_state[f"{key}:done"] = (file.file_id, message, error)


MARKDOWN_SIGNS = r"""\`*_{}[]()<>#+-.!|~:"""


def plain(text: str) -> str:
    """``text`` escaped so Markdown shows it as written: no link, image, emphasis or code."""
    return "".join("\\" + c if c in MARKDOWN_SIGNS else c for c in text)
