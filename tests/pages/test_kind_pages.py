"""What every kind page shares: a pretrained reconstruction on each dataset, and a plain
message (not a crash) when no weights exist. Page-specific behaviour is in test_<page>.py."""
import pytest
from page_driver import empty_weights, messages, open_page, page_env, picture  # noqa: F401 (autouse fixture)

TITLES = {"sparse": "Sparse", "deep": "Deep", "convolutional": "Convolutional", "recurrent": "Recurrent"}


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
@pytest.mark.parametrize("page", list(TITLES))
def test_page_shows_a_pretrained_reconstruction_on_each_dataset(page, dataset):
    at = open_page(page, dataset)
    assert at.title[0].value == f"{TITLES[page]} autoencoder"
    assert picture(at, "Reconstruction")


@pytest.mark.parametrize("page", [*TITLES, "denoising"])
def test_missing_weights_say_how_to_get_them(page, monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    title = TITLES.get(page, "Denoising")
    assert f"No pretrained {title} model for MNIST yet" in messages(open_page(page))
