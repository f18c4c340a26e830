"""The live decoder in a real browser: a move repaints from the model running in the page, pixel for
pixel what the library decodes (and, for the noise views, corrupts, encodes and measures), sends
nothing to the server until release, and the released position comes back to Python. One server
for ``live_app.py`` and one page serve every test."""
from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pytest
from browser_driver import ROOT, browser, frames, free_port, start_server, stop_server, wait_for_frames, wait_idle  # noqa: F401 (fixtures)
from browser_driver import canvas_pixels as pixels
from live_app import NOISE_SEED, SCENES, SPAN, base_code, path_ends, sample_image

from ae_models import metrics
from ae_models.images import corrupt_with, noise_fields
from ae_models.latent import along, unit_axes
from ae_models.registry import BY_NAME
from benchmarks.live_probe import CANVAS, STATIC_ENV, stage_live_app

GREY_TOLERANCE = 2   # of 255: the browser's float32 maths against TensorFlow's
BCE_TOLERANCE = 1e-4
RUNTIME = ROOT / "static" / "ort" / "ort-wasm-simd-threaded.wasm"


@dataclass
class Live:
    """The shared page, the server's URL and the websocket frames the page sent."""

    page: object
    url: str
    sent: list = field(default_factory=list)


@pytest.fixture(scope="module")
def live(browser, tmp_path_factory):
    """One server for the live test page (static serving on) and one browser page on it."""
    if not RUNTIME.is_file():
        pytest.skip("ONNX Runtime Web is not built: npm --prefix ui/live_component ci && "
                    "npm --prefix ui/live_component run build")
    load_models_meanwhile()
    script = stage_live_app(tmp_path_factory.mktemp("live") / "app")
    env = {**os.environ, **STATIC_ENV, "AE_USER_DIR": str(tmp_path_factory.mktemp("live_user"))}
    port = free_port()
    server = start_server(script, env, port)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    shared = Live(page, f"http://127.0.0.1:{port}")
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: shared.sent.append(frame)))
    yield shared
    context.close()
    stop_server(server)


MODELS = ("vae-mnist-2", "vae-mnist-16", "denoising-mnist-32", "cvae-mnist-8", *SCENES["compare"].models)
_loading: dict = {}


def load_models_meanwhile() -> None:
    """Load the models the tests decode with in a thread, while the server starts and the page loads."""
    from ae_models.store import list_models, load
    pool = ThreadPoolExecutor(1)
    for name in MODELS:
        _loading[name] = pool.submit(lambda n: load(next(e for e in list_models(source="shipped") if e.name == n)),
                                     name)
    pool.shutdown(wait=False)


def model(name: str):
    return _loading[name].result()


def open_scene(live: Live, scene: str):
    """Show a scene of live_app.py; the (first) canvas once the view has painted."""
    live.page.goto(f"{live.url}/?scene={scene}")
    wait_idle(live.page)
    canvas = live.page.locator(CANVAS).first
    wait_for_frames(canvas, 1)
    return canvas


def press(canvas, key: str, down_only: bool = False) -> None:
    """Press ``key`` on whatever has the focus and wait for the paint it causes."""
    before = frames(canvas)
    keyboard = canvas.page.keyboard
    keyboard.down(key) if down_only else keyboard.press(key)
    wait_for_frames(canvas, before + 1)


def decoded(name: str, code: np.ndarray) -> np.ndarray:
    """What the library decodes from ``code``, as the canvas' grey values."""
    return np.round(model(name).decode(np.asarray(code)[None])[0] * 255).astype(np.int16)


def grey(image: np.ndarray) -> np.ndarray:
    """Pixels in [0, 1] as the canvas' grey values."""
    return np.round(np.clip(image, 0, 1) * 255).astype(np.int16)


def slider_values(live: Live) -> list[float]:
    return [float(v) for v in live.page.locator("input[type=range]").evaluate_all("els => els.map(e => e.value)")]


def released(live: Live):
    """The value Python last received, as the page prints it."""
    text = live.page.get_by_text(re.compile(r"^released: ")).inner_text()
    return json.loads(text.removeprefix("released: "))


