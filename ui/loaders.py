"""Cached loaders: datasets and models are read once per server and shared by every session.

Models are keyed by their weights file's path and modification time, so a
retrained file reloads while an unchanged one never does. Datasets are keyed by
name and ``AE_DATA_DIR``; their arrays are read-only. A dataset that cannot be
found is remembered as such, so a rerun does not search (or try to download) again.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future

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


MAX_MODELS = 48      # models held per server


@st.cache_resource(show_spinner="Loading the model…", max_entries=MAX_MODELS)
def _model(path: str, mtime: float, _entry: ModelEntry):
    return shared_load(_entry, mtime)


def load_model(entry: ModelEntry):
    """The model of a catalogue entry, loaded once per (weights path, mtime); CorruptModelError if damaged."""
    return _model(str(entry.weights_path), weights_mtime(entry), entry)


def weights_mtime(entry: ModelEntry) -> float:
    """When the entry's weights file last changed (0.0 when it is missing): part of a loaded model's key."""
    path = entry.weights_path
    return path.stat().st_mtime if path.is_file() else 0.0


_loads: OrderedDict[str, tuple[float, Future]] = OrderedDict()   # weights path -> (its mtime, its load), oldest first
_loads_lock = threading.Lock()


def shared_load(entry: ModelEntry, mtime: float):
    """Load a model once per (weights path, mtime) for the whole process, from any thread.

    The warm-up thread and a page may ask for the same model at once: the second caller waits for
    the first one's load instead of loading it again. A failed load is not kept, so the next caller
    tries again (and gets the error itself). Streamlit's cache in front of this keeps the spinner
    and its "Clear cache" menu; this table holds the newest version of each file, and no more
    models than that cache (the longest loaded go first), so it does not keep alive every model
    the cache has let go of (in a class, every student's trained models).
    """
    path = str(entry.weights_path)
    with _loads_lock:
        held = _loads.get(path)
        mine = held is None or held[0] != mtime
        if mine:
            held = _loads[path] = (mtime, Future())
        _loads.move_to_end(path)
        while len(_loads) > MAX_MODELS:
            _loads.popitem(last=False)
    future = held[1]
    if mine:
        try:
            future.set_result(load(entry))
        except BaseException as error:
            with _loads_lock:
                if _loads.get(path) is held:
                    del _loads[path]
            future.set_exception(error)
    return future.result()
