"""A fresh server's warm-up (ui/warm_up.py) and the process-wide model loads it shares with pages (ui/loaders.py)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

import pytest

from ae_models import KINDS, CorruptModelError
from ae_models.likeness import detectors
from ae_models.store import list_models
from ui import loaders, warm_up
from ui.chooser import default_entry


def test_first_models_are_every_kinds_default_and_the_likeness_judges_once_each(app_env):
    entries = warm_up.first_models("mnist")
    paths = [e.weights_path for e in entries]
    assert len(paths) == len(set(paths))
    assert {e.kind for e in entries} == set(KINDS)
    for d in detectors("mnist"):
        assert default_entry(d["kind"], "mnist", d["code_size"]).weights_path in paths


def test_two_threads_asking_for_one_model_get_one_load(app_env):
    entry = default_entry("conv", "mnist")
    got, start = [], threading.Barrier(2)

    def ask():
        start.wait()
        got.append(loaders.shared_load(entry))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got[0] is got[1]
    assert loaders.shared_load(entry) is got[0]
    newer = replace(entry, record=replace(entry.record, sha256=None))     # a record that names no sha256
    assert loaders.entry_key(newer) != loaders.entry_key(entry)
    assert loaders.shared_load(newer) is not got[0]      # another key: loaded afresh


def test_a_failed_load_is_not_kept(app_env, tmp_path, monkeypatch):
    folder = tmp_path / "weights"
    folder.mkdir()
    source = default_entry("dense", "mnist")
    for f in source.weights_path.parent.glob("dense-mnist-32.*"):
        (folder / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(folder))
    entry = next(e for e in list_models("dense", "mnist") if e.code_size == 32)
    weights = entry.weights_path.read_bytes()
    entry.weights_path.unlink()
    with pytest.raises(CorruptModelError, match="missing"):
        loaders.shared_load(entry)
    entry.weights_path.write_bytes(weights)
    assert loaders.shared_load(entry).kind == "dense"      # the same key, tried again


def test_warm_up_loads_and_traces_the_first_models(app_env):
    warm_up.page_drawn()
    warm_up._warm_up()
    for entry in warm_up.first_models():
        ae = loaders.shared_load(entry)
        assert ae._functions, f"{entry.name} was not run through a graph function"


def test_ae_warm_up_0_leaves_the_models_to_the_pages(app_env, monkeypatch):
    monkeypatch.setenv("AE_WARM_UP", "0")
    monkeypatch.setattr(loaders, "_loads", OrderedDict())
    warm_up.page_drawn()
    warm_up._warm_up()
    assert loaders._loads == {}


def test_the_process_wide_table_holds_no_more_models_than_the_cache(app_env, monkeypatch):
    monkeypatch.setattr(loaders, "_loads", OrderedDict())
    monkeypatch.setattr(loaders, "MAX_MODELS", 2)
    entries = [default_entry(kind, "mnist") for kind in ("pca", "dense", "conv")]
    for entry in entries:
        loaders.shared_load(entry)
    assert list(loaders._loads) == [str(e.weights_path) for e in entries[1:]]    # the first loaded went first


def test_first_models_are_shipped_even_when_a_user_model_sits_nearer_the_default_size(app_env, tiny_weights_dir):
    from conftest import save_untrained

    from ae_models.store import user_dir
    for owner in (None, "f" * 32):          # the CLI's folder and a visitor's
        save_untrained(user_dir(owner), "cvae", "mnist", 16)
    entries = warm_up.first_models("mnist")
    assert entries and all(e.source == "shipped" for e in entries)
    nearest = default_entry("cvae", "mnist", 16)     # shipped: codes 2 and 32; the user models: exactly 16
    assert nearest.source == "shipped" and nearest.code_size == 2
