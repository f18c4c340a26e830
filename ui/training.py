"""The training panel: a settings form, live progress with a growing loss curve, Stop, and the result.

The run itself happens in ``ui.jobs`` (a worker thread); this module only draws.
A finished run's model is saved as a user model and selected in the chooser.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, fields
from typing import Any

import streamlit as st

from ae_models import TITLES, TrainingBusyError
from ae_models.images import NOISE_KINDS
from ae_models.kinds.dense import ACTIVATIONS as CODE_ACTIVATIONS
from ae_models.registry import kind_module
from ae_models.store import list_models

from . import jobs
from .charts import show_losses
from .chooser import select_next
from .loaders import train_size
from .site import NOISE_NAMES

JOB_KEY, ANNOUNCED_KEY = "training:job", "training:announced"
CODE_SIZES = (2, 4, 8, 16, 32, 64, 128)
BATCH_SIZES = (32, 64, 128, 256, 512)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 1e-2)
SUBSETS = (200, 1000, 5000, 20000)


def _with(options: tuple, default: Any) -> list:
    """The preset options plus the kind's default, in order."""
    return sorted(set(options) | {default})


def _slide(label: str, presets: tuple, fmt: Callable[[Any], str], help: str | None = None):
    """A select slider over preset numbers (plus the kind's default) for one knob."""
    def widget(key: str, default: Any) -> Any:
        return st.select_slider(label, _with(presets, default), value=default, key=key, format_func=fmt, help=help)
    return widget


def _layers(label: str, presets: tuple[tuple[int, ...], ...], help: str | None = None):
    """A select box over preset layer widths (plus the kind's default) for a list-valued knob."""
    def widget(key: str, default: list[int]) -> list[int]:
        options = _with(presets, tuple(default))
        return list(st.selectbox(label, options, options.index(tuple(default)), key=key, help=help,
                                 format_func=lambda widths: " → ".join(map(str, widths)) or "none"))
    return widget


Widget = Callable[[str, Any], Any]     # widget(key, default) -> value

# The kinds' own knobs (Config fields): name -> (type of value it edits, widget). A field not
# named here, or whose type no longer matches, gets a plain widget for its type.
KNOBS: dict[str, tuple[type, Widget]] = {
    "l1": (float, _slide("L1 strength", (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2), lambda v: f"{v:g}",
                         "Weight of the penalty on code activity: higher means fewer active units.")),
    "hidden": (list, _layers("Hidden layers", ((256,), (512,), (256, 64), (256, 128), (512, 256), (1024, 512, 256)),
                             "Widths of the dense layers between the image and the code.")),
    "tied": (bool, lambda key, default: st.checkbox(
        "Tied weights", value=default, key=key, help="The decoder reuses the encoder's kernels, transposed.")),
    "filters": (list, _layers("Convolution channels", ((16, 32), (32, 64), (64, 128)))),
    "noise_kind": (str, lambda key, default: st.selectbox(
        "Training noise", NOISE_KINDS, NOISE_KINDS.index(default), format_func=NOISE_NAMES.get, key=key)),
    "noise_level": (float, lambda key, default: st.slider("Training noise level", 0.0, 1.0, default, 0.05, key=key)),
    "beta": (float, _slide("β (weight of the KL term)", (0.1, 0.5, 1.0, 2.0, 4.0, 8.0), lambda v: f"{v:g}")),
    "warmup_epochs": (int, lambda key, default: st.number_input("β warm-up epochs", 0, 50, default, key=key)),
    "units": (int, _slide("LSTM units", (32, 64, 128, 256), str)),
    "activation": (str, lambda key, default: st.selectbox(
        "Code activation", CODE_ACTIVATIONS, CODE_ACTIVATIONS.index(default), key=key,
        help="Of the one code layer. Linear makes the model PCA plus a sigmoid on the way out.")),
    "threshold": (float, _slide("Code threshold", (0.0, 0.25, 0.5, 1.0), lambda v: f"{v:g}",
                                "A code unit passes only values above this, else 0: the L1 penalty then "
                                "counts active units instead of letting many tiny ones through.")),
    "dropout": (float, _slide("Dropout", (0.0, 0.1, 0.2, 0.3, 0.5), lambda v: f"{v:g}",
                              "Share of each hidden layer's units switched off at random while training: "
                              "keeps a small code's decoder from memorising the training images.")),
    "normalize": (bool, lambda key, default: st.checkbox(
        "Normalise the code", value=default, key=key,
        help="Batch-normalise each code unit before its activation: no unit can go silent for good.")),
}


def _plain(label: str) -> Widget:
    """A widget chosen by the default value's type, for knobs the table does not know."""
    def widget(key: str, default: Any) -> Any:
        if isinstance(default, bool):
            return st.checkbox(label, default, key=key)
        if isinstance(default, list):
            return _layers(label, ())(key, default)
        if isinstance(default, (int, float)):
            return st.number_input(label, value=default, key=key)
        return st.text_input(label, default, key=key)
    return widget


def _knob(name: str, default: Any) -> Widget:
    """The widget for one Config field."""
    kind_of_value, widget = KNOBS.get(name, (type(None), None))
    if widget and isinstance(default, kind_of_value) and isinstance(default, bool) == (kind_of_value is bool):
        return widget
    return _plain(name.replace("_", " ").capitalize())


def _default(f: Field) -> Any:
    return f.default_factory() if f.default is MISSING else f.default


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
        knobs = [f for f in fields(kind_module(kind).Config) if f.name != "code_size"]
        for i, f in enumerate(knobs):
            default = _default(f)
            with (c, a, b)[i % 3]:
                settings[f.name] = _knob(f.name, default)(f"train:{kind}:{f.name}", default)
        submitted = st.form_submit_button("Train", type="primary", icon=":material/model_training:")
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
        if settings:
            try:
                st.session_state[JOB_KEY] = jobs.start(kind, dataset, **settings)
            except TrainingBusyError as error:
                st.warning(str(error))
                return
            st.rerun()
