"""Is it like the training data? The likeness score on a page, with its verdict in plain words.

The score needs each judging model's errors on the whole test set. They are saved
in each model's record when it is trained or evaluated, so the first upload on a
fresh server answers at once; a model without them (saved by an older version) is
measured once per server, behind a spinner.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import TITLES, CorruptModelError, DataNotFoundError
from ae_models.likeness import (
    UNLIKE_BELOW,
    LikenessCalibration,
    calibration_for,
    detectors,
    likeness_score,
    verdict,
)

from .chooser import default_entry
from .loaders import load_model, model_key
from .site import DATASET_NAMES

VERDICT_LOOKS = {"like the training data": ("green", ":material/check_circle:"),
                 "unusual": ("orange", ":material/help:"),
                 "unlike the training data": ("red", ":material/block:")}


def judges(dataset: str) -> list:
    """The likeness detectors' models for a dataset (nearest saved code size), those that load."""
    models = []
    for detector in detectors(dataset):
        entry = default_entry(detector["kind"], dataset, detector["code_size"])
        if entry is None:
            continue
        try:
            models.append(load_model(entry))
        except CorruptModelError:
            continue
    return models


@st.cache_resource(show_spinner="Calibrating the likeness score on the test set…", max_entries=8)
def _calibration(keys: tuple, _models: tuple) -> LikenessCalibration:
    return calibration_for(_models)


def show_likeness(image: np.ndarray, dataset: str) -> None:
    """The score, its verdict and one line on what it means; a caption instead when it cannot be judged."""
    models = tuple(judges(dataset))
    if not models:
        st.caption("No likeness score: it needs the shipped PCA or Variational model for this dataset.")
        return
    try:
        calibration = _calibration(tuple(model_key(ae) for ae in models), models)
    except DataNotFoundError:
        st.caption("No likeness score: it is calibrated on the test set, which is not available here.")
        return
    score = float(likeness_score(models, image[None], calibration)[0])
    words = verdict(score)
    colour, icon = VERDICT_LOOKS[words]
    st.metric("Is it like the training data?", f"{score:.0%}")
    st.badge(words.capitalize(), color=colour, icon=icon)
    st.caption(f"The share of {DATASET_NAMES[dataset]} test images the models redraw worse than this one; "
               f"under {UNLIKE_BELOW:.0%} is unlike anything they learned. Judged by "
               + " and ".join(f"{TITLES[ae.kind]}-{ae.code_size}" for ae in models) + ".")
