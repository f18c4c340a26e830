"""The Compare page: the chosen kinds at one code size side by side, the best marked, and the test-set figures."""
import pytest
from page_driver import (
    bar_tips,
    empty_weights,
    messages,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    pictures,
)

from ae_models.data import CLASS_NAMES
from ae_models.registry import RECORDS

KIND_TITLES = [k.title for k in RECORDS]


def reconstruction_captions(at) -> list[str]:
    """The captions of the reconstructions shown side by side."""
    return [c for element in at.image for c in element.captions if " · BCE " in c]


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_every_kind_reconstructs_the_input_with_its_errors_and_the_best_is_marked(dataset):
    at = open_page("compare", dataset)
    captions = reconstruction_captions(at)
    assert [c.split(" · ")[0].split(" (as ")[0] for c in captions] == KIND_TITLES
    conditional = next(c for c in captions if c.startswith("Conditional"))
    assert conditional.split(" · ")[0].removeprefix("Conditional (as ").removesuffix(")") in CLASS_NAMES[dataset]
    assert all(" · SSIM " in c for c in captions)
    assert sum(c.endswith("★ best") for c in captions) == 1
    assert len(at.dataframe[0].value) == len(KIND_TITLES) * (2 if dataset == "mnist" else 1)


def test_choosing_kinds_changes_the_pictures_and_the_table():
    at = open_page("compare")
    at.pills(key="compare:kinds").set_value(["pca", "conv"]).run()
    assert [c.split(" · ")[0] for c in reconstruction_captions(at)] == ["PCA", "Convolutional"]
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["PCA", "PCA", "Convolutional", "Convolutional"]
    assert "-ELBO nats" not in table and "BCE" in table      # no column that every row lacks
    assert at.dataframe[0].proto.placeholder == "–"          # a figure a kind lacks, not "None"
    at.pills(key="compare:kinds").set_value([]).run()
    assert "No saved models for these kinds" in messages(at) and picture(at, "What every model sees")


def test_choosing_the_code_size_changes_every_reconstruction():
    at = open_page("compare")
    code = at.select_slider(key="compare:code_size")
    assert code.value == 32 and code.options == ["2", "32"]
    before = pictures(at)[1:1 + len(KIND_TITLES)]
    code.set_value(2).run()
    after = pictures(at)[1:1 + len(KIND_TITLES)]
    assert len(reconstruction_captions(at)) == len(KIND_TITLES)
    assert all(a != b for a, b in zip(after, before))


def test_noise_slider_changes_what_every_model_sees_and_returns():
    at = open_page("compare")
    before = pictures(at)[:1 + len(KIND_TITLES)]
    at.slider(key="compare:noise_level").set_value(0.5).run()
    after = pictures(at)[:1 + len(KIND_TITLES)]
    assert after[0] != before[0], "what every model sees"
    assert all(a != b for a, b in zip(after[1:], before[1:])), "every reconstruction"


def test_missing_weights_leave_the_page_working(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    at = open_page("compare")
    assert "train-all" in messages(at)
    assert picture(at, "What every model sees")


def test_bce_per_kind_is_drawn_as_one_bar_per_kind_in_page_order():
    import re
    at = open_page("compare")
    tips = bar_tips(at)
    assert [t.split(":")[0] for t in tips] == KIND_TITLES
    assert all(re.fullmatch(r"[A-Za-z]+: BCE \d\.\d{4}", t) for t in tips)


def test_with_live_drawing_the_browser_draws_the_row_and_the_noise_level_is_kept_for_the_server():
    at = open_page("compare", live=True)
    assert "compare:noise_level" not in [s.key for s in at.slider]
    assert at.selectbox(key="compare:noise_kind").value == "gaussian"
    assert reconstruction_captions(at) == [] and bar_tips(at) == []   # drawn by the component instead
    assert any("follow the noise slider in this browser" in c.value for c in at.caption)
    at.session_state["compare:noise_level"] = 0.5
    at.session_state["live"] = False      # the sidebar's switch off: the server path takes over at that level
    at.run()
    assert at.slider(key="compare:noise_level").value == 0.5
    assert len(reconstruction_captions(at)) == len(KIND_TITLES)


def test_kinds_without_a_model_at_the_default_code_size_start_unchosen(tiny_weights_dir, tmp_path, monkeypatch):
    import shutil
    weights = tmp_path / "weights"
    shutil.copytree(tiny_weights_dir, weights, ignore=shutil.ignore_patterns("cvae-mnist-32*"))
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(weights))
    at = open_page("compare")
    chosen = at.pills(key="compare:kinds").value
    assert "cvae" not in chosen and "conv" in chosen
    assert "No saved model at code size" not in " ".join(c.value for c in at.caption)


def test_the_table_has_a_tooltip_for_every_measure():
    at = open_page("compare")
    import json
    config = json.loads(at.dataframe[0].proto.columns)    # the column settings, as JSON
    for column in ("BCE", "SSIM", "PSNR dB", "probe acc", "train s", "params"):
        assert config[column].get("help"), column
