"""A trial of the input: corrupt it, reconstruct it, measure it, show the code (one kind, or every kind).

Two paths draw it, as ``ui.live.policy`` decides. In the browser: the noise level slider is
the live component's (a ``NoiseView`` or ``CompareView``), which corrupts, encodes and
decodes at every move and tells the server only the released level; the server then
measures that level (SSIM, PSNR, ...). On the server (the fallback, and what AppTest
sees): Streamlit widgets, and everything is numpy through a cached model (a traced graph
function inside the wrapper), so a slider move costs a millisecond or two of model time
per model. Both keep the trial's ``NoiseChoice`` under the same keys (``ui.state``).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ae_models import KINDS, TITLES, CorruptModelError, metrics
from ae_models.data import CLASS_NAMES
from ae_models.images import NOISE_KINDS, NOISE_NAMES, add_noise
from ae_models.store import problems

from . import state
from .charts import code_bars, colour
from .chooser import default_entry, entry_at
from .downloads import picture_download
from .live import CompareView, LiveKind, NoiseView, browser_models, mount
from .live.views import BEST, CLEAN, CODE_HEADING, LEVEL_LABEL, OUTPUT, SEEN
from .loaders import load_model
from .pictures import image_strip, labelled_row, picture
from .state import NoiseChoice, keep_valid, noise_kind_key, noise_level_key

CLEAN_INPUT = NoiseChoice()   # no noise: the default trial
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


LEVEL_STEP = 0.05
LEVEL_HELP = "Standard deviation for Gaussian noise, share of pixels hit otherwise."
LIVE_NOTE = ("Pictures, code and BCE follow the noise slider in this browser; the figures here are for the level "
             "where you let it go ({level:.2f}).")


def corrupt_controls(key: str, default: NoiseChoice = CLEAN_INPUT) -> NoiseChoice:
    """Noise type and level for the input; level 0 leaves it clean."""
    state.set_default(noise_level_key(key), default.level)
    a, b = st.columns([1, 2])
    noise_kind = noise_kind_select(key, default.kind, a)
    level = b.slider(LEVEL_LABEL, 0.0, 1.0, step=LEVEL_STEP, key=noise_level_key(key), persist_state="session",
                     help=LEVEL_HELP)
    return NoiseChoice(noise_kind, level)


def noise_kind_select(key: str, default: str, where=st) -> str:
    """The noise type (a normal select: choosing another reruns the page)."""
    keep_valid(noise_kind_key(key), NOISE_KINDS, default)
    return where.selectbox("Corrupt the input with", NOISE_KINDS, key=noise_kind_key(key),
                           format_func=NOISE_NAMES.get, persist_state="session")


def released_level(key: str, released: float | None, default: NoiseChoice) -> float:
    """The noise level the page measures: the one just released in the browser, else the one kept.

    Kept every run: the server slider is not drawn in the live path, so its value is kept as
    plain session state (and the server path finds it there when it takes over)."""
    level = state.noise_choice(key, default).level if released is None else released
    state.keep_level(key, level)
    return level


def corrupt(image: np.ndarray, noise_kind: str, level: float) -> np.ndarray:
    """The image with the chosen noise (the same pattern every rerun), or itself at level 0."""
    return add_noise(image, noise_kind, level, seed=NOISE_SEED) if level > 0 else image


def run_trial(ae, image: np.ndarray, noise_kind: str = "gaussian", level: float = 0.0,
              label: int | None = None) -> Trial:
    """Corrupt (when level > 0), encode and decode one image; a conditional model draws ``label``, or
    without one the class it reads in the corrupted image."""
    seen = corrupt(image, noise_kind, level)
    label = ae.read_label(seen) if label is None else label
    code = ae.encode(seen, label)[0]
    return Trial(image, seen, code, ae.decode(code[None], label)[0], noise_kind, level, label)


def show_measures(trial: Trial) -> None:
    """Per-image BCE, MSE, SSIM and PSNR of the reconstruction against the clean input."""
    clean, out = trial.clean, trial.output
    gain = None
    if trial.corrupted:
        gain = f"{metrics.psnr(clean, out)[0] - metrics.psnr(clean, trial.seen)[0]:+.1f} dB"
    a, b = st.columns(2)
    a.metric("BCE", f"{metrics.bce(clean, out)[0]:.4f}", help="Binary cross-entropy per pixel: lower is better.")
    b.metric("MSE", f"{metrics.mse(clean, out)[0]:.4f}", help="Mean squared error: lower is better.")
    a.metric("SSIM", f"{metrics.ssim(clean, out)[0]:.3f}", help="Structural similarity, 1 = identical.")
    b.metric("PSNR", f"{metrics.psnr(clean, out)[0]:.1f} dB", delta=gain,
             help="Peak signal-to-noise ratio: higher is better. The green figure is the gain over the noisy "
                  "input the model was given.")


def try_it(kind: str, ae, image: np.ndarray, caption: str, default: NoiseChoice,
           follow: str | None = None) -> Trial | None:
    """The noise controls and the input through the model, in the browser when it can run the model
    there, else on the server; the trial at the level the page measures (None without a model).
    ``follow``: the key of the live drawing the input comes from, whose pen the browser's view follows."""
    parts = None if ae is None else browser_models(f"{kind}:noise:live", [ae], ("encoder", "decoder"))
    if parts is not None:
        return _try_it_live(kind, ae, *parts[0], image, default, follow)
    noise = corrupt_controls(kind, default)
    if ae is None:
        picture(image, caption, width=168)
        return None
    trial = run_trial(ae, image, noise.kind, noise.level)
    show_trial(kind, trial)
    return trial


