"""Datasets and where they come from: MNIST and Fashion-MNIST as float32 images in [0, 1].

``load_dataset`` (training and test splits) looks in the folder named by
``AE_DATA_DIR`` (Keras-format ``mnist.npz`` / ``fashion_mnist.npz``), then the
Keras cache (``$KERAS_HOME`` or ``~/.keras/datasets``: ``mnist.npz`` and
Fashion-MNIST's four IDX files), then falls back to the copies embedded in
``ae_models/embedded`` (the whole test split and a small training subset), so a
fresh clone trains and shows samples offline. Nothing downloads unless asked:
``download_dataset`` has Keras fetch the full dataset into its cache.
``binarized_mnist`` is MNIST with every pixel 1 with probability its grey level:
its test images are drawn once (seed 0) so every machine scores the same set,
while its training images stay grey and the training pipeline draws them afresh
every epoch (``binarize``; "dynamic binarization", as the VAE papers train).
``load_test_split`` (test images only, for showing samples and measuring models)
reads only the test arrays from the same places.
Whatever is read is validated; arrays come back read-only and are cached per process.
"""
from __future__ import annotations

import gzip
import os
import zipfile
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from .errors import DataFormatError, DataNotFoundError

DATASETS = ("mnist", "fashion_mnist", "binarized_mnist")
BINARIZED = {"binarized_mnist": "mnist"}   # a binarized dataset -> the grey one it is drawn from
BINARIZED_TEST_SEED = 0
FULL_TRAIN_SIZE = 60000
FULL_TEST_SIZE = 10000
EMBEDDED_DIR = Path(__file__).resolve().parent / "embedded"
CLASS_NAMES = {
    "mnist": [str(d) for d in range(10)],
    "fashion_mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
}
CLASS_NAMES["binarized_mnist"] = CLASS_NAMES["mnist"]
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
    embedded: bool = False

    @property
    def subset(self) -> bool:
        """True when fewer training images than the official 60,000 were available."""
        return self.n_train < FULL_TRAIN_SIZE

    def describe_training(self) -> str:
        """What training reads, in a user's words (with how to get all of it when this is a part)."""
        if not self.embedded:
            return f"{self.n_train:,} training images from {self.source}"
        return (f"{self.n_train:,} of {FULL_TRAIN_SIZE:,} training images (the copy that ships with the app); "
                f"set AE_DATA_DIR to a folder holding {BINARIZED.get(self.name, self.name)}.npz for all of them")


@dataclass(frozen=True)
class SplitInfo:
    """Where a dataset's test split was read from, how big it is, and whether it is the embedded copy."""

    name: str
    source: str
    n_test: int
    embedded: bool

    @property
    def subset(self) -> bool:
        """True when fewer test images than the official 10,000 were available."""
        return self.n_test < FULL_TEST_SIZE


def keras_cache_dir() -> Path:
    """The folder Keras caches datasets in."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"


def _check_name(name: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset {name!r}. Choose one of: {', '.join(DATASETS)}.")


def embedded_path(name: str, split: str = "test") -> Path:
    """The embedded copy of ``name``'s test split (or its training subset) shipped with the library."""
    _check_name(name)
    return EMBEDDED_DIR / f"{BINARIZED.get(name, name)}_{split}.npz"


def _keys(splits: tuple[str, ...]) -> list[str]:
    return [f"{xy}_{split}" for split in splits for xy in ("x", "y")]


def validate(arrays: dict, where: str, splits: tuple[str, ...] = ("train", "test")) -> dict:
    """Check shapes, dtypes and label range; return float32 images in [0, 1] and int64 labels."""
    missing = [k for k in _keys(splits) if k not in arrays]
    if missing:
        raise DataFormatError(f"{where} lacks {', '.join(missing)}: expected the Keras mnist.npz layout.")
    out = {}
    for split in splits:
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


