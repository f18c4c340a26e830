"""Cached loaders: datasets and models are read once per server and shared by every session.

A model is known by ``entry_key`` / ``model_key``: its weights file's path and their sha256
(from its record), so a retrained file reloads while an unchanged one never does; every
cache of something derived from a model (its encoded test set, its exports, its
calibration) is keyed by the same. Datasets are keyed by name and ``AE_DATA_DIR``; their
arrays are read-only. Test splits are read on their own (the first page needs only them),
and nothing here downloads.
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
