"""Choosing a saved model: the shipped models of a kind and the visitor's own, the code size over the
sizes that exist.

Defaults are shipped models only: what a page starts with, Compare's columns, the likeness
judges and the warm-up never depend on what any visitor trained or uploaded. A visitor's own
models (``ui.visitor``) are listed for that visitor alone, and kept within a quota
(``store.prune``): the oldest go first, with a message.
"""
from __future__ import annotations

import streamlit as st

from ae_models import TITLES, CorruptModelError, ModelNotFoundError, board
from ae_models.store import ModelEntry, adopt, find, list_models, problems, prune, user_dir

from . import exports, visitor
from .loaders import load_model
from .site import DATASET_NAMES
from .state import keep_valid

PENDING = "chooser:pending"     # {(kind, dataset): entry name} to select on the next run
PRUNED = "chooser:pruned"       # names of the visitor's models removed to keep within the quota, to announce
DEFAULT_CODE = 32


def no_model_message(kind: str, dataset: str) -> str:
    """What to say when a kind has no saved model for a dataset."""
    return (f"No pretrained {TITLES[kind]} model for {DATASET_NAMES[dataset]} yet — "
            f"train one below or run `python -m ae_models train-all`.")


def entry_at(kind: str, dataset: str, code_size: int) -> ModelEntry | None:
    """The shipped model of exactly this code size, or None."""
    try:
        return find(kind, dataset, code_size, source="shipped")
    except (ModelNotFoundError, CorruptModelError):     # a damaged one is named by show_problems
        return None


def default_entry(kind: str, dataset: str, code_size: int = DEFAULT_CODE) -> ModelEntry | None:
    """The shipped model a page starts with: the one at ``code_size`` if there is one, else the nearest
    size (the larger on a tie); None when nothing of the kind is shipped for the dataset."""
    entries = list_models(kind, dataset, "shipped")
    if not entries:
        return None
    nearest = min(entries, key=lambda e: (abs(e.code_size - code_size), -e.code_size))
    return entry_at(kind, dataset, nearest.code_size)


def select_next(kind: str, dataset: str, name: str) -> None:
    """Make the chooser pick the visitor's model ``name`` the next time it is drawn (after training or
    loading it); a model this session's training run saved in the CLI's folder becomes the visitor's."""
    owner = visitor.current()
    adopt(name, owner)
    keep_within_quota(owner, keep=name)
    st.session_state.setdefault(PENDING, {})[(kind, dataset)] = name


def keep_within_quota(owner: str, keep: str | None = None) -> None:
    """Remove the owner's oldest models (and their exports) beyond the quota; announce them in the chooser."""
    removed = prune(owner, keep=keep)
    exports.forget(removed)
    if removed:
        st.session_state.setdefault(PRUNED, []).extend(e.name for e in removed)


def entry_label(entry: ModelEntry) -> str:
    """'shipped · code 32', 'yours · code 32 · 2026-11-24 10:31' or 'class board · code 32 · <its name>'."""
    if entry.source == "shipped":
        return f"shipped · code {entry.code_size}"
    if entry.meta_path.parent != user_dir(visitor.current()) and (post := board.post_of(entry.name)):
        return f"class board · code {entry.code_size} · {post.title}"
    return f"yours · code {entry.code_size} · {entry.record.created[:16].replace('T', ' ')}"


def show_problems(kind: str, dataset: str) -> None:
    """Say which saved models of this kind are unavailable and why (a damaged file, say)."""
    pruned = st.session_state.pop(PRUNED, None)
    if pruned:
        st.info(f"To keep within your quota of saved models, your oldest were removed: "
                f"{', '.join(pruned)}.", icon=":material/auto_delete:")
    for problem in problems(kind, dataset, owner=visitor.current()):
        st.warning(str(problem), icon=":material/broken_image:")


def choose_model(kind: str, dataset: str, code_slider: bool = False):
    """Widgets to pick a model; returns ``(autoencoder, entry)``, or None with a message shown."""
    show_problems(kind, dataset)
    me = visitor.current()
    entries = list_models(kind, dataset, owner=me)
    entries += [e for post, e in board.published(kind, dataset) if post.owner != me]
    if not entries:
        st.warning(no_model_message(kind, dataset))
        return None
    size_key, weights_key = f"code_size:{kind}:{dataset}", f"weights:{kind}:{dataset}"
    pending = st.session_state.get(PENDING, {}).pop((kind, dataset), None)
    for entry in entries:
        if entry.name == pending:
            st.session_state[size_key], st.session_state[weights_key] = entry.code_size, entry.name
    default = default_entry(kind, dataset) or entries[-1]
    if code_slider:
        sizes = sorted({e.code_size for e in entries})
        keep_valid(size_key, sizes, default.code_size)
        if len(sizes) > 1:
            size = st.select_slider("Code size", sizes, key=size_key, persist_state="session",
                                    help="How many numbers the image is squeezed into.")
        else:
            size = sizes[0]
            st.caption(f"Code size {size}: the only size saved so far.")
        entries = [e for e in entries if e.code_size == size]
        default = entry_at(kind, dataset, size) or entries[-1]
    names = {e.name: e for e in entries}
    keep_valid(weights_key, names, default.name)
    if len(names) > 1:
        labels = {name: entry_label(e) for name, e in names.items()}     # worked out once, in this run
        st.selectbox("Weights", list(names), key=weights_key, persist_state="session", format_func=labels.get)
    entry = names[st.session_state[weights_key]]
    try:
        return load_model(entry), entry
    except CorruptModelError as error:
        st.error(f"{error}")
        return None
