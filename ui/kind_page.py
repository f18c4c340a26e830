"""The template every kind page follows, so each page file is short.

Order on screen: what the kind is, the pretrained model (loaded at once), the
live part, then training your own. The model chooser and the live part form
one fragment, so moving the code size reruns only that; the live part is a
fragment inside it, so moving the noise or a page's own sliders reruns only
the live part (and in the browser's live path, a noise move reruns nothing until
it is released).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ae_models import TITLES
from ae_models.registry import BY_NAME
from ae_models.store import ModelEntry

from . import address, state
from .charts import METRICS, network_shape, quality_curve, show
from .chooser import choose_model
from .code_editor import edit_code
from .downloads import model_download
from .glossary import MEASURES_HELP, layer_in_words, plain_layer_name
from .inputs import current_input, no_input_note
from .latent_widgets import atlas, axis_labels, code_axes
from .lesson import hides
from .live_draw import followed_drawing
from .loaders import shipped_on_subset
from .sidebar import current_dataset
from .site import DATASET_NAMES
from .state import NoiseChoice, keep_valid
from .training import training_panel
from .trial import Trial, try_it

PIXELS = 28 * 28
MAX_UNITS = 16      # codes up to this size get a slider per unit; larger ones their main directions
DIRECTIONS = 8
Extra = Callable[[Any, Trial], None]     # extra(ae, trial): a page's own live section


def model_facts(ae, entry: ModelEntry) -> None:
    """Compression, size and how the model was trained, in a few words."""
    a, b = st.columns(2)
    a.metric("Compression", f"{PIXELS / ae.code_size:.1f}×", help=f"{PIXELS} pixels → {ae.code_size} numbers")
    b.metric("Parameters", f"{ae.count_params():,}")
    record, facts = entry.record, []
    training, measured = record.training, record.metrics
    images = f" on {training.train_images:,} images" if training.train_images else ""
    if training.epochs_run:
        facts.append(f"trained {training.epochs_run} epochs in {training.seconds:.0f} s{images}")
    elif training.train_images:
        facts.append(f"fitted in closed form in {training.seconds:.0f} s{images}")
    if measured.bce is not None and measured.ssim is not None:
        facts.append(f"test BCE {measured.bce:.4f}, SSIM {measured.ssim:.3f}")
    if record.dataset_subset:
        facts.append(f"figures from a subset of {DATASET_NAMES[entry.dataset]}, not the full dataset")
    st.caption(("Yours: " if entry.source == "user" else "Shipped: ") + "; ".join(facts or ["untrained"]))


def size_curve(kind: str, dataset: str, code_size: int) -> None:
    """Test quality against code size, this kind against PCA, from the catalogue."""
    key = f"curve_metric:{kind}"
    keep_valid(key, list(METRICS), "bce")
    metric = st.segmented_control("Quality measure", list(METRICS), key=key, required=True,
                                  format_func=lambda m: METRICS[m].split(" ")[0], help=MEASURES_HELP)
    show(quality_curve([kind, "pca"], dataset, metric, code_size), key=f"curve:{kind}")
    subset = ", trained and measured on a subset of the dataset" if shipped_on_subset(dataset) else ""
    st.caption(f"Test-set figures of the shipped models{subset}; the dashed line is the size you picked.")


def architecture(kind: str, ae, with_chart: bool) -> None:
    """The layer table with parameter counts, and (``with_chart``) the numbers per layer as bars."""
    layers = ae.layer_table()
    with st.expander(f"Architecture: {len(layers)} layers, {ae.count_params():,} parameters"):
        if with_chart:
            show(network_shape(layers, kind), key=f"shape:{kind}")
        st.dataframe([{"part": layer.part, "layer": plain_layer_name(layer.name), "what it does":
                       layer_in_words(layer.type), "output shape": layer.shape_text, "parameters": layer.parameters}
                      for layer in layers], hide_index=True,
                     column_config={"output shape": st.column_config.TextColumn(
                         help="Numbers per image: rows x columns x channels (None stands for the batch).")})


@address.fragment
def _live(kind: str, dataset: str, code_slider: bool, noise: tuple[str, float], extra: Extra | None) -> None:
    """The chooser and everything that depends on the model: reruns alone when its widgets move."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        chosen = choose_model(kind, dataset, code_slider)
        if chosen:
            model_facts(*chosen)
            if not hides("download"):
                model_download(chosen[1], key=f"download_model:{kind}")
    if chosen:
        ae, _ = chosen
        with right:
            if code_slider and not hides("curve"):
                size_curve(kind, dataset, ae.code_size)
            elif not code_slider and not hides("architecture"):
                show(network_shape(ae.layer_table(), kind), key=f"shape:{kind}")
        if not hides("architecture"):
            architecture(kind, ae, with_chart=code_slider)
    st.subheader("Try it", anchor=False)
    _try_it(kind, chosen[0] if chosen else None, noise, extra)


