"""The training panel: a settings form, live progress with a growing loss curve, Stop, and the result.

The run itself happens in ``ui.jobs`` (a worker thread); this module only draws.
A finished run's model is saved as a user model and selected in the chooser.
"""
from __future__ import annotations

from dataclasses import Field
from typing import Any

import streamlit as st

from ae_models import TITLES, TrainingBusyError
from ae_models.kinds._base import Knob, default_of, knobs
from ae_models.registry import kind as kind_record
from ae_models.store import list_models

from . import jobs
from .charts import show_losses
from .chooser import select_next
from .downloads import model_upload
from .loaders import train_size, training_info

JOB_KEY, ANNOUNCED_KEY = "training:job", "training:announced"
CODE_SIZES = (2, 4, 8, 16, 32, 64, 128)
BATCH_SIZES = (32, 64, 128, 256, 512)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 1e-2)
SUBSETS = (200, 1000, 5000, 20000)


def _offered(knob: Knob, default: Any) -> list:
    """The values a knob offers: its presets plus the kind's default, in order."""
    values = {tuple(v) if isinstance(v, list) else v for v in knob.choices} | {
        tuple(default) if isinstance(default, list) else default}
    return sorted(values) if not isinstance(default, str) else [v for v in knob.choices if v in values]


def knob_widget(f: Field, knob: Knob, key: str) -> Any:
    """The widget for one of a kind's settings, chosen by its default's type and its knob."""
    default = default_of(f)
    if isinstance(default, bool):
        return st.checkbox(knob.label, value=default, key=key, help=knob.help or None)
    if isinstance(default, list):
        options = _offered(knob, default)
        chosen = st.selectbox(knob.label, options, options.index(tuple(default)), key=key,
                              format_func=knob.name_of, help=knob.help or None)
        return list(chosen)
    if knob.choices:
        options = _offered(knob, default)
        if isinstance(default, str):
            return st.selectbox(knob.label, options, options.index(default), key=key,
                                format_func=knob.name_of, help=knob.help or None)
        return st.select_slider(knob.label, options, value=default, key=key, format_func=knob.name_of,
                                help=knob.help or None)
    if isinstance(default, float):
        return st.slider(knob.label, float(knob.minimum or 0.0), float(knob.maximum or 1.0), default,
                         float(knob.step or 0.05), key=key, help=knob.help or None)
    if isinstance(default, int):
        return st.number_input(knob.label, int(knob.minimum or 0), int(knob.maximum or 1000), default, key=key,
                               help=knob.help or None)
    return st.text_input(knob.label, default, key=key, help=knob.help or None)


def _settings_form(kind: str, dataset: str) -> dict | None:
    """The form; returns the chosen settings when submitted."""
    n_train = train_size(dataset)
    subsets = [s for s in SUBSETS if not n_train or s < n_train] + ([n_train] if n_train else [])
    with st.form(f"train:{kind}", border=False):
        a, b, c = st.columns(3)
        settings = {
            "epochs": a.number_input("Epochs", 1, 200, 5, key=f"train:{kind}:epochs"),
            "batch_size": b.select_slider("Batch size", BATCH_SIZES, 128, key=f"train:{kind}:batch"),
            "learning_rate": c.select_slider("Learning rate", LEARNING_RATES, 1e-3, key=f"train:{kind}:lr",
                                             format_func=lambda v: f"{v:g}"),
            "code_size": a.select_slider("Code size", CODE_SIZES, 32, key=f"train:{kind}:code"),
            "subset": b.select_slider("Training images", subsets, 5000 if 5000 in subsets else subsets[-1],
                                      key=f"train:{kind}:subset",
                                      format_func=lambda s: f"{s:,}" + (" (all)" if s == n_train else "")),
        }
        for i, (f, knob) in enumerate(knobs(kind_record(kind).settings)):
            with (c, a, b)[i % 3]:
                settings[f.name] = knob_widget(f, knob, f"train:{kind}:{f.name}")
        submitted = st.form_submit_button("Train", type="primary", icon=":material/model_training:")
    if (info := training_info(dataset)) is not None:
        st.caption(f"Trains on {info.describe_training()}.")
    return settings if submitted else None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "estimating…"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


@st.fragment(run_every=1.0)
def _progress(job: jobs.TrainingJob) -> None:
    """Polls the running job every second."""
    if job.done:
        st.rerun()      # the whole page: show the result and the new model in the chooser
    stopping = job.stop.is_set()
    if stopping:
        status = "Stopping after this batch…"
    elif job.epoch >= job.epochs:
        status = "Measuring the new model on the test set and saving it…"
    else:
        status = f"Epoch {job.epoch + 1} of {job.epochs} · batch {job.step} of {job.steps}"
    st.progress(job.fraction, text=status)
    a, b, c = st.columns([2, 2, 1], vertical_alignment="bottom")
    a.metric("Elapsed", _duration(job.elapsed))
    b.metric("Remaining", _duration(job.remaining))
    c.button("Stop", icon=":material/stop:", on_click=job.stop.set, disabled=stopping, key="training:stop")
    if job.history.get("loss"):
        show_losses(job.history, job.kind)
    else:
        st.caption("The loss curve appears after the first epoch.")


def _result(job: jobs.TrainingJob) -> None:
    """What a finished run left: its model (selected in the chooser above) or why it failed."""
    if job.error:
        st.error(f"Training failed: {job.error}")
        return
    if st.session_state.get(ANNOUNCED_KEY) != job.started:
        st.session_state[ANNOUNCED_KEY] = job.started
        select_next(job.kind, job.dataset, job.model_name)
        st.rerun()      # the chooser above picks the new model
    stopped = " (stopped early)" if job.stop.is_set() else ""
    st.success(f"Trained in {_duration(job.elapsed)}{stopped} and saved as your model `{job.model_name}`: "
               "it is selected above.", icon=":material/check_circle:")
    if job.history.get("loss"):
        show_losses(job.history, job.kind)


def training_panel(kind: str, dataset: str) -> None:
    """Train a new model of ``kind`` on ``dataset`` without leaving the page."""
    job: jobs.TrainingJob | None = st.session_state.get(JOB_KEY)
    mine = job is not None and (job.kind, job.dataset) == (kind, dataset)
    expanded = mine or not list_models(kind, dataset)
    with st.expander(f"Train a {TITLES[kind]} model", icon=":material/model_training:", expanded=expanded):
        if mine and not job.done:
            _progress(job)
            return
        if mine:
            _result(job)
        elif (other := jobs.running()) is not None:
            st.info(f"A training run is in progress on this server ({other.describe()}).")
        settings = _settings_form(kind, dataset)
        model_upload(kind, dataset, key=f"model_file:{kind}")
        if settings:
            try:
                st.session_state[JOB_KEY] = jobs.start(kind, dataset, **settings)
            except TrainingBusyError as error:
                st.warning(str(error))
                return
            st.rerun()
