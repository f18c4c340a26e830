"""Lesson links: a teacher's address hides parts of a page and shows one line of text.

``?hide=train,sidebar`` hides the named parts (``PARTS``; unknown names are
ignored) and ``?note=...`` shows one short line of plain text at the top of the
page, escaped (never read as Markdown or HTML) and cut to ``NOTE_LIMIT``
characters. The lesson is kept in the session and written back into the
address when the visitor moves to another page, so a student who follows the
sidebar stays in the lesson. The sidebar and the kind pages ask ``hides``.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

PARTS = {
    "train": "the Train your own section",
    "sidebar": "the sidebar (dataset, input image, navigation)",
    "code": "the Edit the code sliders",
    "architecture": "the architecture table and chart",
    "curve": "the quality against code size curve",
    "download": "the model download button",
}
NOTE_LIMIT = 200
KEY = "lesson"


@dataclass(frozen=True)
class Lesson:
    """What a lesson link asks for: parts to hide and a note (both empty when none)."""

    hidden: frozenset[str] = frozenset()
    note: str = ""

    def to_query(self) -> dict[str, str]:
        """The lesson as query parameters (only those it sets)."""
        query = {"hide": ",".join(p for p in PARTS if p in self.hidden), "note": self.note}
        return {k: v for k, v in query.items() if v}


def parse(hide: str | None, note: str | None) -> Lesson:
    """A lesson from the address's ``hide`` and ``note`` values: known parts only, the note on one line, cut."""
    hidden = frozenset(p.strip().lower() for p in (hide or "").split(",")) & PARTS.keys()
    line = re.sub(r"\s+", " ", note or "").strip()
    if len(line) > NOTE_LIMIT:
        line = line[:NOTE_LIMIT - 1].rstrip() + "…"
    return Lesson(hidden, line)


def current() -> Lesson:
    """This session's lesson: from the address when it names one, else the one it started with."""
    if "hide" in st.query_params or "note" in st.query_params:
        st.session_state[KEY] = parse(st.query_params.get("hide"), st.query_params.get("note"))
    return st.session_state.get(KEY, Lesson())


def hides(part: str) -> bool:
    """True when this session's lesson hides ``part`` (one of ``PARTS``)."""
    return part in current().hidden


SIDEBAR_HIDDEN = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stExpandSidebarButton'],
[data-testid='stSidebarCollapseButton'] {display: none !important;}
</style>"""


def begin() -> None:
    """Apply the lesson at the top of every run: keep it in the address, hide the sidebar, show the note."""
    lesson = current()
    for name, value in lesson.to_query().items():
        if st.query_params.get(name) != value:     # a page switch drops the address's parameters
            st.query_params[name] = value
    if "sidebar" in lesson.hidden:
        st.html(SIDEBAR_HIDDEN)
    if lesson.note:
        st.html(f'<div role="note" data-testid="lesson-note" style="padding:.6rem 1rem;border-left:4px solid '
                f'#5b8ff9;background:rgba(91,143,249,.12);border-radius:4px">{html.escape(lesson.note)}</div>')


def example_link(path: str, hide: tuple[str, ...], note: str) -> str:
    """A lesson link for ``path`` (relative to the app's address): the path and its query string."""
    return f"{path}?{urlencode(Lesson(frozenset(hide), note).to_query(), safe=',')}"
