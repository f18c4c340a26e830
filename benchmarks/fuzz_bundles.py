"""Fuzz `unbundle`: every crafted or damaged model file must load as a model or end as a BundleError.

The crafted files are what a hostile visitor would upload: a weights file declaring a 1 GiB
array, settings far past the training form (``hidden=[400000]``, ``filters=[2048, 2048]``),
a zip member that declares 1,000 bytes and inflates to 1 GiB, encrypted, unknown-method,
bad-zlib, LZMA and bzip2 members, a 5,000-digit number, ``1e999``, brackets nested 100,000
deep, fields of the wrong type, not-a-number weights, a code size that disagrees with the
weights, links and arrays stored outside the file, and more. Seeded mutations follow: byte
flips in a real bundle, and record fields replaced by hostile values. Case i depends only
on the seed and i (``crafted_cases``, ``mutated_case``), so any one can be reproduced.

Each case runs in this process after the model code is warm, and its peak memory is read
from the kernel's high-water mark (reset before each case through ``/proc/self/clear_refs``),
so the table's "extra memory" is what the worst file cost above the resident size before it.
Run from the project root:

    python -m benchmarks.fuzz_bundles [--cases 300] [--seed 0] [--bomb-mib 1024]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ae_models.bundle import BundleError, unbundle
from ae_models.store import ModelEntry

OWNER = "fuzz-visitor-0000000000"
BOMB_MIB = 1024


# --- the real bundle everything starts from ---------------------------------------------------


def base_entry(folder: Path, kind: str = "dense", code_size: int = 2, **options) -> ModelEntry:
    """An untrained model saved in ``folder`` like a shipped one (weights and a full record)."""
    from ae_models import build
    from ae_models.record import Metrics, ModelRecord, TrainingFacts
    from ae_models.store import save
    ae = build(kind, code_size=code_size, **options)
    ae.dataset = "mnist"
    ae.record = ModelRecord(kind, "mnist", code_size, ae.options(), TrainingFacts(epochs=1, epochs_run=1,
                            history={"loss": [0.3]}), Metrics(bce=0.3), ae.count_params(),
                            created="2026-12-06T10:00:00")
    return save(ae, folder, f"{kind}-mnist-{code_size}")


@dataclass(frozen=True)
class Base:
    """A real model file's parts, for crafting others from."""

    name: str
    weights: bytes
    record: dict

    def zipped(self, weights: bytes | None = None, record: dict | bytes | None = None) -> bytes:
        """A bundle of these parts (or the given ones), the record's checksum left as given."""
        record = self.record if record is None else record
        raw = record if isinstance(record, bytes) else json.dumps(record).encode()
        return zip_of({self.name + ".weights.h5": self.weights if weights is None else weights,
                       self.name + ".json": raw})

    def with_weights(self, weights: bytes, **changes) -> bytes:
        """A bundle of other weights whose record names their checksum (so only the weights are wrong)."""
        import hashlib
        return self.zipped(weights, {**self.record, **changes, "sha256": hashlib.sha256(weights).hexdigest()})


