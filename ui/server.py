"""Server-wide settings that keep a slider move cheap: applied by ``app.py`` on every run (idempotent).

After every script run, fragment runs included, Streamlit calls
``keras.backend.clear_session()`` (its ``_clean_problem_modules``). That empties
TensorFlow's kernel cache, so the next call of each cached model is many times
slower, and runs a full garbage collection over every Keras object, which holds
the GIL while the next rerun waits. Our models live for the server's lifetime
(``ui.loaders``) and no page builds models in the script thread, so there is no
Keras session state to clear. (The per-run ``gc.collect`` is off in ``.streamlit/config.toml``:
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
