"""The Compare page: one input through every kind, side by side, and the test-set figures."""
import pytest
from page_driver import (
    empty_weights,
    messages,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    pictures,
)

KIND_TITLES = ["PCA", "Simple", "Sparse", "Deep", "Convolutional", "Denoising", "Variational", "Recurrent"]


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_every_kind_reconstructs_the_input_with_its_errors(dataset):
    at = open_page("compare", dataset)
    captions = [c for element in at.image for c in element.captions if " · BCE " in c]
    assert [c.split(" · ")[0] for c in captions] == KIND_TITLES
    assert all(" · SSIM " in c for c in captions)
    assert len(at.dataframe[0].value) == len(KIND_TITLES)


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
