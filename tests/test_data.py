"""The dataset loader: AE_DATA_DIR first, then the Keras cache (npz and IDX), then the copies embedded
in the library (the whole test split and a small training subset), so a fresh clone trains offline.
Nothing downloads unless asked."""
from __future__ import annotations

import gzip
import hashlib
import struct

import numpy as np
import pytest
from conftest import make_digits, write_npz

from ae_models import data
from ae_models.errors import DataFormatError, DataNotFoundError


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    monkeypatch.delenv("AE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    data.clear_cache()
    yield
    data.clear_cache()


def write_idx(path, array: np.ndarray) -> None:
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def test_ae_data_dir_npz_is_read_as_float_images_in_unit_range(tmp_path, monkeypatch):
    write_npz(tmp_path / "mnist.npz", n_train=40, n_test=10)
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    (x, y), (xt, yt) = data.load_dataset("mnist")
    assert x.shape == (40, 28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert xt.shape == (10, 28, 28) and y.dtype == np.int64
    assert not x.flags.writeable
    info = data.dataset_info("mnist")
    assert info.subset and info.source.endswith("mnist.npz")


def test_keras_cache_npz_is_used_when_ae_data_dir_is_unset(tmp_path):
    cache = tmp_path / "keras_home" / "datasets"
    cache.mkdir(parents=True)
    write_npz(cache / "mnist.npz", n_train=20, n_test=5)
    assert data.load_dataset("mnist")[0][0].shape == (20, 28, 28)


def test_fashion_idx_files_in_the_keras_cache_are_read(tmp_path):
    folder = tmp_path / "keras_home" / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    x, y = make_digits(12)
    xt, yt = make_digits(4, seed=3)
    for key, arr in {"x_train": x, "y_train": y, "x_test": xt, "y_test": yt}.items():
        write_idx(folder / data.FASHION_IDX[key], arr)
    (x_train, y_train), (x_test, _) = data.load_dataset("fashion_mnist")
    assert np.array_equal(x_train, x / np.float32(255)) and np.array_equal(y_train, y)
    assert x_test.shape == (4, 28, 28)


def test_truncated_idx_file_is_rejected_as_truncated(tmp_path):
    path = tmp_path / "x.gz"
    write_idx(path, make_digits(3)[0])
    raw = gzip.open(path).read()
    with gzip.open(path, "wb") as f:
        f.write(raw[:-50])
    with pytest.raises(DataFormatError, match="truncated"):
        data.read_idx(path)


def test_npz_with_wrong_image_shape_is_rejected_naming_the_shape(tmp_path, monkeypatch):
    np.savez(tmp_path / "mnist.npz", x_train=np.zeros((5, 32, 32), np.uint8), y_train=np.zeros(5, np.uint8),
             x_test=np.zeros((2, 28, 28), np.uint8), y_test=np.zeros(2, np.uint8))
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFormatError, match=r"\(5, 32, 32\)"):
        data.load_dataset("mnist")


def test_npz_with_float_pixels_is_rejected(tmp_path, monkeypatch):
    np.savez(tmp_path / "mnist.npz", x_train=np.zeros((5, 28, 28)), y_train=np.zeros(5, np.uint8),
             x_test=np.zeros((2, 28, 28), np.uint8), y_test=np.zeros(2, np.uint8))
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFormatError, match="uint8"):
        data.load_dataset("mnist")


def test_garbage_npz_is_rejected_with_a_fix(tmp_path, monkeypatch):
    (tmp_path / "mnist.npz").write_bytes(b"not a zip at all")
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFormatError, match="good copy"):
        data.load_dataset("mnist")


def test_without_any_data_training_reads_the_embedded_subset_and_says_how_to_get_all(tmp_path, monkeypatch):
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))     # set, but holding nothing
    (x_train, y_train), (x_test, y_test) = data.load_dataset("mnist")
    assert x_train.shape == (10000, 28, 28) and y_train.shape == (10000,) and x_test.shape == (10000, 28, 28)
    assert set(np.unique(y_train)) == set(range(10)) and not x_train.flags.writeable
    info = data.dataset_info("mnist")
    assert info.embedded and info.subset and info.n_train == 10000
    text = info.describe_training()
    assert "10,000 of 60,000" in text and "AE_DATA_DIR" in text and "mnist.npz" in text


def test_fashion_training_subset_is_embedded_too():
    (x_train, _), (x_test, _) = data.load_dataset("fashion_mnist")
    assert len(x_train) == 4000 and len(x_test) == 443 and data.dataset_info("fashion_mnist").embedded


