"""The Deep page: stacked layers, the code-size slider, tied weights as a training knob."""
import pytest
from page_driver import (
    empty_weights,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_page_shows_a_pretrained_reconstruction_on_each_dataset(dataset):
    at = open_page("deep", dataset)
    assert at.title[0].value == "Deep autoencoder"
    assert picture(at, "Reconstruction")


def test_code_size_slider_changes_the_reconstruction():
    at = open_page("deep")
    assert moves_picture(at, at.select_slider(key="code_size:deep:mnist"), 2)


def test_noise_slider_changes_the_reconstruction():
    at = open_page("deep")
    assert moves_picture(at, at.slider(key="deep:noise_level"), 0.4)


def test_one_epoch_training_with_tied_weights_becomes_selectable():
    at = open_page("deep")
    at.checkbox(key="train:deep:tied").check()
    at = train_from_panel(at, "deep")
    assert "saved as your model" in at.success[0].value
    assert at.selectbox(key="weights:deep:mnist").value.startswith("deep-mnist-32-")


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    assert "No pretrained Deep model for MNIST yet" in messages(open_page("deep"))
