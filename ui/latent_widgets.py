"""The Variational page's live parts: latent sliders and their starting points, maps of the codes,
the 2-D plane, interpolation and prior samples.

The latent sliders, the 2-D plane and the walk along an interpolation decode in
the visitor's browser (``ui.code_editor``, ``ui.live_decoder``) and tell the
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
    unit_axes,
)

from . import code_editor, loaders
from .code_editor import SPAN, edit_code
from .inputs import current_input
from .latent_charts import CLASS_COLOURS, code_map
from .live_decoder import live_path, live_plane
from .glossary import help_for
from .downloads import picture_download
from .pictures import image_strip, picture

UNIT_SLIDERS = 8        # codes up to this size get one slider per dimension
MAX_DIRECTIONS = 12
MAP_POINTS = 2000       # test codes drawn on a map: a fixed random subset keeps the chart light
PLANE_POINTS = 500      # fewer on the 2-D plane, redrawn at every slider move (its cost grows with the points)
DECODED = "Decoded from these coordinates"
PATH_NAMES = {"linear": "Straight line", "spherical": "Great circle (slerp)"}
WALK, PLANE, ALONG = "vae", "vae:plane_live", "vae:along_live"     # the live parts' keys
CODE, ORIGIN, AXES, PICKED = "vae:code", "vae:origin", "vae:axes", "vae:picked"


@dataclass(frozen=True)
class Atlas:
    """The test set as one model encodes it: codes (read-only), labels, main directions, class means."""

    codes: np.ndarray
    labels: np.ndarray
    axes: Axes
    means: np.ndarray
    shown: np.ndarray       # indices of the codes drawn on maps


def _mtime(path: str | None) -> float:
    return os.path.getmtime(path) if path and os.path.isfile(path) else 0.0


@st.cache_resource(show_spinner="Encoding the test set…", max_entries=8)
def _atlas(path: str, mtime: float, dataset: str, data_dir: str, _ae) -> Atlas:
    images, labels = loaders.test_split(dataset)
    codes = _ae.encode(images, labels if _ae.conditional else None)    # a conditional code: the style
    codes.flags.writeable = False
    shown = np.sort(np.random.default_rng(0).permutation(len(codes))[:MAP_POINTS])
    return Atlas(codes, labels, principal_axes(codes, MAX_DIRECTIONS), class_means(codes, labels), shown)


def atlas(ae) -> Atlas | None:
    """The model's encoded test set, once per model file; None when the test set is not available."""
    try:
        return _atlas(ae.path, _mtime(ae.path), ae.dataset, os.environ.get("AE_DATA_DIR", ""), ae)
    except DataNotFoundError:
        return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _manifold(path: str, mtime: float, span: float, resolution: int, _ae) -> tuple[np.ndarray, str]:
    grid = mosaic(_ae.decode(manifold_codes(span, resolution)), resolution)   # the whole grid in one call
    buffer = io.BytesIO()
    Image.fromarray(upscale(grid, 1)).save(buffer, format="PNG")
    return grid, "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def manifold_picture(ae, span: float, resolution: int) -> tuple[np.ndarray, str]:
    """The decoded grid over [-span, span]^2, and the same as one PNG data URI, cached per model and setting."""
    return _manifold(ae.path, _mtime(ae.path), span, resolution, ae)


def start_from(code: np.ndarray, axes: Axes) -> None:
    """Make ``code`` the walk's starting point."""
    code_editor.start_from(WALK, code, axes)


def _walk_axes(ae, found: Atlas | None) -> Axes:
    """A slider per dimension for small codes, else the test codes' main directions (how many: a slider)."""
    if ae.code_size <= UNIT_SLIDERS:
        return unit_axes(ae.code_size)
    most = min(MAX_DIRECTIONS, ae.code_size)
    count = st.slider("Directions to walk along", 2, most, min(6, most), key="vae:directions",
                      help="The directions in which the test set's codes spread most (PCA of the codes).")
    if found is None:
        st.caption("The main directions need the test set: these sliders move the first coordinates instead.")
        return unit_axes(ae.code_size, count)
    return found.axes.first(count)


