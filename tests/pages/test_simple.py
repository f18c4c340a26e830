"""The Simple page: one dense code layer, with the code-size slider and training in the page."""
import time

from page_driver import (
    messages,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)


def test_one_epoch_training_saves_a_user_model_that_becomes_selected():
    at = train_from_panel(open_page("simple"), "dense")
    assert "saved as your model" in at.success[0].value
    weights = at.selectbox(key="weights:dense:mnist")
    assert weights.value.startswith("dense-mnist-32-") and len(weights.options) == 2
    assert picture(at, "Reconstruction")


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


def test_the_chosen_model_can_be_downloaded_as_one_file():
    at = open_page("simple")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download this model" in labels


def test_a_downloaded_model_file_loads_back_as_your_model_and_is_selected():
    from ae_models.bundle import bundle
    from ae_models.store import find
    at = open_page("simple")
    data = bundle(find("dense", "mnist", 32))
    at.file_uploader(key="model_file:dense").upload("dense-mnist-32.model.zip", data, "application/zip").run()
    assert "Loaded as your model" in at.success[0].value
    assert at.selectbox(key="weights:dense:mnist").value.startswith("dense-mnist-32-")


def test_a_file_that_is_not_a_model_is_refused_in_plain_words():
    at = open_page("simple")
    at.file_uploader(key="model_file:dense").upload("notes.zip", b"just text", "application/zip").run()
    assert "This is not a model file" in at.error[0].value
