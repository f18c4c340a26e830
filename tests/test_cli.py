"""The command line: list, train, evaluate, and plain errors instead of tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ae_models.__main__ import main, progress_bar
from ae_models.evaluate import saved_results
from conftest import ROOT


@pytest.fixture()
def cli_env(use_tiny_data, tmp_path, monkeypatch):
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path / "shipped"))
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    return tmp_path


def test_train_then_list_then_evaluate_as_json(cli_env, capsys):
    assert main(["train", "dense", "--code-size", "4", "--epochs", "1", "--subset", "100",
                 "--save-to", "shipped"]) == 0
    assert main(["train", "pca", "--code-size", "4", "--save-to", "shipped"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "dense" in listed and "pca" in listed
    assert main(["evaluate", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in rows] == ["pca", "dense"]
    dense = rows[1]
    assert dense["pca_bce"] == rows[0]["bce"] and 0 < dense["bce"] < 1 and dense["params"] > 0
    saved = saved_results("mnist")     # the same table from the metrics saved at training
    assert [(r["kind"], r["code_size"], r["params"]) for r in saved] == [
        (r["kind"], r["code_size"], r["params"]) for r in rows]
    assert saved[1]["pca_bce"] == saved[0]["bce"] and 0 < saved[1]["bce"] < 1


def test_evaluate_markdown_prints_a_table_with_the_pca_column(cli_env, capsys):
    main(["train", "pca", "--code-size", "2", "--save-to", "shipped"])
    capsys.readouterr()
    assert main(["evaluate", "--markdown"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| kind | dataset | code |") and "PCA BCE" in out[0]
    assert out[2].startswith("| pca | mnist (subset) | 2 |")  # made-up data is small: marked


def test_missing_data_is_one_clear_line_and_exit_code_2(tmp_path, monkeypatch):
    env = {**os.environ, "AE_DATA_DIR": str(tmp_path), "KERAS_HOME": str(tmp_path),
           "AE_USER_DIR": str(tmp_path / "u"), "AE_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "ae_models", "train", "pca", "--dataset", "fashion_mnist"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 2
    # TensorFlow's C++ start-up lines may come first; our message is the last line.
    assert out.stderr.strip().splitlines()[-1].startswith("error: Could not find the fashion_mnist dataset")
    assert "Traceback" not in out.stderr


def test_bad_option_is_reported_without_a_traceback(cli_env, capsys):
    assert main(["train", "dense", "--epochs", "1", "--option", "l1=0.1"]) == 2
    assert "has no option l1" in capsys.readouterr().err


def test_unknown_kind_is_an_argparse_error():
    with pytest.raises(SystemExit) as e:
        main(["train", "transformer"])
    assert e.value.code == 2


def test_progress_bar_fills_with_the_share_done():
    assert progress_bar(5, 10, width=10) == "[#####.....]  50%"


def test_shipped_grid_covers_the_code_size_sweep_for_every_swept_kind_once():
    from ae_models.grid import SWEEP, shipped_grid
    names = [j.name for j in shipped_grid()]
    assert len(names) == len(set(names))
    for kind in ("pca", "dense", "deep", "conv", "vae"):
        assert {c for c in SWEEP if f"{kind}-mnist-{c}" in names} == set(SWEEP)


def test_halve_stores_an_older_full_precision_model_at_half_and_re_measures_it(cli_env, capsys):
    import h5py
    import numpy as np
    from ae_models.store import list_models, sha256
    assert main(["train", "dense", "--code-size", "4", "--epochs", "1", "--subset", "100",
                 "--save-to", "shipped"]) == 0
    entry = list_models("dense")[0]
    full = str(entry.weights_path) + ".full.h5"

    def copy_full(name, obj):   # as models were saved before: float32 arrays
        if isinstance(obj, h5py.Dataset):
            g.create_dataset(name, data=obj[()].astype(np.float32))
        else:
            g.require_group(name)
    with h5py.File(entry.weights_path) as f, h5py.File(full, "w") as g:
        f.visititems(copy_full)
    os.replace(full, entry.weights_path)
    meta = json.loads(entry.meta_path.read_text())
    meta["sha256"], meta["metrics"]["bce"] = sha256(entry.weights_path), 9.0
    entry.meta_path.write_text(json.dumps(meta))
    size = entry.weights_path.stat().st_size
    capsys.readouterr()
    assert main(["halve"]) == 0
    assert "stored at half precision" in capsys.readouterr().out
    after = json.loads(entry.meta_path.read_text())
    assert after["sha256"] == sha256(entry.weights_path) and 0 < after["metrics"]["bce"] < 1
    assert entry.weights_path.stat().st_size < 0.75 * size    # 28x28 kernels halve; headers stay
    with h5py.File(entry.weights_path) as f:
        assert f["layers/functional/layers/dense/vars/0"].dtype == np.float16
    assert main(["halve"]) == 0
    assert "already at half precision" in capsys.readouterr().out
