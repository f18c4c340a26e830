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
