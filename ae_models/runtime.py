"""TensorFlow start-up settings for small machines, applied once before Keras is imported.

Thread counts come from ``AE_THREADS`` (intra-op threads, default: all cores)
and the standard ``TF_NUM_INTRAOP_THREADS`` / ``TF_NUM_INTEROP_THREADS``
variables, which win when set. Inter-op parallelism defaults to 1: these
models are small and sequential, and extra inter-op threads only contend.
"""
from __future__ import annotations

import os

_done = False


def configure() -> None:
    """Set TensorFlow's environment defaults; call before the first ``import keras``."""
    global _done
    if _done:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    threads = os.environ.get("AE_THREADS")
    if threads:
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", threads)
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
    _done = True
