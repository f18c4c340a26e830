"""Lesson links: ``hide=`` takes parts off a page, ``note=`` shows one line of plain text, and both
stay when the visitor moves to another page."""
import re

from page_driver import ROOT, assert_no_exception, page_env  # noqa: F401  (autouse fixture)
from streamlit.testing.v1 import AppTest

from ae_models.registry import RECORDS
from ui.lesson import NOTE_LIMIT, PARTS, parse


def open_lesson(page: str, **query: str) -> AppTest:
    """The app opened at ``page`` with the lesson's query parameters, a test sample as input."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.session_state["dataset"] = "mnist"
    at.session_state["live"] = False
    at.session_state["input_source"] = "Sample"
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert_no_exception(at)
    return at


def notes(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if 'data-testid="lesson-note"' in e.proto.body]


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def test_parse_keeps_known_parts_and_one_short_line():
    lesson = parse(" Train,sidebar,,nonsense,CODE ", "line one\n\nline   two")
    assert lesson.hidden == {"train", "sidebar", "code"}
    assert lesson.note == "line one line two"
    long = parse(None, "x" * 500).note
    assert len(long) == NOTE_LIMIT and long.endswith("…")
    assert parse(None, None) == parse("", "")
    assert set(PARTS) == {"train", "sidebar", "code", "architecture", "curve", "download"}


def test_a_plain_page_shows_every_part():
    at = open_lesson("simple")
    assert {"Train your own", "Edit the code"} <= set(subheaders(at))
    assert any(e.label.startswith("Architecture") for e in at.expander)
    assert not notes(at)


def test_hidden_parts_are_gone_and_unknown_names_ignored():
    at = open_lesson("simple", hide="train,code,architecture,curve,download,sidebar,bogus")
    assert "Train your own" not in subheaders(at) and "Edit the code" not in subheaders(at)
    assert not any(e.label.startswith("Architecture") for e in at.expander)
    assert not at.get("plotly_chart")                  # the quality curve and the network chart
    assert not at.get("download_button")
    assert any("stSidebar" in e.proto.body and "display: none" in e.proto.body for e in at.get("html"))
    assert "Try it" in subheaders(at)                  # what the lesson is about stays


def test_the_note_is_plain_text_escaped():
    at = open_lesson("simple", hide="train", note="Look at <b>this</b> **x** [link](http://example.com)")
    body = notes(at)
    assert len(body) == 1
    assert "Look at &lt;b&gt;this&lt;/b&gt; **x** [link](http://example.com)" in body[0]
    assert "<b>" not in body[0]


def test_the_lesson_stays_when_the_student_moves_to_another_page():
    at = open_lesson("simple", hide="train", note="Lesson 1")
    at.query_params.clear()                           # a page switch drops the address's parameters
    at.switch_page("app_pages/deep.py").run()
    assert_no_exception(at)
    assert "Train your own" not in subheaders(at)
    assert len(notes(at)) == 1 and "Lesson 1" in notes(at)[0]
    assert at.query_params["hide"] == ["train"] or at.query_params["hide"] == "train"


def test_the_gallery_explains_lesson_links_with_two_examples():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["input_source"] = "Drawing"
    at.run()
    assert_no_exception(at)
    text = "\n".join(m.value for m in at.markdown)
    links = re.findall(r"\]\(([a-z]+\?hide=[a-z,]+&note=[^)]+)\)", text)
    assert len(links) == 2
    for link in links:
        assert f"app_pages/{link.split('?')[0]}.py" in {k.page for k in RECORDS}
