"""A teacher's lesson link in a real browser: the sidebar is gone, the note shows as plain text, and
the lesson follows the student to another page."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

from browser_driver import app_url, browser, page, wait_idle  # noqa: F401 (fixtures)

NOTE = "Look at <b>the noise</b> **now**"


def test_a_lesson_link_hides_the_sidebar_and_shows_the_note_as_plain_text(page, app_url):
    page.goto(f"{app_url}/denoising?hide=sidebar,train&note={quote(NOTE)}")
    page.wait_for_selector("[data-testid='stMain']")
    wait_idle(page)
    note = page.get_by_test_id("lesson-note")
    assert note.is_visible()
    assert note.inner_text().strip() == NOTE                 # literally, not bold
    assert note.locator("b, strong").count() == 0
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.get_by_role("heading", name="Train your own").count() == 0
    assert page.get_by_text("Try it").first.is_visible()


def test_the_lesson_follows_the_student_to_another_page(page, app_url):
    page.goto(f"{app_url}/simple?hide=train&note=Lesson%20one")
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a[href$='/deep']").click()
    wait_idle(page)
    page.wait_for_function("location.pathname.endsWith('/deep') && location.search.includes('hide=train')")
    query = parse_qs(urlparse(page.url).query)
    assert query["hide"] == ["train"] and query["note"] == ["Lesson one"]    # beside what the page shows
    assert page.get_by_test_id("lesson-note").inner_text().strip() == "Lesson one"
    assert page.get_by_role("heading", name="Deep autoencoder").is_visible()
    assert page.get_by_role("heading", name="Train your own").count() == 0
