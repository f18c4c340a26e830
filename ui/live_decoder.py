"""The live decoder: sliders, a path or a 2-D plane whose digit is decoded in the browser.

The model part runs in ONNX Runtime Web (WASM), so a move repaints within a frame and
sends nothing to the server; the position comes back to Python only on release
(``live_axes`` / ``live_path`` / ``live_plane`` return it, None before the first one).
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

from ae_models.export import export_part, onnx_inputs, onnx_outputs
from ae_models.latent import Axes

COMPONENT = Path(__file__).resolve().parent / "live_component"
ONNX_DIR = Path(__file__).resolve().parent.parent / "static" / "onnx"   # app.py's static/ folder
ONNX_URL = "app/static/onnx"


@dataclass(frozen=True)
class LiveModel:
    """A model part exported for the browser: where to fetch it and what it takes and gives."""

    url: str                  # relative to the page, e.g. app/static/onnx/<file>.onnx
    inputs: tuple[str, ...]   # ONNX input names, the code first (then e.g. "label")
    output: str
    code_size: int


def live_model(ae, part: str = "decoder") -> LiveModel:
    """``ae``'s part as ONNX under static/onnx/, exported once per weights file (ValueError if unsaved)."""
    return _exported(ae.record.sha256 if ae.record else None, ae.kind, part, ae)


def _still_there(model: LiveModel) -> bool:
    return (ONNX_DIR / Path(model.url).name).is_file()


@st.cache_resource(show_spinner=False, validate=_still_there)   # a deleted export is made again
def _exported(sha256: str | None, kind: str, part: str, _ae) -> LiveModel:
    path = export_part(_ae, part, ONNX_DIR)
    inputs = onnx_inputs(path)
    return LiveModel(f"{ONNX_URL}/{path.name}", tuple(i.name for i in inputs), onnx_outputs(path)[0].name,
                     int(inputs[0].shape[-1]))


def live_axes(key: str, model: LiveModel, base: np.ndarray, axes: Axes, labels: Sequence[str],
              span: float = 3.0, step: float = 0.05, extra: Mapping[str, Any] | None = None,
              size: int = 168, caption: str | None = None) -> list[float] | None:
    """One slider per direction of ``axes``, moving ``base`` as ``Axes.move`` does; the released positions."""
    if len(labels) != axes.count:
        raise ValueError(f"{axes.count} directions need {axes.count} labels, got {len(labels)}.")
    base = _code(model, base)
    mode = {"base": base, "start": _floats(axes.positions(base)), "directions": _floats(axes.directions),
            "scales": _floats(axes.scales), "labels": list(labels), "span": span, "step": step}
    value = _mount(key, model, "axes", mode, extra, size, caption)
    return None if value is None else [float(p) for p in value["positions"]]


def live_path(key: str, model: LiveModel, a: np.ndarray, b: np.ndarray, method: str = "linear",
              t: float = 0.5, step: float = 0.01, label: str = "From A to B",
              extra: Mapping[str, Any] | None = None, size: int = 168, caption: str | None = None) -> float | None:
    """One slider from code ``a`` (0) to ``b`` (1), straight or on the great circle; the released fraction."""
    if method not in ("linear", "spherical"):
        raise ValueError(f"Unknown interpolation {method!r}: choose linear or spherical.")
    mode = {"a": _code(model, a), "b": _code(model, b), "method": method, "t": t, "step": step, "label": label}
    value = _mount(key, model, "path", mode, extra, size, caption)
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
    value = _mount(key, model, "plane", mode, extra, size, caption)
    return None if value is None else (float(value["point"][0]), float(value["point"][1]))


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


def _mount(key: str, model: LiveModel, mode: str, settings: dict, extra: Mapping[str, Any] | None,
           size: int, caption: str | None) -> dict | None:
    """Show the component; the last released value, if it was released with this very data."""
    data = {"key": key, "mode": mode, mode: settings, "size": size, "caption": caption,
            "model": {"url": model.url, "code": model.inputs[0], "output": model.output},
            "extra": _extra_inputs(model, extra)}
    # The id names this data: the browser keeps its positions while it stays the same, and a value
    # released for older data (another model, another base code) is not returned as this one's.
    data["id"] = hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    result = _component()(key=key, data=data, on_value_change=_ignore, on_unavailable_change=_ignore)
    value = result.get("value") if isinstance(result, Mapping) else getattr(result, "value", None)
    return value if isinstance(value, dict) and value.get("id") == data["id"] else None


def _ignore() -> None:
    """A state callback: registering one lets the component keep that state."""


def _extra_inputs(model: LiveModel, extra: Mapping[str, Any] | None) -> dict[str, list[float]]:
    """The model's constant inputs besides the code (e.g. a CVAE's one-hot label), checked by name."""
    extra = dict(extra or {})
    if set(extra) != set(model.inputs[1:]):
        wanted = ", ".join(model.inputs[1:]) or "nothing"
        raise ValueError(f"This model takes {wanted} besides the code; extra gave {', '.join(extra) or 'nothing'}.")
    return {name: _floats(values) for name, values in extra.items()}


def _code(model: LiveModel, code: np.ndarray) -> list[float]:
    code = np.asarray(code, np.float32).reshape(-1)
    if len(code) != model.code_size:
        raise ValueError(f"The model takes codes of {model.code_size} values, got {len(code)}.")
    return _floats(code)


def _floats(values: Any) -> Any:
    """Numbers (nested lists for 2-D arrays) as plain JSON floats."""
    return np.asarray(values, np.float64).tolist()
