"""The Variational page: latent sliders and starting points, maps of the codes, the 2-D manifold,
interpolation, prior samples, what is missing, and VAE training with the loss split."""
import json

import pytest
from page_driver import (
    assert_no_exception,
    empty_weights,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)

DECODED = "Decoded from these coordinates"
SAMPLES = "24 samples"


def latent_sliders(at) -> dict[str, float]:
    """The latent sliders' keys and values."""
    return {s.key: s.value for s in at.slider if s.key.startswith("vae:z")}


def charts(at) -> list[dict]:
    """Every plotly figure on the page, as its spec."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def plane(at) -> dict:
    """The figure of the 2-D manifold (the one with a picture behind its points)."""
    return next(fig for fig in charts(at) if fig["layout"].get("images"))


def caption_texts(at) -> str:
    return "\n".join(c.value for c in at.caption)


def open_2d(dataset: str = "mnist"):
    at = open_page("variational", dataset)
    at.select_slider(key=f"code_size:vae:{dataset}").set_value(2).run()
    assert_no_exception(at)
    return at


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_page_shows_a_reconstruction_a_decoded_point_a_code_map_an_interpolation_and_samples(dataset):
    at = open_page("variational", dataset)
    assert at.title[0].value == "Variational autoencoder"
    for caption in ("Reconstruction", DECODED, "50% of the way", SAMPLES):
        assert picture(at, caption)
    assert len(charts(at)) >= 2       # the quality curve and the map of the test codes
    names = ["0", "1"] if dataset == "mnist" else ["T-shirt/top", "Trouser"]
    assert set(names) <= set(at.pills(key="vae:mean").options)


def test_large_codes_get_a_slider_per_main_direction_and_a_control_for_how_many():
    at = open_page("variational")
    assert sorted(latent_sliders(at)) == [f"vae:z{i}" for i in range(6)]
    assert at.slider(key="vae:z0").label.startswith("Direction 1 · ")
    at.slider(key="vae:directions").set_value(3).run()
    assert sorted(latent_sliders(at)) == ["vae:z0", "vae:z1", "vae:z2"]
    assert_no_exception(at)


def test_each_direction_slider_redraws_the_decoded_digit():
    at = open_page("variational")
    for i in range(6):
        slider = at.slider(key=f"vae:z{i}")
        assert moves_picture(at, slider, 3.0 if slider.value < 0 else -3.0, DECODED), f"direction {i + 1}"


def test_small_codes_get_one_slider_per_dimension_that_redraws_the_digit():
    at = open_2d()
    assert sorted(latent_sliders(at)) == ["vae:z0", "vae:z1"]
    assert at.slider(key="vae:z0").label == "z1"
    assert moves_picture(at, at.slider(key="vae:z1"), 2.5, DECODED)


def test_back_to_the_input_button_resets_the_sliders_to_the_input_code():
    at = open_page("variational")
    start = latent_sliders(at)
    at.slider(key="vae:z0").set_value(2.9).run()
    assert latent_sliders(at) != start
    at.button(key="vae:reset").click().run()
    assert latent_sliders(at) == start


def test_a_class_mean_is_a_starting_point_for_the_sliders():
    at = open_page("variational")
    before, digit = latent_sliders(at), picture(at, DECODED)
    at.pills(key="vae:mean").set_value(3).run()
    assert_no_exception(at)
    assert latent_sliders(at) != before and picture(at, DECODED) != digit
    assert at.pills(key="vae:mean").value is None      # acts as a button: click the same class again


def test_adding_the_direction_from_one_class_to_another_moves_the_code():
    at = open_page("variational")
    at.selectbox(key="vae:from").set_value(1)
    at.selectbox(key="vae:to").set_value(7)
    at.slider(key="vae:amount").set_value(2.0).run()
    before, digit = latent_sliders(at), picture(at, DECODED)
    at.button(key="vae:add").click().run()
    assert_no_exception(at)
    assert latent_sliders(at) != before and picture(at, DECODED) != digit


def test_clicked_test_code_shows_its_digit_and_walking_from_it_moves_the_sliders():
    at = open_page("variational")
    assert "Click a point to see its digit." in caption_texts(at)
    at.session_state["vae:picked"] = ("mnist", 5)      # what a click on the map stores
    at.run()
    assert picture(at, "Test #5 · ") and picture(at, "Decoded from its code")
    before = latent_sliders(at)
    at.button(key="vae:walk_from").click().run()
    assert_no_exception(at)
    assert latent_sliders(at) != before


def test_2d_manifold_is_one_picture_under_the_test_codes_and_the_slider_marker():
    at = open_2d()
    fig = plane(at)
    assert len(fig["layout"]["images"]) == 1 and fig["layout"]["images"][0]["source"].startswith("data:image/png")
    marker = next(t for t in fig["data"] if t["name"] == "the sliders")
    at.slider(key="vae:z0").set_value(1.5).run()
    moved = next(t for t in plane(at)["data"] if t["name"] == "the sliders")
    assert moved["x"] == [1.5] and marker["x"] != moved["x"]
    classes = [t for t in fig["data"] if t["name"] != "the sliders"]
    assert classes and all("customdata" in t for t in classes)


def test_manifold_range_resolution_and_dots_controls_redraw_it():
    at = open_2d()
    first = plane(at)
    at.slider(key="vae:resolution").set_value(8).run()
    finer = plane(at)
    assert finer["layout"]["images"][0]["source"] != first["layout"]["images"][0]["source"]
    at.slider(key="vae:span").set_value(1.5).run()
    assert plane(at)["layout"]["xaxis"]["range"] == [-1.5, 1.5]
    at.toggle(key="vae:dots").set_value(False).run()
    assert [t["name"] for t in plane(at)["data"]] == ["the sliders"]
    assert_no_exception(at)


def test_fashion_2d_manifold_names_its_classes(tiny_weights_dir, tmp_path, monkeypatch):
    import shutil

    from conftest import save_untrained
    folder = tmp_path / "weights"
    shutil.copytree(tiny_weights_dir, folder)
    save_untrained(folder, "vae", "fashion_mnist", 2)
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(folder))
    fig = plane(open_2d("fashion_mnist"))
    assert {"T-shirt/top", "Trouser", "the sliders"} <= {t["name"] for t in fig["data"]}


def test_manifold_note_says_which_code_size_has_it_or_that_none_exists():
    assert "set the code size above to 2" in messages(open_page("variational"))
    assert "there is none for Fashion-MNIST yet" in messages(open_page("variational", "fashion_mnist"))


def test_missing_shipped_sizes_are_named():
    assert "Not in `weights/` yet for MNIST: code sizes 4, 8, 16, 64." in caption_texts(open_page("variational"))


def walked(at) -> tuple[str, str]:
    """The interpolation's walked point: its image URL and caption."""
    return next((url, text) for e in at.image for url, text in zip(e.value, e.captions) if text.endswith("of the way"))


