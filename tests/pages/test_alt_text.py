"""Every picture the pages draw says what it shows to a screen reader: an alt text on each image."""
import pytest
from page_driver import open_page, page_env  # noqa: F401  (autouse fixture)

PAGES = ["home", "simple", "sparse", "denoising", "variational", "conditional", "draw"]


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_an_alt_text(page):
    at = open_page(page)
    images = [img for element in at.image for img in element.proto.imgs]
    assert images or page == "draw"
    missing = [img.caption for img in images if not img.alt.strip()]
    assert not missing, f"pictures without alt text, by caption: {missing}"


def test_the_gallery_says_which_model_drew_each_reconstruction():
    at = open_page("home")
    alts = [img.alt for element in at.image for img in element.proto.imgs]
    assert any(a.startswith("its reconstruction by the Convolutional model, code ") for a in alts), alts
