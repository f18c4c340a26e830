"""The server's training runner, shared by every session, and what pages ask of it.

The runner (``ae_models.jobs``: local worker processes, or Ray when configured) is
made on the first request to train and lives as long as the server. Pages submit
a ``JobSpec`` built from the training form and read the visitor's ``Job``; they
never touch a worker.
"""
from __future__ import annotations

import atexit
import os
import threading

import streamlit as st

from ae_models.jobs import Job, JobSpec, make_runner
from ae_models.jobs.queue import Runner
from ae_models.store import user_dir
from ae_models.training import TrainSettings

from . import visitor

_runner: Runner | None = None
_made = threading.Lock()


def runner() -> Runner:
    """The server's runner, made on first use."""
    global _runner
    with _made:
        if _runner is None:
            _runner = make_runner()
            atexit.register(_runner.close)
        return _runner


def existing() -> Runner | None:
    """The runner if one has been made (asking never starts workers)."""
    return _runner


def spec_from_form(kind: str, dataset: str, settings: dict) -> JobSpec:
    """A training request from the panel's form values (common settings and the kind's own knobs)."""
    settings = dict(settings)
    train = TrainSettings(epochs=int(settings.pop("epochs")), batch_size=int(settings.pop("batch_size")),
                          learning_rate=float(settings.pop("learning_rate")), subset=settings.pop("subset", None))
    code_size = int(settings.pop("code_size"))
    me = visitor.current()
    return JobSpec(kind, dataset, code_size, train, settings, visitor=me,
                   data_dir=os.environ.get("AE_DATA_DIR") or None, catalogue=str(user_dir(me)))


def my_job() -> Job | None:
    """This visitor's latest run (any kind), noting that they are still here."""
    r = existing()
    if r is None:
        return None
    me = visitor.current()
    r.touch(me)
    return r.latest(me)


def describe(job: Job) -> str:
    """'training, 40%' / 'queued, place 2' / 'done'."""
    if job.state == "queued":
        return f"queued, place {runner().place(job) or '?'}"
    if job.state == "training":
        return f"training, {job.fraction:.0%}"
    return job.state


@st.fragment(run_every=5.0)
def _status_line() -> None:
    job = my_job()
    if job is not None and job.active:
        st.caption(f"Your {job.spec.kind} run: {describe(job)}.")


def sidebar_status() -> None:
    """In the sidebar of every page while the visitor has a run: what it is doing; it also keeps the
    run alive while they browse other pages (a run whose visitor has gone is cancelled)."""
    job = my_job()
    if job is not None and job.active:
        with st.sidebar:
            _status_line()
