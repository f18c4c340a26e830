"""The Conditional page's parts: a digit to ask for, the style sliders, the visitor's handwriting
as every digit, one style written as every class, and the style plane of one class.

Each part is an ``st.fragment`` over a cached model: one batch per redraw. The
style axes come from the test set's codes (encoded with their true labels):
the units themselves for a 2-D code, the main directions above that.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models.data import CLASS_NAMES
from ae_models.kinds import CLASSES
from ae_models.latent import manifold_codes, mosaic

from . import address, state
from .charts import bars, colour
from .code_editor import edit_code
from .downloads import picture_download
from .latent_widgets import Atlas, code_axes, prior_controls, show_grid
from .pictures import image_strip, picture
from .state import SPAN, keep_valid

DIGIT, ASKED, READ = "cvae:digit", "cvae:asked", "cvae:read"
STYLE = "cvae:style"      # the style sliders' walk
UNIT_SLIDERS = 2          # a 2-D style gets its units; larger ones their main directions
DIRECTIONS = 6


def class_pills(key: str, names: list[str], label: str, default: int = 0, on_change=None) -> int:
    """Pills for the ten classes (digits or garments); returns the chosen one."""
    keep_valid(key, list(range(CLASSES)), default)
    return st.pills(label, list(range(CLASSES)), key=key, format_func=names.__getitem__, required=True,
                    on_change=on_change)


@address.fragment
def ask_for_a_digit(ae, found: Atlas | None) -> None:
    """Pick a class, move the style: the decoder draws that class in the style the sliders set."""
    names = CLASS_NAMES[ae.dataset]
    axes = code_axes(ae.code_size, found, UNIT_SLIDERS, DIRECTIONS)
    state.walk_from(STYLE, axes.origin, axes, ae.path)     # another model: start from the typical style
    # Another class keeps the style: the sliders start again from where they were.
    digit = class_pills(DIGIT, names, "Draw this class", on_change=lambda: state.restart_walk(STYLE, state.walk(STYLE).code))
    labels = [f"Style {i + 1}" if axes.shares is None else f"Style direction {i + 1} · {axes.shares[i]:.0%}"
              for i in range(axes.count)]
    edit_code(state.walk(STYLE), ae, labels, f"A {names[digit]} in this style", label=digit)


def read_scores(scores: np.ndarray) -> np.ndarray:
    """The ten ELBOs as probabilities: exp(ELBO) normalised, the model's belief in each class."""
    p = np.exp(scores - scores.max())
    return p / p.sum()


@address.fragment
def handwriting_as_every_digit(ae, image: np.ndarray, caption: str) -> None:
    """The input read by the model, its class correctable, then written as every class in its style."""
    names = CLASS_NAMES[ae.dataset]
    read, scores = ae.classify(image)
    belief = read_scores(scores[0])
    if state.read(READ) != (caption, int(read[0])):      # a new input: start from what it reads
        state.write(READ, (caption, int(read[0])))
        state.write(ASKED, int(read[0]))
    left, right = st.columns([1, 3], gap="large")
    with left:
        picture(image, f"Your input: {caption}")
    with right:
        st.markdown(f"**The model reads it as {names[int(read[0])]}** ({belief[read[0]]:.0%} sure): "
                    "how well each class explains it")
        bars(belief, [colour(ae.kind)] * CLASSES, [f"{n}: {p:.1%}" for n, p in zip(names, belief)], names,
             height=90)
    label = class_pills(ASKED, names, "It is a … (correct it if the model misread it)", int(read[0]))
    style = ae.encode(image, label)
    written = ae.decode(np.repeat(style, CLASSES, axis=0), np.arange(CLASSES))
    image_strip(written, names, width=84)
    picture_download(mosaic(written, CLASSES), "handwriting-as-every-class.png", key="cvae:handwriting_png")


@address.fragment
def one_style_every_class(ae, rows: int = 4) -> None:
    """Rows of random styles from the prior, each written as all ten classes."""
    temperature, seed = prior_controls("cvae", "New styles")
    styles = np.random.default_rng(seed).standard_normal((rows, ae.code_size)) * temperature
    grid = mosaic(ae.decode(np.repeat(styles, CLASSES, axis=0), np.tile(np.arange(CLASSES), rows)), CLASSES)
    show_grid(grid, f"{rows} styles × {CLASSES} classes · seed {seed} · temperature {temperature:g}",
              f"cvae-{ae.dataset}-{ae.code_size}-styles-seed{seed}.png", "cvae:styles_png",
              alt=f"{rows} random styles, each row written as the {CLASSES} classes by the conditional model")


@address.fragment
def style_plane(ae, resolution: int = 15) -> None:
    """For a 2-D style code: the whole style plane of one class, decoded as a grid."""
    names = CLASS_NAMES[ae.dataset]
    digit = class_pills("cvae:plane_digit", names, "Class", 3)
    codes = manifold_codes(SPAN, resolution)
    grid = mosaic(ae.decode(codes, digit), resolution)
    show_grid(grid, f"{names[digit]} across the style plane, z1 left to right, z2 bottom to top, ±{SPAN:g}",
              f"cvae-{ae.dataset}-2-style-plane-{digit}.png", "cvae:plane_png", width=min(2 * grid.shape[1], 840),
              alt=f"A grid of {names[digit]} drawn by the conditional model across its 2-D style plane")
