"""Cached loaders: datasets and models are read once per server and shared by every session.

Models are keyed by their weights file's path and modification time, so a
retrained file reloads while an unchanged one never does. Datasets are keyed by
name and ``AE_DATA_DIR``; their arrays are read-only. A dataset that cannot be
found is remembered as such, so a rerun does not search (or try to download) again.
"""
from __future__ import annotations

import os
import threading

import numpy as np
import streamlit as st

from ae_models import DataFormatError, DataNotFoundError
from ae_models.data import dataset_info, load_dataset
from ae_models.store import ModelEntry, load

Split = tuple[np.ndarray, np.ndarray]


@st.cache_resource(show_spinner="Reading the dataset…")
def _dataset(name: str, data_dir: str) -> tuple[tuple[Split, Split] | None, str | None]:
    try:
        return load_dataset(name), None
    except (DataNotFoundError, DataFormatError) as error:
        return None, str(error)


def dataset(name: str) -> tuple[Split, Split]:
    """``((x_train, y_train), (x_test, y_test))``, read-only; DataNotFoundError with what to do."""
    data, error = _dataset(name, os.environ.get("AE_DATA_DIR", ""))
    if data is None:
        raise DataNotFoundError(error)
    return data


def test_split(name: str) -> Split:
    """The test images and labels of a dataset (read-only)."""
    return dataset(name)[1]


def train_size(name: str) -> int | None:
    """How many training images the dataset has here, or None when it is missing."""
    try:
        return len(dataset(name)[0][0])
    except DataNotFoundError:
        return None


def subset_size(name: str) -> int | None:
    """How many training images a dataset has here when that is only part of it, else None."""
    try:
        dataset(name)
        info = dataset_info(name)
    except DataNotFoundError:
        return None
    return info.n_train if info.subset else None


@st.cache_resource(show_spinner="Loading the model…", max_entries=48)
def _model(path: str, mtime: float, _entry: ModelEntry):
    return load(_entry)


def load_model(entry: ModelEntry):
    """The model of a catalogue entry, loaded once per (weights path, mtime); CorruptModelError if damaged."""
    path = entry.weights_path
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    return _model(str(path), mtime, entry)


_warm_up_started = threading.Event()


def start_warm_up() -> None:
    """On the server's first run, import TensorFlow in a background thread (once per process).

    The first page view needs TensorFlow (about 2 s to import here) and the dataset (about 1 s to
    read); the import runs while the sidebar reads the dataset, whose decompression and conversion
    release the GIL, instead of after it. The thread never calls Streamlit.
    """
    if _warm_up_started.is_set():
        return
    _warm_up_started.set()
    threading.Thread(target=_import_keras, name="ae-warm-up", daemon=True).start()


def _import_keras() -> None:
    from ae_models import runtime
    runtime.configure()
    import keras  # noqa: F401
