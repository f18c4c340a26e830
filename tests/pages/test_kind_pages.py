"""What every kind page shares, checked on each: a pretrained reconstruction on each dataset, the
noise slider and (where there is one) the code-size slider moving the picture, the code as bars,
and a plain message (not a crash) when no weights exist. Page-specific behaviour is in test_<page>.py."""
import pytest
from page_driver import (
    KIND_PAGES,
    bar_tips,
    empty_weights,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
)

from ae_models.registry import BY_NAME

CODE_SLIDERS = ["dense", "deep", "conv", "vae", "cvae"]      # the pages with a code-size slider


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
@pytest.mark.parametrize("kind", list(KIND_PAGES))
def test_page_shows_a_pretrained_reconstruction_and_its_layers_on_each_dataset(kind, dataset):
    at = open_page(KIND_PAGES[kind], dataset)
    assert at.title[0].value == f"{BY_NAME[kind].title} autoencoder"
    assert picture(at, "Reconstruction") and at.dataframe, "the reconstruction or the layer table is missing"


@pytest.mark.parametrize("kind", [k for k in KIND_PAGES if k != "denoising"])   # its own test goes further
def test_noise_slider_corrupts_the_input_and_changes_the_reconstruction(kind):
    at = open_page(KIND_PAGES[kind])
    assert moves_picture(at, at.slider(key=f"{kind}:noise_level"), 0.6)
    assert picture(at, "Corrupted input")


@pytest.mark.parametrize("kind", CODE_SLIDERS)
def test_code_size_slider_switches_the_model_and_changes_the_reconstruction(kind):
    at = open_page(KIND_PAGES[kind])
    slider = at.select_slider(key=f"code_size:{kind}:mnist")
    assert slider.options == ["2", "32"] and slider.value == 32
    assert moves_picture(at, slider, 2)
    assert at.metric[0].value == "392.0×"


@pytest.mark.parametrize("kind", list(KIND_PAGES))
def test_missing_weights_say_how_to_get_them(kind, monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    at = open_page(KIND_PAGES[kind])
    assert f"No pretrained {BY_NAME[kind].title} model for MNIST yet" in messages(at)
    assert "python -m ae_models train-all" in messages(at)
    assert at.expander, "the training panel should still be there"


@pytest.mark.parametrize("code_size", [2, 32])
def test_the_code_is_drawn_as_one_bar_per_unit_that_follows_the_input(code_size):
    at = open_page("deep")
    at.select_slider(key="code_size:deep:mnist").set_value(code_size).run()
    bars = [t for t in bar_tips(at) if t.startswith("unit ")]
    assert [t.split(":")[0] for t in bars] == [f"unit {i}" for i in range(code_size)]
    at.number_input(key="sample_index").set_value(3).run()
    assert [t for t in bar_tips(at) if t.startswith("unit ")] != bars


@pytest.mark.parametrize("kind", ["dense", "conv", "lstm"])
def test_editing_a_unit_of_the_code_redraws_and_back_returns_to_the_input(kind):
    at = open_page(KIND_PAGES[kind])
    edited = "Decoded from the edited code"
    start = picture(at, edited)
    assert moves_picture(at, at.slider(key=f"edit:{kind}:z3"), 2.5, edited)
    at.button(key=f"edit:{kind}:reset").click().run()
    assert picture(at, edited) == start


def test_a_large_code_is_edited_along_its_main_directions():
    at = open_page("convolutional")
    labels = [s.label for s in at.slider if s.key.startswith("edit:conv:z")]
    assert len(labels) == 8 and labels[0].startswith("Direction 1 · ")


@pytest.mark.parametrize("page", ["simple", "variational", "conditional"])
def test_with_live_drawing_the_page_runs_and_the_server_sliders_give_way(page):
    at = open_page(page, live=True)
    keys = {"simple": "edit:dense:z0", "variational": "vae:z0", "conditional": "cvae:style:z0"}
    assert keys[page] not in [s.key for s in at.slider]


@pytest.mark.parametrize("kind", ["dense", "denoising", "cvae"])
def test_with_live_drawing_the_noise_level_slider_is_the_browsers_and_the_figures_are_for_the_kept_level(kind):
    at = open_page(KIND_PAGES[kind], live=True)
    assert f"{kind}:noise_level" not in [s.key for s in at.slider]
    assert at.selectbox(key=f"{kind}:noise_kind").value == "gaussian"
    figures = [(m.label, m.value, m.delta) for m in at.metric if m.label in ("BCE", "MSE", "SSIM", "PSNR")]
    at.session_state[f"{kind}:noise_level"] = 0.9    # as the component's release leaves it
    at.run()
    assert [(m.label, m.value, m.delta) for m in at.metric if m.label in ("BCE", "MSE", "SSIM", "PSNR")] != figures
    assert any("where you let it go (0.90)" in c.value for c in at.caption)


def test_when_the_browser_cannot_run_models_the_server_sliders_come_back():
    at = open_page("simple", live=True)
    at.session_state["live:unavailable"] = "no WebAssembly"
    at.run()
    assert {"edit:dense:z0", "dense:noise_level"} <= {s.key for s in at.slider}
    assert any("cannot run the models (no WebAssembly)" in c.value for c in at.sidebar.caption)