def _try_it_live(kind: str, ae, encoder, decoder, image: np.ndarray, default: NoiseChoice,
                 follow: str | None = None) -> Trial:
    """The browser path of ``try_it``: the noise type, then the live view and the figures at its released level."""
    a, _ = st.columns([1, 2])
    noise_kind = noise_kind_select(kind, default.kind, a)
    label = ae.read_label(image)   # from the clean input, once: the browser does not reread it at each move
    shown, measured = st.columns([2, 1], gap="medium")
    with shown:
        released = mount(NoiseView(key=f"{kind}:noise:live", encoder=encoder, decoder=decoder, image=image,
                                   noise_kind=noise_kind, level=state.noise_choice(kind, default).level,
                                   seed=NOISE_SEED, label=label, colour=colour(kind), step=LEVEL_STEP,
                                   follow=follow))
    trial = run_trial(ae, image, noise_kind, released_level(kind, released, default), label)
    with measured:
        show_measures(trial)
        st.caption(LIVE_NOTE.format(level=trial.noise_level))
    return trial


def show_trial(kind: str, trial: Trial) -> None:
    """The pictures (noisy / output / clean), the measures, and the code as a bar chart."""
    if trial.corrupted:
        shown = [(trial.seen, SEEN), (trial.output, OUTPUT), (trial.clean, CLEAN)]
    else:
        shown = [(trial.clean, "Input"), (trial.output, OUTPUT)]
    cols = st.columns([1] * len(shown) + [2])
    for col, (image, caption) in zip(cols, shown):
        with col:
            picture(image, caption)
    with cols[-1]:
        show_measures(trial)
    st.markdown(f"**{CODE_HEADING[0]}**{CODE_HEADING[1].format(n=len(trial.code))}")
    code_bars(trial.code, kind)


@dataclass(frozen=True)
class Redrawn:
    """One kind's reconstruction of the input, and (for a conditional kind) the class it read."""

    kind: str
    output: np.ndarray
    label: int | None = None

    def title(self, dataset: str) -> str:
        return kind_title(self.kind, dataset, self.label)


def kind_title(kind: str, dataset: str, label: int | None = None) -> str:
    """The kind's title, with the class it drew for a conditional kind."""
    read = f" (as {CLASS_NAMES[dataset][label]})" if label is not None else ""
    return TITLES[kind] + read


