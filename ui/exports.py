"""Where a model's ONNX exports are served from: shipped ones in the open, a visitor's out of sight.

The browser fetches a model part from ``app/static/onnx/...`` (``ui.live.models``). A shipped
model's export sits there under its checksum, as before. A user model's goes in a sub-folder
named by a hash of its owner's model folder, which holds the owner's unguessable visitor id:
only pages drawn for that owner carry the address, and nobody can guess it. When a model is
removed (``store.prune``), ``forget`` deletes its exports too.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ae_models.export import DIGEST_CHARS
from ae_models.store import ModelEntry, shipped_dir

from .live import models as live_models


def subfolder(weights_path: str | Path | None) -> str:
    """'' for a shipped model; for any other an unguessable folder name derived from its folder."""
    if not weights_path:
        return ""
    folder = Path(weights_path).resolve().parent
    if folder == shipped_dir().resolve():
        return ""
    return "u-" + hashlib.sha256(f"autoencoder-lab exports {folder}".encode()).hexdigest()[:32]


def forget(entries: Iterable[ModelEntry]) -> None:
    """Delete the exports of removed models."""
    for entry in entries:
        digest = entry.record.sha256
        if not digest:
            continue
        folder = live_models.ONNX_DIR / subfolder(entry.weights_path)
        for path in folder.glob(f"{digest[:DIGEST_CHARS]}-*.onnx") if folder.is_dir() else []:
            path.unlink(missing_ok=True)
