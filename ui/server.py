"""Server-wide settings that keep a slider move cheap: applied by ``app.py`` on every run (idempotent).

After every script run, fragment runs included, Streamlit calls
``keras.backend.clear_session()`` (its ``_clean_problem_modules``). That empties
TensorFlow's kernel cache, so the next ``predict_on_batch`` of each cached model
costs 10-80 ms instead of 1-2, and runs a full garbage collection over every
Keras object (0.2-0.8 s on 2 cores), which holds the GIL while the next rerun
waits. Our models live in ``st.cache_resource`` for the server's lifetime and
no page builds models in the script thread, so there is no Keras session
state to clear. (The per-run ``gc.collect`` is off in ``.streamlit/config.toml``:
``runner.postScriptGC``.)
"""
from __future__ import annotations

from streamlit.runtime.scriptrunner import script_runner


def _clean_nothing() -> None:
    """Replaces Streamlit's per-run cleanup: no Keras ``clear_session``, and the app draws no matplotlib."""


def keep_keras_session() -> None:
    """Stop Streamlit clearing the Keras session after each run (a no-op where the hook is gone)."""
    if hasattr(script_runner, "_clean_problem_modules"):
        script_runner._clean_problem_modules = _clean_nothing
