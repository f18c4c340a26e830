"""The Variational page (basic): code size, latent sliders that redraw a digit, random samples."""
import pytest
from page_driver import (
    empty_weights,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    pictures,
    train_from_panel,
)

DECODED = "Decoded from these coordinates"


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_page_shows_a_reconstruction_a_decoded_point_and_samples(dataset):
    at = open_page("variational", dataset)
    assert at.title[0].value == "Variational autoencoder"
    assert picture(at, "Reconstruction") and picture(at, DECODED)
    assert len(pictures(at)) >= 3 + 8


def test_code_size_slider_changes_the_reconstruction_and_the_latent_sliders():
    at = open_page("variational")
    assert [s.key for s in at.slider if s.key.startswith("vae:z")] == ["vae:z0", "vae:z1", "vae:z2", "vae:z3"]
    assert moves_picture(at, at.select_slider(key="code_size:vae:mnist"), 2)
    assert [s.key for s in at.slider if s.key.startswith("vae:z")] == ["vae:z0", "vae:z1"]


def test_each_latent_slider_redraws_the_decoded_digit():
    at = open_page("variational")
    for dim in range(4):
        slider = at.slider(key=f"vae:z{dim}")
        assert moves_picture(at, slider, 3.0 if slider.value < 0 else -3.0, DECODED), f"z{dim + 1}"


def test_temperature_slider_and_new_samples_button_change_the_samples():
    at = open_page("variational")
    samples = pictures(at)[-8:]
    at.slider(key="vae:temperature").set_value(2.0).run()
    hotter = pictures(at)[-8:]
    assert hotter != samples
    at.button[[b.label for b in at.button].index("New samples")].click().run()
    assert pictures(at)[-8:] != hotter


def test_noise_slider_changes_the_reconstruction():
    at = open_page("variational")
    assert moves_picture(at, at.slider(key="vae:noise_level"), 0.5)


def test_one_epoch_training_becomes_selectable():
    at = train_from_panel(open_page("variational"), "vae")
    assert at.selectbox(key="weights:vae:mnist").value.startswith("vae-mnist-32-")


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    assert "No pretrained Variational model for MNIST yet" in messages(open_page("variational"))