def axis_labels(axes: Axes, unit: str = "z") -> list[str]:
    """A label per slider: the unit's name, or the direction with its share of the codes' spread."""
    return [f"{unit}{i + 1}" if axes.shares is None else f"Direction {i + 1} · {axes.shares[i]:.0%} of the spread"
            for i in range(axes.count)]


def _sync(ae, trial, axes: Axes) -> None:
    """Start from the input's code for a new input or model; keep the code when only the axes change."""
    origin = (ae.path, trial.clean.tobytes(), axes.count)
    previous = st.session_state.get(ORIGIN)
    if previous != origin or code_editor.base_key(WALK) not in st.session_state:
        same_input = previous is not None and previous[:2] == origin[:2] and CODE in st.session_state
        start_from(st.session_state[CODE] if same_input else trial.code, axes)
        st.session_state[ORIGIN] = origin
    st.session_state[AXES] = axes


def _mean_picked(means: np.ndarray, axes: Axes) -> None:
    k = st.session_state["vae:mean"]
    if k is not None:
        start_from(means[k], axes)
        st.session_state["vae:mean"] = None      # the pills act as buttons


def _add(direction: np.ndarray, axes: Axes) -> None:
    start_from(st.session_state[CODE] + direction, axes)


def starting_points(trial, found: Atlas | None, axes: Axes, names: list[str]) -> None:
    """Back to the input's code, a class's mean code, and 'add the direction from class a to class b'."""
    st.button("Back to the input's code", icon=":material/restart_alt:", key="vae:reset",
              on_click=start_from, args=(trial.code, axes))
    if found is None:
        st.caption("Class means need the test set, which is not available here.")
        return
    present = [k for k in range(len(names)) if not np.isnan(found.means[k]).any()]
    st.pills("Start from the mean code of a class", present, format_func=names.__getitem__, key="vae:mean",
             on_change=_mean_picked, args=(found.means, axes))
    a, b, c, d = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
    source = a.selectbox("Direction from class", present, format_func=names.__getitem__, key="vae:from")
    target = b.selectbox("to class", present, index=min(1, len(present) - 1), format_func=names.__getitem__,
                         key="vae:to")
    amount = c.slider("Amount", 0.25, 2.0, 1.0, 0.25, key="vae:amount")
    d.button("Add it", icon=":material/add:", key="vae:add", on_click=_add,
             args=(amount * (found.means[target] - found.means[source]), axes))


def _clicked(chart_key: str, found: Atlas, dataset: str, move: bool) -> None:
    """A click on a map: remember the digit under it (and, on the 2-D plane, walk there)."""
    points = st.session_state[chart_key].selection.points
    indices = [int(p["customdata"]) for p in points if p.get("customdata") is not None]
    if indices:
        st.session_state[PICKED] = (dataset, indices[0])
        if move:
            start_from(found.codes[indices[0]], st.session_state[AXES])


def picked_digit(ae, found: Atlas, names: list[str], walk_button: bool) -> None:
    """The test digit last clicked on a map, its reconstruction, and (``walk_button``) a way to walk from it."""
    dataset, index = st.session_state.get(PICKED, (None, None))
    if dataset != ae.dataset or index >= len(found.codes):
        st.caption("Click a point to see its digit.")
        return
    picture(loaders.test_split(ae.dataset)[0][index], f"Test #{index} · {names[found.labels[index]]}")
    picture(ae.decode(found.codes[index][None])[0], "Decoded from its code")
    if walk_button and st.button("Walk from here", icon=":material/near_me:", key="vae:walk_from",
                                 on_click=lambda: start_from(found.codes[index], st.session_state[AXES])):
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
    if code_editor.live_wanted() and _live_plane(ae, found, shown, uri, span, z, chart):
        return
    fig = code_map(found.codes[shown], found.labels[shown], shown, names, ("z1", "z2"), uri, span, here=z)
    with chart:
        st.plotly_chart(fig, key="vae:plane", selection_mode="points", config={"displayModeBar": False},
                        on_select=partial(_clicked, "vae:plane", found, ae.dataset, True))
    with digit:
        picked_digit(ae, found, names, walk_button=False)


