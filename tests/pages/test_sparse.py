"""The Sparse page: active units, the activation histogram, the L1 knob for training."""
from page_driver import (
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
    visitor_of,
)


def test_sparsity_section_counts_active_units_and_draws_units():
    at = open_page("sparse")
    active = next(m for m in at.metric if m.label == "Active units for this image")
    assert active.value.endswith("of 32")
    assert picture(at, "unit ")


def test_one_epoch_training_with_chosen_knobs_becomes_selectable():
    at = open_page("sparse")
    at.select_slider(key="train:sparse:l1").set_value(1e-2)
    at.select_slider(key="train:sparse:threshold").set_value(0.25)
    at.checkbox(key="train:sparse:normalize").check()
    at = train_from_panel(at, "sparse")
    name = at.selectbox(key="weights:sparse:mnist").value
    assert name.startswith("sparse-mnist-32-")
    from ae_models.store import list_models
    assert [{k: e.record.config[k] for k in ("l1", "threshold", "normalize")}
            for e in list_models("sparse", "mnist", "user", visitor_of(at))] == [
        {"l1": 1e-2, "threshold": 0.25, "normalize": True}]