def test_ae_data_dir_wins_over_the_embedded_subset(use_tiny_data):
    (x_train, _), _ = data.load_dataset("mnist")
    info = data.dataset_info("mnist")
    assert len(x_train) == 300 and not info.embedded and info.source.endswith("mnist.npz")
    assert "AE_DATA_DIR" not in info.describe_training()


def test_loading_never_downloads(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("a download was attempted")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request, "urlretrieve", refuse)
    data.load_dataset("mnist"), data.load_test_split("fashion_mnist"), data.dataset_info("mnist")


def test_a_failed_download_says_what_to_do_instead(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")   # a closed port: fails at once, offline or not
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    with pytest.raises(DataNotFoundError) as err:
        data.download_dataset("fashion_mnist")
    assert "AE_DATA_DIR" in str(err.value) and "fashion_mnist.npz" in str(err.value)


def test_unknown_dataset_name_is_refused():
    with pytest.raises(ValueError, match="mnist, fashion_mnist"):
        data.load_dataset("cifar10")


def test_test_split_falls_back_to_the_embedded_mnist_test_set_offline_without_any_cache():
    x, y = data.load_test_split("mnist")
    assert x.shape == (10000, 28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() == 1
    assert y.shape == (10000,) and y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    assert not x.flags.writeable and not y.flags.writeable
    info = data.test_split_info("mnist")
    assert info.embedded and not info.subset and info.n_test == 10000 and "embedded" in info.source


def test_test_split_falls_back_to_the_443_embedded_fashion_images():
    x, y = data.load_test_split("fashion_mnist")
    assert x.shape == (443, 28, 28) and y.shape == (443,)
    info = data.test_split_info("fashion_mnist")
    assert info.embedded and info.subset and info.n_test == 443


def test_test_split_is_cached():
    assert data.load_test_split("mnist")[0] is data.load_test_split("mnist")[0]


def test_test_split_prefers_ae_data_dir_over_the_embedded_copy(use_tiny_data):
    x, y = data.load_test_split("mnist")
    (_, _), (x_full, y_full) = data.load_dataset("mnist")
    assert np.array_equal(x, x_full) and np.array_equal(y, y_full)
    info = data.test_split_info("mnist")
    assert not info.embedded and info.source.endswith("mnist.npz") and info.n_test == len(x_full)


def test_test_split_is_read_from_fashion_idx_files_in_the_keras_cache_without_the_training_files(tmp_path):
    folder = tmp_path / "keras_home" / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    xt, yt = make_digits(7, seed=3)
    write_idx(folder / data.FASHION_IDX["x_test"], xt)
    write_idx(folder / data.FASHION_IDX["y_test"], yt)
    x, y = data.load_test_split("fashion_mnist")
    assert np.array_equal(x, xt / np.float32(255)) and np.array_equal(y, yt)
    assert not data.test_split_info("fashion_mnist").embedded


def test_a_broken_test_split_in_ae_data_dir_is_reported_not_silently_replaced(tmp_path, monkeypatch):
    (tmp_path / "mnist.npz").write_bytes(b"not a zip at all")
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFormatError, match="good copy"):
        data.load_test_split("mnist")


def test_embedded_mnist_test_split_equals_the_real_one(real_mnist):
    (_, _), (x_real, y_real) = real_mnist   # read from AE_DATA_DIR, which `fresh` has since unset
    assert data.test_split_info("mnist").embedded
    x, y = data.load_test_split("mnist")
    assert np.array_equal(x, x_real) and np.array_equal(y, y_real)


def test_embedded_data_stays_under_six_megabytes_each_file_under_three():
    files = list(data.EMBEDDED_DIR.glob("*.npz"))
    assert len(files) == 4 and all(f.stat().st_size < 3_000_000 for f in files)
    assert sum(f.stat().st_size for f in files) < 6_000_000


@pytest.mark.parametrize("split", ["train", "test"])
@pytest.mark.parametrize("name", data.DATASETS)
def test_each_embedded_file_holds_one_split(name, split):
    with np.load(data.embedded_path(name, split), allow_pickle=False) as f:
        assert sorted(f.files) == [f"x_{split}", f"y_{split}"]


@pytest.mark.parametrize("split", ["train", "test"])
@pytest.mark.parametrize("name", data.DATASETS)
def test_embedded_files_match_the_sha256_their_readme_states(name, split):
    path = data.embedded_path(name, split)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in (data.EMBEDDED_DIR / "README.md").read_text()


def test_embedded_mnist_training_subset_is_the_first_10000_real_images(real_mnist):
    (x_real, y_real), _ = real_mnist
    (x, y), _ = data.load_dataset("mnist")
    assert data.dataset_info("mnist").embedded
    assert np.array_equal(x, x_real[:10000]) and np.array_equal(y, y_real[:10000])
