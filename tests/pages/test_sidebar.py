"""The sidebar every page shares: the dataset and the input image, kept from page to page.

These run on the Draw page, which loads no model until something is drawn: the
sidebar is the same on every page.
"""
import pytest
from page_driver import (
    BAD_UPLOADS,
    assert_no_exception,
    digit_png,
    messages,
    moves_picture,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
)

SIDEBAR_INPUT = "What the models see"


def test_dataset_choice_marks_a_subset_and_changes_the_input():
    at = open_page("draw")
    dataset = at.selectbox(key="dataset")
    assert "(subset)" in dataset.format_func("fashion_mnist")
    assert "subset" not in dataset.format_func("mnist")
    assert moves_picture(at, dataset, "fashion_mnist", SIDEBAR_INPUT)


def test_sample_index_and_random_button_change_the_input():
    at = open_page("draw")
    before = picture(at, SIDEBAR_INPUT)
    at.number_input(key="sample_index").set_value(5).run()
    fifth = picture(at, SIDEBAR_INPUT)
    assert fifth != before
    for _ in range(5):      # the random draw may land on the same image: a few tries
        at.button[[b.label for b in at.button].index("Random")].click().run()
        if picture(at, SIDEBAR_INPUT) != fifth:
            return
    pytest.fail("Random never picked another test image")


def test_input_follows_the_user_from_page_to_page():
    at = open_page("draw")
    at.number_input(key="sample_index").set_value(7).run()
    chosen = picture(at, f"{SIDEBAR_INPUT}: test #7")
    at.switch_page("app_pages/simple.py").run()
    assert picture(at, f"{SIDEBAR_INPUT}: test #7") == chosen
    assert at.number_input(key="sample_index").value == 7 and picture(at, "Input")


def test_without_any_dataset_the_embedded_test_images_are_the_samples(monkeypatch, tmp_path):
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    from ae_models import data
    data.clear_cache()
    at = open_page("draw")
    assert not at.error and "dataset" not in messages(at)
    at.number_input(key="sample_index").set_value(9999).run()    # the embedded split is the whole test set
    assert picture(at, f"{SIDEBAR_INPUT}: test #9999")


def test_sidebar_upload_explains_a_bad_file_and_feeds_a_good_one_to_the_page():
    at = open_page("simple")
    at.segmented_control(key="input_source").set_value("Upload").run()
    name, make, message = BAD_UPLOADS["truncated"]
    at.file_uploader(key="sidebar_upload").upload(name, make(), "image/png").run()
    assert_no_exception(at)
    assert message in at.sidebar.error[0].value
    assert messages(at) == at.sidebar.error[0].value, "one message per problem, beside the uploader"
    at.file_uploader(key="sidebar_upload").upload("one.png", digit_png(), "image/png").run()
    assert_no_exception(at)
    assert not at.error and picture(at, f"{SIDEBAR_INPUT}: one.png") and picture(at, "Reconstruction")


@pytest.mark.parametrize("page", ["home", "compare", "simple", "variational"])
def test_a_bad_sidebar_upload_leaves_every_page_working_with_one_message(page):
    at = open_page(page)
    at.segmented_control(key="input_source").set_value("Upload").run()
    name, make, message = BAD_UPLOADS["not an image"]
    at.file_uploader(key="sidebar_upload").upload(name, make(), "image/png").run()
    assert_no_exception(at)
    assert [e.value for e in at.error] == [at.sidebar.error[0].value] and message in at.error[0].value


def test_an_uploaded_file_name_is_shown_as_plain_text_not_markdown():
    at = open_page("simple")
    at.segmented_control(key="input_source").set_value("Upload").run()
    at.file_uploader(key="sidebar_upload").upload("![t](http://127.0.0.1:9/x.png).png", digit_png(),
                                                  "image/png").run()
    assert picture(at, f"{SIDEBAR_INPUT}: \\!\\[t\\]\\(http://127.0.0.1:9/x.png\\).png")


def test_an_upload_that_breaks_the_reader_unexpectedly_is_a_message_not_a_traceback(monkeypatch):
    def broken(data):
        raise IndexError("list index out of range")
    monkeypatch.setattr("ui.inputs.read_user_image", broken)
    at = open_page("compare")
    at.segmented_control(key="input_source").set_value("Upload").run()
    at.file_uploader(key="sidebar_upload").upload("odd.gif", digit_png(), "image/gif").run()
    assert_no_exception(at)
    assert "could not be read as an image" in at.sidebar.error[0].value and len(at.error) == 1


def test_with_live_drawing_the_sidebars_canvas_is_the_browsers_and_the_server_one_is_kept_for_off():
    at = open_page("simple", live=True)
    at.segmented_control(key="input_source").set_value("Drawing").run()
    assert_no_exception(at)
    assert "sidebar_canvas:undo" not in [b.key for b in at.button], "the browser's canvas has its own Undo"
    at.session_state["live"] = False
    at.run()
    assert_no_exception(at)
    assert "sidebar_canvas:undo" in [b.key for b in at.button]
