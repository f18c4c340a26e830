"""The Simple page: one dense code layer, with the code-size slider and training in the page."""
import time

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
    at = open_page("simple", dataset)
    assert at.title[0].value == "Simple autoencoder"
    assert picture(at, "Reconstruction")
    assert at.dataframe, "the layer table is missing"


def test_code_size_slider_switches_model_and_changes_the_reconstruction():
    at = open_page("simple")
    slider = at.select_slider(key="code_size:dense:mnist")
    assert slider.options == ["2", "32"] and slider.value == 32
    assert moves_picture(at, slider, 2)
    assert at.metric[0].value == "392.0×"


def test_noise_slider_corrupts_the_input_and_changes_the_reconstruction():
    at = open_page("simple")
    assert moves_picture(at, at.slider(key="dense:noise_level"), 0.6)
    assert picture(at, "Corrupted input")


def test_one_epoch_training_saves_a_user_model_that_becomes_selected():
    at = train_from_panel(open_page("simple"), "dense")
    assert "saved as your model" in at.success[0].value
    weights = at.selectbox(key="weights:dense:mnist")
    assert weights.value.startswith("dense-mnist-32-") and len(weights.options) == 2
    assert picture(at, "Reconstruction")


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    at = open_page("simple")
    assert "No pretrained Simple model for MNIST yet" in messages(at)
    assert "python -m ae_models train-all" in messages(at)
    assert at.expander, "the training panel should still be there"


def test_a_second_training_request_is_told_a_run_is_in_progress():
    from ui import jobs
    at = open_page("simple")
    assert jobs._slot.acquire(blocking=False)
    try:
        at.button(key="FormSubmitter:train:dense-Train").click().run()
    finally:
        jobs._slot.release()
    assert "already in progress" in messages(at)


def test_stop_button_ends_the_run_early_and_keeps_the_model():
    at = open_page("simple")
    at.number_input(key="train:dense:epochs").set_value(200)
    at.select_slider(key="train:dense:subset").set_value(200)
    at.button(key="FormSubmitter:train:dense-Train").click().run()
    at.button(key="training:stop").click().run()
    deadline = time.monotonic() + 60
    while not at.success:
        assert time.monotonic() < deadline and not at.error
        time.sleep(0.3)
        at.run()
    assert "stopped early" in at.success[0].value


def test_a_failed_training_is_reported_as_an_error_not_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("No training images left: raise the subset size.")
    monkeypatch.setattr("ui.jobs.train", broken)
    at = train_from_panel(open_page("simple"), "dense")
    assert "Training failed: No training images left" in at.error[0].value
