"""Cached loaders: datasets and models are read once per server and shared by every session.

Models are keyed by their weights file's path and modification time, so a
retrained file reloads while an unchanged one never does. Datasets are keyed by
name and ``AE_DATA_DIR``; their arrays are read-only. Test splits are read on their
own (the first page needs only them), and nothing here downloads.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future

import numpy as np
import streamlit as st

from ae_models import DataFormatError, DataNotFoundError
from ae_models.data import DatasetInfo, dataset_info, load_dataset, load_test_split
from ae_models.store import ModelEntry, list_models, load

Split = tuple[np.ndarray, np.ndarray]


@st.cache_resource(show_spinner="Reading the dataset…")
def _dataset(name: str, data_dir: str) -> tuple[tuple[Split, Split] | None, str | None]:
    try:
        return load_dataset(name), None
    except (DataNotFoundError, DataFormatError) as error:
        return None, str(error)


def dataset(name: str) -> tuple[Split, Split]:
    """``((x_train, y_train), (x_test, y_test))``, read-only; DataNotFoundError saying what is wrong."""
    data, error = _dataset(name, os.environ.get("AE_DATA_DIR", ""))
    if data is None:
        raise DataNotFoundError(error)
    return data


@st.cache_resource(show_spinner=False)
def _test_split(name: str, data_dir: str) -> Split:
    return load_test_split(name)


def test_split(name: str) -> Split:
    """The test images and labels of a dataset (read-only); the embedded copy when nothing else is there."""
    return _test_split(name, os.environ.get("AE_DATA_DIR", ""))


def training_info(name: str) -> DatasetInfo | None:
    """What training on ``name`` reads here (source, size), or None when its files are unreadable."""
    try:
        dataset(name)
    except DataNotFoundError:
        return None
    return dataset_info(name)


def train_size(name: str) -> int | None:
    """How many training images the dataset has here, or None when its files are unreadable."""
    info = training_info(name)
    return None if info is None else info.n_train


def shipped_on_subset(name: str) -> bool:
    """True when the shipped models of ``name`` were trained and measured on part of the dataset."""
    return any(e.record.dataset_subset for e in list_models(dataset=name, source="shipped"))


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
