"""The weights catalogue: shipped models in ``weights/``, user models in a folder of their own.

A model is two files side by side: ``<name>.weights.h5`` (Keras weights only,
no code, so loading never runs anything from the file) and ``<name>.json``
(kind, dataset, every option needed to rebuild it, training record, test
metrics, sha256 of the weights). Weights are stored at half precision (float16,
half the bytes; Keras casts them back to float32 on loading): ``train`` rounds
a model to those values before measuring it, so its recorded figures are the
file's. Files are written to a temporary name and
renamed, so an interrupted save never leaves half a model. User models get a
time-stamped name and live outside ``weights/``, so they never overwrite
shipped ones.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import CorruptModelError, ModelNotFoundError
from .registry import KINDS, kind_module

WEIGHTS_SUFFIX = ".weights.h5"
SOURCES = ("shipped", "user")


def shipped_dir() -> Path:
    """Where shipped weights live: ``AE_WEIGHTS_DIR`` or the project's ``weights/``."""
    return Path(os.environ.get("AE_WEIGHTS_DIR", Path(__file__).resolve().parent.parent / "weights"))


def user_dir() -> Path:
    """Where models trained by users are saved: ``AE_USER_DIR`` or ``~/.autoencoder_lab/models``."""
    return Path(os.environ.get("AE_USER_DIR", Path.home() / ".autoencoder_lab" / "models"))


def folder_for(source: str) -> Path:
    """The folder of a source, 'shipped' or 'user'."""
    return shipped_dir() if source == "shipped" else user_dir()


@dataclass(frozen=True)
class ModelEntry:
    """One saved model as the catalogue sees it."""

    name: str
    kind: str
    dataset: str
    code_size: int
    source: str
    meta_path: Path
    metadata: dict

    @property
    def weights_path(self) -> Path:
        return self.meta_path.with_name(self.name + WEIGHTS_SUFFIX)

    @property
    def label(self) -> str:
        """A short human name, e.g. 'conv · mnist · 32 (user, 2026-11-24 10:31)'."""
        base = f"{self.kind} · {self.dataset} · {self.code_size}"
        return base if self.source == "shipped" else f"{base} (your model, {self.metadata.get('created', '')[:16]})"


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def atomic_write(path: Path, write: Callable[[str], None], suffix: str) -> None:
    """Call ``write(tmp_path)`` then rename onto ``path``: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)   # mkstemp makes files private; models are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def _arrays(path) -> dict:
    """Every array in an HDF5 file, by name."""
    import h5py
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.update({name: obj[()]}) if isinstance(obj, h5py.Dataset) else None)
    return found


def halvable(path) -> bool:
    """Whether a weights file still holds a float32 array that ``write_half`` would store as float16."""
    return any(_fits_half(a) for a in _arrays(path).values())


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


RESCAN_S = 1.0
_CATALOGUE: dict[Path, tuple[tuple, list[ModelEntry], float]] = {}   # folder -> (fingerprint, entries, checked at)
_CATALOGUE_LOCK = threading.Lock()


def _read_entries(folder: Path, source: str) -> list[ModelEntry]:
    out = []
    for meta_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            meta = json.loads(meta_path.read_text())
            name = meta_path.name[:-len(".json")]
            out.append(ModelEntry(name, meta["kind"], meta["dataset"], int(meta["code_size"]),
                                  source, meta_path, meta))
        except (OSError, ValueError, KeyError, TypeError):
            continue   # not a model's metadata (or unreadable): load() reports it when asked
    return out


def _fingerprint(folder: Path) -> tuple:
    """Name, size and modification time of every metadata file: changes whenever one is written."""
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                            for e in os.scandir(folder) if e.name.endswith(".json")))
    except OSError:
        return ()


def _entries(source: str) -> list[ModelEntry]:
    """The folder's models, re-read only when a metadata file appeared, changed or went away.

    The folder itself is looked at most once per ``RESCAN_S``: a page asks for the catalogue
    dozens of times per rerun, and a new model showing up a second later is soon enough.
    """
    folder = folder_for(source)
    now = time.monotonic()
    with _CATALOGUE_LOCK:
        cached = _CATALOGUE.get(folder)
        if cached is not None and now - cached[2] < RESCAN_S:
            return list(cached[1])
    key = _fingerprint(folder)
    with _CATALOGUE_LOCK:
        cached = _CATALOGUE.get(folder)
        if cached is None or cached[0] != key:
            cached = (key, _read_entries(folder, source), now)
        _CATALOGUE[folder] = (cached[0], cached[1], now)
    return list(cached[1])


def forget_catalogue() -> None:
    """Make the next listing look at the folders again right away (after this process saved a model)."""
    with _CATALOGUE_LOCK:
        _CATALOGUE.clear()


def list_models(kind: str | None = None, dataset: str | None = None,
                source: str | None = None) -> list[ModelEntry]:
    """Every saved model, shipped first, filtered by kind, dataset and source when given."""
    found = [e for s in SOURCES if source in (None, s) for e in _entries(s)]
    order = {k: i for i, k in enumerate(KINDS)}
    found = [e for e in found if kind in (None, e.kind) and dataset in (None, e.dataset)]
    return sorted(found, key=lambda e: (SOURCES.index(e.source), order.get(e.kind, 99),
                                        e.dataset, e.code_size, e.name))


def code_sizes(kind: str, dataset: str, source: str | None = None) -> list[int]:
    """The code sizes available for a kind and dataset, ascending."""
    return sorted({e.code_size for e in list_models(kind, dataset, source)})


def describe_available(kind: str, dataset: str) -> str:
    """A sentence naming what exists for ``kind``, for error messages."""
    sizes = code_sizes(kind, dataset)
    if sizes:
        return f"Available for {kind} on {dataset}: code sizes {', '.join(map(str, sizes))}."
    others = sorted({f"{e.kind}/{e.dataset}" for e in list_models()})
    return (f"No {kind} model on {dataset} is saved. "
            + (f"Saved models: {', '.join(others)}." if others else "No models are saved at all.")
            + f" Train one: python -m ae_models train {kind} --dataset {dataset}.")


def find(kind: str, dataset: str = "mnist", code_size: int = 32, source: str | None = None) -> ModelEntry:
    """The model for (kind, dataset, code size): shipped first, else the newest user model."""
    if kind not in KINDS:
        raise ModelNotFoundError(f"Unknown kind {kind!r}. Kinds: {', '.join(KINDS)}.")
    matches = [e for e in list_models(kind, dataset, source) if e.code_size == int(code_size)]
    shipped = [e for e in matches if e.source == "shipped"]
    if shipped:
        return shipped[0]
    if matches:
        return max(matches, key=lambda e: e.metadata.get("created", ""))
    raise ModelNotFoundError(f"No {kind} model with code size {code_size} on {dataset}. "
                             + describe_available(kind, dataset))


def make_config(kind: str, options: dict):
    """The kind's Config from a dict of options, ignoring none silently: unknown keys raise."""
    module = kind_module(kind)
    names = {f.name for f in fields(module.Config)}
    unknown = set(options) - names
    if unknown:
        raise ValueError(f"The {kind} kind has no option {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(sorted(names))}.")
    config = module.Config(**options)
    config.validate()
    return config


