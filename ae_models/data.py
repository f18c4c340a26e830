"""Datasets and where they come from: MNIST and Fashion-MNIST as float32 images in [0, 1].

Sources, in order: the folder named by ``AE_DATA_DIR`` (Keras-format
``mnist.npz`` / ``fashion_mnist.npz``), the Keras cache (``$KERAS_HOME`` or
``~/.keras/datasets``: ``mnist.npz`` and Fashion-MNIST's four IDX files), then a
Keras download when online. Whatever is read is validated; arrays come back
read-only and are cached per process.
"""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import DataFormatError, DataNotFoundError

DATASETS = ("mnist", "fashion_mnist")
FULL_TRAIN_SIZE = 60000
CLASS_NAMES = {
    "mnist": [str(d) for d in range(10)],
    "fashion_mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
}
FASHION_IDX = {
    "x_train": "train-images-idx3-ubyte.gz", "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz", "y_test": "t10k-labels-idx1-ubyte.gz",
}


@dataclass(frozen=True)
class DatasetInfo:
    """Where a dataset was read from and how big it is."""

    name: str
    source: str
    n_train: int
    n_test: int

    @property
    def subset(self) -> bool:
        """True when fewer training images than the official 60,000 were available."""
        return self.n_train < FULL_TRAIN_SIZE


def keras_cache_dir() -> Path:
    """The folder Keras caches datasets in."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"


def _check_name(name: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset {name!r}. Choose one of: {', '.join(DATASETS)}.")


def validate(arrays: dict, where: str) -> dict:
    """Check shapes, dtypes and label range; return float32 images in [0, 1] and int64 labels."""
    missing = [k for k in ("x_train", "y_train", "x_test", "y_test") if k not in arrays]
    if missing:
        raise DataFormatError(f"{where} lacks {', '.join(missing)}: expected the Keras mnist.npz layout.")
    out = {}
    for split in ("train", "test"):
        x, y = np.asarray(arrays[f"x_{split}"]), np.asarray(arrays[f"y_{split}"])
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DataFormatError(f"{where}: x_{split} has shape {x.shape}, expected (N, 28, 28).")
        if x.dtype != np.uint8:
            raise DataFormatError(f"{where}: x_{split} is {x.dtype}, expected uint8 pixels 0..255.")
        if y.shape != (len(x),):
            raise DataFormatError(f"{where}: y_{split} has shape {y.shape}, expected ({len(x)},).")
        if len(y) and (y.min() < 0 or y.max() > 9):
            raise DataFormatError(f"{where}: y_{split} holds labels outside 0..9.")
        images = x.astype(np.float32) / 255.0
        labels = y.astype(np.int64)
        images.flags.writeable = labels.flags.writeable = False
        out[f"x_{split}"], out[f"y_{split}"] = images, labels
    return out


def read_npz(path: Path) -> dict:
    """Read and validate a Keras-format npz file."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except (OSError, ValueError, EOFError) as e:
        raise DataFormatError(f"{path} is not a readable .npz file ({e}). Replace it with a good copy.") from e
    return validate(arrays, str(path))


def read_idx(path: Path) -> np.ndarray:
    """Read one (optionally gzipped) IDX file: images (N, 28, 28) or labels (N,)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        raise DataFormatError(f"{path} cannot be read ({e}).") from e
    if len(raw) < 8 or raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise DataFormatError(f"{path} is not an IDX file of unsigned bytes.")
    ndim = raw[3]
    header = 4 + 4 * ndim
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    if len(raw) != header + int(np.prod(dims)):
        raise DataFormatError(f"{path} is truncated or padded: header says {dims}.")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(dims)


def _from_data_dir(name: str) -> tuple[dict, str] | None:
    folder = os.environ.get("AE_DATA_DIR")
    if not folder:
        return None
    path = Path(folder) / f"{name}.npz"
    return (read_npz(path), str(path)) if path.is_file() else None


def _from_keras_cache(name: str) -> tuple[dict, str] | None:
    cache = keras_cache_dir()
    if name == "mnist":
        path = cache / "mnist.npz"
        return (read_npz(path), str(path)) if path.is_file() else None
    folder = cache / "fashion-mnist"
    if all((folder / f).is_file() for f in FASHION_IDX.values()):
        arrays = {k: read_idx(folder / f) for k, f in FASHION_IDX.items()}
        return validate(arrays, str(folder)), str(folder)
    return None


def _from_download(name: str) -> tuple[dict, str] | None:
    from . import runtime
    runtime.configure()
    try:
        import keras
        loader = getattr(keras.datasets, name)
        (x_train, y_train), (x_test, y_test) = loader.load_data()
    except Exception:  # offline, proxy, partial download: all mean "not here"
        return None
    arrays = dict(x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return validate(arrays, f"keras.datasets.{name}"), f"downloaded by keras.datasets.{name}"


@lru_cache(maxsize=None)
def _load(name: str) -> tuple[dict, DatasetInfo]:
    for source in (_from_data_dir, _from_keras_cache, _from_download):
        found = source(name)
        if found:
            arrays, where = found
            return arrays, DatasetInfo(name, where, len(arrays["x_train"]), len(arrays["x_test"]))
    data_dir = os.environ.get("AE_DATA_DIR")
    looked = [f"AE_DATA_DIR ({data_dir}/{name}.npz)" if data_dir else "AE_DATA_DIR (not set)",
              f"the Keras cache ({keras_cache_dir()})", "a Keras download (no network?)"]
    raise DataNotFoundError(
        f"Could not find the {name} dataset. Looked in: {'; '.join(looked)}. "
        f"Fix: put {name}.npz (the Keras format) in a folder and set AE_DATA_DIR to it, "
        f"e.g. `export AE_DATA_DIR=../shared/data`, or run once with internet access.")


def load_dataset(name: str = "mnist") -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``((x_train, y_train), (x_test, y_test))``: float32 (N, 28, 28) in [0, 1], int labels."""
    _check_name(name)
    a, _ = _load(name)
    return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])


def dataset_info(name: str = "mnist") -> DatasetInfo:
    """Where ``name`` comes from and its sizes (loads it if needed)."""
    _check_name(name)
    return _load(name)[1]


def clear_cache() -> None:
    """Forget datasets read so far (after AE_DATA_DIR changes, say)."""
    _load.cache_clear()
