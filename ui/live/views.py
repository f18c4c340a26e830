"""What the live component shows: one frozen view per mode (axes, path, plane, noise, compare).

A view is a value. It turns itself into the component's data (``data()``: numbers, the
model parts to run, and every caption and label the browser draws, and ``names()``: what a
screen reader says each slider moves and each picture shows, so the component types no text
of its own), names its identity (``identity()``: the data, less the
settings a release moves, such as a noise level the page keeps) and reads a released
value back (``read``). ``ui.live.component.mount`` draws one.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ae_models.autoencoder import one_hot
from ae_models.images import NOISE_KINDS, NOISE_NAMES, noise_fields
from ae_models.latent import Axes

from .models import LiveKind, LiveModel

# Captions both paths draw: the server path (ui.live_trial) and the browser's noise views.
SEEN = "Corrupted input (what the model sees)"
OUTPUT = "Reconstruction"
CLEAN = "Clean original"
CODE_HEADING = ("The code", ": the {n} numbers the image is squeezed into")
EVERY_MODEL_SEES = "What every model sees"
BCE_HEADING = ("BCE for this image", ", per kind (lower is better)")
BEST = " · ★ best"
LEVEL_LABEL = "Noise level"
PLANE_POSITION = "z1 {x:2}, z2 {y:2}"    # the plane's point, as a screen reader says it after each move


@dataclass(frozen=True, kw_only=True)
class View:
    """What every view has: the component's key, the size of its pictures (px), a caption under the digit."""

    key: str
    size: int = 168
    caption: str | None = None
    mode: ClassVar[str]
    moving: ClassVar[tuple[str, ...]] = ()   # settings a release moves: not part of the identity

    def settings(self) -> dict[str, Any]:
        """The mode's own data for the browser."""
        raise NotImplementedError

    def models(self) -> list[dict[str, Any]]:
        """The model parts the browser runs, in the order the mode calls them."""
        raise NotImplementedError

    def read(self, value: Mapping[str, Any]) -> Any:
        """The released position in a value the browser reported."""
        raise NotImplementedError

    def names(self) -> dict[str, Any]:
        """What screen readers are told: ``controls``, what each slider moves (in the order drawn);
        ``pictures``, what each live picture shows (in the order drawn); the plane's own texts."""
        return {}

    def data(self) -> dict[str, Any]:
        """Everything the component gets, its ``id`` included."""
        data = {"key": self.key, "mode": self.mode, self.mode: self.settings(), "size": self.size,
                "caption": self.caption, "models": self.models(), "names": self.names()}
        return {**data, "id": _identity(data, self.mode, self.moving)}

    def identity(self) -> str:
        """Names the view: the browser keeps its positions while it stays the same, and a value released
        for another view (another model, another base code, a restart) is not read as this one's."""
        return self.data()["id"]