def test_an_arrow_key_repaints_what_the_library_decodes(live):
    canvas = open_scene(live, "vae2-axes")
    first = pixels(canvas)
    assert np.abs(first - decoded("vae-mnist-2", base_code(2))).max() <= GREY_TOLERANCE
    live.page.locator("input[type=range]").first.focus()
    press(canvas, "ArrowRight")
    moved = pixels(canvas)
    assert np.abs(moved - first).max() > 0
    code = unit_axes(2, 2).move(base_code(2), slider_values(live))
    assert np.abs(moved - decoded("vae-mnist-2", code)).max() <= GREY_TOLERANCE


def test_moves_send_nothing_until_release_which_reruns_once_and_keeps_the_sliders(live):
    canvas = open_scene(live, "vae16-axes")
    live.page.locator("input[type=range]").nth(1).focus()
    live.sent.clear()
    for _ in range(10):   # a held key: ten moves, ten paints
        press(canvas, "ArrowRight", down_only=True)
    assert live.sent == []
    live.page.keyboard.up("ArrowRight")
    live.page.get_by_text(re.compile(r"^released: \[")).wait_for()
    wait_idle(live.page)
    assert len(live.sent) == 1
    positions = slider_values(live)
    assert released(live) == pytest.approx(positions)
    assert positions[1] == pytest.approx(round(float(base_code(16)[1]) / 0.05) * 0.05 + 10 * 0.05)
    assert frames(canvas) >= 11   # the rerun left the component as it was: same canvas, same sliders


def test_new_data_resets_the_sliders_and_forgets_the_old_release(live):
    canvas = open_scene(live, "vae2-axes")
    live.page.locator("input[type=range]").first.focus()
    press(canvas, "ArrowRight")
    live.page.get_by_text(re.compile(r"^released: \[")).wait_for()
    live.page.get_by_text("B", exact=True).click()   # another base code: the component's data changes
    live.page.get_by_text("released: null").wait_for()   # the release was for the old data
    wait_idle(live.page)
    wait_for_frames(live.page.locator(CANVAS), 1)
    assert slider_values(live) == pytest.approx([round(float(v) / 0.05) * 0.05 for v in base_code(2, "B")])


def test_the_spherical_path_matches_the_library(live):
    canvas = open_scene(live, "vae16-path")
    a, b = path_ends(16)
    assert np.abs(pixels(canvas) - decoded("vae-mnist-16", along(a, b, [0.5], "spherical")[0])).max() \
        <= GREY_TOLERANCE
    live.page.locator("input[type=range]").focus()
    for _ in range(15):
        press(canvas, "ArrowRight")
    (t,) = slider_values(live)
    assert t == pytest.approx(0.65)
    expected = decoded("vae-mnist-16", along(a, b, [t], "spherical")[0])
    assert np.abs(pixels(canvas) - expected).max() <= GREY_TOLERANCE


def test_the_plane_decodes_under_the_pointer_and_a_click_chooses_the_point(live):
    canvas = open_scene(live, "vae2-plane")
    plane = live.page.locator(".plane")
    box = plane.evaluate("p => { const r = p.getBoundingClientRect(); return [r.left, r.top, r.width]; }")
    left, top, width = box
    x, y = round(left + 0.8 * width), round(top + 0.25 * width)   # whole pixels: no rounding by the browser
    before = pixels(canvas)
    count = frames(canvas)
    live.page.mouse.move(x, y)
    wait_for_frames(canvas, count + 1)
    point = [SPAN * (2 * (x - left) / width - 1), SPAN * (1 - 2 * (y - top) / width)]
    hovered = pixels(canvas)
    assert np.abs(hovered - before).max() > 0
    assert np.abs(hovered - decoded("vae-mnist-2", np.array(point, np.float32))).max() <= GREY_TOLERANCE
    live.page.mouse.down()
    live.page.mouse.up()
    live.page.get_by_text(re.compile(r"^released: \[")).wait_for()
    assert released(live) == pytest.approx(point, abs=1e-6)


def test_without_the_runtime_the_component_says_so_and_python_hears_why(live, browser):
    context = browser.new_context()   # its own cache and routes: the shared page keeps its runtime
    try:
        page = context.new_page()
        page.route("**/ort-wasm-simd-threaded.wasm*", lambda route: route.abort())
        page.goto(f"{live.url}/?scene=vae2-axes")
        page.get_by_text(re.compile(r"^unavailable: .*runtime could not start")).wait_for(timeout=30_000)
        assert "Live preview unavailable" in page.locator(".live .status").inner_text()
    finally:
        context.close()


