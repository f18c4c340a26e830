"""A bare page with one live decoder, for the browser tests and benchmarks (not a page of the app).

``?scene=<name>`` (or ``LIVE_SCENE``) picks what it shows, from ``SCENES``: a shipped model's
decoder in axes, path or plane mode. The last released value is printed as
``released: <json>``. A radio swaps the base code (data that changes: the component resets).
Streamlit serves ``static/`` beside the script it runs, so run a staged copy
(``benchmarks.live_probe.stage_live_app``) with ``server.enableStaticServing`` on.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:   # run from a staged folder: the project is not on the path
    sys.path.insert(0, str(ROOT))

from ae_models.latent import manifold_codes, mosaic, unit_axes  # noqa: E402

SPAN = 3.0
COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac"]


@dataclass(frozen=True)
class Scene:
    """A shipped model and how the page drives its decoder."""

    model: str
    mode: str            # axes | path | plane
    axes: int = 2        # sliders in axes mode
    method: str = "spherical"


SCENES = {
    "vae2-axes": Scene("vae-mnist-2", "axes"),
    "vae16-axes": Scene("vae-mnist-16", "axes", axes=4),
    "conv32-axes": Scene("conv-mnist-32", "axes", axes=4),
    "vae16-path": Scene("vae-mnist-16", "path"),
    "vae2-plane": Scene("vae-mnist-2", "plane"),
}


def base_code(code_size: int, variant: str = "A") -> np.ndarray:
    """A fixed starting code per code size (and variant): the tests decode the same one."""
    rng = np.random.default_rng(code_size + (0 if variant == "A" else 1000))
    return (rng.standard_normal(code_size) * 0.6).astype(np.float32)


def path_ends(code_size: int) -> tuple[np.ndarray, np.ndarray]:
    """The two codes the path mode runs between."""
    rng = np.random.default_rng(7 * code_size)
    return rng.standard_normal(code_size).astype(np.float32), rng.standard_normal(code_size).astype(np.float32)


def made_up_points(n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Made-up dots for the plane (the page needs no dataset)."""
    rng = np.random.default_rng(3)
    return (rng.standard_normal((n, 2)) * 1.2).clip(-SPAN, SPAN), rng.integers(0, 10, n)


def main() -> None:
    import streamlit as st

    from ae_models.store import list_models, load
    from ui.live_decoder import live_axes, live_model, live_path, live_plane, png_data_url, unavailable_reason

    @st.cache_resource
    def model(name: str):
        return load(next(e for e in list_models(source="shipped") if e.name == name))

    name = st.query_params.get("scene", os.environ.get("LIVE_SCENE", "vae2-axes"))
    scene = SCENES[name]
    ae = model(scene.model)
    live = live_model(ae)
    variant = st.radio("Base code", ["A", "B"], horizontal=True)
    if scene.mode == "axes":
        axes = unit_axes(ae.code_size, scene.axes)
        value = live_axes("live", live, base_code(ae.code_size, variant), axes,
                          [f"z{k + 1}" for k in range(scene.axes)], caption=scene.model)
    elif scene.mode == "path":
        a, b = path_ends(ae.code_size)
        value = live_path("live", live, a, b, scene.method, caption=scene.model)
    else:
        codes = manifold_codes(SPAN, 12)
        manifold = png_data_url(mosaic(ae.decode(codes), 12))
        points, classes = made_up_points()
        value = live_plane("live", live, manifold, SPAN, points, classes, COLOURS,
                           position=base_code(2, variant), caption=scene.model)
    st.text(f"released: {json.dumps(value)}")
    st.text(f"unavailable: {unavailable_reason('live')}")


if __name__ == "__main__":
    main()
