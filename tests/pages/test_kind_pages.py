"""What every kind page shares: a pretrained reconstruction on each dataset, and a plain
message (not a crash) when no weights exist. Page-specific behaviour is in test_<page>.py."""
import pytest
from page_driver import bar_tips, empty_weights, messages, open_page, page_env, picture  # noqa: F401 (autouse fixture)

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


@pytest.mark.parametrize("code_size", [2, 32])
def test_the_code_is_drawn_as_one_bar_per_unit_that_follows_the_input(code_size):
    at = open_page("deep")
    at.select_slider(key="code_size:deep:mnist").set_value(code_size).run()
    bars = [t for t in bar_tips(at) if t.startswith("unit ")]
    assert [t.split(":")[0] for t in bars] == [f"unit {i}" for i in range(code_size)]
    at.number_input(key="sample_index").set_value(3).run()
    assert [t for t in bar_tips(at) if t.startswith("unit ")] != bars