def load(entry: ModelEntry):
    """Rebuild the model described by ``entry`` and load its weights; CorruptModelError if damaged."""
    from .autoencoder import Autoencoder
    meta, path = entry.metadata, entry.weights_path
    if not path.is_file():
        raise CorruptModelError(f"{entry.meta_path.name} has no weights file beside it ({path.name} is missing). "
                                f"Retrain it or restore the file.")
    expected = meta.get("sha256")
    if expected and sha256(path) != expected:
        raise CorruptModelError(f"{path.name} is damaged (its checksum does not match the one saved at "
                                f"training). Retrain it, or restore it with `git checkout -- {path.name}`.")
    try:
        config = make_config(entry.kind, meta.get("config", {"code_size": entry.code_size}))
        parts = kind_module(entry.kind).build(config)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parts.trainer.load_weights(str(path))
        skipped = [w for w in caught if "Skipping" in str(w.message) or "fresh" in str(w.message)]
        if skipped:   # Keras only warns when parts of the file do not fit: treat it as a mismatch
            raise ValueError(f"the file does not match the architecture: {str(skipped[0].message)[:120]}")
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise CorruptModelError(f"{path.name} could not be loaded as a {entry.kind} model "
                                f"({type(e).__name__}: {str(e)[:200]}). Retrain it or restore the file.") from e
    return Autoencoder(entry.kind, config, parts, entry.dataset, meta, str(path))


def load_pretrained(kind: str, dataset: str = "mnist", code_size: int = 32, source: str | None = None):
    """Load a saved model by kind, dataset and code size; LookupError naming what is available."""
    return load(find(kind, dataset, code_size, source))


def new_name(kind: str, dataset: str, code_size: int, source: str) -> str:
    """File stem for a new model: fixed for shipped weights, time-stamped for user models."""
    base = f"{kind}-{dataset}-{code_size}"
    if source == "shipped":
        return base
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name, n = f"{base}-{stamp}", 1
    while (user_dir() / f"{name}.json").exists():
        n += 1
        name = f"{base}-{stamp}-{n}"
    return name


def _uncompiled_trainer(ae):
    """The model's weights in a fresh, uncompiled copy: saving it leaves the optimizer's state out."""
    if getattr(ae.parts.trainer, "optimizer", None) is None:
        return ae.parts.trainer
    fresh = kind_module(ae.kind).build(ae.config)
    fresh.trainer.set_weights(ae.parts.trainer.get_weights())
    return fresh.trainer


def save(ae, folder: Path, name: str, metadata: dict) -> ModelEntry:
    """Atomically write weights (half precision, no optimizer state) then metadata with their sha256."""
    folder = Path(folder)
    weights = folder / f"{name}{WEIGHTS_SUFFIX}"
    trainer = _uncompiled_trainer(ae)
    atomic_write(weights, lambda tmp: save_weights_half(trainer, tmp), WEIGHTS_SUFFIX)
    meta = {**metadata, "weights_file": weights.name, "sha256": sha256(weights)}
    write_json(folder / f"{name}.json", meta)
    forget_catalogue()   # listed at once, not a rescan later
    source = "shipped" if folder.resolve() == shipped_dir().resolve() else "user"
    ae.metadata, ae.path = meta, str(weights)
    return ModelEntry(name, ae.kind, ae.dataset, ae.code_size, source, folder / f"{name}.json", meta)
