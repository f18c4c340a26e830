"""The Conditional page: ask for a digit and move its style, the visitor's input (a test image, a
drawing or an upload) written as every digit, one style across the classes, the style plane."""
import numpy as np
import pytest
from page_driver import (
    assert_no_exception,
    digit_png,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)

from ae_models.data import CLASS_NAMES

STRIP = [str(d) for d in range(10)]


def handwriting_row(at) -> list[str]:
    """The captions of the strip that writes the input as every class."""
    return next(e.captions for e in at.image if e.captions == STRIP or len(e.captions) == 10)


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_the_pills_name_the_classes_and_pick_the_digit_drawn(dataset):
    at = open_page("conditional", dataset)
    pills = at.pills(key="cvae:digit")
    assert pills.options == CLASS_NAMES[dataset]
    name = CLASS_NAMES[dataset][0]
    assert picture(at, f"A {name} in this style")
    pills.set_value(7).run()
    assert picture(at, f"A {CLASS_NAMES[dataset][7]} in this style")


def test_a_style_slider_changes_the_digit_drawn():
    at = open_page("conditional")
    assert moves_picture(at, at.slider(key="cvae:style:z0"), 2.0, "A 0 in this style")


def test_a_test_image_is_read_by_the_model_and_written_as_every_digit():
    at = open_page("conditional")
    assert handwriting_row(at) == STRIP
    assert any(m.value.startswith("**The model reads it as") for m in at.markdown)
    before = [url for e in at.image if e.captions == STRIP for url in e.value]
    asked = at.pills(key="cvae:asked")
    # the visitor corrects the label (to one the untrained test model did not read itself)
    asked.set_value(4 if asked.value != 4 else 5).run()
    assert_no_exception(at)
    after = [url for e in at.image if e.captions == STRIP for url in e.value]
    assert after != before


def test_an_upload_is_written_as_every_digit():
    at = open_page("conditional")
    at.segmented_control(key="input_source").set_value("Upload").run()
    at.file_uploader(key="sidebar_upload").upload("one.png", digit_png(), "image/png").run()
    assert_no_exception(at)
    assert picture(at, "Your input: one.png") and handwriting_row(at) == STRIP


def test_a_drawing_is_written_as_every_digit():
    from ui.inputs import DRAWN, HeldDrawing, InputImage
    at = open_page("conditional")
    stroke = np.zeros((28, 28), np.float32)
    stroke[5:23, 13:16] = 1.0
    at.session_state[DRAWN] = HeldDrawing("made-up", InputImage(stroke, "your drawing"))
    at.segmented_control(key="input_source").set_value("Drawing").run()
    assert_no_exception(at)
    assert picture(at, "Your input: your drawing") and handwriting_row(at) == STRIP


def test_one_style_every_class_draws_new_styles_on_a_new_seed():
    at = open_page("conditional")
    grid = picture(at, "4 styles × 10 classes · seed 0")
    at.button(key="cvae:new_styles").click().run()
    assert picture(at, "4 styles × 10 classes · seed 1") != grid


def test_the_style_plane_appears_for_the_2d_model_and_follows_the_class():
    at = open_page("conditional")
    assert not any("style plane" in m.value for m in at.subheader)
    at.select_slider(key="code_size:cvae:mnist").set_value(2).run()
    threes = picture(at, "3 across the style plane")
    at.pills(key="cvae:plane_digit").set_value(8).run()
    assert picture(at, "8 across the style plane") != threes


def test_one_epoch_training_becomes_selectable():
    at = train_from_panel(open_page("conditional"), "cvae")
    assert at.selectbox(key="weights:cvae:mnist").value.startswith("cvae-mnist-32-")
    assert "Training failed" not in messages(at)
