"""Reconstructions of each dataset's first test images by the shipped models, computed ahead of time.

The gallery shows every kind's answer to the visitor's input. For the input a first visit
starts with (a test image) those answers are read from ``weights/previews.npz`` instead of
loading nine models, so the first page needs no TensorFlow. Each preview is keyed by the
sha256 of the weights that drew it: a retrained model's stale preview is never shown (the
page then runs the model itself). ``python -m ae_models previews`` rewrites the file.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np

from .store import ModelEntry, list_models, shipped_dir

INDICES = range(4)        # the test images the file covers, per dataset


def previews_path() -> Path:
    """The file holding the shipped models' previews."""
    return shipped_dir() / "previews.npz"


def _key(sha: str, dataset: str, index: int) -> str:
    return f"{sha}-{dataset}-{index}"


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except (OSError, ValueError, EOFError):   # missing or damaged: the pages run the models instead
        return {}


def preview(entry: ModelEntry, dataset: str, index: int) -> np.ndarray | None:
    """The entry's reconstruction of test image ``index`` of ``dataset``, float32 (28, 28), or None."""
    path = previews_path()
    if entry.record.sha256 is None or not path.is_file():
        return None
    found = _read(path, path.stat().st_mtime).get(_key(entry.record.sha256, dataset, index))
    return None if found is None else found.astype(np.float32) / 255.0


def write_previews(entries: list[ModelEntry] | None = None) -> Path:
    """Run every shipped model (or ``entries``) on the first test images of its dataset and save the answers."""
    from .data import load_test_split
    from .store import load
    arrays = {}
    for entry in entries if entries is not None else list_models(source="shipped"):
        ae = load(entry)
        images = load_test_split(entry.dataset)[0][: len(INDICES)]
        labels = ae.classify(images)[0] if ae.conditional else None
        outputs = ae.reconstruct(images, labels)
        for index, output in zip(INDICES, outputs):
            arrays[_key(entry.record.sha256, entry.dataset, index)] = np.round(output * 255).astype(np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    path = previews_path()
    path.write_bytes(buffer.getvalue())
    return path
