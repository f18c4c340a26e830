"""The home gallery: a card per kind with a sample reconstruction, its test figure and a link."""
import pytest
from page_driver import (
    empty_weights,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
)

from ui.site import kinds_with_pages

KINDS_SHOWN = len(kinds_with_pages())


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_gallery_has_a_card_per_kind_with_a_reconstruction_and_a_figure(dataset):
    at = open_page("home", dataset)
    assert at.title[0].value == "Autoencoder Lab"
    reconstructions = [e for e in at.image if e.captions == ["input", "output"]]
    assert len(reconstructions) == KINDS_SHOWN
    assert sum("Test SSIM" in m.value for m in at.markdown) == KINDS_SHOWN


def test_missing_weights_show_the_message_on_every_card(monkeypatch, tmp_path):
    empty_weights(monkeypatch, tmp_path)
    at = open_page("home")
    assert sum("No pretrained" in c.value for c in at.caption) == KINDS_SHOWN
