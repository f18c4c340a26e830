"""The weights catalogue: shipped models in ``weights/``, user models in a folder of their own.

A model is two files side by side: ``<name>.weights.h5`` (Keras weights only,
no code, so loading never runs anything from the file) and ``<name>.json``, its
``ModelRecord`` (kind, dataset, every option needed to rebuild it, training
facts, test metrics, sha256 of the weights). Weights are stored at half
precision (float16, half the bytes; Keras casts them back to float32 on
loading): ``train`` rounds a model to those values before measuring it, so its
recorded figures are the file's. Files are written to a temporary name and
renamed, so an interrupted save never leaves half a model, and temporary files
a killed process left behind are removed by the next run. User models get a
time-stamped name, reserved atomically (two saves in the same second get two
names), and live outside ``weights/``, so they never overwrite shipped ones.

User models have an owner. The CLI's are in the user folder itself (``owner=None``);
a visitor's in a folder of their own under it (``user_dir(owner)``), listed only
when that owner asks (``list_models(owner=...)``), so one visitor never sees,
picks or replaces another's. Before a save, the disk is checked for room: a full
disk is a ``DiskFullError`` and leaves nothing half-written.

Reading a folder checks every model: a record that does not parse, an unknown
kind, a missing or damaged weights file. Such a model is not listed; it is
reported with the reason (``problems``), so the CLI and the pages can say why
it is unavailable instead of leaving it out in silence.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from .errors import CorruptModelError, DiskFullError, ModelNotFoundError
from .record import ModelRecord, RecordError
from .registry import BY_NAME
from .registry import kind as kind_record

WEIGHTS_SUFFIX = ".weights.h5"
SOURCES = ("shipped", "user")
TMP_PREFIX = ".tmp-"
RESERVED_PREFIX = ".name-"      # a name taken by a save under way (see ``new_name``)
VISITORS = "visitors"          # the user folder's sub-folder holding one folder per owner
OWNER = re.compile(r"[A-Za-z0-9_-]{16,64}")


def shipped_dir() -> Path:
    """Where shipped weights live: ``AE_WEIGHTS_DIR`` or the project's ``weights/``."""
    return Path(os.environ.get("AE_WEIGHTS_DIR", Path(__file__).resolve().parent.parent / "weights"))


def user_dir(owner: str | None = None) -> Path:
    """Where an owner's models are saved: ``AE_USER_DIR`` (default ``~/.autoencoder_lab/models``) for the
    CLI (``owner=None``), a folder of its own under it for each visitor of the app."""
    base = Path(os.environ.get("AE_USER_DIR", Path.home() / ".autoencoder_lab" / "models"))
    if owner is None:
        return base
    if not isinstance(owner, str) or not OWNER.fullmatch(owner):
        raise ValueError("An owner is 16 to 64 letters, digits, '-' or '_'.")
    return base / VISITORS / owner


def folder_for(source: str, owner: str | None = None) -> Path:
    """The folder of a source, 'shipped' or 'user' (the owner's)."""
    return shipped_dir() if source == "shipped" else user_dir(owner)


@dataclass(frozen=True)
class ModelEntry:
    """One saved model as the catalogue sees it: where it is, and its parsed record."""

    name: str
    source: str
    meta_path: Path
    record: ModelRecord
    owner: str | None = None     # a user model's owner (None: the CLI's, or shipped)

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def dataset(self) -> str:
        return self.record.dataset

    @property
    def code_size(self) -> int:
        return self.record.code_size

    @property
    def weights_path(self) -> Path:
        return self.meta_path.with_name(self.name + WEIGHTS_SUFFIX)


@dataclass(frozen=True)
class Problem:
    """A model file the catalogue could not list, and why."""

    path: Path
    source: str
    reason: str

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".json").removesuffix(WEIGHTS_SUFFIX)

    def concerns(self, kind: str | None = None, dataset: str | None = None, code_size: int | None = None) -> bool:
        """Whether the file's name (``kind-dataset-code[-stamp]``) says it is a model of these."""
        parts = self.name.split("-") + ["", "", ""]
        return ((kind is None or parts[0] == kind) and (dataset is None or parts[1] == dataset)
                and (code_size is None or parts[2] == str(code_size)))

    def __str__(self) -> str:
        return f"{self.name} is unavailable: {self.reason}"


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


ROOM_MARGIN = 32 * 2**20     # bytes a save leaves free beyond what it writes


