"""The Recurrent page: the image as 28 rows in time, read and written row by row."""
from page_driver import (
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)


def test_time_slider_reveals_the_rows_read_and_written_so_far():
    at = open_page("recurrent")
    before = picture(at, "Read: rows 1–28"), picture(at, "Written: rows 1–28")
    at.slider(key="lstm:time").set_value(10).run()
    after = picture(at, "Read: rows 1–10"), picture(at, "Written: rows 1–10")
    assert after[0] != before[0] and after[1] != before[1]


def test_one_epoch_training_becomes_selectable():
    at = train_from_panel(open_page("recurrent"), "lstm")
    assert at.selectbox(key="weights:lstm:mnist").value.startswith("lstm-mnist-32-")
