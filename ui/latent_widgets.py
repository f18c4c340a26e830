"""The Variational page's live parts: latent sliders and their starting points, maps of the codes,
the 2-D plane, interpolation and prior samples.

The latent sliders, the 2-D plane and the walk along an interpolation decode in
the visitor's browser (``ui.code_editor``, ``ui.live``) and tell the
server only where they were released; on the server path (AppTest, live drawing
off, a browser that cannot) each part is an ``st.fragment`` that reruns alone.
Each model call is one batch through a cached model. The encoded test set
(``Atlas``) and the manifold pictures are cached per model file, so a move never
encodes the test set or decodes the grid again.
"""
from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass
from functools import partial

import numpy as np
import streamlit as st
from PIL import Image

from ae_models import DataNotFoundError
from ae_models.data import CLASS_NAMES
from ae_models.images import upscale
from ae_models.latent import (
    METHODS,
    Axes,
    along,
    class_means,
    interpolate,
    manifold_codes,
    mosaic,
    principal_axes,
    spread_axes,
    unit_axes,
)

from . import address, loaders, state
from .code_editor import edit_code
from .downloads import picture_download
from .glossary import help_for
from .inputs import current_input
from .latent_charts import CLASS_COLOURS, code_map
from .live import PathView, PlaneView, browser_model, mount
from .loaders import ModelKey, model_key
from .pictures import image_strip, picture
from .state import PICKED, SPAN, Walk

UNIT_SLIDERS = 8        # codes up to this size get one slider per dimension
MAX_DIRECTIONS = 12
MAP_POINTS = 2000       # test codes drawn on a map: a fixed random subset keeps the chart light
PLANE_POINTS = 500      # fewer on the 2-D plane, redrawn at every slider move (its cost grows with the points)
DECODED = "Decoded from these coordinates"
PATH_NAMES = {"linear": "Straight line", "spherical": "Great circle (slerp)"}
WALK, PLANE, ALONG = "vae", "vae:plane_live", "vae:along_live"     # the walk's name, the live views' keys


@dataclass(frozen=True)
class Atlas:
    """The test set as one model encodes it: codes (read-only), labels, main directions, class means."""

    codes: np.ndarray
    labels: np.ndarray
    axes: Axes
    means: np.ndarray
    shown: np.ndarray       # indices of the codes drawn on maps


@st.cache_resource(show_spinner="Encoding the test set…", max_entries=8)
def _atlas(model: ModelKey | None, dataset: str, data_dir: str, _ae) -> Atlas:
    images, labels = loaders.test_split(dataset)
    codes = _ae.encode(images, labels if _ae.conditional else None)    # a conditional code: the style
    codes.flags.writeable = False
    shown = np.sort(np.random.default_rng(0).permutation(len(codes))[:MAP_POINTS])
    return Atlas(codes, labels, principal_axes(codes, MAX_DIRECTIONS), class_means(codes, labels), shown)


def atlas(ae) -> Atlas | None:
    """The model's encoded test set, once per model file; None when the test set is not available."""
    try:
        return _atlas(model_key(ae), ae.dataset, os.environ.get("AE_DATA_DIR", ""), ae)
    except DataNotFoundError:
        return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _manifold(model: ModelKey | None, span: float, resolution: int, _ae) -> tuple[np.ndarray, str]:
    grid = mosaic(_ae.decode(manifold_codes(span, resolution)), resolution)   # the whole grid in one call
    buffer = io.BytesIO()
    Image.fromarray(upscale(grid, 1)).save(buffer, format="PNG")
    return grid, "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def manifold_picture(ae, span: float, resolution: int) -> tuple[np.ndarray, str]:
    """The decoded grid over [-span, span]^2, and the same as one PNG data URI, cached per model and setting."""
    return _manifold(model_key(ae), span, resolution, ae)


def code_axes(code_size: int, found: Atlas | None, units_up_to: int, directions: int,
              spread: bool = False) -> Axes:
    """What code sliders move along: each unit for codes of up to ``units_up_to`` values (in units of the
    test codes' spread when ``spread``), else the test codes' first ``directions`` main directions (the
    first units when the test set is missing)."""
    if code_size <= units_up_to:
        return spread_axes(found.codes) if spread and found is not None else unit_axes(code_size)
    if found is None:
        return unit_axes(code_size, directions)
    return found.axes.first(min(directions, code_size))


