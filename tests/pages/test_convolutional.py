"""The Convolutional page: filters over the image, the code-size slider, a damaged weights file."""
import shutil

from page_driver import (
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
    visitor_of,
)


def test_noise_slider_changes_what_the_model_sees():
    at = open_page("convolutional")
    at.slider(key="conv:noise_level").set_value(0.5).run()
    assert moves_picture(at, at.selectbox(key="conv:noise_kind"), "masking", "Corrupted input")


def test_one_epoch_training_with_hidden_layers_and_dropout_becomes_selectable():
    at = open_page("convolutional")
    at.selectbox(key="train:conv:hidden").set_value((256, 64))
    at.select_slider(key="train:conv:dropout").set_value(0.2)
    at = train_from_panel(at, "conv")
    assert at.selectbox(key="weights:conv:mnist").value.startswith("conv-mnist-32-")
    from ae_models.store import list_models
    assert [{k: e.record.config[k] for k in ("hidden", "dropout")}
            for e in list_models("conv", "mnist", "user", visitor_of(at))] == [{"hidden": [256, 64], "dropout": 0.2}]


def test_damaged_weights_file_is_named_and_the_page_goes_on_with_the_other_sizes(tiny_weights_dir, tmp_path,
                                                                                  monkeypatch):
    damaged = tmp_path / "damaged"
    shutil.copytree(tiny_weights_dir, damaged)
    (damaged / "conv-mnist-32.weights.h5").write_bytes(b"not a weights file")
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(damaged))
    at = open_page("convolutional")
    assert "conv-mnist-32 is unavailable: conv-mnist-32.weights.h5 is damaged" in at.warning[0].value
    assert at.metric[0].value == "392.0×" and picture(at, "Reconstruction")     # code 2, the one left


def test_invalid_metadata_is_named_on_the_page_not_hidden(tiny_weights_dir, tmp_path, monkeypatch):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_weights_dir, broken)
    (broken / "conv-mnist-32.json").write_text("{ not json")
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(broken))
    at = open_page("convolutional")
    assert "conv-mnist-32.json is not valid JSON" in at.warning[0].value
    compare = open_page("compare")      # a kind without a usable model at the code size starts unchosen
    compare.pills(key="compare:kinds").set_value(["pca", "conv"]).run()
    assert "conv-mnist-32 is unavailable" in compare.warning[0].value
