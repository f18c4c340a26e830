"""A visitor's own finished runs: name them and publish them to the class board, download them,
delete them. Only the visitor who trained a run (by the runner's record, or the board's) sees these."""
from __future__ import annotations

import streamlit as st

from ae_models import TITLES, board
from ae_models.jobs import Job
from ae_models.store import ModelEntry, list_models

from . import jobs, visitor
from .downloads import model_download


def entry_named(name: str) -> ModelEntry | None:
    """One of this visitor's models by name."""
    return next((e for e in list_models(source="user", owner=visitor.current()) if e.name == name), None)


def owns(model: str) -> bool:
    """True when this visitor trained ``model`` (this server's runs) or published it."""
    me = visitor.current()
    r = jobs.existing()
    if r is not None and any(j.model_name == model and j.visitor == me for j in r.jobs()):
        return True
    post = board.post_of(model)
    return post is not None and post.owner == me


def owner_actions(job: Job) -> None:
    """Name and publish, download, delete: for the run's trainer."""
    entry = entry_named(job.model_name or "")
    if entry is None or not owns(entry.name):
        return
    manage(entry)


def manage(entry: ModelEntry) -> None:
    """The controls for one of the visitor's runs."""
    post = board.post_of(entry.name)
    key = f"run:{entry.name}"
    with st.form(f"{key}:publish", border=False):
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        title = a.text_input("Name your run", post.title if post else f"My {TITLES[entry.kind]} code {entry.code_size}",
                             key=f"{key}:title", max_chars=board.MAX_TITLE)
        publish = b.form_submit_button("Rename on the board" if post else "Publish to the class board",
                                       icon=":material/groups:", width="stretch")
    if publish:
        try:
            board.publish(entry, title, visitor.current())
            st.toast("On the class board.", icon=":material/groups:")
        except board.BoardError as refused:
            st.warning(str(refused))
    a, b, c = st.columns(3)
    with a:
        model_download(entry, key=f"{key}:download")
    if post is not None:
        b.button("Take it off the board", key=f"{key}:unpublish", icon=":material/visibility_off:",
                 on_click=board.unpublish, args=(entry.name, visitor.current()), width="stretch")
    c.button("Delete this run", key=f"{key}:delete", icon=":material/delete:", width="stretch",
             help="Removes the model and its board post for good.", on_click=board.delete_run,
             args=(entry, visitor.current()))