# ---- noise: the kind pages' "Try it" and Compare ------------------------------------------------

def noisy(kind: str, level: float) -> np.ndarray:
    """The sample image corrupted as the library corrupts it."""
    image = sample_image()
    return corrupt_with(image, kind, level, *noise_fields(image.shape, NOISE_SEED))


def code_bar_values(live: Live) -> list[float]:
    """The code as the bars' hover texts say it ('unit 3: -0.125')."""
    return [float(t.split(": ")[1]) for t in live.page.locator(".bar").evaluate_all("els => els.map(e => e.title)")]


@pytest.mark.parametrize("scene", ["noise-gaussian", "noise-masking", "noise-salt_pepper"])
def test_a_noise_move_repaints_the_input_reconstruction_and_code_as_the_library_makes_them(live, scene):
    first = open_scene(live, scene)
    kind, ae, clean = SCENES[scene].noise, model(SCENES[scene].model), sample_image()
    label = ae.read_label(clean)
    slider = live.page.locator("input[type=range]")
    slider.focus()
    live.sent.clear()
    painted = {}
    for _ in range(2):
        press(first, "ArrowRight", down_only=True)
        painted[float(slider.input_value())] = [pixels(c) for c in live.page.locator(CANVAS).all()]
    assert live.sent == []
    for level, (seen, output, original) in painted.items():
        expected = noisy(kind, level)
        reconstruction = ae.decode(ae.encode(expected, label), label)[0]
        assert np.abs(seen - grey(expected)).max() <= 1, f"corrupted input at {level}"
        assert np.abs(output - grey(reconstruction)).max() <= GREY_TOLERANCE, f"reconstruction at {level}"
        assert np.array_equal(original, grey(clean))
    first_seen, last_seen = [seen for seen, _, _ in painted.values()]
    assert not np.array_equal(first_seen, last_seen)
    level = max(painted)
    code = ae.encode(noisy(kind, level), label)[0]
    assert code_bar_values(live) == pytest.approx(code, abs=2e-3)
    bce = metrics.bce(clean, ae.decode(code[None], label))[0]
    assert float(live.page.locator(CANVAS).nth(1).get_attribute("data-bce")) == pytest.approx(bce, abs=BCE_TOLERANCE)
    live.page.keyboard.up("ArrowRight")
    live.page.get_by_text(re.compile(r"^released: \d")).wait_for()
    assert released(live) == pytest.approx(level) and len(live.sent) == 1


def test_compare_redraws_every_kind_with_the_servers_pixels_and_bce_and_sends_nothing_until_release(live):
    first = open_scene(live, "compare")
    scene = SCENES["compare"]
    clean, models = sample_image(), [model(name) for name in scene.models]
    labels = [ae.read_label(clean) for ae in models]
    slider = live.page.locator("input[type=range]")
    slider.focus()
    live.sent.clear()
    for _ in range(3):
        press(first, "ArrowRight", down_only=True)
    assert live.sent == []
    level = float(slider.input_value())
    assert level == pytest.approx(scene.level + 3 * 0.05)
    seen = noisy(scene.noise, level)
    canvases = live.page.locator(CANVAS).all()
    assert len(canvases) == 1 + len(models)
    assert np.abs(pixels(canvases[0]) - grey(seen)).max() <= 1
    errors = []
    for canvas, ae, label in zip(canvases[1:], models, labels):
        output = ae.reconstruct(seen, label)[0]   # what the server path shows
        assert np.abs(pixels(canvas) - grey(output)).max() <= GREY_TOLERANCE, ae.kind
        errors.append(float(metrics.bce(clean, output)[0]))
        assert float(canvas.get_attribute("data-bce")) == pytest.approx(errors[-1], abs=BCE_TOLERANCE), ae.kind
    best = live.page.locator(".digit .caption").filter(has_text="★ best")
    assert best.count() == 1 and best.inner_text().startswith(BY_NAME[models[int(np.argmin(errors))].kind].title)
    assert len(live.page.locator(".bar").all()) == len(models)
    live.page.keyboard.up("ArrowRight")
    live.page.get_by_text(re.compile(r"^released: \d")).wait_for()
    assert released(live) == pytest.approx(level) and len(live.sent) == 1
