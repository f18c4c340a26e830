"""Write the embedded data files from the Keras-format files in a folder, byte for byte reproducibly.

``python ae_models/embedded/make.py <folder with mnist.npz and fashion_mnist.npz>`` writes the
test splits and the small training subsets this folder ships: every entry deflated at level 9
and dated 1980-01-01, so the same arrays always give the same bytes and the same sha256.
"""
from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TRAIN_SUBSET = {"mnist": 10000, "fashion_mnist": 4000}   # the first N training images of each


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> str:
    """Write ``arrays`` as a deterministic compressed .npz; return its sha256."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(source: Path) -> None:
    """Write ``<name>_test.npz`` and ``<name>_train.npz`` for both datasets from ``source``."""
    for name, n_train in TRAIN_SUBSET.items():
        with np.load(source / f"{name}.npz", allow_pickle=False) as f:
            splits = {"test": (f["x_test"], f["y_test"]), "train": (f["x_train"][:n_train], f["y_train"][:n_train])}
        for split, (x, y) in splits.items():
            path = HERE / f"{name}_{split}.npz"
            digest = write_npz(path, {f"x_{split}": x.astype(np.uint8), f"y_{split}": y.astype(np.uint8)})
            print(f"| `{path.name}` | {len(x)} | {path.stat().st_size} | `{digest}` |")


if __name__ == "__main__":
    make(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
