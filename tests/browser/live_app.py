"""A bare page with one live decoder, for the browser tests and benchmarks (not a page of the app).

``?scene=<name>`` (or ``LIVE_SCENE``) picks what it shows, from ``SCENES``: a shipped model's
decoder in axes, path or plane mode, its encoder and decoder under a noise level slider, or
several kinds side by side under one (compare). The last released value is printed as
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
    """A shipped model (several for compare) and how the page drives it."""

    model: str
    mode: str            # axes | path | plane | noise | compare
    axes: int = 2        # sliders in axes mode
    method: str = "spherical"
    noise: str = "gaussian"     # noise and compare modes: the noise kind and starting level
    level: float = 0.3
    models: tuple[str, ...] = ()   # compare mode: one model per kind, in page order


SCENES = {
    "vae2-axes": Scene("vae-mnist-2", "axes"),
    "vae16-axes": Scene("vae-mnist-16", "axes", axes=4),
    "conv32-axes": Scene("conv-mnist-32", "axes", axes=4),
    "vae16-path": Scene("vae-mnist-16", "path"),
    "vae2-plane": Scene("vae-mnist-2", "plane"),
    "noise-gaussian": Scene("denoising-mnist-32", "noise", noise="gaussian"),
    "noise-masking": Scene("vae-mnist-16", "noise", noise="masking"),
    "noise-salt_pepper": Scene("cvae-mnist-8", "noise", noise="salt_pepper"),
    "compare": Scene("", "compare", noise="gaussian", level=0.2,
                     models=("pca-mnist-32", "sparse-mnist-32", "lstm-mnist-32", "vae-mnist-32", "cvae-mnist-8")),
}
NOISE_SEED = 0
SAMPLE = 0   # the embedded MNIST test image the noise scenes corrupt (a 7)


def sample_image(index: int = SAMPLE) -> np.ndarray:
    """One MNIST test image in [0, 1], from the copy embedded in the library (no dataset needed)."""
    from ae_models.data import embedded_path
    with np.load(embedded_path("mnist")) as f:
        return f["x_test"][index].astype(np.float32) / 255.0


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
    from ui.live import unavailable_reason

    @st.cache_resource
    def model(name: str):
        return load(next(e for e in list_models(source="shipped") if e.name == name))

    name = st.query_params.get("scene", os.environ.get("LIVE_SCENE", "vae2-axes"))
    scene = SCENES[name]
    if scene.mode == "compare":
        value = show_compare(scene, [model(n) for n in scene.models])
    elif scene.mode == "noise":
        value = show_noise(scene, model(scene.model))
    else:
        value = show_decoder(scene, model(scene.model))
    st.text(f"released: {json.dumps(value)}")
    st.text(f"unavailable: {unavailable_reason('live')}")


def png_data_url(image: np.ndarray) -> str:
    """A greyscale picture with values in [0, 1] as a PNG data URL (the plane's manifold)."""
    import base64
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def show_decoder(scene: Scene, ae):
    """The decoder in axes, path or plane mode (a radio swaps the base code)."""
    import streamlit as st

    from ui.live import AxesView, PathView, PlaneView, live_model, mount
    live = live_model(ae)
    variant = st.radio("Base code", ["A", "B"], horizontal=True)
    if scene.mode == "axes":
        return mount(AxesView(key="live", decoder=live, base=base_code(ae.code_size, variant),
                              axes=unit_axes(ae.code_size, scene.axes),
                              labels=tuple(f"z{k + 1}" for k in range(scene.axes)), caption=scene.model))
    if scene.mode == "path":
        a, b = path_ends(ae.code_size)
        return mount(PathView(key="live", decoder=live, a=a, b=b, method=scene.method, caption=scene.model))
    codes = manifold_codes(SPAN, 12)
    points, classes = made_up_points()
    return mount(PlaneView(key="live", decoder=live, manifold=png_data_url(mosaic(ae.decode(codes), 12)), span=SPAN,
                           points=points, classes=classes, colours=tuple(COLOURS),
                           position=tuple(base_code(2, variant)), caption=scene.model))


def show_noise(scene: Scene, ae):
    """The model's encoder and decoder under a noise level slider, over the sample image."""
    from ui.live import NoiseView, live_model, mount
    image = sample_image()
    return mount(NoiseView(key="live", encoder=live_model(ae, "encoder"), decoder=live_model(ae, "decoder"),
                           image=image, noise_kind=scene.noise, level=scene.level, seed=NOISE_SEED,
                           label=ae.read_label(image)))


def show_compare(scene: Scene, models: list):
    """Every model side by side under one noise level slider, over the sample image."""
    from ae_models.registry import BY_NAME
    from ui.live import CompareView, LiveKind, live_model, mount
    image = sample_image()
    kinds = tuple(LiveKind(BY_NAME[ae.kind].title, BY_NAME[ae.kind].colour, live_model(ae, "encoder"),
                           live_model(ae, "decoder"), ae.read_label(image)) for ae in models)
    return mount(CompareView(key="live", kinds=kinds, image=image, noise_kind=scene.noise, level=scene.level,
                             seed=NOISE_SEED))


if __name__ == "__main__":
    main()
