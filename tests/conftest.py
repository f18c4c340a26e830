"""Shared fixtures: small made-up datasets and a weights folder of quickly built models.

Tests that need real MNIST use ``real_mnist`` (skipped unless ``AE_DATA_DIR``
holds it); every other test runs on images made here, so the suite needs no
download and stays fast.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
REAL_DATA_DIR = os.environ.get("AE_DATA_DIR")
os.environ.setdefault("AE_USER_DIR", tempfile.mkdtemp(prefix="ae-user-"))  # never touch ~/.autoencoder_lab


def make_digits(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uint8 28x28 images of simple class-dependent strokes, white on black, and labels."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    yy, xx = np.mgrid[0:28, 0:28]
    images = np.zeros((n, 28, 28), np.float32)
    for i, k in enumerate(labels):
        angle = np.pi * k / 10 + rng.normal(0, 0.05)
        cx, cy = 14 + rng.normal(0, 1), 14 + rng.normal(0, 1)
        d = np.abs((xx - cx) * np.sin(angle) - (yy - cy) * np.cos(angle))
        along = np.abs((xx - cx) * np.cos(angle) + (yy - cy) * np.sin(angle))
        images[i] = np.clip(1.5 - d, 0, 1) * (along < 9)
        if k % 2:   # odd classes also get a ring
            r = np.hypot(xx - cx, yy - cy)
            images[i] = np.maximum(images[i], np.clip(1.5 - np.abs(r - 5), 0, 1))
    return (images * 255).astype(np.uint8), labels.astype(np.uint8)


def write_npz(path: Path, n_train: int = 300, n_test: int = 60, seed: int = 0) -> Path:
    """A Keras-format dataset file of made-up digits."""
    x_train, y_train = make_digits(n_train, seed)
    x_test, y_test = make_digits(n_test, seed + 1)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


@pytest.fixture(scope="session")
def tiny_data_dir(tmp_path_factory) -> Path:
    """A folder with small made-up mnist.npz and fashion_mnist.npz."""
    folder = tmp_path_factory.mktemp("data")
    write_npz(folder / "mnist.npz", seed=0)
    write_npz(folder / "fashion_mnist.npz", seed=10)
    return folder


@pytest.fixture()
def use_tiny_data(tiny_data_dir, monkeypatch) -> Path:
    """Point AE_DATA_DIR at the made-up data for one test."""
    from ae_models import data
    monkeypatch.setenv("AE_DATA_DIR", str(tiny_data_dir))
    data.clear_cache()
    yield tiny_data_dir
    data.clear_cache()


def save_untrained(folder: Path, kind: str, dataset: str, code_size: int) -> None:
    """Build a model of ``kind`` (no training) and save it like a shipped one, with made-up metrics."""
    from ae_models import build
    from ae_models.record import Metrics, ModelRecord, TrainingFacts
    from ae_models.store import save
    ae = build(kind, code_size=code_size)
    ae.dataset = dataset
    ae.record = ModelRecord(kind, dataset, code_size, ae.options(),
                            TrainingFacts(history={"loss": [0.3, 0.2], "val_loss": [0.3, 0.25]}),
                            Metrics(bce=0.5, mse=0.2, psnr=7.0, ssim=0.1), ae.count_params(),
                            dataset_subset=dataset == "fashion_mnist")
    save(ae, folder, f"{kind}-{dataset}-{code_size}")


@pytest.fixture(scope="session")
def tiny_weights_dir(tmp_path_factory) -> Path:
    """A weights folder holding an untrained model of every kind (codes 2 and 32 on MNIST, 32 on Fashion)."""
    from ae_models import KINDS
    folder = tmp_path_factory.mktemp("weights")
    for kind in KINDS:
        for code in (2, 32):
            save_untrained(folder, kind, "mnist", code)
        save_untrained(folder, kind, "fashion_mnist", 32)
    return folder


@pytest.fixture()
def app_env(tiny_data_dir, tiny_weights_dir, tmp_path, monkeypatch) -> Path:
    """Environment for running the app in tests: made-up data, quick weights, a private user folder."""
    from ae_models import data
    monkeypatch.setenv("AE_DATA_DIR", str(tiny_data_dir))
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tiny_weights_dir))
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user_models"))
    data.clear_cache()
    yield tmp_path
    data.clear_cache()


@pytest.fixture(scope="session")
def real_mnist():
    """The real MNIST from AE_DATA_DIR, or skip when it is not there."""
    if not REAL_DATA_DIR or not (Path(REAL_DATA_DIR) / "mnist.npz").is_file():
        pytest.skip("real MNIST not available: set AE_DATA_DIR to a folder with mnist.npz")
    from ae_models.data import load_dataset
    return load_dataset("mnist")


def pytest_collection_modifyitems(config, items):
    """Keep the browser tests together on one worker when the suite runs in parallel (pytest-xdist's
    ``--dist loadgroup``): they share one app server, whose log the quiet-terminal test reads."""
    for item in items:
        if "browser" in item.path.parent.name:
            item.add_marker(pytest.mark.xdist_group("browser"))