@address.fragment
def _try_it(kind: str, ae, noise: tuple[str, float], extra: Extra | None) -> None:
    """The input through the model: reruns alone (not the chooser above) when the noise or ``extra`` moves."""
    picked = current_input()
    if picked is None:
        no_input_note()
        return
    trial = try_it(kind, ae, picked.image, picked.caption, NoiseChoice(*noise), follow=followed_drawing(picked))
    if trial is None:
        return
    if not ae.variational and not hides("code"):    # the variational pages walk their codes in their own sections
        edit_the_code(ae, trial)
    if extra:
        extra(ae, trial)


@address.fragment
def edit_the_code(ae, trial: Trial) -> None:
    """Sliders over the code, starting from the input's: what does each unit (or direction) draw?

    Each unit for codes of up to ``MAX_UNITS`` values, in steps of its spread over the test set;
    the test codes' first ``DIRECTIONS`` main directions for larger codes."""
    name = f"edit:{ae.kind}"
    st.subheader("Edit the code", anchor=False)
    axes = code_axes(ae.code_size, atlas(ae), MAX_UNITS, DIRECTIONS, spread=True)
    units = axes.shares is None
    st.caption(f"The sliders start at this input's code; each moves {'one unit' if units else 'one main direction'} "
               "of it, in steps of its spread over the test set. What does each one draw?")
    walk = state.walk_from(name, trial.code, axes, (ae.path, trial.seen.tobytes()))
    labels = [f"unit {i}" for i in range(axes.count)] if units else axis_labels(axes)
    edit_code(walk, ae, labels, "Decoded from the edited code", label=trial.label)
    st.button("Back to the input's code", icon=":material/restart_alt:", key=f"{name}:reset",
              on_click=state.restart_walk, args=(name, trial.code))


# On a phone the formulas are wider than the screen: KaTeX already splits a formula into pieces at its
# top-level operators and relations, so let those pieces wrap onto lines (at a size where the widest
# fits), rather than clip it in a box that scrolls sideways and a keyboard cannot reach.
WRAPPING_FORMULAS = ("<style>@media (max-width: 640px) {[data-testid='stMarkdownContainer'] .katex-display > .katex "
                     "{white-space: normal; font-size: 1em;}}</style>")


def objective(kind: str) -> None:
    """The loss the kind minimises, as a formula (from its record)."""
    st.caption("What it learns by minimising, over the training images:")
    st.html(WRAPPING_FORMULAS)
    st.latex(BY_NAME[kind].objective)


def what_to_try(kind: str) -> None:
    """Three things a student can do on the kind's page (from its record), as a numbered list."""
    items = "\n".join(f"{i}. {item}" for i, item in enumerate(BY_NAME[kind].to_try, 1))
    st.markdown(f"**What to try**\n\n{items}")


def kind_page(kind: str, explanation: str, *, code_slider: bool = False,
              noise: tuple[str, float] = ("gaussian", 0.0), extra: Extra | None = None) -> None:
    """A whole kind page: title, explanation, model section, live section (plus ``extra``)."""
    dataset = current_dataset()
    st.title(f"{TITLES[kind]} autoencoder", anchor=False)
    objective(kind)
    st.markdown(explanation)
    what_to_try(kind)
    st.subheader("Model", anchor=False)
    where = "." if hides("train") else "; train your own at the bottom of the page."
    st.caption(f"Pretrained weights load at once{where}")
    _live(kind, dataset, code_slider, noise, extra)
    if not hides("train"):
        st.subheader("Train your own", anchor=False)
        training_panel(kind, dataset)