def _identity(data: dict, mode: str, moving: Sequence[str]) -> str:
    named = {**data, mode: {name: value for name, value in data[mode].items() if name not in moving}}
    return hashlib.sha1(json.dumps(named, sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True, kw_only=True)
class AxesView(View):
    """One slider per direction of ``axes``, moving ``base`` as ``Axes.move`` does; the released positions.

    ``restart`` counts how often the sliders were sent back to a start: a new start from the
    same code is a new view, so the browser's sliders go back too."""

    decoder: LiveModel
    base: np.ndarray
    axes: Axes
    labels: tuple[str, ...] = ()
    span: float = 3.0
    step: float = 0.05
    label: int | None = None     # the class a conditional decoder draws
    restart: int = 0
    mode: ClassVar[str] = "axes"

    def settings(self) -> dict[str, Any]:
        if len(self.labels) != self.axes.count:
            raise ValueError(f"{self.axes.count} directions need {self.axes.count} labels, got {len(self.labels)}.")
        base = _code(self.decoder, self.base)
        return {"base": base, "start": _floats(self.axes.positions(np.asarray(base))),
                "directions": _floats(self.axes.directions), "scales": _floats(self.axes.scales),
                "labels": list(self.labels), "span": self.span, "step": self.step, "restart": self.restart}

    def models(self) -> list[dict[str, Any]]:
        return [_model_data(self.decoder, label_input(self.label))]

    def names(self) -> dict[str, Any]:
        return {"controls": [f"{label} of {_code_of(self.decoder)}" for label in self.labels],
                "pictures": [_drawn(self.caption, self.decoder)]}

    def read(self, value: Mapping[str, Any]) -> list[float]:
        return [float(p) for p in value["positions"]]


@dataclass(frozen=True, kw_only=True)
class PathView(View):
    """One slider from code ``a`` (0) to ``b`` (1), straight or on the great circle; the released fraction."""

    decoder: LiveModel
    a: np.ndarray
    b: np.ndarray
    method: str = "linear"
    t: float = 0.5
    step: float = 0.01
    label: str = "From A to B"
    mode: ClassVar[str] = "path"

    def settings(self) -> dict[str, Any]:
        if self.method not in ("linear", "spherical"):
            raise ValueError(f"Unknown interpolation {self.method!r}: choose linear or spherical.")
        return {"a": _code(self.decoder, self.a), "b": _code(self.decoder, self.b), "method": self.method,
                "t": self.t, "step": self.step, "label": self.label}

    def models(self) -> list[dict[str, Any]]:
        return [_model_data(self.decoder, None)]

    def names(self) -> dict[str, Any]:
        return {"controls": [f"{self.label}, from A (0) to B (1) in {_code_of(self.decoder)}"],
                "pictures": [_drawn(self.caption, self.decoder)]}

    def read(self, value: Mapping[str, Any]) -> float:
        return float(value["t"])


@dataclass(frozen=True, kw_only=True)
class PlaneView(View):
    """A 2-D code plane over [-span, span]^2 (``manifold``: a PNG data URL of it), test codes as dots
    coloured by class, a marker to hover, drag or move with arrow keys; the released point."""

    decoder: LiveModel
    manifold: str
    span: float = 3.0
    points: np.ndarray | None = None
    classes: np.ndarray | None = None
    colours: tuple[str, ...] = ()
    position: tuple[float, float] = (0.0, 0.0)
    step: float | None = None
    plane_size: int = 280
    mode: ClassVar[str] = "plane"

    def settings(self) -> dict[str, Any]:
        if self.decoder.code_size != 2:
            raise ValueError(f"The plane needs a model with 2 code values, this one has {self.decoder.code_size}.")
        points = np.zeros((0, 2)) if self.points is None else np.asarray(self.points)
        classes = np.zeros(len(points), int) if self.classes is None else np.asarray(self.classes)
        dots = [[round(float(x), 3), round(float(y), 3), int(c)] for (x, y), c in zip(points, classes)]
        return {"image": self.manifold, "span": self.span, "points": dots, "colours": list(self.colours),
                "position": _floats(self.position), "step": self.step or self.span / 30, "size": self.plane_size}

    def models(self) -> list[dict[str, Any]]:
        return [_model_data(self.decoder, None)]

    def names(self) -> dict[str, Any]:
        return {"plane": f"The 2-D plane of {_code_of(self.decoder)}: the arrow keys move the point, "
                         "Shift with an arrow moves it further",
                "position": PLANE_POSITION, "pictures": [_drawn(self.caption, self.decoder)]}

    def read(self, value: Mapping[str, Any]) -> tuple[float, float]:
        return float(value["point"][0]), float(value["point"][1])


@dataclass(frozen=True, kw_only=True)
class LevelView(View):
    """A noise level slider over ``image`` corrupted as ``add_noise(image, noise_kind, level, seed)``, the
    browser redoing the corruption from the same random fields; the released level. The level is the
    page's to keep: a new one is not a new view."""

    image: np.ndarray
    noise_kind: str = "gaussian"
    level: float = 0.0
    seed: int = 0
    step: float = 0.05
    max_level: float = 1.0
    moving: ClassVar[tuple[str, ...]] = ("level",)

    def noise(self) -> dict[str, Any]:
        """The clean image, the random fields its noise is made of and the level slider, for the browser."""
        return _noise(self.image, self.noise_kind, self.level, self.seed, self.step, self.max_level)

    def read(self, value: Mapping[str, Any]) -> float:
        return float(value["level"])


@dataclass(frozen=True, kw_only=True)
class NoiseView(LevelView):
    """One model under the noise slider: at every move the browser corrupts, encodes and decodes the input
    and redraws the corrupted input, the reconstruction, the clean original, the code as bars (in
    ``colour``) and the BCE.

    A conditional model takes ``label`` (the class it reads in the clean input: it does not follow the noise).
    ``follow``: the key of a live drawing (the sidebar's canvas) whose input, at each move, is the clean image."""

    encoder: LiveModel
    decoder: LiveModel
    label: int | None = None
    colour: str = "#4f46e5"
    size: int = 140
    follow: str | None = None
    mode: ClassVar[str] = "noise"

    def settings(self) -> dict[str, Any]:
        code = self.encoder.code_size
        return {**self.noise(), "codeSize": code, "colour": self.colour, "follow": self.follow,
                "texts": {"seen": SEEN, "output": OUTPUT, "clean": CLEAN,
                          "heading": [CODE_HEADING[0], CODE_HEADING[1].format(n=code)],
                          "measure": "BCE {bce:4} per pixel against the clean original",
                          "range": "From {low:2} to {high:2} (the grey line is zero); hover a bar for its unit "
                                   "and value.",
                          "tip": "unit {i}: {value:3}"}}

    def models(self) -> list[dict[str, Any]]:
        extra = label_input(self.label)
        return [_model_data(self.encoder, extra), _model_data(self.decoder, extra)]

    def names(self) -> dict[str, Any]:
        return {"controls": [f"{LEVEL_LABEL} ({NOISE_NAMES[self.noise_kind]}) of the input "
                             f"{_model_name(self.decoder)} sees"],
                "pictures": [SEEN, _drawn(OUTPUT, self.decoder), CLEAN]}


@dataclass(frozen=True, kw_only=True)
class CompareView(LevelView):
    """Every kind under the noise slider: each one's reconstruction with its BCE against the clean image
    (the lowest marked ★) and the BCEs as bars, all redrawn in the browser at every move."""

    kinds: tuple[LiveKind, ...] = ()
    size: int = 88
    mode: ClassVar[str] = "compare"

    def settings(self) -> dict[str, Any]:
        shown = [{"title": kind.title, "colour": kind.colour, "encoder": 2 * i, "decoder": 2 * i + 1}
                 for i, kind in enumerate(self.kinds)]
        return {**self.noise(), "kinds": shown,
                "texts": {"seen": EVERY_MODEL_SEES, "heading": list(BCE_HEADING), "caption": "{title} · BCE {bce:3}",
                          "best": BEST, "tip": "{title}: BCE {bce:4}", "bar": "{title} {bce:3}"}}

    def models(self) -> list[dict[str, Any]]:
        models = []
        for kind in self.kinds:
            extra = label_input(kind.label)
            models += [_model_data(kind.encoder, extra), _model_data(kind.decoder, extra)]
        return models

    def names(self) -> dict[str, Any]:
        return {"controls": [f"{LEVEL_LABEL} ({NOISE_NAMES[self.noise_kind]}) of the input every model sees"],
                "pictures": [EVERY_MODEL_SEES, *(f"{OUTPUT} by the {kind.title} model, code {kind.decoder.code_size}"
                                                 for kind in self.kinds)]}


def _model_name(model: LiveModel) -> str:
    """'the Convolutional model' (or 'the model' when its kind is not known)."""
    return f"the {model.title} model" if model.title else "the model"


def _code_of(model: LiveModel) -> str:
    """'the Convolutional model's code (32 values)': what a slider moves."""
    return f"{_model_name(model)}'s code ({model.code_size} values)"


def _drawn(caption: str | None, model: LiveModel) -> str:
    """What a screen reader hears for a decoded picture: its caption and the model that drew it."""
    return f"{caption or 'The decoded digit'}, drawn by {_model_name(model)}, code {model.code_size}"


def label_input(label: int | None) -> dict[str, np.ndarray] | None:
    """A conditional model's extra input: its class, one-hot."""
    return None if label is None else {"label": one_hot(label, 1)[0]}


def _model_data(model: LiveModel, extra: Mapping[str, Any] | None) -> dict:
    """What the browser needs to run one model part on one input."""
    return {"url": model.url, "input": model.inputs[0], "shape": [1, *model.shape], "output": model.output,
            "extra": _extra_inputs(model, extra)}


def _noise(image: np.ndarray, noise_kind: str, level: float, seed: int, step: float, max_level: float) -> dict:
    """The clean image, the random fields its noise is made of and the level slider, for the browser."""
    if noise_kind not in NOISE_KINDS:
        raise ValueError(f"Unknown noise kind {noise_kind!r}: choose one of {', '.join(NOISE_KINDS)}.")
    image = np.asarray(image, np.float32)
    if image.shape != (28, 28):
        raise ValueError(f"The live noise takes one (28, 28) image, got {image.shape}.")
    g, u = noise_fields(image.shape, seed)
    return {"clean": _packed(image, "<f4"), "g": _packed(g, "<f8"), "u": _packed(u, "<f8"), "kind": noise_kind,
            "level": float(level), "min": 0.0, "max": float(max_level), "step": step, "label": LEVEL_LABEL}


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
