"""TensorFlow start-up for small machines: settings applied, and TensorFlow imported quietly, once.

Thread counts come from ``AE_THREADS`` (intra-op threads, default: all cores)
and the standard ``TF_NUM_INTRAOP_THREADS`` / ``TF_NUM_INTEROP_THREADS``
variables, which win when set. Inter-op parallelism defaults to 1: these
models are small and sequential, and extra inter-op threads only contend.

While ``import tensorflow`` runs, TensorFlow 2.21's C++ code logs a banner through
absl ("WARNING: All log messages before absl::InitializeLog() ...", then "oneDNN
custom operations are on ...", each twice) that no setting silences:
``TF_CPP_MIN_LOG_LEVEL`` (even 3), ``GLOG_minloglevel`` and absl's Python verbosity
leave it in. So ``configure`` imports TensorFlow itself with the process's stderr
(file descriptor 2) caught in a temporary file, and passes on every line but the
banner's. Numerics are untouched: oneDNN stays on.
"""
from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Lines TensorFlow prints on every start that carry no news for a user of this app.
START_UP_NOISE = (
    "All log messages before absl::InitializeLog() is called are written to STDERR",
    "oneDNN custom operations are on.",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "To enable the following instructions:",
)

_done = False
_lock = threading.Lock()   # the app's warm-up thread and a page may configure at once


def configure() -> None:
    """Set TensorFlow's environment defaults and import it quietly; call before the first ``import keras``."""
    global _done
    with _lock:
        if _done:
            return
        _set_environment()
        _import_tensorflow_quietly()
        _done = True


def _set_environment() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")   # hides INFO and WARNING logged after load
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    threads = os.environ.get("AE_THREADS")
    if threads:
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", threads)
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with its start-up banner left out of stderr; anything else it prints is passed on."""
    if "tensorflow" in sys.modules or os.environ.get("KERAS_BACKEND") != "tensorflow":
        return
    with stderr_without(START_UP_NOISE):
        import tensorflow  # noqa: F401


def is_noise(line: str, noise: tuple[str, ...] = START_UP_NOISE) -> bool:
    """True for a line of TensorFlow's start-up banner."""
    return any(text in line for text in noise)


@contextmanager
def stderr_without(noise: tuple[str, ...]) -> Iterator[None]:
    """Catch everything written to file descriptor 2 (C++ libraries included), then write back all but ``noise``."""
    try:
        saved = os.dup(2)
    except OSError:   # no stderr at all (pythonw): nothing to keep quiet
        yield
        return
    with tempfile.TemporaryFile() as caught:
        _flush_python_stderr()   # what Python buffered earlier goes out first, in order
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            _flush_python_stderr()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            kept = [line for line in caught.read().splitlines(keepends=True)
                    if not is_noise(line.decode(errors="replace"), noise)]
            _write_all(2, b"".join(kept))


def _flush_python_stderr() -> None:
    if sys.stderr is not None:
        sys.stderr.flush()


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]