def ensure_room(folder: Path, needed: int) -> None:
    """Raise DiskFullError unless ``folder``'s disk has ``needed`` bytes free and a margin to spare.

    h5py and HDF5 do not survive running out of space mid-write (a segmentation fault here), so
    a save asks first instead of finding out.
    """
    folder = Path(folder)
    probe = folder if folder.is_dir() else next((p for p in folder.parents if p.is_dir()), Path("/"))
    free = shutil.disk_usage(probe).free
    if free < needed + ROOM_MARGIN:
        raise DiskFullError(errno.ENOSPC, f"The disk is full: saving the model needs about "
                            f"{(needed + ROOM_MARGIN) / 2**20:.0f} MB and {free / 2**20:.0f} MB are free. "
                            "Nothing was saved; free some space (or delete models) and try again.")


def atomic_write(path: Path, write: Callable[[str], None], suffix: str) -> None:
    """Call ``write(tmp_path)`` then rename onto ``path``: readers never see half a file.

    The temporary name carries this process's id, so ``clean_temporaries`` can tell a file a
    killed process left behind from one being written right now. Running out of space on the
    way is a DiskFullError, with the temporary file removed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=suffix)
        os.close(fd)
    except OSError as error:
        raise _plain(error) from error
    try:
        write(tmp)
        os.chmod(tmp, 0o644)   # mkstemp makes files private
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, DiskFullError):
            raise _plain(error) from error
        raise


def _plain(error: OSError) -> OSError:
    """A full disk (or quota) as a DiskFullError saying so; any other OSError as it was."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(error.errno, "The disk is full: the model could not be saved, and nothing "
                                          "half-written was kept. Free some space and try again.")
    return error


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files that processes no longer running left in ``folder``; returns them."""
    removed = []
    for tmp in Path(folder).glob(f"{TMP_PREFIX}*") if Path(folder).is_dir() else []:
        pid = tmp.name[len(TMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


HALF_MAX = 65504.0   # the largest float16


def round_to_half(model) -> None:
    """Round a Keras model's float32 weights to the values ``write_half`` stores (in place)."""
    model.set_weights([_halved(w) for w in model.get_weights()])


def _fits_half(w) -> bool:
    """Whether ``w`` is a float32 array that float16 can hold (finite, within its range)."""
    return (isinstance(w, np.ndarray) and w.dtype == np.float32 and bool(np.all(np.isfinite(w)))
            and (w.size == 0 or float(np.abs(w).max()) <= HALF_MAX))


def _halved(w):
    """``w`` at float16 precision (as float32) when it fits float16, else unchanged."""
    return w.astype(np.float16).astype(np.float32) if _fits_half(w) else w


def write_half(src: str, dst: str) -> None:
    """Copy a Keras ``.weights.h5`` file with every float32 array that fits stored as float16."""
    import h5py
    with h5py.File(src, "r") as f, h5py.File(dst, "w") as g:
        g.attrs.update(dict(f.attrs))

        def copy(name, obj):
            if isinstance(obj, h5py.Dataset):
                data = obj[()]
                g.create_dataset(name, data=data.astype(np.float16) if _fits_half(data) else data)
            else:
                g.require_group(name)
            g[name].attrs.update(dict(obj.attrs))
        f.visititems(copy)


def save_weights_half(model, path: str) -> None:
    """``model.save_weights`` at half precision (see ``write_half``)."""
    full = path + ".full.weights.h5"
    try:
        model.save_weights(full)
        write_half(full, path)
    finally:
        Path(full).unlink(missing_ok=True)


def write_json(path: Path, data: dict) -> None:
    """Atomically write ``data`` as indented JSON."""
    def dump(tmp: str) -> None:
        with open(tmp, "w") as f:
            json.dump(data, f, indent=2, sort_keys=False)
            f.write("\n")
    atomic_write(path, dump, ".json")


# ---- reading folders -------------------------------------------------------------------

RESCAN_S = 1.0


@dataclass(frozen=True)
class _Scan:
    fingerprint: tuple
    entries: tuple[ModelEntry, ...]
    problems: tuple[Problem, ...]
    checked: float


_SCANS: dict[Path, _Scan] = {}
_SCANS_LOCK = threading.Lock()


