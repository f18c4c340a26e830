"""Training lowers the loss, is reproducible, saves atomically with its record, and an interrupted
run keeps its finished epochs (optimizer state included) wherever it saves, and resumes."""
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


@pytest.mark.parametrize("kind", ["dense", "sparse", "deep", "conv", "denoising", "vae", "cvae", "lstm"])
def test_a_few_epochs_lower_the_loss_on_made_up_digits(kind, user_dir):
    _, history = train(kind, code_size=8, epochs=3, batch_size=32, learning_rate=3e-3,
                       patience=0, save_to=None)
    assert history["loss"][-1] < history["loss"][0]


def test_training_is_deterministic_given_a_seed(user_dir):
    a, _ = train("dense", code_size=4, epochs=2, batch_size=32, seed=3, save_to=None)
    b, _ = train("dense", code_size=4, epochs=2, batch_size=32, seed=3, save_to=None)
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
    assert ae.record.training.stopped_by_user and ae.path


def crash_after(epoch: int):
    """An on_epoch callback that presses Ctrl-C once ``epoch`` has finished."""
    def crash(e, logs):
        if e == epoch:
            raise KeyboardInterrupt
    return crash


def test_interrupted_run_resumes_from_its_last_epoch(user_dir, tmp_path):
    folder = tmp_path / "grid"
    with pytest.raises(KeyboardInterrupt, match="2 finished epoch"):
        train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m",
              on_epoch=crash_after(1), patience=0)
    assert (folder / ".partial" / "m.json").is_file()
    epochs = []
    ae, history = train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m",
                        on_epoch=lambda e, logs: epochs.append(e), patience=0)
    assert epochs == [2, 3] and len(history["loss"]) == 4
    assert ae.record.training.epochs_run == 4
    assert not list((folder / ".partial").iterdir())


def test_an_interrupted_user_run_is_checkpointed_and_the_same_call_resumes_it(user_dir):
    settings = dict(code_size=4, epochs=3, batch_size=64, patience=0)
    with pytest.raises(KeyboardInterrupt, match="kept in .*user"):
        train("dense", on_epoch=crash_after(0), **settings)
    notes, epochs = [], []
    ae, history = train("dense", on_epoch=lambda e, logs: epochs.append(e), on_note=notes.append, **settings)
    assert epochs == [1, 2] and len(history["loss"]) == 3 and "Resuming after epoch 1" in notes[0]
    assert list_models("dense", source="user") and not list((user_dir / ".partial").iterdir())


def test_resuming_restores_the_optimizer_state_so_it_continues_the_uninterrupted_run(user_dir, tmp_path):
    settings = dict(code_size=4, epochs=3, batch_size=64, patience=0, seed=1, save_to=tmp_path / "a", name="m")
    whole, _ = train("dense", **settings)
    with pytest.raises(KeyboardInterrupt):
        train("dense", **{**settings, "save_to": tmp_path / "b"}, on_epoch=crash_after(1))
    resumed, _ = train("dense", **{**settings, "save_to": tmp_path / "b"})
    x = np.random.default_rng(0).random((4, 28, 28))
    np.testing.assert_allclose(resumed.reconstruct(x), whole.reconstruct(x), atol=1e-5)


def test_a_checkpoint_interrupted_between_its_two_writes_still_resumes(user_dir, tmp_path):
    from ae_models.checkpoint import Checkpoint
    folder = tmp_path / "grid"
    with pytest.raises(KeyboardInterrupt):
        train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m", on_epoch=crash_after(1))
    # A kill after the next epoch's weights were written but before its manifest: a stray weights file.
    stray = folder / ".partial" / "m-epoch3.weights.h5"
    stray.write_bytes(b"half a file")
    assert Checkpoint(folder, "m").manifest.is_file()
    epochs = []
    train("dense", code_size=4, epochs=4, batch_size=64, save_to=folder, name="m",
          on_epoch=lambda e, logs: epochs.append(e))
    assert epochs == [2, 3]


def test_a_damaged_checkpoint_is_reported_and_the_run_starts_over(user_dir, tmp_path):
    folder = tmp_path / "grid"
    with pytest.raises(KeyboardInterrupt):
        train("dense", code_size=4, epochs=3, batch_size=64, save_to=folder, name="m", on_epoch=crash_after(0))
    for weights in (folder / ".partial").glob("*.weights.h5"):
        weights.unlink()
    notes, epochs = [], []
    train("dense", code_size=4, epochs=3, batch_size=64, save_to=folder, name="m", on_note=notes.append,
          on_epoch=lambda e, logs: epochs.append(e))
    assert epochs == [0, 1, 2] and "Starting over" in notes[0]


def test_temporary_files_left_by_a_killed_process_are_removed_by_the_next_run(user_dir):
    import subprocess
    import sys
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    user_dir.mkdir(parents=True, exist_ok=True)
    stale = user_dir / f".tmp-{dead}-abc.weights.h5"
    stale.write_bytes(b"cut short")
    train("pca", code_size=2)
    assert not stale.exists()


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
    import os
    import subprocess
    import sys
    code = (
        "import tensorflow as tf\n"
        "cpu = tf.config.list_physical_devices('CPU')[0]\n"
        "tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)\n"
        "from ae_models import train\n"
        "for kind in ('dense', 'vae'):\n"
        "    ae, h = train(kind, code_size=4, epochs=2, batch_size=64, strategy='mirrored', save_to=None)\n"
        "    assert h['loss'][-1] < h['loss'][0], h\n"
        "    print(kind, 'replicas ok', ae.record.training.strategy)\n")
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
    assert more.record.training.continued_from == entry.name
    assert history["loss"][:2] == first.record.training.history["loss"]


def test_saved_weights_hold_no_optimizer_state(user_dir):
    import h5py
    ae, _ = train("dense", code_size=4, epochs=1, batch_size=64)
    with h5py.File(ae.path) as f:
        assert "optimizer" not in f and "layers" in f


def test_saved_weights_are_half_precision_and_the_recorded_figures_are_the_files(user_dir):
    import h5py

    from ae_models.data import load_dataset
    from ae_models.evaluate import measure
    ae, _ = train("conv", code_size=4, epochs=1, batch_size=64)
    with h5py.File(ae.path) as f:
        dtypes = []
        f.visititems(lambda _, obj: dtypes.append(obj.dtype) if isinstance(obj, h5py.Dataset) else None)
    assert dtypes and all(d == np.float16 for d in dtypes)
    again = load_pretrained("conv", "mnist", 4)
    assert all(w.dtype == np.float32 for w in again.parts.trainer.get_weights())
    x = np.random.default_rng(2).random((5, 28, 28))
    assert np.array_equal(ae.reconstruct(x), again.reconstruct(x))    # rounded before it was measured
    (_, _), (x_test, y_test) = load_dataset("mnist")
    assert measure(again, x_test, y_test)[0]["bce"] == ae.record.metrics.bce
