"""The Draw page: a drawing or upload, the 28x28 the models see, every kind's reconstruction, and bad input explained."""
import pytest
from page_driver import (
    BAD_UPLOADS,
    animated_gif,
    assert_no_exception,
    digit_png,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    pictures,
)


def test_page_says_the_canvas_is_empty_before_anything_is_drawn():
    at = open_page("draw")
    assert "the canvas is empty" in at.info[0].value
    assert not pictures(at)[1:], "only the sidebar's sample picture should be shown"
    assert at.button(key="draw_canvas:undo").disabled and at.button(key="draw_canvas:clear").disabled


def test_upload_shows_the_image_what_the_models_see_every_reconstruction_and_the_likeness():
    at = open_page("draw")
    at.file_uploader(key="draw_upload").upload("one.png", digit_png(), "image/png").run()
    assert_no_exception(at)
    assert not at.error
    assert picture(at, "As you gave it") and picture(at, "28×28, from one.png")
    assert picture(at, "Simple · BCE") and picture(at, "Recurrent · BCE")
    assert sum("★ best" in c for element in at.image for c in element.captions) == 1
    assert at.metric[0].label == "Is it like the training data?" and at.metric[0].value.endswith("%")
    assert at.segmented_control(key="input_source").value == "Upload"


def test_an_animated_image_uses_its_first_frame_and_says_so():
    at = open_page("draw")
    at.file_uploader(key="draw_upload").upload("moving.gif", animated_gif(), "image/gif").run()
    assert_no_exception(at)
    assert picture(at, "28×28, from moving.gif, first of its 3 frames")


@pytest.mark.parametrize("name, make, message", BAD_UPLOADS.values(), ids=BAD_UPLOADS)
def test_a_bad_upload_is_explained_once_and_the_page_still_renders(name, make, message):
    at = open_page("draw")
    at.file_uploader(key="draw_upload").upload(name, make(), "image/png").run()
    assert_no_exception(at)
    assert [e.value for e in at.error] == [at.error[0].value] and message in at.error[0].value
    assert not at.info and not at.warning, "one message per problem"
    assert at.title[0].value == "Draw"


def test_a_good_upload_after_a_bad_one_works():
    at = open_page("draw")
    uploader = at.file_uploader(key="draw_upload")
    uploader.upload("notes.png", b"just text", "image/png").run()
    assert at.error
    at.file_uploader(key="draw_upload").upload("one.png", digit_png(), "image/png").run()
    assert_no_exception(at)
    assert not at.error and picture(at, "Simple · BCE")


def test_with_live_drawing_the_canvas_is_the_browsers_and_an_upload_is_still_answered_on_the_server():
    at = open_page("draw", live=True)
    assert "draw_canvas:undo" not in [b.key for b in at.button], "the browser's canvas has its own Undo"
    assert "the canvas is empty" in at.info[0].value
    at.file_uploader(key="draw_upload").upload("one.png", digit_png(), "image/png").run()
    assert_no_exception(at)
    assert picture(at, "28×28, from one.png") and picture(at, "Simple · BCE")
