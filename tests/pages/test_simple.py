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


def start_long_run(at, kind: str = "dense"):
    """Press Train for a 200-epoch run and rerun until its live view shows the first pictures."""
    at.number_input(key=f"train:{kind}:epochs").set_value(200)
    at.select_slider(key=f"train:{kind}:subset").set_value(200)
    at.button(key=f"FormSubmitter:train:{kind}-Train").click().run()
    deadline = time.monotonic() + 60
    while not any('data-testid="training-view"' in e.proto.body and "img" in e.proto.body for e in at.get("html")):
        assert time.monotonic() < deadline and not at.error, messages(at)
        time.sleep(0.3)
        at.run()
    return at


def test_a_visitor_with_a_run_training_is_refused_a_second_one_and_told_why():
    at = start_long_run(open_page("simple"))
    try:
        at.switch_page("app_pages/deep.py").run()
        assert "Your Simple run is" in messages(at)
        at.button(key="FormSubmitter:train:deep-Train").click().run()
        assert "You already have a run training" in messages(at)
    finally:
        at.switch_page("app_pages/simple.py").run()
        at.button(key="training:stop").click().run()


def test_a_run_waiting_in_line_shows_its_place_and_no_learning_view_until_it_starts(monkeypatch):
    from dataclasses import replace

    from ui import jobs
    runner = jobs.runner()
    monkeypatch.setattr(runner, "settings", replace(runner.settings, slots=1))     # one run at a time
    first = start_long_run(open_page("simple"))
    try:
        second = open_page("simple", visitor="second-student")
        second.button(key="FormSubmitter:train:dense-Train").click().run()
        status = [e.proto.text for e in second.get("progress")]
        assert any("Queued: place 1 in line" in text for text in status), status
        assert not any("training-view" in e.proto.body for e in second.get("html"))
        second.button(key="training:stop").click().run()        # "Leave the queue"
        assert "took it out of the queue" in messages(second)
    finally:
        first.button(key="training:stop").click().run()


def test_the_live_view_counts_its_refreshes_and_pause_holds_the_run():
    at = start_long_run(open_page("simple"))
    html = next(e.proto.body for e in at.get("html") if "training-view" in e.proto.body)
    assert "data:image/svg+xml;base64" in html and "data:image/png;base64" in html
    at.button(key="training:pause").click().run()
    assert at.button(key="training:resume")
    at.button(key="training:stop").click().run()


def test_stop_button_ends_the_run_early_and_keeps_the_model():
    at = start_long_run(open_page("simple"))
    at.button(key="training:stop").click().run()
    deadline = time.monotonic() + 60
    while not at.success:
        assert time.monotonic() < deadline and not at.error
        time.sleep(0.3)
        at.run()
    assert "stopped early" in at.success[0].value


def test_a_failed_training_is_reported_as_an_error_not_a_traceback(monkeypatch):
    from dataclasses import replace

    from ae_models.training import TrainSettings
    from ui import jobs
    form = jobs.spec_from_form
    # Settings the worker's checks refuse: the failure travels back from the worker process.
    monkeypatch.setattr("ui.jobs.spec_from_form", lambda *args: replace(
        form(*args), train=TrainSettings(epochs=1, validation_split=1.5)))
    at = train_from_panel(open_page("simple"), "dense")
    assert "Training failed: epochs must be >= 0" in at.error[0].value


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


def test_the_training_form_keeps_its_settings_through_a_run():
    at = open_page("simple")
    at.number_input(key="train:dense:epochs").set_value(1)
    at.select_slider(key="train:dense:subset").set_value(200)
    at.button(key="FormSubmitter:train:dense-Train").click().run()
    deadline = time.monotonic() + 180
    while not (at.success or at.error):     # the form is hidden while the run shows
        assert time.monotonic() < deadline, "training did not finish in time"
        time.sleep(0.25)
        at.run()
    assert at.number_input(key="train:dense:epochs").value == 1     # not back to 5
