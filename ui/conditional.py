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
from ae_models.kinds._base import CLASSES
from ae_models.latent import Axes, manifold_codes, mosaic, unit_axes
from ae_models.images import upscale

from . import code_editor
from .charts import bars, colour
from .code_editor import SPAN, edit_code
from .latent_widgets import Atlas
from .downloads import picture_download
from .pictures import image_strip, picture
from .state import keep_valid

DIGIT, ASKED, READ = "cvae:digit", "cvae:asked", "cvae:read"
STYLE, STYLE_OF, STYLE_NOW = "cvae:style", "cvae:style_of", "cvae:style_now"   # sliders, their model, their code
UNIT_SLIDERS = 2          # a 2-D style gets its units; larger ones their main directions
DIRECTIONS = 6


def style_axes(ae, found: Atlas | None) -> Axes:
    """The style sliders' axes: the units of a 2-D code, else the test codes' main directions."""
    if ae.code_size <= UNIT_SLIDERS or found is None:
        return unit_axes(ae.code_size, DIRECTIONS)
    return found.axes.first(min(DIRECTIONS, ae.code_size))


def class_pills(key: str, names: list[str], label: str, default: int = 0, on_change=None) -> int:
    """Pills for the ten classes (digits or garments); returns the chosen one."""
    keep_valid(key, list(range(CLASSES)), default)
    return st.pills(label, list(range(CLASSES)), key=key, format_func=names.__getitem__, required=True,
                    on_change=on_change)


@st.fragment
def ask_for_a_digit(ae, found: Atlas | None) -> None:
    """Pick a class, move the style: the decoder draws that class in the style the sliders set."""
    names = CLASS_NAMES[ae.dataset]
    axes = style_axes(ae, found)
    if st.session_state.get(STYLE_OF) != ae.path:        # another model: start from the typical style
        code_editor.start_from(STYLE, axes.origin, axes)
        st.session_state[STYLE_OF], st.session_state[STYLE_NOW] = ae.path, axes.origin
    # Another class keeps the style: the sliders start again from where they were.
    digit = class_pills(DIGIT, names, "Draw this class",
                        on_change=lambda: code_editor.start_from(STYLE, st.session_state[STYLE_NOW], axes))
    labels = [f"Style {i + 1}" if axes.shares is None else f"Style direction {i + 1} · {axes.shares[i]:.0%}"
              for i in range(axes.count)]
    st.session_state[STYLE_NOW] = edit_code(STYLE, ae, axes, labels, f"A {names[digit]} in this style", label=digit)


def read_scores(scores: np.ndarray) -> np.ndarray:
    """The ten ELBOs as probabilities: exp(ELBO) normalised, the model's belief in each class."""
    p = np.exp(scores - scores.max())
    return p / p.sum()


@st.fragment
def handwriting_as_every_digit(ae, image: np.ndarray, caption: str) -> None:
    """The input read by the model, its class correctable, then written as every class in its style."""
    names = CLASS_NAMES[ae.dataset]
    read, scores = ae.classify(image)
    belief = read_scores(scores[0])
    if st.session_state.get(READ) != (caption, int(read[0])):      # a new input: start from what it reads
        st.session_state[READ], st.session_state[ASKED] = (caption, int(read[0])), int(read[0])
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


@st.fragment
def one_style_every_class(ae, rows: int = 4) -> None:
    """Rows of random styles from the prior, each written as all ten classes."""
    a, b, c = st.columns([3, 1, 1], vertical_alignment="bottom")
    temperature = a.slider("Temperature (spread of the prior)", 0.2, 2.0, 1.0, 0.1, key="cvae:temperature")
    seed = b.number_input("Seed", 0, 10**6, 0, key="cvae:seed")
    c.button("New styles", icon=":material/casino:", key="cvae:new_styles",
             on_click=lambda: st.session_state.update({"cvae:seed": seed + 1}))
    styles = np.random.default_rng(seed).standard_normal((rows, ae.code_size)) * temperature
    grid = ae.decode(np.repeat(styles, CLASSES, axis=0), np.tile(np.arange(CLASSES), rows))
    picture_grid = mosaic(grid, CLASSES)
    st.image(upscale(picture_grid, 1), width=3 * picture_grid.shape[1], output_format="PNG",
             caption=f"{rows} styles × {CLASSES} classes · seed {seed} · temperature {temperature:g}",
             alt=f"{rows} random styles, each row written as the {CLASSES} classes by the conditional model")
    picture_download(picture_grid, f"cvae-{ae.dataset}-{ae.code_size}-styles-seed{seed}.png", key="cvae:styles_png")


@st.fragment
def style_plane(ae, resolution: int = 15) -> None:
    """For a 2-D style code: the whole style plane of one class, decoded as a grid."""
    names = CLASS_NAMES[ae.dataset]
    digit = class_pills("cvae:plane_digit", names, "Class", 3)
    codes = manifold_codes(SPAN, resolution)
    grid = mosaic(ae.decode(codes, digit), resolution)
    st.image(upscale(grid, 1), width=min(2 * grid.shape[1], 840), output_format="PNG",
             caption=f"{names[digit]} across the style plane, z1 left to right, z2 bottom to top, ±{SPAN:g}",
             alt=f"A grid of {names[digit]} drawn by the conditional model across its 2-D style plane")
    picture_download(grid, f"cvae-{ae.dataset}-2-style-plane-{digit}.png", key="cvae:plane_png")
