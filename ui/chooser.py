"""Choosing a saved model: shipped and user models of a kind, the code size over the sizes that exist."""
from __future__ import annotations

import streamlit as st

from ae_models import TITLES, CorruptModelError, ModelNotFoundError
from ae_models.store import ModelEntry, find, list_models, problems

from .loaders import load_model
from .site import DATASET_NAMES
from .state import keep_valid

PENDING = "chooser:pending"     # {(kind, dataset): entry name} to select on the next run
DEFAULT_CODE = 32


def no_model_message(kind: str, dataset: str) -> str:
    """What to say when a kind has no saved model for a dataset."""
    return (f"No pretrained {TITLES[kind]} model for {DATASET_NAMES[dataset]} yet — "
            f"train one below or run `python -m ae_models train-all`.")


def entry_at(kind: str, dataset: str, code_size: int) -> ModelEntry | None:
    """The saved model of exactly this code size (shipped first), or None."""
    try:
        return find(kind, dataset, code_size)
    except (ModelNotFoundError, CorruptModelError):     # a damaged one is named by show_problems
        return None


def default_entry(kind: str, dataset: str, code_size: int = DEFAULT_CODE) -> ModelEntry | None:
    """The model a page starts with: the one at ``code_size`` if saved, else the nearest size (the
    larger on a tie, shipped first)."""
    entries = list_models(kind, dataset)
    if not entries:
        return None
    nearest = min(entries, key=lambda e: (abs(e.code_size - code_size), -e.code_size))
    return entry_at(kind, dataset, nearest.code_size)      # that size's shipped model first


def select_next(kind: str, dataset: str, name: str) -> None:
    """Make the chooser pick the model ``name`` the next time it is drawn (e.g. after training)."""
    st.session_state.setdefault(PENDING, {})[(kind, dataset)] = name


def entry_label(entry: ModelEntry) -> str:
    """'shipped · code 32' or 'yours · code 32 · 2026-11-24 10:31'."""
    if entry.source == "shipped":
        return f"shipped · code {entry.code_size}"
    return f"yours · code {entry.code_size} · {entry.record.created[:16].replace('T', ' ')}"


def show_problems(kind: str, dataset: str) -> None:
    """Say which saved models of this kind are unavailable and why (a damaged file, say)."""
    for problem in problems(kind, dataset):
        st.warning(str(problem), icon=":material/broken_image:")


def choose_model(kind: str, dataset: str, code_slider: bool = False):
    """Widgets to pick a model; returns ``(autoencoder, entry)``, or None with a message shown."""
    show_problems(kind, dataset)
    entries = list_models(kind, dataset)
    if not entries:
        st.warning(no_model_message(kind, dataset))
        return None
    size_key, weights_key = f"code_size:{kind}:{dataset}", f"weights:{kind}:{dataset}"
    pending = st.session_state.get(PENDING, {}).pop((kind, dataset), None)
    for entry in entries:
        if entry.name == pending:
            st.session_state[size_key], st.session_state[weights_key] = entry.code_size, entry.name
    default = default_entry(kind, dataset)
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
        default = default_entry(kind, dataset, size)
    names = {e.name: e for e in entries}
    keep_valid(weights_key, names, default.name)
    if len(names) > 1:
        st.selectbox("Weights", list(names), key=weights_key, persist_state="session",
                     format_func=lambda name: entry_label(names[name]))
    entry = names[st.session_state[weights_key]]
    try:
        return load_model(entry), entry
    except CorruptModelError as error:
        st.error(f"{error}")
        return None
