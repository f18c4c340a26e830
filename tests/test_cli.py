"""The command line: list, train, evaluate, and plain errors instead of tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from ae_models.__main__ import main, progress_bar
from ae_models.evaluate import saved_results


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


def test_without_any_data_training_uses_the_embedded_subset_and_says_so(tmp_path):
    env = {**os.environ, "AE_DATA_DIR": str(tmp_path), "KERAS_HOME": str(tmp_path), "AE_USER_DIR": str(tmp_path / "u")}
    out = subprocess.run([sys.executable, "-m", "ae_models", "train", "pca", "--dataset", "fashion_mnist"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "training on 4,000 of 60,000 training images" in out.stderr and "AE_DATA_DIR" in out.stderr
    assert list((tmp_path / "u").rglob("pca-fashion_mnist-32-*.weights.h5"))


def test_a_download_that_cannot_reach_the_network_is_one_clear_line_and_exit_code_2(tmp_path):
    closed = "http://127.0.0.1:9"
    env = {**os.environ, "KERAS_HOME": str(tmp_path), "HTTPS_PROXY": closed, "HTTP_PROXY": closed,
           "https_proxy": closed, "http_proxy": closed}
    out = subprocess.run([sys.executable, "-m", "ae_models", "download", "fashion_mnist"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 2
    last = out.stderr.strip().splitlines()[-1]    # TensorFlow's start-up lines may come first
    assert last.startswith("error: Could not download the fashion_mnist dataset") and "AE_DATA_DIR" in last
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


def trained_pair(capsys) -> None:
    """A shipped dense-4 and pca-4 on the made-up data."""
    assert main(["train", "dense", "--code-size", "4", "--epochs", "1", "--subset", "100",
                 "--save-to", "shipped"]) == 0
    assert main(["train", "pca", "--code-size", "4", "--save-to", "shipped"]) == 0
    capsys.readouterr()


def test_list_names_each_model_it_skipped_and_why(cli_env, capsys):
    trained_pair(capsys)
    (cli_env / "shipped" / "pca-mnist-4.json").write_text("{ not json")
    (cli_env / "shipped" / "conv-mnist-8.json").write_text(json.dumps({"kind": "transformer", "dataset": "mnist",
                                                                      "code_size": 8}))
    assert main(["list"]) == 0
    out, err = capsys.readouterr()
    assert "dense" in out and "pca" not in out
    assert "pca-mnist-4 is unavailable: pca-mnist-4.json is not valid JSON" in err
    assert "conv-mnist-8 is unavailable" in err and "'transformer'" in err


def test_evaluate_measures_every_model_it_can_reports_the_rest_and_fails_at_the_end(cli_env, capsys):
    trained_pair(capsys)
    dense = cli_env / "shipped" / "dense-mnist-4.weights.h5"
    dense.write_bytes(dense.read_bytes()[:300])
    assert main(["evaluate", "--json"]) == 1
    out, err = capsys.readouterr()
    assert [r["kind"] for r in json.loads(out)] == ["pca"]
    assert "not measured: dense-mnist-4 is unavailable: dense-mnist-4.weights.h5 is damaged" in err


def test_evaluate_record_writes_the_figures_into_each_models_record(cli_env, capsys):
    trained_pair(capsys)
    meta_path = cli_env / "shipped" / "dense-mnist-4.json"
    meta = json.loads(meta_path.read_text())
    recorded, meta["metrics"]["bce"] = meta["metrics"]["bce"], 9.0
    meta_path.write_text(json.dumps(meta))
    assert main(["evaluate", "--record"]) == 0
    after = json.loads(meta_path.read_text())
    assert after["metrics"]["bce"] == pytest.approx(recorded, abs=1e-6)
    assert after["likeness"]["count"] == 60 and after["likeness"]["measure"] == "ssim"


def test_ctrl_c_says_how_many_epochs_were_kept_and_where(cli_env, capsys, monkeypatch):
    from ae_models import training

    def interrupted_fit(*args, **kwargs):
        raise KeyboardInterrupt
    real = training.Run

    class Kept(real):        # as if one epoch had finished when Ctrl-C came
        @property
        def epochs_run(self):
            return 1
    monkeypatch.setattr(training, "Run", Kept)
    monkeypatch.setattr("keras.Model.fit", interrupted_fit)
    assert main(["train", "dense", "--code-size", "4", "--epochs", "3"]) == 130
    err = capsys.readouterr().err
    assert "1 finished epoch(s) are kept in" in err and "run the same command again to resume" in err


def test_train_on_a_full_disk_says_so_and_ends_cleanly(cli_env, monkeypatch, capsys):
    import shutil
    from collections import namedtuple
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 2**20, 2**20))   # 1 MB free
    assert main(["train", "dense", "--epochs", "1", "--subset", "100", "--code-size", "4"]) == 2
    assert "The disk is full" in capsys.readouterr().err
    assert not [p for p in (cli_env / "user").rglob("*") if p.is_file()]


def test_a_time_limited_run_stops_early_and_is_still_measured_and_saved(cli_env, capsys):
    assert main(["train", "dense", "--code-size", "4", "--epochs", "50", "--subset", "200",
                 "--hours", "0", "--save-to", "shipped"]) == 0
    record = json.loads(next((cli_env / "shipped").glob("dense-*.json")).read_text())
    assert record["training"]["epochs_run"] < 50 and record["training"]["stopped_by_user"] is True
    assert 0 < record["metrics"]["bce"] < 1
