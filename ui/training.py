"""The training panel: a settings form, the run's place in the queue, the live view of the model
learning with Pause, Resume, one batch / one epoch steps and Stop, and the result.

The run itself belongs to the server's runner (``ui.jobs``): the page submits a request and reads
the visitor's job. A finished run's model lands in the catalogue as a user model and is selected in
the chooser; its owner can publish it to the class board, download it or delete it.
"""
from __future__ import annotations

from dataclasses import Field
from typing import Any

import streamlit as st

from ae_models import TITLES
from ae_models.jobs import Job, JobRefused
from ae_models.jobs.state import CANCELLED, FAILED, MEASURING, QUEUED, STARTING
from ae_models.kinds import Knob, default_of, knobs
from ae_models.registry import kind as kind_record
from ae_models.store import list_models

from . import jobs, my_runs
from .chooser import select_next
from .downloads import model_upload
from .loaders import train_size, training_info
from .training_view import view_html

ANNOUNCED_KEY, UPDATES_KEY = "training:announced", "training:updates"
REFRESH_S = 0.5            # a run learning: the view redrawn twice a second
QUEUED_REFRESH_S = 1.0     # a run in line: its place, once a second
REFUSED_KEY = "training:refused"
PERSIST = "session"     # the form keeps its values while a run hides it (else Epochs came back as 5)
CODE_SIZES = (2, 4, 8, 16, 32, 64, 128)
BATCH_SIZES = (32, 64, 128, 256, 512)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 1e-2)
SUBSETS = (200, 1000, 5000, 20000)
# The form's common settings: the run's field -> the end of its widget's key (train:<kind>:<end>)
FORM_KEYS = {"epochs": "epochs", "batch_size": "batch", "learning_rate": "lr", "code_size": "code", "subset": "subset"}


def _offered(knob: Knob, default: Any) -> list:
    """The values a knob offers: its presets plus the kind's default, in order."""
    values = {tuple(v) if isinstance(v, list) else v for v in knob.choices} | {
        tuple(default) if isinstance(default, list) else default}
    return sorted(values) if not isinstance(default, str) else [v for v in knob.choices if v in values]


def knob_widget(f: Field, knob: Knob, key: str) -> None:
    """The widget for one of a kind's settings, chosen by its default's type and its knob (its value is
    read from the session under ``key``)."""
    default, common = default_of(f), {"key": key, "persist_state": PERSIST, "help": knob.help or None}
    if isinstance(default, bool):
        st.checkbox(knob.label, value=default, **common)
    elif isinstance(default, list):
        options = _offered(knob, default)
        st.selectbox(knob.label, options, options.index(tuple(default)), format_func=knob.name_of, **common)
    elif knob.choices and isinstance(default, str):
        options = _offered(knob, default)
        st.selectbox(knob.label, options, options.index(default), format_func=knob.name_of, **common)
    elif knob.choices:
        st.select_slider(knob.label, _offered(knob, default), value=default, format_func=knob.name_of, **common)
    elif isinstance(default, float):
        st.slider(knob.label, float(knob.minimum or 0.0), float(knob.maximum or 1.0), default,
                  float(knob.step or 0.05), **common)
    elif isinstance(default, int):
        st.number_input(knob.label, int(knob.minimum or 0), int(knob.maximum or 1000), default, **common)
    else:
        st.text_input(knob.label, default, **common)


def _settings_form(kind: str, dataset: str) -> None:
    """The form; Train hands its values to ``_submit``."""
    n_train = train_size(dataset)
    subsets = [s for s in SUBSETS if not n_train or s < n_train] + ([n_train] if n_train else [])
    key = f"train:{kind}:"
    with st.form(f"train:{kind}", border=False):
        a, b, c = st.columns(3)
        a.number_input("Epochs", 1, 200, 5, key=key + FORM_KEYS["epochs"], persist_state=PERSIST)
        b.select_slider("Batch size", BATCH_SIZES, 128, key=key + FORM_KEYS["batch_size"], persist_state=PERSIST)
        c.select_slider("Learning rate", LEARNING_RATES, 1e-3, key=key + FORM_KEYS["learning_rate"],
                        persist_state=PERSIST, format_func=lambda v: f"{v:g}")
        a.select_slider("Code size", CODE_SIZES, 32, key=key + FORM_KEYS["code_size"], persist_state=PERSIST)
        b.select_slider("Training images", subsets, 5000 if 5000 in subsets else subsets[-1],
                        key=key + FORM_KEYS["subset"], persist_state=PERSIST,
                        format_func=lambda s: f"{s:,}" + (" (all)" if s == n_train else ""))
        for i, (f, knob) in enumerate(knobs(kind_record(kind).settings)):
            with (c, a, b)[i % 3]:
                knob_widget(f, knob, key + f.name)
        st.form_submit_button("Train", type="primary", icon=":material/model_training:", on_click=_submit,
                              args=(kind, dataset))
    if (info := training_info(dataset)) is not None:
        st.caption(f"Trains on {info.describe_training()}.")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "estimating…"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _status(job: Job) -> str:
    """One line on where the run is."""
    if job.state == QUEUED:
        r = jobs.runner()
        return (f"Queued: place {r.place(job) or '?'} in line; it should start in about "
                f"{_duration(r.estimated_start(job))}.")
    if job.state == STARTING:
        return "Starting: the worker is reading the training images…"
    if job.state == MEASURING:
        return "Measuring the new model on the test set and saving it…"
    shot = job.snapshot
    if job.stop_requested:
        return "Stopping after this batch…"
    if shot is None:
        return "Training…"
    paused = "Paused · " if shot.paused else ""
    return f"{paused}Epoch {min(shot.epoch + 1, shot.epochs)} of {shot.epochs} · batch {shot.step} of {shot.steps}"