def read_entry(meta_path: Path, source: str, owner: str | None = None) -> ModelEntry:
    """One model's record, checked against its weights file; CorruptModelError says what is wrong."""
    name = meta_path.name.removesuffix(".json")
    try:
        record = ModelRecord.from_json(json.loads(meta_path.read_text()))
    except OSError as error:
        raise CorruptModelError(f"{meta_path.name} cannot be read ({error.strerror or error}).") from error
    except json.JSONDecodeError as error:
        raise CorruptModelError(f"{meta_path.name} is not valid JSON (line {error.lineno}: {error.msg}). "
                                f"{_restore_hint(meta_path, source)}") from error
    except RecordError as error:
        raise CorruptModelError(f"{meta_path.name} is not a model record: {error}. "
                                f"{_restore_hint(meta_path, source)}") from error
    entry = ModelEntry(name, source, meta_path, record, owner)
    weights = entry.weights_path
    if not weights.is_file():
        raise CorruptModelError(f"its weights file {weights.name} is missing. {_restore_hint(weights, source)}")
    if record.sha256 and sha256(weights) != record.sha256:
        raise CorruptModelError(f"{weights.name} is damaged (its checksum does not match the one saved at "
                                f"training). {_restore_hint(weights, source)}")
    return entry


def _restore_hint(path: Path, source: str) -> str:
    """How to get a damaged file back: from git for shipped models, by retraining for the user's."""
    if source == "shipped":
        try:
            shown = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            shown = path
        return f"Restore it with `git checkout -- {shown}`, or retrain it."
    return "Retrain the model, or delete its files."


def _scan_folder(folder: Path, source: str, owner: str | None) -> tuple[tuple[ModelEntry, ...], tuple[Problem, ...]]:
    entries, problems = [], []
    for meta_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            entries.append(read_entry(meta_path, source, owner))
        except CorruptModelError as error:
            problems.append(Problem(meta_path, source, str(error)))
    named = {e.weights_path.name for e in entries} | {p.name + WEIGHTS_SUFFIX for p in problems}
    for orphan in sorted(folder.glob(f"*{WEIGHTS_SUFFIX}")) if folder.is_dir() else []:
        if orphan.name not in named and not orphan.name.startswith(TMP_PREFIX):
            problems.append(Problem(orphan, source, f"its record {orphan.name.removesuffix(WEIGHTS_SUFFIX)}.json "
                                                    "is missing, so nothing says what model it is."))
    return tuple(entries), tuple(problems)


def _fingerprint(folder: Path) -> tuple:
    """Name, size and modification time of every model file: changes whenever one is written."""
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                            if e.name.endswith((".json", WEIGHTS_SUFFIX)) and not e.name.startswith(TMP_PREFIX)))
    except OSError:
        return ()


def _scan(source: str, owner: str | None = None) -> _Scan:
    """The folder's models and problems, re-read only when a model file appeared, changed or went away.

    The folder itself is looked at most once per ``RESCAN_S``: a page asks for the catalogue
    dozens of times per rerun, and a new model showing up a second later is soon enough.
    """
    folder = folder_for(source, owner)
    now = time.monotonic()
    with _SCANS_LOCK:
        cached = _SCANS.get(folder)
        if cached is not None and now - cached.checked < RESCAN_S:
            return cached
    key = _fingerprint(folder)
    with _SCANS_LOCK:
        cached = _SCANS.get(folder)
        if cached is None or cached.fingerprint != key:
            cached = _Scan(key, *_scan_folder(folder, source, owner), now)
        cached = _SCANS[folder] = _Scan(cached.fingerprint, cached.entries, cached.problems, now)
    return cached


def forget_catalogue() -> None:
    """Make the next listing look at the folders again right away (after this process saved a model)."""
    with _SCANS_LOCK:
        _SCANS.clear()


def list_models(kind: str | None = None, dataset: str | None = None,
                source: str | None = None, owner: str | None = None) -> list[ModelEntry]:
    """Every usable saved model, shipped first, filtered by kind, dataset and source when given; the
    user models are ``owner``'s (None: the CLI's)."""
    order = {k: i for i, k in enumerate(BY_NAME)}
    found = [e for s in SOURCES if source in (None, s) for e in _scan(s, owner).entries
             if kind in (None, e.kind) and dataset in (None, e.dataset)]
    return sorted(found, key=lambda e: (SOURCES.index(e.source), order[e.kind], e.dataset, e.code_size, e.name))


def problems(kind: str | None = None, dataset: str | None = None, source: str | None = None,
             code_size: int | None = None, owner: str | None = None) -> list[Problem]:
    """Model files that could not be listed (bad record, unknown kind, missing or damaged weights)."""
    return [p for s in SOURCES if source in (None, s) for p in _scan(s, owner).problems
            if p.concerns(kind, dataset, code_size)]


def code_sizes(kind: str, dataset: str, source: str | None = None, owner: str | None = None) -> list[int]:
    """The code sizes available for a kind and dataset, ascending."""
    return sorted({e.code_size for e in list_models(kind, dataset, source, owner)})


