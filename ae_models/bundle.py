"""A saved model as one file to take home, and back: a zip of its weights and its record.

``bundle(entry)`` packs ``<name>.weights.h5`` and ``<name>.json`` into one zip;
``unbundle(data)`` checks such a file before anything of it is kept (a zip of
exactly those two members, small, a record that parses, weights whose sha256 is
the one the record names and that load as the record's kind) and saves it as a
user model. The weights file holds arrays only, and loading it runs no code
from it, so a bundle from someone else is as safe as one of your own.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from .errors import CorruptModelError
from .record import ModelRecord, RecordError
from .store import WEIGHTS_SUFFIX, ModelEntry, atomic_write, load, new_name, read_entry, user_dir, write_record

SUFFIX = ".model.zip"
MAX_BUNDLE_BYTES = 64 * 2**20     # the largest shipped model is under 8 MB


class BundleError(ValueError):
    """A file that is not a model bundle; the message says what is wrong and what to do."""


def bundle(entry: ModelEntry) -> bytes:
    """The model's weights and record as one zip file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(entry.weights_path, entry.name + WEIGHTS_SUFFIX)
        z.write(entry.meta_path, entry.name + ".json")
    return out.getvalue()


def bundle_name(entry: ModelEntry) -> str:
    """The file name a bundle is offered under."""
    return entry.name + SUFFIX


def unbundle(data: bytes, folder: Path | None = None) -> ModelEntry:
    """Check a bundle and save its model as a user model (a new name: nothing is overwritten)."""
    weights, record = _read(data)
    if hashlib.sha256(weights).hexdigest() != record.sha256:
        raise BundleError("The model file's weights do not match its record (the file is damaged): "
                          "download it again.")
    folder = Path(folder or user_dir())
    name = new_name(record.kind, record.dataset, record.code_size, "user")
    weights_path = folder / f"{name}{WEIGHTS_SUFFIX}"
    atomic_write(weights_path, lambda tmp: Path(tmp).write_bytes(weights), WEIGHTS_SUFFIX)
    write_record(folder / f"{name}.json", replace(record, weights_file=weights_path.name))
    entry = read_entry(folder / f"{name}.json", "user")
    try:
        load(entry)
    except CorruptModelError as error:
        _remove(entry)
        raise BundleError(f"The model in this file cannot be loaded: {error}") from error
    return entry


def _read(data: bytes) -> tuple[bytes, ModelRecord]:
    """The weights bytes and the record of a bundle; BundleError for anything else."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(f"The file is larger than {MAX_BUNDLE_BYTES // 2**20} MB: it is not a model file "
                          "from Autoencoder Lab.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            if sum(m.file_size for m in members) > MAX_BUNDLE_BYTES:
                raise BundleError("The file unpacks to too much data to be a model file.")
            jsons = [m for m in members if m.filename.endswith(".json")]
            h5s = [m for m in members if m.filename.endswith(WEIGHTS_SUFFIX)]
            if len(members) != 2 or len(jsons) != 1 or len(h5s) != 1:
                raise BundleError("This is a zip file but not a model file: a model file holds one "
                                  "`.weights.h5` and one `.json`. Download the model again from its page.")
            raw_record, weights = z.read(jsons[0]), z.read(h5s[0])
    except zipfile.BadZipFile:
        raise BundleError(f"This is not a model file ({SUFFIX}, a zip): download one from a model's page "
                          "under 'Train your own'.") from None
    try:
        record = ModelRecord.from_json(json.loads(raw_record))
    except (json.JSONDecodeError, UnicodeDecodeError, RecordError) as error:
        raise BundleError(f"The model file's record cannot be read ({error}).") from error
    if not record.sha256 or not re.fullmatch(r"[0-9a-f]{64}", record.sha256):
        raise BundleError("The model file's record names no checksum for its weights.")
    return weights, record


def _remove(entry: ModelEntry) -> None:
    entry.weights_path.unlink(missing_ok=True)
    entry.meta_path.unlink(missing_ok=True)
