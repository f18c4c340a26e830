"""The server settings that keep slider moves cheap (ui/server.py, .streamlit/config.toml)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import keras
from streamlit.runtime.scriptrunner import script_runner

from ui import server


def test_streamlit_no_longer_clears_the_keras_session_after_a_run(monkeypatch):
    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(1))
    monkeypatch.setattr(script_runner, "_clean_problem_modules", script_runner._clean_problem_modules)
    server.keep_keras_session()
    server.keep_keras_session()         # idempotent: app.py calls it on every run
    script_runner._clean_problem_modules()
    assert calls == []


def test_no_full_garbage_collection_after_every_run():
    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_the_app_static_folder_bypasses_gzip_and_the_rest_keeps_streamlit_s_rule(monkeypatch):
    from streamlit.web.server.starlette import starlette_gzip_middleware as gzip
    monkeypatch.setattr(gzip, "_should_bypass_gzip", gzip._should_bypass_gzip)
    server.serve_static_uncompressed()
    server.serve_static_uncompressed()      # idempotent: app.py calls it on every run
    assert gzip._should_bypass_gzip("/app/static/ort/runtime.wasm")
    assert gzip._should_bypass_gzip("/lab/app/static/onnx/x.onnx", "/lab/")
    assert gzip._should_bypass_gzip("/static/js/main.js")            # Streamlit's own rule kept
    assert not gzip._should_bypass_gzip("/_stcore/health")