def base_of(entry: ModelEntry) -> Base:
    return Base(entry.name, entry.weights_path.read_bytes(), json.loads(entry.meta_path.read_text()))


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def raw_zip(members: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """A zip written by hand: (name, stored bytes, method, flags, declared size, crc) per member,
    so headers can say what the data is not."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, flags, size, crc in members:
        offset, encoded = out.tell(), name.encode("utf-8", "surrogateescape")
        header = (20, flags, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", *header[:5], *header[5:]) + encoded + data)
        central.write(struct.pack("<4s6H3I5HII", b"PK\x01\x02", 20, *header[:5], *header[5:], 0, 0, 0, 0,
                                  offset) + encoded)
    directory = central.getvalue()
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), out.tell(), 0)
    return out.getvalue() + directory + end


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def deflated_zeros(mib: int) -> bytes:
    """A raw deflate stream of ``mib`` MiB of zeros (about 1 KB per MiB)."""
    c, block, parts = zlib.compressobj(9, zlib.DEFLATED, -15), bytes(2**20), []
    for _ in range(mib):
        parts.append(c.compress(block))
    return b"".join(parts) + c.flush()


def h5_file(build: Callable) -> bytes:
    """An HDF5 file made by ``build(h5py_file)``, as bytes."""
    import h5py
    out = io.BytesIO()
    with h5py.File(out, "w") as f:
        build(f)
    return out.getvalue()


def copy_weights(base: Base, change: Callable[[str, np.ndarray], np.ndarray | None] | None = None,
                 extra: Callable | None = None) -> bytes:
    """The base weights file rebuilt array by array, ``change(name, array)`` replacing any (None drops it)."""
    import h5py

    def build(g):
        with h5py.File(io.BytesIO(base.weights), "r") as f:
            def copy(name, obj):
                if isinstance(obj, h5py.Dataset):
                    data = obj[()] if change is None else change(name, obj[()])
                    if data is not None:
                        g.create_dataset(name, data=data)
            f.visititems(copy)
        if extra:
            extra(g)
    return h5_file(build)


# --- the crafted cases ------------------------------------------------------------------------


def crafted_cases(base: Base, other_code: Base, bomb_mib: int = BOMB_MIB) -> Iterator[tuple[str, bytes]]:
    """Every hostile file named in the issue list, and more; (name, file bytes)."""
    rec, name = base.record, base.name
    json_member, h5_member = name + ".json", name + ".weights.h5"
    raw_record = json.dumps(rec).encode()
    crc = zlib.crc32(raw_record)

    yield "valid file", base.zipped()
    yield "valid file, figures copied from a shipped record", base.zipped(
        record={**rec, "metrics": {"bce": 0.0627, "ssim": 0.95}, "training": {**rec["training"], "seconds": 1.0}})
    yield "empty", b""
    yield "text", b"hello, this is not a zip"
    yield "truncated zip", base.zipped()[:200]
    yield "random bytes", random.Random(0).randbytes(4096)
    yield "one member", zip_of({json_member: raw_record})
    yield "three members", zip_of({json_member: raw_record, h5_member: base.weights, "x.txt": b"x"})
    yield "two records", zip_of({json_member: raw_record, "b.json": raw_record})
    yield "5000 members", zip_of({f"m{i}.json": b"{}" for i in range(5000)})
    yield "name not UTF-8", raw_zip([("\udcff\udcfe.json", raw_record, 0, 0x800, len(raw_record), crc),
                                     (h5_member, base.weights, 0, 0, len(base.weights), zlib.crc32(base.weights))])
    yield "encrypted member", raw_zip([(json_member, raw_record, 0, 0x1, len(raw_record), crc),
                                       (h5_member, base.weights, 0, 0, len(base.weights), zlib.crc32(base.weights))])
    yield "zip method 99", raw_zip([(json_member, raw_record, 99, 0, len(raw_record), crc),
                                    (h5_member, base.weights, 0, 0, len(base.weights), zlib.crc32(base.weights))])
    yield "bad zlib stream", raw_zip([(json_member, b"\xff" * 64, 8, 0, len(raw_record), crc),
                                      (h5_member, base.weights, 0, 0, len(base.weights), zlib.crc32(base.weights))])
    yield "LZMA members", zip_of({json_member: raw_record, h5_member: base.weights}, zipfile.ZIP_LZMA)
    yield "bzip2 members", zip_of({json_member: raw_record, h5_member: base.weights}, zipfile.ZIP_BZIP2)
    yield "bad CRC", raw_zip([(json_member, raw_record, 0, 0, len(raw_record), crc ^ 1),
                              (h5_member, base.weights, 0, 0, len(base.weights), zlib.crc32(base.weights))])
    yield f"zip bomb: a member declaring 1,000 bytes inflates to {bomb_mib} MiB", raw_zip(
        [(json_member, raw_record, 0, 0, len(raw_record), crc),
         (h5_member, deflated_zeros(bomb_mib), 8, 0, 1000, 0)])
    yield f"zip bomb: a member declaring {bomb_mib} MiB", raw_zip(
        [(json_member, raw_record, 0, 0, len(raw_record), crc),
         (h5_member, deflated_zeros(bomb_mib), 8, 0, bomb_mib * 2**20, 0)])
    yield "record over 1 MB", base.zipped(record={**rec, "dataset_source": "x" * (2**20 + 10)})
    yield "record not UTF-8", base.zipped(record=b"\xff\xfe{}")
    yield "record not JSON", base.zipped(record=b"{ nope")
    yield "record is a list", base.zipped(record=b"[1, 2, 3]")
    yield "5000-digit number", base.zipped(record=raw_record.replace(b'"seed": 0', b'"seed": ' + b"9" * 5000))
    yield "1e999 seconds", base.zipped(record=raw_record.replace(b'"seconds": 0.0', b'"seconds": 1e999'))
    yield "1e999 metric", base.zipped(record=raw_record.replace(b'"bce": 0.3', b'"bce": 1e999'))
    yield "NaN metric", base.zipped(record=json.dumps({**rec, "metrics": {"bce": float("nan")}}).encode())
    yield "brackets nested 100,000 deep", base.zipped(
        record=raw_record[:-1] + b', "versions": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    yield "objects nested 50 deep", base.zipped(
        record=raw_record[:-1] + b', "versions": ' + b'{"a": ' * 50 + b"1" + b"}" * 50 + b"}")
    wrong_types = {
        "created 5": {"created": 5}, "created a sentence": {"created": "yesterday at [noon](http://x)"},
        "seconds 'soon'": {"training": {**rec["training"], "seconds": "soon"}},
        "train_images 'many'": {"training": {**rec["training"], "train_images": "many"}},
        "epochs 2.5": {"training": {**rec["training"], "epochs_run": 2.5}},
        "stopped_by_user 'no'": {"training": {**rec["training"], "stopped_by_user": "no"}},
        "history a string": {"training": {**rec["training"], "history": "loss"}},
        "history of strings": {"training": {**rec["training"], "history": {"loss": ["a"]}}},
        "training a list": {"training": [1]}, "metrics a list": {"metrics": [1]},
        "kind a list": {"kind": ["dense"]}, "kind unknown": {"kind": "gan"}, "dataset 5": {"dataset": 5},
        "code_size '2'": {"code_size": "2"}, "code_size true": {"code_size": True},
        "code_size 100000": {"code_size": 100000}, "config a string": {"config": "big"},
        "config with unknown option": {"config": {"code_size": 2, "layers": 9}},
        "activation unknown": {"config": {"code_size": 2, "activation": "gelu"}},
        "params a string": {"params": "lots"}, "versions a list": {"versions": [1]},
        "sha256 not hex": {"sha256": "z" * 64}, "likeness 5": {"likeness": 5},
        "likeness wrong count": {"likeness": {"measure": "ssim", "count": 3, "errors_float16": "AAAA"}},
        "likeness not base64": {"likeness": {"measure": "ssim", "count": 1, "errors_float16": "!!"}},
        "likeness count a billion": {"likeness": {"measure": "ssim", "count": 10**9, "errors_float16": ""}},
    }
    for label, change in wrong_types.items():
        yield f"record: {label}", base.zipped(record={**rec, **change})
    yield "no checksum", base.zipped(record={**rec, "sha256": None})
    yield "checksum of other weights", base.zipped(weights=other_code.weights)
    yield "deep hidden=[400000]", base.zipped(record={**rec, "kind": "deep", "config": {
        "code_size": rec["code_size"], "hidden": [400000]}})
    yield "deep hidden=[1024]*5", base.zipped(record={**rec, "kind": "deep", "config": {
        "code_size": rec["code_size"], "hidden": [1024] * 5}})
    yield "conv filters=[2048, 2048]", base.zipped(record={**rec, "kind": "conv", "config": {
        "code_size": rec["code_size"], "filters": [2048, 2048]}})
    yield "sparse hidden=[4096, 4096]", base.zipped(record={**rec, "kind": "sparse", "config": {
        "code_size": rec["code_size"], "hidden": [4096, 4096]}})
    yield "lstm units=100000", base.zipped(record={**rec, "kind": "lstm", "config": {
        "code_size": rec["code_size"], "units": 100000}})
    yield "code size 4 in the record, 2 in the weights", base.zipped(record={**rec, "code_size": 4,
                                                                              "config": {"code_size": 4}})
    yield "code size 2 in the record, 4 in its settings", base.zipped(record={**rec, "config": {"code_size": 4}})
    yield "weights of code size 4 under a record of code size 2", base.with_weights(other_code.weights)
    yield "weights not HDF5", base.with_weights(b"\x89HDF\r\n\x1a\n" + b"\x00" * 200)
    yield "weights declare a 1 GiB array", base.with_weights(h5_file(
        lambda f: f.create_dataset("layers/huge/vars/0", shape=(2**28,), dtype="f4", chunks=(2**16,),
                                   compression="gzip")))
    yield "weights declare a 4 GiB array", base.with_weights(h5_file(
        lambda f: f.create_dataset("x", shape=(2**16, 2**14), dtype="f4", chunks=(64, 64))))
    yield "weights: one array grown", base.with_weights(copy_weights(
        base, lambda n, a: np.zeros((a.shape[0] * 50, *a.shape[1:]), a.dtype) if a.ndim == 2 else a))
    yield "weights: an array too many", base.with_weights(copy_weights(
        base, extra=lambda g: g.create_dataset("extra", data=np.zeros(10, "f4"))))
    yield "weights: an array missing", base.with_weights(copy_weights(
        base, lambda n, a: None if a.ndim == 1 else a))
    yield "weights: NaN", base.with_weights(copy_weights(base, lambda n, a: np.full_like(a, np.nan)))
    yield "weights: infinity", base.with_weights(copy_weights(base, lambda n, a: np.full_like(a, np.inf)))
    yield "weights: integers", base.with_weights(copy_weights(base, lambda n, a: a.astype(np.int32)))
    yield "weights: strings", base.with_weights(copy_weights(
        base, extra=lambda g: g.create_dataset("s", data=np.array([b"x" * 100] * 10))))
    yield "weights: an external link", base.with_weights(copy_weights(
        base, extra=lambda g: g.__setitem__("elsewhere", __import__("h5py").ExternalLink("/etc/hostname", "/"))))
    yield "weights: a soft link", base.with_weights(copy_weights(
        base, extra=lambda g: g.__setitem__("again", __import__("h5py").SoftLink("/layers"))))
    yield "weights: an array stored in /etc/passwd", base.with_weights(copy_weights(
        base, extra=lambda g: g.create_dataset("ext", shape=(16,), dtype="f4", external=[("/etc/passwd", 0, 64)])))
    yield "weights over 32 MB", base.with_weights(base.weights + bytes(33 * 2**20))


# --- seeded mutations -------------------------------------------------------------------------

HOSTILE = [None, True, -1, 0, 2**70, 1e308, -1e308, "", "x" * 500, "[link](http://example.com)", [], {},
           [1] * 10, {"a": {"b": {"c": 1}}}, [[[[[]]]]], "NaN", 3.5, "2026-12-06T10:00:00"]


def mutated_case(base: Base, seed: int, index: int) -> tuple[str, bytes]:
    """Case ``index`` of the seeded mutations: a byte-damaged bundle or a record field set to a hostile value."""
    rng = random.Random(seed * 1_000_003 + index)
    if rng.random() < 0.4:
        data = bytearray(base.zipped())
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return f"mutation {index}: flipped bytes", bytes(data)
    record = json.loads(json.dumps(base.record))
    target, path = record, []
    while True:     # walk down to a random field, sometimes stopping at a nested object
        key = rng.choice(list(target))
        path.append(key)
        if isinstance(target[key], dict) and target[key] and rng.random() < 0.6:
            target = target[key]
            continue
        break
    target[key] = rng.choice(HOSTILE) if rng.random() < 0.8 else _damaged_number(target[key], rng)
    return f"mutation {index}: {'.'.join(path)} = {str(target[key])[:30]}", base.zipped(record=record)


def _damaged_number(value, rng: random.Random):
    return value * rng.choice([-1, 10**6, 0.5]) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else rng.choice(HOSTILE)


# --- running ----------------------------------------------------------------------------------


def outcome(data: bytes, folder: Path) -> tuple[str, str]:
    """("loaded", name), ("BundleError", message) or (exception type, message) for one file."""
    try:
        entry = unbundle(data, folder=folder, owner=None)
    except BundleError as error:
        return "BundleError", str(error)
    except Exception as error:  # noqa: BLE001 - counting these is the point
        return type(error).__name__, str(error)[:200]
    for path in (entry.weights_path, entry.meta_path):
        path.unlink(missing_ok=True)
    return "loaded", entry.name


def _status_kib(field_name: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field_name + ":"))


def _reset_peak() -> bool:
    """Reset the kernel's peak-memory mark for this process (Linux); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Tally:
    """What the cases gave."""

    cases: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")
    extra_mib: tuple[float, str] = (0.0, "")
    rows: list[tuple[str, str, float, float, str]] = field(default_factory=list)

    def add(self, name: str, kind: str, message: str, ms: float, extra_mib: float) -> None:
        self.cases += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind not in ("loaded", "BundleError"):
            self.examples.setdefault(kind, f"{name}: {message}")
        self.slowest = max(self.slowest, (ms, name))
        self.extra_mib = max(self.extra_mib, (extra_mib, name))
        self.rows.append((name, kind, ms, extra_mib, message))

    @property
    def unexpected(self) -> list[str]:
        return [f"{name}: {kind}: {message}" for name, kind, _, _, message in self.rows
                if kind not in ("loaded", "BundleError")]


LARGEST = {"kind": "conv", "code_size": 128, "filters": [64, 128], "hidden": [512, 256]}


def fuzz(n: int, seed: int, bomb_mib: int = BOMB_MIB, folder: Path | None = None, largest: bool = False) -> Tally:
    """The crafted cases, then ``n`` seeded mutations, each through ``unbundle`` into a scratch folder
    (``largest``: also the largest model the training form makes, whole and with NaN weights)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-bundles-") as tmp:
        scratch = Path(tmp)
        base = base_of(base_entry(scratch / "base"))
        other = base_of(base_entry(scratch / "other", code_size=4))
        folder = folder or scratch / "user"
        outcome(base.zipped(), folder)     # warm: TensorFlow imported, a model built once
        cases = list(crafted_cases(base, other, bomb_mib))
        cases += [mutated_case(base, seed, i) for i in range(n)]
        if largest:
            big = base_of(base_entry(scratch / "largest", **LARGEST))
            cases += [("largest model the form makes (conv, code 128)", big.zipped()),
                      ("largest model the form makes, NaN weights", big.with_weights(
                          copy_weights(big, lambda n, a: np.full_like(a, np.nan))))]
        tally, measured = Tally(), _reset_peak()
        for name, data in cases:
            _reset_peak()
            before = _status_kib("VmRSS")
            start = time.perf_counter()
            kind, message = outcome(data, folder)
            ms = (time.perf_counter() - start) * 1000
            extra = (_status_kib("VmHWM") - before) / 1024 if measured else float("nan")
            tally.add(name, kind, message, ms, extra)
        left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        if left:
            tally.add("files left in the user folder", "Leftovers", ", ".join(left[:5]), 0.0, 0.0)
    return tally


def print_table(tally: Tally, seconds: float, every: bool) -> None:
    """Each crafted case's outcome (``every``: mutations too), then a summary table."""
    print("| case | outcome | ms | extra MiB |\n| --- | --- | ---: | ---: |")
    for name, kind, ms, extra, message in tally.rows:
        if every or not name.startswith("mutation"):
            print(f"| {name[:70]} | {kind}: {message[:90]} | {ms:,.0f} | {extra:,.0f} |")
    other = {k: c for k, c in tally.kinds.items() if k not in ("loaded", "BundleError")}
    print("\n| measure | value |\n| --- | --- |")
    for label, value in [("cases", f"{tally.cases:,}"), ("BundleError", f"{tally.kinds.get('BundleError', 0):,}"),
                         ("loaded", f"{tally.kinds.get('loaded', 0):,}"),
                         ("other exceptions", f"{sum(other.values()):,} {', '.join(sorted(other))}".strip()),
                         ("slowest case", f"{tally.slowest[0]:,.0f} ms ({tally.slowest[1]})"),
                         ("most extra memory (peak RSS above RSS before)",
                          f"{tally.extra_mib[0]:,.0f} MiB ({tally.extra_mib[1]})"),
                         ("wall time", f"{seconds:,.0f} s")]:
        print(f"| {label} | {value} |")
    for kind in sorted(other):
        print(f"\n{kind} x{other[kind]}, e.g. {tally.examples[kind]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300, help="seeded mutations after the crafted cases")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bomb-mib", type=int, default=BOMB_MIB, help="what the zip bombs inflate to")
    parser.add_argument("--every", action="store_true", help="print a row for every mutation too")
    parser.add_argument("--no-largest", action="store_true", help="leave out the largest model the form makes")
    args = parser.parse_args()
    start = time.perf_counter()
    tally = fuzz(args.cases, args.seed, args.bomb_mib, largest=not args.no_largest)
    print_table(tally, time.perf_counter() - start, args.every)
    raise SystemExit(1 if tally.unexpected else 0)


if __name__ == "__main__":
    main()
