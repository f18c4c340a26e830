"""The live decoder: sliders, a path or a 2-D plane whose digit is decoded in the browser, and a
noise level whose corrupted input is encoded and decoded there, for one model or many side by side.

The model parts run in ONNX Runtime Web (WASM), so a move repaints within a frame and
sends nothing to the server; the position comes back to Python only on release
(``live_axes`` / ``live_path`` / ``live_plane`` / ``live_noise`` / ``live_compare`` return
it, None before the first one). The browser corrupts the input as ``ae_models.images``
does, from the same two random fields (``noise_fields``), so the server's figures for a
released level describe the very pictures the browser showed.
``live_model`` exports the part once per weights file into ``static/onnx/``; the runtime
is in ``static/ort/`` (built from ``ui/live_component``). Both are served at
``app/static/`` with ``server.enableStaticServing = true``. If the browser cannot run
it, ``unavailable_reason(key)`` says why: draw the server-side controls instead.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from ae_models.autoencoder import one_hot
from ae_models.export import export_part, onnx_inputs, onnx_outputs
from ae_models.images import NOISE_KINDS, noise_fields
from ae_models.latent import Axes

COMPONENT = Path(__file__).resolve().parent / "live_component"
ONNX_DIR = Path(__file__).resolve().parent.parent / "static" / "onnx"   # app.py's static/ folder
ONNX_URL = "app/static/onnx"


@dataclass(frozen=True)
class LiveModel:
    """A model part exported for the browser: where to fetch it and what it takes and gives."""

    url: str                  # relative to the page, e.g. app/static/onnx/<file>.onnx
    inputs: tuple[str, ...]   # ONNX input names, the image or code first (then e.g. "label")
    output: str               # the first output: the code (its mean for a VAE) or the image
    code_size: int            # the code it takes (a decoder) or gives (an encoder)
    shape: tuple[int, ...]    # its first input for one image, without the batch: (28, 28) or (code_size,)


@dataclass(frozen=True)
class LiveKind:
    """One kind's model in ``live_compare``: its title and colour, its exported parts, the class it draws."""

    title: str
    colour: str
    encoder: LiveModel
    decoder: LiveModel
    label: int | None = None   # a conditional model's class, read on the server from the clean input


def live_model(ae, part: str = "decoder") -> LiveModel:
    """``ae``'s part as ONNX under static/onnx/ (a user model's in its owner's unguessable sub-folder,
    see ``ui.exports``), exported once per weights file (ValueError if unsaved)."""
    from .exports import subfolder
    return _exported(ae.record.sha256 if ae.record else None, ae.kind, part, subfolder(ae.path), ae)


def _still_there(model: LiveModel) -> bool:
    return (ONNX_DIR / model.url.removeprefix(ONNX_URL + "/")).is_file()


@st.cache_resource(show_spinner=False, validate=_still_there)   # a deleted export is made again
def _exported(sha256: str | None, kind: str, part: str, folder: str, _ae) -> LiveModel:
    path = export_part(_ae, part, ONNX_DIR / folder)
    inputs, outputs = onnx_inputs(path), onnx_outputs(path)
    code_size = (outputs if part == "encoder" else inputs)[0].shape[-1]
    return LiveModel(f"{ONNX_URL}/{path.relative_to(ONNX_DIR).as_posix()}", tuple(i.name for i in inputs),
                     outputs[0].name, int(code_size), tuple(int(d) for d in inputs[0].shape[1:]))


def live_axes(key: str, model: LiveModel, base: np.ndarray, axes: Axes, labels: Sequence[str],
              span: float = 3.0, step: float = 0.05, extra: Mapping[str, Any] | None = None,
              size: int = 168, caption: str | None = None) -> list[float] | None:
    """One slider per direction of ``axes``, moving ``base`` as ``Axes.move`` does; the released positions."""
    if len(labels) != axes.count:
        raise ValueError(f"{axes.count} directions need {axes.count} labels, got {len(labels)}.")
    base = _code(model, base)
    mode = {"base": base, "start": _floats(axes.positions(base)), "directions": _floats(axes.directions),
            "scales": _floats(axes.scales), "labels": list(labels), "span": span, "step": step}
    value = _mount(key, "axes", mode, [_model_data(model, extra)], size, caption)
    return None if value is None else [float(p) for p in value["positions"]]


