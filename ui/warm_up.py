"""A fresh server gets ready in the background for its first visitor's first picture.

Once the server's first page is drawn (the gallery needs no TensorFlow: its pictures
are precomputed), a thread imports TensorFlow, then loads the models the
Draw page and Compare use for the default dataset (each kind's default model and
the likeness score's judges: shipped models only, never one a visitor trained or
loaded) and runs each of them twice on a blank image. The first run of a model is
eager and the second traces its graph function, so both the first and the second
upload find them ready. A page
that asks for a model the thread is loading waits for that load instead of
repeating it (``loaders.shared_load``). The thread never calls Streamlit.

``AE_WARM_UP=0`` leaves the models to the pages (the import still runs): for
a server short of memory, or to measure what the warm-up saves
(``python -m benchmarks.bench_first_upload --without-warm-up``).
"""
from __future__ import annotations

import os
import threading

import numpy as np

from ae_models import KINDS
from ae_models.likeness import detectors
from ae_models.store import ModelEntry

from .chooser import default_entry
from .loaders import shared_load

DATASET = "mnist"                 # the sidebar's default dataset
PATIENCE_S = 60.0                 # load the models anyway when no page has finished by then

_started = threading.Event()
_page_drawn = threading.Event()


def start() -> None:
    """Start the warm-up thread, once per process (later calls do nothing)."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_warm_up, name="ae-warm-up", daemon=True).start()


def page_drawn() -> None:
    """Tell the thread a page has been drawn: loading models no longer slows the first one."""
    _page_drawn.set()


def first_models(dataset: str = DATASET) -> list[ModelEntry]:
    """The models a first upload needs: each kind's default shipped model and the likeness judges, once each."""
    entries = [default_entry(kind, dataset) for kind in KINDS]
    entries += [default_entry(d["kind"], dataset, d["code_size"]) for d in detectors(dataset)]
    unique = {e.weights_path: e for e in entries if e is not None}
    return list(unique.values())


def exercise(ae) -> None:
    """Run a model once the way the Draw page does (the first run is eager, the second traces)."""
    blank = np.zeros((1, 28, 28), np.float32)
    label = ae.read_label(blank)
    ae.reconstruct(blank, label)


def _warm_up() -> None:
    # The first page needs no TensorFlow (the gallery's pictures are precomputed): importing it now
    # would only compete with that page for the interpreter, so it waits until the page is drawn.
    _page_drawn.wait(PATIENCE_S)
    from ae_models import runtime
    runtime.configure()
    import keras  # noqa: F401
    if os.environ.get("AE_WARM_UP") == "0":
        return
    try:
        models = [ae for ae in map(_load, first_models()) if ae is not None]
        # Every model loaded first, then each run eagerly, then traced: an upload arriving mid-way
        # waits for as little as possible.
        for _ in range(2):
            for ae in models:
                exercise(ae)
    except Exception:     # only a head start: whatever fails here, the page that needs it does again and says why
        return


def _load(entry: ModelEntry):
    """The entry's model, or None when it cannot be loaded (its page names the problem)."""
    try:
        return shared_load(entry)
    except Exception:
        return None
