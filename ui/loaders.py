"""Cached loaders: datasets and models are read once per server and shared by every session.

A model is known by ``entry_key`` / ``model_key``: its weights file's path and their sha256
(from its record), so a retrained file reloads while an unchanged one never does; every
cache of something derived from a model (its encoded test set, its exports, its
calibration) is keyed by the same. Datasets are keyed by
name and ``AE_DATA_DIR``; their arrays are read-only. A dataset that cannot be
found is remembered as such, so a rerun does not search (or try to download) again.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path

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
ModelKey = tuple[str, str]


def entry_key(entry: ModelEntry) -> ModelKey:
    """A saved model's identity for every cache: its weights path and their sha256 (the file's modification
    time for a record that names no sha256)."""
    return str(entry.weights_path), entry.record.sha256 or f"mtime {_mtime(entry.weights_path)}"


def model_key(ae) -> ModelKey | None:
    """A loaded model's ``entry_key``; None for a model that was never saved."""
    if ae.path is None or ae.record is None:
        return None
    return str(ae.path), ae.record.sha256 or f"mtime {_mtime(Path(ae.path))}"


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.is_file() else 0.0


_loads: OrderedDict[str, tuple[ModelKey, Future]] = OrderedDict()   # weights path -> (its key, its load), oldest first
_loads_lock = threading.Lock()


def load_model(entry: ModelEntry):
    """The model of a catalogue entry, loaded once per ``entry_key`` for the whole process (a spinner while
    it loads); CorruptModelError if damaged."""
    with _loads_lock:
        held = _loads.get(str(entry.weights_path))
    if held is not None and held[0] == entry_key(entry) and held[1].done():
        return shared_load(entry)
    with st.spinner("Loading the model…"):
        return shared_load(entry)


def shared_load(entry: ModelEntry):
    """Load a model once per ``entry_key`` for the whole process, from any thread.

    The warm-up thread and a page may ask for the same model at once: the second caller waits for
    the first one's load instead of loading it again. A failed load is not kept, so the next caller
    tries again (and gets the error itself). The table holds the newest version of each file and at
    most ``MAX_MODELS`` models (the longest unused go first), so it does not keep alive every model
    a server has seen (in a class, every student's trained models).
    """
    path, key = str(entry.weights_path), entry_key(entry)
    with _loads_lock:
        held = _loads.get(path)
        mine = held is None or held[0] != key
        if mine:
            held = _loads[path] = (key, Future())
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