def _walk_axes(ae, found: Atlas | None) -> Axes:
    """A slider per dimension for small codes, else the test codes' main directions (how many: a slider)."""
    count = UNIT_SLIDERS
    if ae.code_size > UNIT_SLIDERS:
        most = min(MAX_DIRECTIONS, ae.code_size)
        count = st.slider("Directions to walk along", 2, most, min(6, most), key="vae:directions",
                          help="The directions in which the test set's codes spread most (PCA of the codes).")
        if found is None:
            st.caption("The main directions need the test set: these sliders move the first coordinates instead.")
    return code_axes(ae.code_size, found, UNIT_SLIDERS, count)


def axis_labels(axes: Axes, unit: str = "z") -> list[str]:
    """A label per slider: the unit's name, or the direction with its share of the codes' spread."""
    return [f"{unit}{i + 1}" if axes.shares is None else f"Direction {i + 1} · {axes.shares[i]:.0%} of the spread"
            for i in range(axes.count)]


def _walk(ae, trial, axes: Axes) -> Walk:
    """The walk from the input's code for a new input or model; the same code when only the axes change."""
    origin = (ae.path, trial.clean.tobytes(), axes.count)
    held = state.walk(WALK)
    if held is None:
        return state.keep_walk(state.from_link(Walk.at(WALK, trial.code, axes, origin)))
    if held.origin != origin:
        same_input = held.origin[:2] == origin[:2]
        return state.keep_walk(held.start_from(held.code if same_input else trial.code, axes, origin))
    return held


def _mean_picked(means: np.ndarray) -> None:
    k = state.read("vae:mean")
    if k is not None:
        state.restart_walk(WALK, means[k])
        state.write("vae:mean", None)      # the pills act as buttons


def _add(direction: np.ndarray) -> None:
    state.restart_walk(WALK, state.walk(WALK).code + direction)


def starting_points(trial, found: Atlas | None, names: list[str]) -> None:
    """Back to the input's code, a class's mean code, and 'add the direction from class a to class b'."""
    st.button("Back to the input's code", icon=":material/restart_alt:", key="vae:reset",
              on_click=state.restart_walk, args=(WALK, trial.code))
    if found is None:
        st.caption("Class means need the test set, which is not available here.")
        return
    present = [k for k in range(len(names)) if not np.isnan(found.means[k]).any()]
    st.pills("Start from the mean code of a class", present, format_func=names.__getitem__, key="vae:mean",
             on_change=_mean_picked, args=(found.means,))
    a, b, c, d = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
    source = a.selectbox("Direction from class", present, format_func=names.__getitem__, key="vae:from")
    target = b.selectbox("to class", present, index=min(1, len(present) - 1), format_func=names.__getitem__,
                         key="vae:to")
    amount = c.slider("Amount", 0.25, 2.0, 1.0, 0.25, key="vae:amount")
    d.button("Add it", icon=":material/add:", key="vae:add", on_click=_add,
             args=(amount * (found.means[target] - found.means[source]),))


def _clicked(chart_key: str, found: Atlas, dataset: str, move: bool) -> None:
    """A click on a map: remember the digit under it (and, on the 2-D plane, walk there)."""
    points = state.read(chart_key).selection.points
    indices = [int(p["customdata"]) for p in points if p.get("customdata") is not None]
    if indices:
        state.write(PICKED, (dataset, indices[0]))
        if move:
            state.restart_walk(WALK, found.codes[indices[0]])


def picked_digit(ae, found: Atlas, names: list[str], walk_button: bool) -> None:
    """The test digit last clicked on a map, its reconstruction, and (``walk_button``) a way to walk from it."""
    dataset, index = state.read(PICKED, (None, None))
    if dataset != ae.dataset or index >= len(found.codes):
        st.caption("Click a point to see its digit.")
        return
    picture(loaders.test_split(ae.dataset)[0][index], f"Test #{index} · {names[found.labels[index]]}")
    picture(ae.decode(found.codes[index][None])[0], "Decoded from its code")
    if walk_button and st.button("Walk from here", icon=":material/near_me:", key="vae:walk_from",
                                 on_click=state.restart_walk, args=(WALK, found.codes[index])):
        st.rerun()      # the sliders live in another fragment