def kind_models(dataset: str, kinds: Sequence[str] = tuple(KINDS),
                code_size: int | None = None) -> tuple[list[tuple[str, object]], list[str]]:
    """Each chosen kind's usable saved model (KINDS order, PCA first), and why the others' saved
    models are unavailable (a damaged or missing file).

    With ``code_size`` only models of exactly that size count; without, each kind's default model.
    """
    models, unavailable = [], []
    for kind in (k for k in KINDS if k in kinds):
        unavailable += [str(p) for p in problems(kind, dataset, code_size=code_size)]
        entry = default_entry(kind, dataset) if code_size is None else entry_at(kind, dataset, code_size)
        if entry is None:
            continue
        try:
            models.append((kind, load_model(entry)))
        except CorruptModelError as error:
            unavailable.append(str(error))
    return models, unavailable


def every_kind(image: np.ndarray, dataset: str, kinds: Sequence[str] = tuple(KINDS),
               code_size: int | None = None) -> tuple[list[Redrawn], list[str]]:
    """Each kind's reconstruction (as ``kind_models`` chooses the models), and why others are unavailable."""
    models, unavailable = kind_models(dataset, kinds, code_size)
    return [redraw(kind, ae, image) for kind, ae in models], unavailable


def redraw(kind: str, ae, image: np.ndarray, label: int | None = None) -> Redrawn:
    """One kind's reconstruction of ``image``; a conditional kind draws ``label`` (or the class it reads)."""
    label = ae.read_label(image) if label is None else label
    return Redrawn(kind, ae.reconstruct(image, label)[0], label)


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
                + (BEST if i == best else "") for i, r in enumerate(results)]
    if results:
        image_strip([r.output for r in results], captions, width=width)
    return {r.kind: error for r, error in zip(results, errors)}


def show_every_kind_live(key: str, image: np.ndarray, dataset: str, kinds: Sequence[str], code_size: int,
                         default: NoiseChoice = CLEAN_INPUT) -> bool:
    """Compare's side by side in the browser: the noise type (a select), then the live component with
    the noise level slider, what every model sees, each kind's reconstruction and BCE, and the BCE
    bars, all redrawn at every move. False, before drawing any widget, when the browser cannot take it
    (the caller draws the server path)."""
    models, unavailable = kind_models(dataset, kinds, code_size)
    exported = browser_models(f"{key}:live", [ae for _, ae in models], ("encoder", "decoder")) if models else None
    if exported is None:
        return False
    a, _ = st.columns([1, 2])
    noise_kind = noise_kind_select(key, default.kind, a)
    # Read once from the clean input: the browser does not reread a conditional model's class at each move.
    labels = [ae.read_label(image) for _, ae in models]
    show_unavailable(unavailable)
    shown = [LiveKind(kind_title(kind, dataset, label), colour(kind), *parts, label)
             for (kind, _), parts, label in zip(models, exported, labels)]
    released = mount(CompareView(key=f"{key}:live", kinds=tuple(shown), image=image, noise_kind=noise_kind,
                                 level=state.noise_choice(key, default).level, seed=NOISE_SEED, step=LEVEL_STEP))
    level = released_level(key, released, default)
    picture_download(row_at(models, labels, image, noise_kind, level), "compare-row.png", key=f"{key}:row_png",
                     label="PNG of this row", scale=1)
    conditional = " The Conditional model reads the class once, in the clean input." if any(
        label is not None for label in labels) else ""
    st.caption(f"The pictures, BCEs and bars follow the noise slider in this browser (no SSIM here: the "
               f"server path shows it); the PNG is drawn on the server at the level you let go ({level:.2f})."
               + conditional)
    return True


def row_at(models: list[tuple[str, object]], labels: list[int | None], image: np.ndarray, noise_kind: str,
           level: float) -> Callable[[], np.ndarray]:
    """Compare's row (what every model sees, then each reconstruction) as one picture, made when asked."""
    def row() -> np.ndarray:
        seen = corrupt(image, noise_kind, level)
        outputs = [redraw(kind, ae, seen, label).output for (kind, ae), label in zip(models, labels)]
        return labelled_row([seen, *outputs], ["input"] + [TITLES[kind] for kind, _ in models])
    return row