def read_npz(path: Path, splits: tuple[str, ...] = ("train", "test")) -> dict:
    """Read and validate the given splits of a Keras-format npz file (only their arrays are read)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in _keys(splits) if k in f.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
        raise DataFormatError(f"{path} is not a readable .npz file ({e}). Replace it with a good copy.") from e
    return validate(arrays, str(path), splits)


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


def _from_data_dir(name: str, splits: tuple[str, ...] = ("train", "test")) -> tuple[dict, str] | None:
    folder = os.environ.get("AE_DATA_DIR")
    if not folder:
        return None
    path = Path(folder) / f"{name}.npz"
    return (read_npz(path, splits), str(path)) if path.is_file() else None


def _from_keras_cache(name: str, splits: tuple[str, ...] = ("train", "test")) -> tuple[dict, str] | None:
    cache = keras_cache_dir()
    if name == "mnist":
        path = cache / "mnist.npz"
        return (read_npz(path, splits), str(path)) if path.is_file() else None
    folder = cache / "fashion-mnist"
    files = {k: folder / FASHION_IDX[k] for k in _keys(splits)}
    if all(f.is_file() for f in files.values()):
        arrays = {k: read_idx(f) for k, f in files.items()}
        return validate(arrays, str(folder), splits), str(folder)
    return None


def _from_embedded(name: str, splits: tuple[str, ...] = ("train", "test")) -> tuple[dict, str]:
    arrays = {}
    for split in splits:
        arrays.update(read_npz(embedded_path(name, split), (split,)))
    files = " and ".join(embedded_path(name, split).name for split in splits)
    return arrays, f"embedded copy ({files})"


def download_dataset(name: str = "mnist") -> DatasetInfo:
    """Have Keras download ``name`` into its cache (the only path here that uses the network)."""
    _check_name(name)
    from . import runtime
    runtime.configure()
    import keras
    try:
        getattr(keras.datasets, BINARIZED.get(name, name)).load_data()
    except Exception as error:  # offline, proxy, partial download: Keras says only "URL fetch failure"
        raise DataNotFoundError(
            f"Could not download the {name} dataset ({error}). Check the network, or set AE_DATA_DIR "
            f"to a folder holding {name}.npz in the Keras format.") from error
    clear_cache()
    return dataset_info(name)


@cache
def _load(name: str) -> tuple[dict, DatasetInfo]:
    for source in (_from_data_dir, _from_keras_cache):
        found = source(name)
        if found:
            arrays, where = found
            return arrays, DatasetInfo(name, where, len(arrays["x_train"]), len(arrays["x_test"]))
    arrays, where = _from_embedded(name)
    return arrays, DatasetInfo(name, where, len(arrays["x_train"]), len(arrays["x_test"]), embedded=True)


@cache
def _load_test(name: str) -> tuple[dict, SplitInfo]:
    for source in (_from_data_dir, _from_keras_cache):
        found = source(name, ("test",))
        if found:
            arrays, where = found
            return arrays, SplitInfo(name, where, len(arrays["x_test"]), embedded=False)
    arrays, where = _from_embedded(name, ("test",))
    return arrays, SplitInfo(name, where, len(arrays["x_test"]), embedded=True)


def binarize(x: np.ndarray, seed: int | np.random.Generator) -> np.ndarray:
    """Each pixel 1 with probability its grey level, else 0: float32 of ``x``'s shape, drawn from ``seed``."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return (rng.random(np.shape(x), dtype=np.float32) < x).astype(np.float32)


@cache
def _binarized_test(name: str) -> np.ndarray:
    x = binarize(load_test_split(BINARIZED[name])[0], BINARIZED_TEST_SEED)
    x.flags.writeable = False
    return x


def load_dataset(name: str = "mnist") -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``((x_train, y_train), (x_test, y_test))``: float32 (N, 28, 28) in [0, 1], int labels.

    For a binarized dataset the test images are its fixed 0/1 draw and the training images
    stay grey: training draws them afresh every epoch with ``binarize``."""
    _check_name(name)
    if name in BINARIZED:
        train, (_, y_test) = load_dataset(BINARIZED[name])
        return train, (_binarized_test(name), y_test)
    a, _ = _load(name)
    return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])


def dataset_info(name: str = "mnist") -> DatasetInfo:
    """Where ``name`` comes from and its sizes (loads it if needed)."""
    _check_name(name)
    if name in BINARIZED:
        return replace(dataset_info(BINARIZED[name]), name=name)
    return _load(name)[1]


def load_test_split(name: str = "mnist") -> tuple[np.ndarray, np.ndarray]:
    """``(x_test, y_test)`` from AE_DATA_DIR, the Keras cache or the embedded copy: always available, no download."""
    _check_name(name)
    if name in BINARIZED:
        return _binarized_test(name), load_test_split(BINARIZED[name])[1]
    a, _ = _load_test(name)
    return a["x_test"], a["y_test"]


def test_split_info(name: str = "mnist") -> SplitInfo:
    """Where ``load_test_split(name)`` reads from, its size, and whether it is the embedded copy."""
    _check_name(name)
    if name in BINARIZED:
        return replace(test_split_info(BINARIZED[name]), name=name)
    return _load_test(name)[1]


test_split_info.__test__ = False   # a test_* name imported into a test module would be collected as a test


def clear_cache() -> None:
    """Forget datasets read so far (after AE_DATA_DIR changes, say)."""
    _load.cache_clear()
    _load_test.cache_clear()
    _binarized_test.cache_clear()