def manifold(ae, found: Atlas, z: np.ndarray, names: list[str]) -> None:
    """The decoded grid over the 2-D plane, the test codes over it, the sliders' position marked."""
    st.markdown("**The whole plane at once**: each small digit is decoded from the point under it; "
                "the dots are test images where the encoder put them. Click a dot to go there.")
    controls, chart, digit = st.columns([1, 3, 1])
    span = controls.slider("Range ±", 1.0, 5.0, SPAN, 0.1, key="vae:span")
    resolution = controls.slider("Digits per side", 5, 30, 20, key="vae:resolution")
    dots = controls.toggle("Show the test codes", True, key="vae:dots")
    shown = found.shown[:PLANE_POINTS if dots else 0]
    grid, uri = manifold_picture(ae, span, resolution)
    with controls:
        picture_download(grid, f"{ae.kind}-{ae.dataset}-2-manifold.png", key="vae:manifold_png")
    if _live_plane(ae, found, shown, uri, span, z, chart):
        return
    fig = code_map(found.codes[shown], found.labels[shown], shown, names, ("z1", "z2"), uri, span, here=z)
    with chart:
        st.plotly_chart(fig, key="vae:plane", selection_mode="points", config={"displayModeBar": False},
                        on_select=partial(_clicked, "vae:plane", found, ae.dataset, True))
    with digit:
        picked_digit(ae, found, names, walk_button=False)


def _live_plane(ae, found: Atlas, shown: np.ndarray, uri: str, span: float, z: np.ndarray, where) -> bool:
    """The plane in the browser: the point under the pointer decoded at every move, a release walks
    there. False when the browser cannot (the Plotly plane is drawn instead)."""
    models = browser_model(PLANE, ae)
    if models is None:
        return False
    view = PlaneView(key=PLANE, decoder=models[0], manifold=uri, span=span, points=found.codes[shown],
                     classes=found.labels[shown], colours=tuple(CLASS_COLOURS), position=tuple(z),
                     caption="Under the pointer")
    with where:
        mount(view, on_release=lambda point: _walk_to(point, z))    # before the sliders above are drawn again
    return True


def _walk_to(point: tuple[float, float], z: np.ndarray) -> None:
    if not np.allclose(point, z, atol=1e-4):
        state.restart_walk(WALK, np.array(point, np.float32), released=True)    # the address keeps the point


@address.fragment
def latent_walk(ae, trial, found: Atlas | None) -> None:
    """Sliders that move through the code; the decoded image redraws as they move."""
    names = CLASS_NAMES[ae.dataset]
    walk = _walk(ae, trial, _walk_axes(ae, found))
    z = edit_code(walk, ae, axis_labels(walk.axes), DECODED).code
    starting_points(trial, found, names)
    if ae.code_size == 2 and found is not None:
        manifold(ae, found, z, names)


@address.fragment
def code_scatter(ae, found: Atlas) -> None:
    """The test codes projected on their two main directions, coloured by class; a click shows the digit."""
    names = CLASS_NAMES[ae.dataset]
    xy = found.axes.first(2).positions(found.codes[found.shown])
    chart, digit = st.columns([3, 1])
    titles = tuple(f"direction {i + 1} ({share:.0%} of the spread)" for i, share in enumerate(found.axes.shares[:2]))
    fig = code_map(xy, found.labels[found.shown], found.shown, names, titles)
    with chart:
        st.plotly_chart(fig, key="vae:map", selection_mode="points", config={"displayModeBar": False},
                        on_select=partial(_clicked, "vae:map", found, ae.dataset, False))
    with digit:
        picked_digit(ae, found, names, walk_button=True)