def _controls(job: Job) -> None:
    """Pause / Resume, one batch, one epoch, Stop: each acts on the worker at its next batch."""
    r = jobs.runner()
    queued = job.state == QUEUED
    training = job.state not in (QUEUED, MEASURING) and not job.stop_requested
    a, b, c, d = st.columns(4)
    if job.paused:
        a.button("Resume", icon=":material/play_arrow:", on_click=r.resume, args=(job.id,), key="training:resume",
                 disabled=not (training or queued), width="stretch")
    else:
        a.button("Pause", icon=":material/pause:", on_click=r.pause, args=(job.id,), key="training:pause",
                 disabled=not (training or queued), width="stretch")
    b.button("One batch", icon=":material/skip_next:", on_click=r.step, args=(job.id, "batch"),
             key="training:batch", disabled=not (training and job.paused), width="stretch",
             help="Pause first; then run exactly one batch and pause again.")
    c.button("One epoch", icon=":material/fast_forward:", on_click=r.step, args=(job.id, "epoch"),
             key="training:epoch", disabled=not (training and job.paused), width="stretch",
             help="Pause first; then run to the end of this epoch and pause again.")
    d.button("Leave the queue" if queued else "Stop", icon=":material/stop:", on_click=r.stop, args=(job.id,),
             key="training:stop", disabled=job.stop_requested, width="stretch",
             help=None if queued else "Stop after this batch; the model so far is measured and kept.")


@st.fragment(run_every=QUEUED_REFRESH_S)
def _queued(job_id: str) -> None:
    """A run waiting in line: its place and estimated start, once a second (most of a class waits here,
    and each redraw costs the server); when it starts, the page opens on it learning."""
    job = jobs.runner().job(job_id)
    if job is None:
        return
    jobs.runner().touch(job.visitor)
    if job.state != QUEUED:
        st.rerun()
    st.progress(0.0, text=_status(job))
    _controls(job)


@st.fragment(run_every=REFRESH_S)
def _live(job_id: str) -> None:
    """The running job, redrawn twice a second."""
    job = jobs.runner().job(job_id)
    if job is None:
        return
    jobs.runner().touch(job.visitor)
    if job.done:
        st.rerun()      # the whole page: show the result and the new model in the chooser
    st.progress(job.fraction, text=_status(job))
    _controls(job)
    st.session_state[UPDATES_KEY] = st.session_state.get(UPDATES_KEY, 0) + 1
    st.html(view_html(job.id, job.updates, job.snapshot, st.session_state[UPDATES_KEY], job.state))


def _result(job: Job) -> None:
    """What a finished run left: its model (selected in the chooser above), or why there is none."""
    if job.state == FAILED:
        st.error(f"Training failed: {job.error}")
        return
    if job.state == CANCELLED:
        why = {"you": "you took it out of the queue", "you left": "you left the page for too long"}
        st.info(f"Your run was cancelled: {why.get(job.ended_by, job.ended_by)}.")
        return
    if st.session_state.get(ANNOUNCED_KEY) != job.id:
        st.session_state[ANNOUNCED_KEY] = job.id
        select_next(job.spec.kind, job.spec.dataset, job.model_name)
        st.rerun()      # the chooser above picks the new model
    if my_runs.entry_named(job.model_name or "") is None:
        st.info(f"The model of your last run (`{job.model_name}`) has been deleted.")
        return
    stopped = {"you": " (stopped early)", "the time limit": " (stopped at the server's time limit)"}
    st.success(f"Trained in {_duration(job.seconds)}{stopped.get(job.ended_by, '')} and saved as your model "
               f"`{job.model_name}`: it is selected above.", icon=":material/check_circle:")
    if job.snapshot is not None:
        st.html(view_html(job.id, job.updates, job.snapshot, st.session_state.get(UPDATES_KEY, 0), job.state))
    my_runs.owner_actions(job)


def _submit(kind: str, dataset: str) -> None:
    """The Train button's callback: the form's values as a run for the runner (before the page is
    drawn again, so it opens on the run); a refusal is kept to be shown."""
    key = f"train:{kind}:"
    settings = {name: st.session_state[key + short] for name, short in FORM_KEYS.items()}
    for f, _ in knobs(kind_record(kind).settings):
        value = st.session_state[key + f.name]
        settings[f.name] = list(value) if isinstance(value, tuple) else value
    try:
        jobs.runner().submit(jobs.spec_from_form(kind, dataset, settings))
    except JobRefused as refused:
        st.session_state[REFUSED_KEY] = str(refused)


def training_panel(kind: str, dataset: str) -> None:
    """Train a new model of ``kind`` on ``dataset`` without leaving the page."""
    jobs.runner()        # made with the first page that can train: its spare worker gets ready meanwhile
    job = jobs.my_job()
    mine = job is not None and (job.spec.kind, job.spec.dataset) == (kind, dataset)
    expanded = mine or not list_models(kind, dataset)
    with st.expander(f"Train a {TITLES[kind]} model", icon=":material/model_training:", expanded=expanded):
        if mine and job.active:
            (_queued if job.state == QUEUED else _live)(job.id)
            return
        if mine:
            _result(job)
        elif job is not None and job.active:
            st.info(f"Your {TITLES[job.spec.kind]} run is {jobs.describe(job)}: one run at a time each. "
                    "Its page shows it learning.")
        if refused := st.session_state.pop(REFUSED_KEY, None):
            st.warning(refused)
        _settings_form(kind, dataset)
        model_upload(kind, dataset, key=f"model_file:{kind}")
