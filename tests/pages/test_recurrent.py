"""The Recurrent page: the image as 28 rows in time, read and written row by row."""
import pytest
from page_driver import (
    empty_weights,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_page_shows_a_pretrained_reconstruction_on_each_dataset(dataset):
    at = open_page("recurrent", dataset)
    assert at.title[0].value == "Recurrent autoencoder"
    assert picture(at, "Reconstruction")


def test_time_slider_reveals_the_rows_read_and_written_so_far():
    at = open_page("recurrent")
    before = picture(at, "Read: rows 1–28"), picture(at, "Written: rows 1–28")
    at.slider(key="lstm:time").set_value(10).run()
    after = picture(at, "Read: rows 1–10"), picture(at, "Written: rows 1–10")
    assert after[0] != before[0] and after[1] != before[1]


def test_noise_slider_changes_the_reconstruction():
    at = open_page("recurrent")
    assert moves_picture(at, at.slider(key="lstm:noise_level"), 0.5)


def test_one_epoch_training_becomes_selectable():
    at = train_from_panel(open_page("recurrent"), "lstm")
    assert at.selectbox(key="weights:lstm:mnist").value.startswith("lstm-mnist-32-")


def test_missing_weights_say_how_to_get_them(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    assert "No pretrained Recurrent model for MNIST yet" in messages(open_page("recurrent"))