def describe_available(kind: str, dataset: str) -> str:
    """A sentence naming what exists for ``kind``, for error messages."""
    sizes = code_sizes(kind, dataset)
    if sizes:
        return f"Available for {kind} on {dataset}: code sizes {', '.join(map(str, sizes))}."
    others = sorted({f"{e.kind}/{e.dataset}" for e in list_models()})
    return (f"No {kind} model on {dataset} is saved. "
            + (f"Saved models: {', '.join(others)}." if others else "No models are saved at all.")
            + f" Train one: python -m ae_models train {kind} --dataset {dataset}.")


def find(kind: str, dataset: str = "mnist", code_size: int = 32, source: str | None = None,
         owner: str | None = None) -> ModelEntry:
    """The model for (kind, dataset, code size): shipped first, else ``owner``'s newest user model."""
    if kind not in BY_NAME:
        raise ModelNotFoundError(f"Unknown kind {kind!r}. Kinds: {', '.join(BY_NAME)}.")
    matches = [e for e in list_models(kind, dataset, source, owner) if e.code_size == int(code_size)]
    shipped = [e for e in matches if e.source == "shipped"]
    if shipped:
        return shipped[0]
    if matches:
        return max(matches, key=lambda e: e.record.created)
    broken = problems(kind, dataset, source, code_size, owner)
    if broken:
        raise CorruptModelError(str(broken[0]))
    raise ModelNotFoundError(f"No {kind} model with code size {code_size} on {dataset}. "
                             + describe_available(kind, dataset))


def make_config(kind: str, options: dict):
    """The kind's settings from a dict of options, ignoring none silently: unknown keys raise."""
    settings = kind_record(kind).settings
    names = {f.name for f in fields(settings)}
    unknown = set(options) - names
    if unknown:
        raise ValueError(f"The {kind} kind has no option {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(sorted(names))}.")
    config = settings(**options)
    config.validate()
    return config


def load(entry: ModelEntry):
    """Rebuild the model described by ``entry`` and load its weights; CorruptModelError if damaged."""
    from .autoencoder import Autoencoder
    record, path = entry.record, entry.weights_path
    if not path.is_file():
        raise CorruptModelError(f"{entry.name} has no weights file beside it ({path.name} is missing). "
                                f"{_restore_hint(path, entry.source)}")
    if record.sha256 and sha256(path) != record.sha256:
        raise CorruptModelError(f"{path.name} is damaged (its checksum does not match the one saved at "
                                f"training). {_restore_hint(path, entry.source)}")
    try:
        config = make_config(entry.kind, record.config)
        parts = kind_record(entry.kind).build(config)
        load_weights_into(parts, path)
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise CorruptModelError(f"{path.name} could not be loaded as a {entry.kind} model "
                                f"({type(e).__name__}: {str(e)[:200]}). {_restore_hint(path, entry.source)}") from e
    return Autoencoder(entry.kind, config, parts, entry.dataset, record, str(path))


