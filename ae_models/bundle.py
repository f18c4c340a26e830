"""A saved model as one file to take home, and back: a zip of its weights and its record.

``bundle(entry)`` packs ``<name>.weights.h5`` and ``<name>.json`` into one zip;
``unbundle(data, owner=...)`` checks such a file completely before anything is built
from it or written: the zip (two members, each read in bounded chunks whatever it
declares, no encryption, stored or deflated only), the record (bounded JSON, every
field's type and range), the settings (within what the training form offers), the
weights file's declared arrays (read from its metadata, and exactly the shapes of
the model the record describes) and their values (no not-a-number). Only then is
the model built, loaded from a temporary file and saved as the owner's model under
a reserved name; the same weights loaded twice are one model. At most ``AT_ONCE``
files are checked at a time, so many uploads at once stay within a bounded memory. The weights file
holds arrays only, and loading it runs no code from it. Anything else is a
``BundleError`` whose message is plain text.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

from .errors import CorruptModelError, DiskFullError
from .kinds._base import within_form
from .record import ModelRecord, RecordError
from .registry import kind as kind_record
from .store import (
    TMP_PREFIX,
    WEIGHTS_SUFFIX,
    ModelEntry,
    atomic_write,
    ensure_room,
    list_models,
    load_weights_into,
    make_config,
    new_name,
    read_entry,
    release_name,
    user_dir,
    write_record,
)
from .weights_check import WeightsFileError, check_finite, check_fits, declared

SUFFIX = ".model.zip"
MAX_BUNDLE_BYTES = 32 * 2**20     # the largest model the training form makes is under 14 MB
MAX_WEIGHTS_BYTES = 32 * 2**20
MAX_RECORD_BYTES = 2**20          # a record with its per-image test errors is about 40 KB
MAX_DEPTH = 6                     # a record nests three levels deep
MAX_DIGITS = 24                   # digits in one whole number of a record
CHUNK = 1 << 16
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
AT_ONCE = 2                       # model files checked and loaded at the same time (the rest wait)
_checking = threading.BoundedSemaphore(AT_ONCE)


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


def unbundle(data: bytes, folder: Path | None = None, owner: str | None = None) -> ModelEntry:
    """Check a bundle and save its model as ``owner``'s user model (in ``folder``, default the owner's
    folder); a model of the owner's with the same weights is returned instead of a second copy."""
    weights, record = _read(data)
    if hashlib.sha256(weights).hexdigest() != record.sha256:
        raise BundleError("The model file's weights do not match its record (the file is damaged): "
                          "download it again.")
    folder = Path(folder or user_dir(owner))
    with _checking:     # each load's memory is bounded, and so is how many run at once
        same = _same_model(folder, owner, record)
        if same is not None:
            return same
        parts = _checked_parts(weights, record)
        return _save(folder, owner, weights, record, parts)


def _read(data: bytes) -> tuple[bytes, ModelRecord]:
    """The weights bytes and the record of a bundle; BundleError for anything else."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(f"The file is larger than {MAX_BUNDLE_BYTES // 2**20} MB: it is not a model file "
                          "from Autoencoder Lab.")
    raw_record, weights = _members(data)
    record = parse_record(raw_record)
    if not record.sha256:
        raise BundleError("The model file's record names no checksum for its weights.")
    return weights, record


def _members(data: bytes) -> tuple[bytes, bytes]:
    """The record's and the weights' bytes, each read in chunks up to its limit."""
    not_model = BundleError(f"This is not a model file ({SUFFIX}, a zip): download one from a model's page "
                            "under 'Train your own'.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            jsons = [m for m in members if m.filename.endswith(".json")]
            h5s = [m for m in members if m.filename.endswith(WEIGHTS_SUFFIX)]
            if len(members) != 2 or len(jsons) != 1 or len(h5s) != 1:
                raise BundleError("This is a zip file but not a model file: a model file holds one "
                                  ".weights.h5 and one .json. Download the model again from its page.")
            for member in members:
                if member.flag_bits & 0x1:
                    raise BundleError("The model file is encrypted: model files from Autoencoder Lab never are.")
                if member.compress_type not in METHODS:
                    raise BundleError(f"The model file is packed with a method this app does not read "
                                      f"(zip method {member.compress_type}); model files are deflated zips.")
            return _member(z, jsons[0], MAX_RECORD_BYTES), _member(z, h5s[0], MAX_WEIGHTS_BYTES)
    except BundleError:
        raise
    except Exception:      # BadZipFile, zlib.error, EOFError, a bad CRC, names that do not decode...
        raise not_model from None


def _member(z: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read a chunk at a time and refused past ``limit`` (whatever its header says)."""
    out = bytearray()
    with z.open(member) as f:
        while chunk := f.read(CHUNK):
            out += chunk
            if len(out) > limit:
                raise BundleError(f"The model file unpacks to more than {limit // 2**20 or 1} MB in one part: "
                                  "it is not a model file from Autoencoder Lab.")
    return bytes(out)


