"""Training lowers the loss, is reproducible, saves atomically with metadata, and resumes."""
from __future__ import annotations

import json

import numpy as np
import pytest

from ae_models import load_pretrained, train
from ae_models.store import list_models


@pytest.fixture()
def user_dir(tmp_path, monkeypatch, use_tiny_data):
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path / "shipped"))
    return tmp_path / "user"


@pytest.mark.parametrize("kind", ["dense", "sparse", "deep", "conv", "denoising", "vae", "lstm"])
def test_a_few_epochs_lower_the_loss_on_made_up_digits(kind, user_dir):
    _, history = train(kind, code_size=8, epochs=3, batch_size=32, learning_rate=3e-3,
                       patience=0, save_to=None, probe=False)
    assert history["loss"][-1] < history["loss"][0]


def test_training_is_deterministic_given_a_seed(user_dir):
    a, _ = train("dense", code_size=4, epochs=2, batch_size=32, seed=3, save_to=None, probe=False)
    b, _ = train("dense", code_size=4, epochs=2, batch_size=32, seed=3, save_to=None, probe=False)
    x = np.random.default_rng(0).random((4, 28, 28))
    assert np.array_equal(a.reconstruct(x), b.reconstruct(x))


def test_saved_model_reloads_with_identical_outputs_and_full_metadata(user_dir):
    seen = []
    ae, _ = train("vae", code_size=4, epochs=2, batch_size=64, subset=120,
                  on_epoch=lambda e, logs: seen.append((e, logs)))
    assert [e for e, _ in seen] == [0, 1] and "val_loss" in seen[0][1]
    again = load_pretrained("vae", "mnist", 4)
    x = np.random.default_rng(1).random((5, 28, 28))
    assert np.array_equal(ae.reconstruct(x), again.reconstruct(x))
    meta = json.loads((user_dir / (again.path.split("/")[-1].replace(".weights.h5", ".json"))).read_text())
    for key in ("kind", "dataset", "dataset_subset", "code_size", "config", "training", "metrics",
                "versions", "sha256"):
        assert key in meta
    assert meta["training"]["subset"] == 120 and meta["training"]["epochs_run"] == 2
    assert {"bce", "mse", "psnr", "ssim", "neg_elbo", "probe_accuracy"} <= set(meta["metrics"])
    assert not list(user_dir.glob(".tmp-*"))


def test_user_models_never_overwrite_each_other_or_shipped_ones(user_dir, tmp_path):
    train("pca", code_size=4)
    train("pca", code_size=4)
    assert len(list_models("pca", "mnist", source="user")) == 2
    assert not (tmp_path / "shipped").exists()


def test_stop_request_ends_training_early_and_keeps_the_model(user_dir):
    ae, history = train("dense", code_size=4, epochs=50, batch_size=32, should_stop=lambda: True)
    assert len(history["loss"]) == 1
    assert ae.metadata["training"]["stopped_by_user"] and ae.path


def test_interrupted_run_resumes_from_its_last_epoch(user_dir, tmp_path):
    folder = tmp_path / "grid"

    def crash(epoch, logs):
        if epoch == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m", resume=True,
              on_epoch=crash, patience=0)
    assert (folder / ".partial" / "m.weights.h5").is_file()
    epochs = []
    ae, history = train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m",
                        resume=True, on_epoch=lambda e, logs: epochs.append(e), patience=0)
    assert epochs == [2, 3] and len(history["loss"]) == 4
    assert ae.metadata["training"]["epochs_run"] == 4
    assert not (folder / ".partial" / "m.weights.h5").exists()


def test_pca_fits_in_closed_form_and_explains_more_variance_with_more_components(user_dir):
    small, _ = train("pca", code_size=2, save_to=None)
    large, _ = train("pca", code_size=16, save_to=None)
    assert 0 < small.metrics["explained_variance"] < large.metrics["explained_variance"] <= 1
    assert large.metrics["bce"] < small.metrics["bce"]


def test_bad_training_settings_are_refused_in_plain_words(user_dir):
    with pytest.raises(ValueError, match="batch_size"):
        train("dense", code_size=4, epochs=1, batch_size=0, save_to=None)


def test_an_unknown_strategy_name_is_refused_with_the_choices():
    from ae_models.training import make_strategy
    with pytest.raises(ValueError, match="mirrored, multiworker"):
        make_strategy("tpu-pod")


def test_mirrored_strategy_trains_on_two_logical_cpus(user_dir):
    import subprocess, sys, os
    code = (
        "import tensorflow as tf\n"
        "cpu = tf.config.list_physical_devices('CPU')[0]\n"
        "tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)\n"
        "from ae_models import train\n"
        "for kind in ('dense', 'vae'):\n"
        "    ae, h = train(kind, code_size=4, epochs=2, batch_size=64, strategy='mirrored', save_to=None, probe=False)\n"
        "    assert h['loss'][-1] < h['loss'][0], h\n"
        "    print(kind, 'replicas ok', ae.metadata['training']['strategy'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.count("replicas ok mirrored") == 2


def test_continuing_a_saved_model_runs_more_epochs_and_keeps_its_history(user_dir):
    from ae_models.store import find
    first, _ = train("dense", code_size=4, epochs=2, batch_size=64, patience=0)
    entry = find("dense", "mnist", 4, source="user")
    epochs = []
    more, history = train("dense", code_size=4, epochs=2, batch_size=64, patience=0, continue_from=entry,
                          on_epoch=lambda e, logs: epochs.append(e))
    assert epochs == [2, 3] and len(history["loss"]) == 4
    assert more.metadata["training"]["continued_from"] == entry.name
    assert history["loss"][:2] == first.metadata["training"]["history"]["loss"]


def test_saved_weights_hold_no_optimizer_state(user_dir):
    import h5py
    ae, _ = train("dense", code_size=4, epochs=1, batch_size=64)
    with h5py.File(ae.path) as f:
        assert "optimizer" not in f and "layers" in f


def test_saved_weights_are_half_precision_and_the_recorded_figures_are_the_files(user_dir):
    import h5py
    from ae_models.evaluate import measure
    from ae_models.data import load_dataset
    ae, _ = train("conv", code_size=4, epochs=1, batch_size=64, probe=False)
    with h5py.File(ae.path) as f:
        dtypes = []
        f.visititems(lambda _, obj: dtypes.append(obj.dtype) if isinstance(obj, h5py.Dataset) else None)
    assert dtypes and all(d == np.float16 for d in dtypes)
    again = load_pretrained("conv", "mnist", 4)
    assert all(w.dtype == np.float32 for w in again.parts.trainer.get_weights())
    x = np.random.default_rng(2).random((5, 28, 28))
    assert np.array_equal(ae.reconstruct(x), again.reconstruct(x))    # rounded before it was measured
    (_, _), (x_test, _) = load_dataset("mnist")
    assert measure(again, x_test)["bce"] == ae.metadata["metrics"]["bce"]