def strip_length(at) -> int:
    """How many images the interpolation strip holds."""
    return len(next(e for e in at.image if e.captions[0] == "0%").value)


def test_interpolation_controls_change_the_strip_and_the_walked_point():
    at = open_page("variational")
    assert strip_length(at) == 9
    at.slider(key="vae:steps").set_value(5).run()
    assert strip_length(at) == 5
    middle = walked(at)
    at.slider(key="vae:along").set_value(0.25).run()
    assert walked(at)[1] == "25% of the way" and walked(at)[0] != middle[0]
    quarter = walked(at)
    at.segmented_control(key="vae:method").set_value("spherical").run()
    assert walked(at)[0] != quarter[0]
    at.number_input(key="vae:To:index").set_value(9).run()
    assert_no_exception(at)
    assert picture(at, "test #9 · ")


def test_interpolation_can_start_from_the_sidebar_input():
    at = open_page("variational")
    at.number_input(key="sample_index").set_value(7).run()
    at.segmented_control(key="vae:From:source").set_value("Sidebar input").run()
    assert_no_exception(at)
    assert picture(at, "test #7 · ")


def test_temperature_seed_and_new_samples_change_the_samples():
    at = open_page("variational")
    assert moves_picture(at, at.slider(key="vae:temperature"), 2.0, SAMPLES)
    assert moves_picture(at, at.number_input(key="vae:seed"), 5, SAMPLES)
    before = picture(at, SAMPLES)
    at.button(key="vae:new_samples").click().run()
    assert at.number_input(key="vae:seed").value == 6 and picture(at, SAMPLES) != before


def test_noise_slider_changes_the_reconstruction():
    at = open_page("variational")
    assert moves_picture(at, at.slider(key="vae:noise_level"), 0.5)


def test_training_knobs_include_code_size_beta_and_warm_up():
    at = open_page("variational")
    assert at.select_slider(key="train:vae:code").value == 32
    assert at.select_slider(key="train:vae:beta").value == 1.0
    assert at.number_input(key="train:vae:warmup_epochs").value == 0


def test_one_epoch_training_plots_the_loss_split_and_becomes_selectable():
    at = open_page("variational")
    at.select_slider(key="train:vae:beta").set_value(0.5)
    at = train_from_panel(at, "vae")
    assert at.selectbox(key="weights:vae:mnist").value.startswith("vae-mnist-32-")
    names = {trace.get("name") for fig in charts(at) for trace in fig["data"]}
    assert {"reconstruction", "kl", "validation reconstruction", "validation kl"} <= names


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    assert "No pretrained Variational model for MNIST yet" in messages(open_page("variational"))
