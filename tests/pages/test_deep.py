"""The Deep page: stacked layers, the code-size slider, tied weights as a training knob."""
from page_driver import (
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    train_from_panel,
)


def test_one_epoch_training_with_tied_weights_becomes_selectable():
    at = open_page("deep")
    at.checkbox(key="train:deep:tied").check()
    at = train_from_panel(at, "deep")
    assert "saved as your model" in at.success[0].value
    assert at.selectbox(key="weights:deep:mnist").value.startswith("deep-mnist-32-")