def _end(side: str, default: int, dataset: str) -> tuple[np.ndarray, str] | None:
    """One end of the interpolation: a test image by index, or the sidebar's input."""
    source = st.segmented_control(side, ["Test image", "Sidebar input"], default="Test image", required=True,
                                  key=f"vae:{side}:source")
    if source == "Sidebar input":
        picked = current_input()
        return None if picked is None else (picked.image, picked.caption)
    try:
        images, labels = loaders.test_split(dataset)
    except DataNotFoundError:
        return None
    index = st.number_input("Test image #", 0, len(images) - 1, min(default, len(images) - 1),
                            key=f"vae:{side}:index")
    return images[index], f"test #{index} · {CLASS_NAMES[dataset][labels[index]]}"


@address.fragment
def interpolation(ae) -> None:
    """A path between two inputs' codes, straight or spherical, as a strip and a slider to walk it."""
    st.subheader("Interpolate between two inputs", anchor=False)
    a, b, c = st.columns(3)
    with a:
        start = _end("From", 0, ae.dataset)
    with b:
        end = _end("To", 1, ae.dataset)
    with c:
        method = st.segmented_control("Path", METHODS, default="linear", required=True, key="vae:method",
                                      format_func=PATH_NAMES.get, help=help_for("slerp"))
        steps = st.slider("Steps", 3, 15, 9, key="vae:steps")
    if start is None or end is None:
        st.info("Pick both ends: a test image, or a drawing or upload in the sidebar.")
        return
    codes = ae.encode(np.stack([start[0], end[0]]))
    path = interpolate(codes[0], codes[1], steps, method)
    strip = ae.decode(path)
    image_strip(strip, [f"{t:.0%}" for t in np.linspace(0, 1, steps)])
    picture_download(mosaic(strip, steps), f"{ae.kind}-interpolation.png", key="vae:interpolation_png")
    first, middle, last = st.columns(3)
    models = browser_model(ALONG, ae)
    if models is not None:
        with middle:
            mount(PathView(key=ALONG, decoder=models[0], a=codes[0], b=codes[1], method=method, t=0.5,
                           label="Walk along the path", caption="Along the path"))
    else:
        t = st.slider("Walk along the path", 0.0, 1.0, 0.5, 0.05, key="vae:along")
        with middle:
            picture(ae.decode(along(codes[0], codes[1], np.array([t]), method))[0], f"{t:.0%} of the way", width=168)
    for column, (image, caption) in ((first, start), (last, end)):
        with column:
            picture(image, caption, width=168)


def prior_controls(prefix: str, new: str, help: str | None = None) -> tuple[float, int]:
    """Temperature and seed of codes drawn from the prior, and a button (``new``) for the next seed."""
    a, b, c = st.columns([3, 1, 1], vertical_alignment="bottom")
    temperature = a.slider("Temperature (spread of the prior)", 0.2, 2.0, 1.0, 0.1, key=f"{prefix}:temperature",
                           help=help)
    seed = b.number_input("Seed", 0, 10**6, 0, key=f"{prefix}:seed")
    c.button(new, icon=":material/casino:", key=f"{prefix}:new_{new.split()[-1].lower()}",
             on_click=state.write, args=(f"{prefix}:seed", seed + 1))
    return temperature, seed


def show_grid(grid: np.ndarray, caption: str, download: str, key: str, width: int | None = None,
              alt: str | None = None) -> None:
    """A grid of decoded digits, sent at 28 px a digit and drawn three times larger with sharp pixels
    (``ui.pictures``), with ``alt`` for screen readers, and a PNG of it to download."""
    st.image(upscale(grid, 1), width=width or 3 * grid.shape[1], output_format="PNG", caption=caption,
             alt=alt or caption)
    picture_download(grid, download, key=key)


@address.fragment
def prior_samples(ae, rows: int = 3, columns: int = 8) -> None:
    """A grid of images decoded from random prior codes, with temperature and seed."""
    st.subheader("Sample from the prior", anchor=False)
    temperature, seed = prior_controls("vae", "New samples", help="Codes are drawn from N(0, temperature²): low is "
                                       "typical, high is adventurous.")
    grid = mosaic(ae.sample(rows * columns, seed=seed, temperature=temperature), columns)
    show_grid(grid, f"{rows * columns} samples · seed {seed} · temperature {temperature:g}",
              f"{ae.kind}-{ae.dataset}-{ae.code_size}-samples-seed{seed}.png", "vae:samples_png",
              alt=f"{rows * columns} digits the {ae.kind} model generated from random codes, seed {seed}")