def _live_plane(ae, found: Atlas, shown: np.ndarray, uri: str, span: float, z: np.ndarray, where) -> bool:
    """The plane in the browser: the point under the pointer decoded at every move, a click walks
    there. False when the browser cannot (the Plotly plane is drawn instead)."""
    models = code_editor.exported(ae)
    if models is None:
        return False
    with where:
        point = live_plane(PLANE, models[0], uri, span, found.codes[shown], found.labels[shown],
                           CLASS_COLOURS, position=z, caption="Under the pointer")
    if code_editor.browser_refused(PLANE):
        return False
    if point is not None and not np.allclose(point, z, atol=1e-4):
        start_from(np.array(point, np.float32), st.session_state[AXES])
        st.rerun(scope="fragment")      # the sliders above start from the point clicked
    return True


@st.fragment
def latent_walk(ae, trial, found: Atlas | None) -> None:
    """Sliders that move through the code; the decoded image redraws as they move."""
    names = CLASS_NAMES[ae.dataset]
    axes = _walk_axes(ae, found)
    _sync(ae, trial, axes)
    z = st.session_state[CODE] = edit_code(WALK, ae, axes, axis_labels(axes), DECODED)
    starting_points(trial, found, axes, names)
    if ae.code_size == 2 and found is not None:
        manifold(ae, found, z, names)


@st.fragment
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


@st.fragment
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
    if not (code_editor.live_wanted() and _live_walk(ae, codes, method, middle)):
        t = st.slider("Walk along the path", 0.0, 1.0, 0.5, 0.05, key="vae:along")
        with middle:
            picture(ae.decode(along(codes[0], codes[1], np.array([t]), method))[0], f"{t:.0%} of the way", width=168)
    for column, (image, caption) in ((first, start), (last, end)):
        with column:
            picture(image, caption, width=168)


def _live_walk(ae, codes: np.ndarray, method: str, where) -> bool:
    """The walk along the path in the browser; False when the browser cannot (a server slider instead)."""
    models = code_editor.exported(ae)
    if models is None:
        return False
    with where:
        live_path(ALONG, models[0], codes[0], codes[1], method, 0.5, label="Walk along the path",
                  caption="Along the path")
    return not code_editor.browser_refused(ALONG)


@st.fragment
def prior_samples(ae, rows: int = 3, columns: int = 8) -> None:
    """A grid of images decoded from random prior codes, with temperature and seed."""
    st.subheader("Sample from the prior", anchor=False)
    a, b, c = st.columns([3, 1, 1], vertical_alignment="bottom")
    temperature = a.slider("Temperature (spread of the prior)", 0.2, 2.0, 1.0, 0.1, key="vae:temperature",
                           help="Codes are drawn from N(0, temperature²): low is typical, high is adventurous.")
    seed = b.number_input("Seed", 0, 10**6, 0, key="vae:seed")
    c.button("New samples", icon=":material/casino:", key="vae:new_samples",
             on_click=lambda: st.session_state.update({"vae:seed": seed + 1}))
    grid = mosaic(ae.sample(rows * columns, seed=seed, temperature=temperature), columns)
    # Sent at 28 px a digit; the browser draws it three times larger with sharp pixels (ui.pictures).
    st.image(upscale(grid, 1), width=3 * grid.shape[1], output_format="PNG",
             caption=f"{rows * columns} samples · seed {seed} · temperature {temperature:g}",
             alt=f"{rows * columns} digits the {ae.kind} model generated from random codes, seed {seed}")
    picture_download(grid, f"{ae.kind}-{ae.dataset}-{ae.code_size}-samples-seed{seed}.png", key="vae:samples_png")