def parse_record(raw: bytes) -> ModelRecord:
    """A record from untrusted bytes: bounded size, depth and numbers, then every field checked."""
    def refuse(why: str) -> BundleError:
        return BundleError(f"The model file's record cannot be read ({why}).")
    if len(raw) > MAX_RECORD_BYTES:
        raise refuse(f"it is larger than {MAX_RECORD_BYTES // 2**10} KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse("it is not UTF-8 text") from None
    if _depth(text) > MAX_DEPTH:
        raise refuse(f"it nests more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_int=_whole)
    except (ValueError, RecursionError) as error:     # JSONDecodeError is a ValueError
        raise refuse(str(error)[:120]) from None
    try:
        return ModelRecord.from_json(data)
    except RecordError as error:
        raise refuse(str(error)) from None


def _whole(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number has more than {MAX_DIGITS} digits")
    return int(digits)


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def _depth(text: str) -> int:
    """How deep brackets nest in JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    for char in re.sub(r"[^\[\]{}]", "", _STRINGS.sub("", text)):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _same_model(folder: Path, owner: str | None, record: ModelRecord) -> ModelEntry | None:
    """The owner's model with these very weights, if there is one (the same file loaded again)."""
    if folder != user_dir(owner):
        return None
    return next((e for e in list_models(record.kind, record.dataset, "user", owner)
                 if e.record.sha256 == record.sha256), None)


def _checked_parts(weights: bytes, record: ModelRecord):
    """The model the record describes, built only once its settings and the file's arrays fit it."""
    try:
        config = make_config(record.kind, record.config)
        within_form(config)
    except (ValueError, TypeError) as error:
        raise BundleError(f"The model file's settings cannot be used: {str(error)[:200]}") from None
    if config.code_size != record.code_size:
        raise BundleError(f"The model file's record disagrees with itself: code size {record.code_size}, "
                          f"settings for code size {config.code_size}.")
    try:
        shapes = declared(weights)
        parts = kind_record(record.kind).build(config)
        check_fits(shapes, [tuple(v.shape) for v in parts.trainer.weights])
        check_finite(weights)
    except WeightsFileError as error:
        raise BundleError(f"The model file's weights are not a {record.kind} model with code size "
                          f"{record.code_size}: {error}.") from None
    return parts


def _save(folder: Path, owner: str | None, weights: bytes, record: ModelRecord, parts) -> ModelEntry:
    """Load the weights into the built model from a temporary file, then keep them under a new name."""
    try:
        ensure_room(folder, 2 * len(weights))
        name = new_name(record.kind, record.dataset, record.code_size, "user", folder)
    except OSError as error:
        raise BundleError(_disk_message(error)) from None
    weights_path = folder / f"{name}{WEIGHTS_SUFFIX}"
    staged = folder / f"{TMP_PREFIX}{os.getpid()}-{name}{WEIGHTS_SUFFIX}"
    try:
        atomic_write(staged, lambda tmp: Path(tmp).write_bytes(weights), WEIGHTS_SUFFIX)
        load_weights_into(parts, staged)
        staged.replace(weights_path)
        write_record(folder / f"{name}.json", replace(record, weights_file=weights_path.name))
        return read_entry(folder / f"{name}.json", "user", owner)
    except (OSError, ValueError, TypeError, KeyError, CorruptModelError) as error:
        weights_path.unlink(missing_ok=True)
        (folder / f"{name}.json").unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BundleError(_disk_message(error)) from None
        raise BundleError(f"The model in this file cannot be loaded: {str(error)[:200]}") from None
    finally:
        staged.unlink(missing_ok=True)
        release_name(folder, name)


def _disk_message(error: OSError) -> str:
    if isinstance(error, DiskFullError):
        return str(error)
    return f"The model could not be saved on the server ({error.strerror or type(error).__name__}); nothing was kept."
