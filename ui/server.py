"""Server-wide settings that keep a slider move cheap: applied by ``app.py`` on every run (idempotent).

After every script run, fragment runs included, Streamlit calls
``keras.backend.clear_session()`` (its ``_clean_problem_modules``). That empties
TensorFlow's kernel cache, so the next call of each cached model is many times
slower, and runs a full garbage collection over every Keras object, which holds
the GIL while the next rerun waits. Our models live for the server's lifetime
(``ui.loaders``) and no page builds models in the script thread, so there is no
Keras session state to clear. (The per-run ``gc.collect`` is off in ``.streamlit/config.toml``:
``runner.postScriptGC``.)

The app's static files (``/app/static/``: the 14 MB ONNX Runtime WebAssembly and the model exports)
are served as they are: Streamlit's gzip middleware would compress them again on every request,
in the event loop, which holds every other visitor's page while a new browser arrives (Streamlit
already serves its own bundles uncompressed for the same reason).
"""
from __future__ import annotations

from streamlit.runtime.scriptrunner import script_runner

APP_STATIC = "/app/static/"


def _clean_nothing() -> None:
    """Replaces Streamlit's per-run cleanup: no Keras ``clear_session``, and the app draws no matplotlib."""


def keep_keras_session() -> None:
    """Stop Streamlit clearing the Keras session after each run (a no-op where the hook is gone)."""
    if hasattr(script_runner, "_clean_problem_modules"):
        script_runner._clean_problem_modules = _clean_nothing


def serve_static_uncompressed() -> None:
    """Let ``/app/static/`` bypass the gzip middleware, as Streamlit's own bundles do (idempotent;
    a no-op where the hook is gone)."""
    try:
        from streamlit.web.server.starlette import starlette_gzip_middleware as gzip
    except ImportError:
        return
    bypass = getattr(gzip, "_should_bypass_gzip", None)
    if bypass is None or getattr(bypass, "serves_app_static", False):
        return

    def bypass_app_static(path: str, base_url: str = "") -> bool:
        stripped = gzip._strip_base_url(path, base_url) if hasattr(gzip, "_strip_base_url") else path
        return stripped.startswith(APP_STATIC) or bypass(path, base_url)

    bypass_app_static.serves_app_static = True  # type: ignore[attr-defined]
    gzip._should_bypass_gzip = bypass_app_static