def live_path(key: str, model: LiveModel, a: np.ndarray, b: np.ndarray, method: str = "linear",
              t: float = 0.5, step: float = 0.01, label: str = "From A to B",
              extra: Mapping[str, Any] | None = None, size: int = 168, caption: str | None = None) -> float | None:
    """One slider from code ``a`` (0) to ``b`` (1), straight or on the great circle; the released fraction."""
    if method not in ("linear", "spherical"):
        raise ValueError(f"Unknown interpolation {method!r}: choose linear or spherical.")
    mode = {"a": _code(model, a), "b": _code(model, b), "method": method, "t": t, "step": step, "label": label}
    value = _mount(key, "path", mode, [_model_data(model, extra)], size, caption)
    return None if value is None else float(value["t"])


def live_plane(key: str, model: LiveModel, manifold: str, span: float, points: np.ndarray | None = None,
               classes: np.ndarray | None = None, colours: Sequence[str] = (), position: Sequence[float] = (0.0, 0.0),
               step: float | None = None, plane_size: int = 280, extra: Mapping[str, Any] | None = None,
               size: int = 168, caption: str | None = None) -> tuple[float, float] | None:
    """A 2-D code plane over [-span, span]^2 (``manifold``: a PNG data URL of it, see ``png_data_url``),
    test codes as dots coloured by class, a marker to hover, drag or move with arrow keys;
    the released point."""
    if model.code_size != 2:
        raise ValueError(f"The plane needs a model with 2 code values, this one has {model.code_size}.")
    points = np.zeros((0, 2)) if points is None else np.asarray(points)
    classes = np.zeros(len(points), int) if classes is None else np.asarray(classes)
    dots = [[round(float(x), 3), round(float(y), 3), int(c)] for (x, y), c in zip(points, classes)]
    mode = {"image": manifold, "span": span, "points": dots, "colours": list(colours),
            "position": _floats(position), "step": step or span / 30, "size": plane_size}
    value = _mount(key, "plane", mode, [_model_data(model, extra)], size, caption)
    return None if value is None else (float(value["point"][0]), float(value["point"][1]))


def live_noise(key: str, encoder: LiveModel, decoder: LiveModel, image: np.ndarray, noise_kind: str, level: float,
               seed: int = 0, label: int | None = None, colour: str = "#4f46e5", step: float = 0.05,
               max_level: float = 1.0, size: int = 140) -> float | None:
    """A noise level slider over ``image`` corrupted as ``add_noise(image, noise_kind, level, seed)``: at
    every move the browser corrupts, encodes and decodes it and redraws the corrupted input, the
    reconstruction, the clean original, the code as bars (in ``colour``) and the BCE; the released level.

    A conditional model takes ``label`` (the class it reads in the clean input: it does not follow the noise)."""
    extra = label_input(label)
    mode = {**_noise(image, noise_kind, level, seed, step, max_level), "codeSize": encoder.code_size,
            "colour": colour}
    value = _mount(key, "noise", mode, [_model_data(encoder, extra), _model_data(decoder, extra)], size, None,
                   moving=("level",))
    return None if value is None else float(value["level"])


def live_compare(key: str, kinds: Sequence[LiveKind], image: np.ndarray, noise_kind: str, level: float,
                 seed: int = 0, step: float = 0.05, max_level: float = 1.0, size: int = 88) -> float | None:
    """A noise level slider over ``image`` (corrupted as in ``live_noise``) and every kind's reconstruction
    of it, each with its BCE against the clean image (the lowest marked ★) and the BCEs as bars, all
    redrawn in the browser at every move; the released level."""
    models, shown = [], []
    for kind in kinds:
        extra = label_input(kind.label)
        shown.append({"title": kind.title, "colour": kind.colour, "encoder": len(models), "decoder": len(models) + 1})
        models += [_model_data(kind.encoder, extra), _model_data(kind.decoder, extra)]
    mode = {**_noise(image, noise_kind, level, seed, step, max_level), "kinds": shown}
    value = _mount(key, "compare", mode, models, size, None, moving=("level",))
    return None if value is None else float(value["level"])


def unavailable_reason(key: str) -> str | None:
    """Why the component with this key could not run the model in the browser, or None."""
    state = st.session_state.get(key)
    return state.get("unavailable") if isinstance(state, Mapping) else None