def load_weights_into(parts, path: Path) -> None:
    """Load a weights file into built parts; ValueError when the file does not fit them."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts.trainer.load_weights(str(path))
    skipped = [w for w in caught if "Skipping" in str(w.message) or "fresh" in str(w.message)]
    if skipped:   # Keras only warns when parts of the file do not fit: treat it as a mismatch
        raise ValueError(f"the file does not match the architecture: {str(skipped[0].message)[:120]}")


def load_pretrained(kind: str, dataset: str = "mnist", code_size: int = 32, source: str | None = None):
    """Load a saved model by kind, dataset and code size; LookupError naming what is available."""
    return load(find(kind, dataset, code_size, source))


def new_name(kind: str, dataset: str, code_size: int, source: str, folder: Path | None = None) -> str:
    """File stem for a new model: fixed for shipped weights; for user models time-stamped and reserved
    in ``folder`` (default the CLI's user folder) at once, so two saves in the same second, in one
    process or two, never get the same name. ``release_name`` (``save`` calls it) ends the reservation."""
    base = f"{kind}-{dataset}-{code_size}"
    if source == "shipped":
        return base
    folder = Path(folder or user_dir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _plain(error) from error
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10_000):
        name = f"{base}-{stamp}" + (f"-{n}" if n > 1 else "")
        if (folder / f"{name}.json").exists() or (folder / f"{name}{WEIGHTS_SUFFIX}").exists():
            continue
        try:
            os.close(os.open(folder / f"{RESERVED_PREFIX}{name}", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        except OSError as error:
            raise _plain(error) from error
        return name
    raise OSError(f"No free name for a new {kind} model in {folder}.")


def release_name(folder: Path, name: str) -> None:
    """End the reservation ``new_name`` made (the model is saved, or will not be)."""
    (Path(folder) / f"{RESERVED_PREFIX}{name}").unlink(missing_ok=True)


def _uncompiled_trainer(ae):
    """The model's weights in a fresh, uncompiled copy: saving it leaves the optimizer's state out."""
    if getattr(ae.parts.trainer, "optimizer", None) is None:
        return ae.parts.trainer
    fresh = kind_record(ae.kind).build(ae.config)
    fresh.trainer.set_weights(ae.parts.trainer.get_weights())
    return fresh.trainer


def save(ae, folder: Path, name: str) -> ModelEntry:
    """Atomically write weights (half precision, no optimizer state), then the record with their sha256."""
    folder = Path(folder)
    weights = folder / f"{name}{WEIGHTS_SUFFIX}"
    try:
        trainer = _uncompiled_trainer(ae)
        # the full-precision copy, its half-precision copy and the record, with room to spare
        ensure_room(folder, 8 * trainer.count_params() + 2**20)
        atomic_write(weights, lambda tmp: save_weights_half(trainer, tmp), WEIGHTS_SUFFIX)
        record = replace(ae.record, weights_file=weights.name, sha256=sha256(weights))
        try:
            write_record(folder / f"{name}.json", record)
        except BaseException:
            weights.unlink(missing_ok=True)     # weights without a record would be listed as a problem
            raise
    finally:
        release_name(folder, name)
    source = "shipped" if folder.resolve() == shipped_dir().resolve() else "user"
    ae.record, ae.path = record, str(weights)
    return ModelEntry(name, source, folder / f"{name}.json", record)


def write_record(meta_path: Path, record: ModelRecord) -> None:
    """Atomically write a model's record (its figures re-measured, say) and list it at once."""
    write_json(meta_path, record.to_json())
    forget_catalogue()


# ---- owners: moving a model to its owner, and keeping each owner within a quota ---------------

DEFAULT_QUOTA_MODELS, DEFAULT_QUOTA_MB = 20, 200


def quota() -> tuple[int, int]:
    """How many models, and bytes, one owner keeps: ``AE_VISITOR_MODELS`` (default 20) and
    ``AE_VISITOR_MB`` (default 200)."""
    def setting(name: str, default: int) -> int:
        try:
            return max(1, int(os.environ.get(name, default)))
        except ValueError:
            return default
    return setting("AE_VISITOR_MODELS", DEFAULT_QUOTA_MODELS), setting("AE_VISITOR_MB", DEFAULT_QUOTA_MB) * 2**20


def adopt(name: str, owner: str) -> ModelEntry | None:
    """Move the CLI folder's model ``name`` (one an app run just saved there) into ``owner``'s folder;
    None when there is no such model. Weights first, record last, so the model is listed once, whole."""
    base, mine = user_dir(), user_dir(owner)
    meta, weights = base / f"{name}.json", base / f"{name}{WEIGHTS_SUFFIX}"
    if not (meta.is_file() and weights.is_file()) or (mine / f"{name}.json").exists():
        return None
    try:
        mine.mkdir(parents=True, exist_ok=True)
        os.replace(weights, mine / weights.name)
        os.replace(meta, mine / meta.name)
    except OSError as error:
        raise _plain(error) from error
    forget_catalogue()
    return read_entry(mine / meta.name, "user", owner)


def remove(entry: ModelEntry) -> None:
    """Delete a user model's files (record first: it is never listed without its weights)."""
    if entry.source != "user":
        raise ValueError("Only user models can be removed.")
    entry.meta_path.unlink(missing_ok=True)
    entry.weights_path.unlink(missing_ok=True)
    forget_catalogue()


def prune(owner: str, keep: str | None = None) -> list[ModelEntry]:
    """Remove ``owner``'s oldest models until they are within ``quota()``; never the model ``keep``.
    Returns the removed models (their exports are the caller's to delete)."""
    most, most_bytes = quota()
    mine = sorted(list_models(source="user", owner=owner), key=lambda e: (e.record.created, e.name))
    sizes = {e.name: e.weights_path.stat().st_size + e.meta_path.stat().st_size for e in mine}
    removed = []
    for entry in [e for e in mine if e.name != keep]:
        if len(mine) - len(removed) <= most and sum(sizes.values()) <= most_bytes:
            break
        remove(entry)
        removed.append(entry)
        sizes.pop(entry.name)
    return removed
