"""The live part of a page: corrupt the input, reconstruct it, measure it, show the code.

Everything here is numpy through a cached model (a traced graph function inside
the wrapper), so a slider move costs a millisecond or two of model time per model.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ae_models import KINDS, TITLES, CorruptModelError, metrics
from ae_models.data import CLASS_NAMES
from ae_models.images import NOISE_KINDS, NOISE_NAMES, add_noise
from ae_models.store import problems

from .charts import code_bars
from .chooser import default_entry, entry_at
from .loaders import load_model
from .pictures import image_strip, picture
from .state import keep_valid

NOISE_SEED = 0      # the same noise pattern while other sliders move


@dataclass(frozen=True)
class Trial:
    """One pass of an image through a model."""

    clean: np.ndarray       # (28, 28) the picked input
    seen: np.ndarray        # (28, 28) what the model was given (corrupted or not)
    code: np.ndarray        # (code_size,)
    output: np.ndarray      # (28, 28) the reconstruction
    noise_kind: str = "gaussian"
    noise_level: float = 0.0
    label: int | None = None     # the class a conditional model read in the input and drew

    @property
    def corrupted(self) -> bool:
        return self.noise_level > 0


def corrupt_controls(key: str, default: tuple[str, float] = ("gaussian", 0.0)) -> tuple[str, float]:
    """Noise type and level for the input; level 0 leaves it clean."""
    kind_key, level_key = f"{key}:noise_kind", f"{key}:noise_level"
    keep_valid(kind_key, NOISE_KINDS, default[0])
    st.session_state.setdefault(level_key, default[1])
    a, b = st.columns([1, 2])
    noise_kind = a.selectbox("Corrupt the input with", NOISE_KINDS, key=kind_key, format_func=NOISE_NAMES.get,
                             persist_state="session")
    level = b.slider("Noise level", 0.0, 1.0, step=0.05, key=level_key, persist_state="session",
                     help="Standard deviation for Gaussian noise, share of pixels hit otherwise.")
    return noise_kind, level


def corrupt(image: np.ndarray, noise_kind: str, level: float) -> np.ndarray:
    """The image with the chosen noise (the same pattern every rerun), or itself at level 0."""
    return add_noise(image, noise_kind, level, seed=NOISE_SEED) if level > 0 else image


def read_label(ae, image: np.ndarray) -> int | None:
    """The class a conditional model reads in the image (it then redraws it as that class); None otherwise."""
    return int(ae.classify(image)[0][0]) if ae.conditional else None


def run_trial(ae, image: np.ndarray, noise_kind: str = "gaussian", level: float = 0.0) -> Trial:
    """Corrupt (when level > 0), encode and decode one image (a conditional model with the class it reads)."""
    seen = corrupt(image, noise_kind, level)
    label = read_label(ae, seen)
    code = ae.encode(seen, label)[0]
    return Trial(image, seen, code, ae.decode(code[None], label)[0], noise_kind, level, label)


def show_measures(trial: Trial) -> None:
    """Per-image BCE, MSE, SSIM and PSNR of the reconstruction against the clean input."""
    clean, out = trial.clean, trial.output
    gain = None
    if trial.corrupted:
        gain = f"{metrics.psnr(clean, out)[0] - metrics.psnr(clean, trial.seen)[0]:+.1f} dB vs noisy input"
    a, b = st.columns(2)
    a.metric("BCE", f"{metrics.bce(clean, out)[0]:.4f}", help="Binary cross-entropy per pixel: lower is better.")
    b.metric("MSE", f"{metrics.mse(clean, out)[0]:.4f}", help="Mean squared error: lower is better.")
    a.metric("SSIM", f"{metrics.ssim(clean, out)[0]:.3f}", help="Structural similarity, 1 = identical.")
    b.metric("PSNR", f"{metrics.psnr(clean, out)[0]:.1f} dB", delta=gain,
             help="Peak signal-to-noise ratio: higher is better.")


def show_trial(kind: str, trial: Trial) -> None:
    """The pictures (noisy / output / clean), the measures, and the code as a bar chart."""
    if trial.corrupted:
        shown = [(trial.seen, "Corrupted input (what the model sees)"), (trial.output, "Reconstruction"),
                 (trial.clean, "Clean original")]
    else:
        shown = [(trial.clean, "Input"), (trial.output, "Reconstruction")]
    cols = st.columns([1] * len(shown) + [2])
    for col, (image, caption) in zip(cols, shown):
        with col:
            picture(image, caption)
    with cols[-1]:
        show_measures(trial)
    st.markdown(f"**The code**: the {len(trial.code)} numbers the image is squeezed into")
    code_bars(trial.code, kind)


@dataclass(frozen=True)
class Redrawn:
    """One kind's reconstruction of the input, and (for a conditional kind) the class it read."""

    kind: str
    output: np.ndarray
    label: int | None = None

    def title(self, dataset: str) -> str:
        read = f" (as {CLASS_NAMES[dataset][self.label]})" if self.label is not None else ""
        return TITLES[self.kind] + read


def every_kind(image: np.ndarray, dataset: str, kinds: Sequence[str] = tuple(KINDS),
               code_size: int | None = None) -> tuple[list[Redrawn], list[str]]:
    """Each kind's reconstruction (KINDS order, PCA first) with a usable saved model, and why the
    others' saved models are unavailable (a damaged or missing file).

    With ``code_size`` only models of exactly that size count; without, each kind's default model.
    """
    results, unavailable = [], []
    for kind in (k for k in KINDS if k in kinds):
        unavailable += [str(p) for p in problems(kind, dataset, code_size=code_size)]
        entry = default_entry(kind, dataset) if code_size is None else entry_at(kind, dataset, code_size)
        if entry is None:
            continue
        try:
            ae = load_model(entry)
        except CorruptModelError as error:
            unavailable.append(str(error))
            continue
        label = read_label(ae, image)
        results.append(Redrawn(kind, ae.reconstruct(image, label)[0], label))
    return results, unavailable


def show_unavailable(unavailable: list[str]) -> None:
    """One line per model that could not be used, and why."""
    if unavailable:
        st.warning("Not shown: " + " ".join(unavailable), icon=":material/broken_image:")


def show_every_kind(image: np.ndarray, results: list[Redrawn], dataset: str, width: int = 150) -> dict[str, float]:
    """Each kind's reconstruction with its per-image BCE and SSIM, wrapping in rows; the lowest BCE
    marked best. Returns each kind's BCE.

    One image element holds them all: at every slider move the browser updates one element
    rather than eight in eight columns."""
    errors = [float(metrics.bce(image, r.output)[0]) for r in results]
    best = int(np.argmin(errors)) if len(results) > 1 else None
    captions = [f"{r.title(dataset)} · BCE {errors[i]:.3f} · SSIM {metrics.ssim(image, r.output)[0]:.2f}"
                + (" · ★ best" if i == best else "") for i, r in enumerate(results)]
    if results:
        image_strip([r.output for r in results], captions, width=width)
    return {r.kind: error for r, error in zip(results, errors)}
