"""The Sparse page: active units, the activation histogram, the L1 knob for training."""
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
    at = open_page("sparse", dataset)
    assert at.title[0].value == "Sparse autoencoder"
    assert picture(at, "Reconstruction")


def test_sparsity_section_counts_active_units_and_draws_units():
    at = open_page("sparse")
    active = next(m for m in at.metric if m.label == "Active units for this image")
    assert active.value.endswith("of 32")
    assert picture(at, "unit ")


def test_noise_slider_changes_the_reconstruction():
    at = open_page("sparse")
    assert moves_picture(at, at.slider(key="sparse:noise_level"), 0.5)


def test_one_epoch_training_with_a_chosen_l1_becomes_selectable():
    at = open_page("sparse")
    at.select_slider(key="train:sparse:l1").set_value(1e-2)
    at = train_from_panel(at, "sparse")
    name = at.selectbox(key="weights:sparse:mnist").value
    assert name.startswith("sparse-mnist-32-")
    from ae_models.store import list_models
    assert [e.metadata["config"]["l1"] for e in list_models("sparse", "mnist", "user")] == [1e-2]


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    assert "No pretrained Sparse model for MNIST yet" in messages(open_page("sparse"))