def png_data_url(image: np.ndarray) -> str:
    """A greyscale picture with values in [0, 1] as a PNG data URL (for ``live_plane``'s manifold)."""
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@functools.cache
def _component():
    """The registered component (registered on first use: outside a running app it cannot be)."""
    return st.components.v2.component("autoencoder_lab.live_decoder",
                                      css=(COMPONENT / "live_decoder.css").read_text(),
                                      js=(COMPONENT / "live_decoder.js").read_text())


def _mount(key: str, mode: str, settings: dict, models: list[dict], size: int, caption: str | None,
           moving: Sequence[str] = ()) -> dict | None:
    """Show the component; the last released value, if it was released with this very data.

    ``moving``: settings that follow a release (a level the page keeps in its session state);
    they do not count as new data, so the view the visitor is moving stays as it is."""
    data = {"key": key, "mode": mode, mode: settings, "size": size, "caption": caption, "models": models}
    # The id names this data: the browser keeps its positions while it stays the same, and a value
    # released for older data (another model, another base code) is not returned as this one's.
    identity = {**data, mode: {name: value for name, value in settings.items() if name not in moving}}
    data["id"] = hashlib.sha1(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]
    result = _component()(key=key, data=data, on_value_change=_ignore, on_unavailable_change=_ignore)
    value = result.get("value") if isinstance(result, Mapping) else getattr(result, "value", None)
    return value if isinstance(value, dict) and value.get("id") == data["id"] else None


def _ignore() -> None:
    """A state callback: registering one lets the component keep that state."""


def _model_data(model: LiveModel, extra: Mapping[str, Any] | None) -> dict:
    """What the browser needs to run one model part on one input."""
    return {"url": model.url, "input": model.inputs[0], "shape": [1, *model.shape], "output": model.output,
            "extra": _extra_inputs(model, extra)}


def label_input(label: int | None) -> dict[str, np.ndarray] | None:
    """A conditional model's extra input: its class, one-hot."""
    return None if label is None else {"label": one_hot(label, 1)[0]}


def _noise(image: np.ndarray, noise_kind: str, level: float, seed: int, step: float, max_level: float) -> dict:
    """The clean image, the random fields its noise is made of and the level slider, for the browser."""
    if noise_kind not in NOISE_KINDS:
        raise ValueError(f"Unknown noise kind {noise_kind!r}: choose one of {', '.join(NOISE_KINDS)}.")
    image = np.asarray(image, np.float32)
    if image.shape != (28, 28):
        raise ValueError(f"The live noise takes one (28, 28) image, got {image.shape}.")
    g, u = noise_fields(image.shape, seed)
    return {"clean": _packed(image, "<f4"), "g": _packed(g, "<f8"), "u": _packed(u, "<f8"), "kind": noise_kind,
            "level": float(level), "min": 0.0, "max": float(max_level), "step": step, "label": "Noise level"}


def _packed(values: np.ndarray, dtype: str) -> str:
    """An array as base64 of its little-endian bytes: exact (the browser redoes the sums bit for bit) and
    about half the size of the same numbers written out as JSON."""
    return base64.b64encode(np.ascontiguousarray(values, dtype).tobytes()).decode()


def _extra_inputs(model: LiveModel, extra: Mapping[str, Any] | None) -> dict[str, list[float]]:
    """The model's constant inputs besides the code or image (e.g. a CVAE's one-hot label), checked by name."""
    extra = dict(extra or {})
    if set(extra) != set(model.inputs[1:]):
        wanted = ", ".join(model.inputs[1:]) or "nothing"
        raise ValueError(f"This model takes {wanted} besides its {model.inputs[0]}; extra gave "
                         f"{', '.join(extra) or 'nothing'}.")
    return {name: _floats(values) for name, values in extra.items()}


def _code(model: LiveModel, code: np.ndarray) -> list[float]:
    code = np.asarray(code, np.float32).reshape(-1)
    if len(code) != model.code_size:
        raise ValueError(f"The model takes codes of {model.code_size} values, got {len(code)}.")
    return _floats(code)


def _floats(values: Any) -> Any:
    """Numbers (nested lists for 2-D arrays) as plain JSON floats."""
    return np.asarray(values, np.float64).tolist()
