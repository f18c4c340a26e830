"""The Draw page: a drawing or upload, the 28x28 the models see, every kind's reconstruction."""
import io

import numpy as np
from page_driver import (
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    pictures,
)
from PIL import Image


def digit_png() -> bytes:
    """A dark '1' on white paper, as a phone photo of a drawn digit would be."""
    paper = np.full((120, 90), 235, np.uint8)
    paper[15:105, 40:52] = 20
    out = io.BytesIO()
    Image.fromarray(paper).save(out, format="PNG")
    return out.getvalue()


def test_page_invites_a_drawing_before_there_is_one():
    at = open_page("draw")
    assert "draw a digit or upload an image" in at.info[0].value
    assert not pictures(at)[1:], "only the sidebar's sample picture should be shown"


def test_upload_shows_what_the_models_see_and_every_reconstruction():
    at = open_page("draw")
    at.file_uploader(key="draw_upload").upload("one.png", digit_png(), "image/png").run()
    assert not at.exception and not at.error
    assert picture(at, "28×28, from one.png")
    assert picture(at, "Simple · BCE") and picture(at, "Recurrent · BCE")
    assert at.segmented_control(key="input_source").value == "Upload"


def test_an_upload_that_is_not_an_image_is_explained():
    at = open_page("draw")
    at.file_uploader(key="draw_upload").upload("notes.png", b"just text", "image/png").run()
    assert not at.exception
    assert "not an image" in at.error[0].value
