"""Model parts exported for the browser: ONNX files under ``static/onnx/``, one per weights file.

Streamlit serves them at ``app/static/onnx/`` (``server.enableStaticServing``); the
runtime that runs them is in ``static/ort/`` (built from ``ui/live_component``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ae_models import TITLES
from ae_models.export import export_part, onnx_inputs, onnx_outputs

from ..loaders import model_key

ONNX_DIR = Path(__file__).resolve().parents[2] / "static" / "onnx"   # app.py's static/ folder
ONNX_URL = "app/static/onnx"


@dataclass(frozen=True)
class LiveModel:
    """A model part exported for the browser: where to fetch it and what it takes and gives."""

    url: str                  # relative to the page, e.g. app/static/onnx/<file>.onnx
    inputs: tuple[str, ...]   # ONNX input names, the image or code first (then e.g. "label")
    output: str               # the first output: the code (its mean for a VAE) or the image
    code_size: int            # the code it takes (a decoder) or gives (an encoder)
    shape: tuple[int, ...]    # its first input for one image, without the batch: (28, 28) or (code_size,)
    title: str = ""           # its kind's title ("Convolutional"): what screen readers are told drew a picture


@dataclass(frozen=True)
class LiveKind:
    """One kind's model in a ``CompareView``: its title and colour, its exported parts, the class it draws."""

    title: str
    colour: str
    encoder: LiveModel
    decoder: LiveModel
    label: int | None = None   # a conditional model's class, read on the server from the clean input


def live_model(ae, part: str = "decoder") -> LiveModel:
    """``ae``'s part as ONNX under static/onnx/ (a user model's in its owner's unguessable sub-folder,
    see ``ui.exports``), exported once per weights file (ValueError if unsaved)."""
    from ..exports import subfolder
    return _exported(model_key(ae), ae.kind, part, subfolder(ae.path), ae)


def _still_there(model: LiveModel) -> bool:
    return (ONNX_DIR / model.url.removeprefix(ONNX_URL + "/")).is_file()


@st.cache_resource(show_spinner=False, validate=_still_there)   # a deleted export is made again
def _exported(key: tuple[str, str] | None, kind: str, part: str, folder: str, _ae) -> LiveModel:
    path = export_part(_ae, part, ONNX_DIR / folder)
    inputs, outputs = onnx_inputs(path), onnx_outputs(path)
    code_size = (outputs if part == "encoder" else inputs)[0].shape[-1]
    return LiveModel(f"{ONNX_URL}/{path.relative_to(ONNX_DIR).as_posix()}", tuple(i.name for i in inputs),
                     outputs[0].name, int(code_size), tuple(int(d) for d in inputs[0].shape[1:]), TITLES[kind])
