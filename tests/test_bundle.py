"""A model taken home as one file and brought back: the round trip, and every other file refused."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
from conftest import save_untrained

from ae_models.bundle import BundleError, bundle, unbundle
from ae_models.store import list_models, load


@pytest.fixture()
def saved(tmp_path, monkeypatch):
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path / "shipped"))
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    save_untrained(tmp_path / "shipped", "conv", "mnist", 4)
    return list_models("conv")[0]


def test_a_bundle_loads_back_as_a_user_model_that_draws_the_same(saved):
    entry = unbundle(bundle(saved))
    assert entry.source == "user" and entry.kind == "conv" and entry.code_size == 4
    x = np.random.default_rng(0).random((3, 28, 28))
    assert np.array_equal(load(entry).reconstruct(x), load(saved).reconstruct(x))
    assert [e.name for e in list_models("conv", source="user")] == [entry.name]


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def members_of(saved) -> dict[str, bytes]:
    return {saved.name + ".weights.h5": saved.weights_path.read_bytes(), saved.name + ".json": saved.meta_path.read_bytes()}


def test_files_that_are_not_bundles_are_refused_in_plain_words(saved):
    good = members_of(saved)
    record = json.loads(good[saved.name + ".json"])
    cases = {
        "not a model file": b"PNG\x89 not a zip",
        "one .weights.h5 and one .json": zipped({"a.txt": b"hello"}),
        "record cannot be read": zipped({**good, saved.name + ".json": b"{ nope"}),
        "do not match its record": zipped({**good, saved.name + ".weights.h5": b"other bytes"}),
        "names no checksum": zipped({**good, saved.name + ".json": json.dumps({**record, "sha256": None}).encode()}),
    }
    for message, data in cases.items():
        with pytest.raises(BundleError, match=message):
            unbundle(data)
    assert not list_models(source="user")


def test_a_bundle_whose_weights_do_not_fit_its_kind_is_refused_and_leaves_nothing(saved, tmp_path):
    save_untrained(tmp_path / "shipped", "dense", "mnist", 4)
    dense = list_models("dense")[0]
    record = json.loads(saved.meta_path.read_text())
    record["sha256"] = json.loads(dense.meta_path.read_text())["sha256"]
    data = zipped({"m.weights.h5": dense.weights_path.read_bytes(), "m.json": json.dumps(record).encode()})
    with pytest.raises(BundleError, match="weights are not a conv model with code size 4"):
        unbundle(data)
    assert not list((tmp_path / "user").glob("*.json"))


# ---- hostile files: each is refused before anything is built or written (benchmarks/fuzz_bundles) ----

from benchmarks.fuzz_bundles import base_of, copy_weights, deflated_zeros, h5_file, raw_zip, zip_of  # noqa: E402


def refused(data: bytes, match: str, tmp_path) -> None:
    with pytest.raises(BundleError, match=match):
        unbundle(data)
    assert not [p for p in (tmp_path / "user").rglob("*") if p.is_file()], "a refused file left something behind"


def test_a_weights_file_declaring_a_huge_array_is_refused_from_its_metadata(saved, tmp_path):
    base = base_of(saved)
    huge = h5_file(lambda f: f.create_dataset("layers/x/vars/0", shape=(2**28,), dtype="f4", chunks=(2**16,)))
    assert len(huge) < 100_000
    refused(base.with_weights(huge), "declares 268435456 values, more than any model", tmp_path)


def test_settings_past_the_training_form_are_refused_before_a_model_is_built(saved, tmp_path):
    base = base_of(saved)
    for kind, options in [("deep", {"hidden": [400000]}), ("conv", {"filters": [2048, 2048]}),
                          ("sparse", {"hidden": [4096]}), ("vae", {"beta": 50.0})]:
        record = {**base.record, "kind": kind, "config": {"code_size": 4, **options}}
        refused(base.zipped(record=record), "settings cannot be used", tmp_path)


def test_a_zip_member_is_read_in_bounded_chunks_whatever_its_header_declares(saved, tmp_path):
    base = base_of(saved)
    raw = json.dumps(base.record).encode()
    record = (saved.name + ".json", raw, 0, 0, len(raw), __import__("zlib").crc32(raw))
    bomb = deflated_zeros(64)
    refused(raw_zip([record, (saved.name + ".weights.h5", bomb, 8, 0, 1000, 0)]), "not a model file", tmp_path)
    refused(raw_zip([record, (saved.name + ".weights.h5", bomb, 8, 0, 64 * 2**20, 0)]), "more than 32 MB", tmp_path)


def test_encrypted_unknown_method_bad_zlib_and_lzma_members_are_bundle_errors(saved, tmp_path):
    base = base_of(saved)
    raw = json.dumps(base.record).encode()
    crc, w = __import__("zlib").crc32(raw), (saved.name + ".weights.h5", base.weights, 0, 0, len(base.weights),
                                             __import__("zlib").crc32(base.weights))
    refused(raw_zip([(saved.name + ".json", raw, 0, 1, len(raw), crc), w]), "encrypted", tmp_path)
    refused(raw_zip([(saved.name + ".json", raw, 99, 0, len(raw), crc), w]), "zip method 99", tmp_path)
    refused(raw_zip([(saved.name + ".json", b"\xff" * 50, 8, 0, len(raw), crc), w]), "not a model file", tmp_path)
    refused(zip_of({saved.name + ".json": raw, saved.name + ".weights.h5": base.weights}, zipfile.ZIP_LZMA),
            "zip method 14", tmp_path)


def test_records_with_huge_numbers_infinity_or_deep_nesting_are_bundle_errors(saved, tmp_path):
    base = base_of(saved)
    raw = json.dumps(base.record).encode()
    refused(base.zipped(record=raw.replace(b'"seed": 0', b'"seed": ' + b"7" * 5000)), "more than 24 digits", tmp_path)
    refused(base.zipped(record=raw.replace(b'"bce": 0.5', b'"bce": 1e999')), "finite number", tmp_path)
    refused(base.zipped(record=raw[:-1] + b', "versions": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
            "nests more than", tmp_path)


def test_not_a_number_weights_and_a_code_size_the_weights_disagree_with_are_refused(saved, tmp_path):
    base = base_of(saved)
    nan = copy_weights(base, lambda name, a: np.full_like(a, np.nan))
    refused(base.with_weights(nan), "not-a-number", tmp_path)
    refused(base.zipped(record={**base.record, "code_size": 8, "config": {**base.record["config"], "code_size": 8}}),
            "not a conv model with code size 8", tmp_path)
    refused(base.zipped(record={**base.record, "code_size": 8}), "disagrees with itself", tmp_path)


def test_refusals_are_plain_text_with_no_markdown(saved, tmp_path):
    base = base_of(saved)
    with pytest.raises(BundleError) as caught:
        unbundle(base.zipped(record={**base.record, "created": "![x](http://example.com/x.png)"}))
    assert "`" not in str(caught.value) and "](" not in str(caught.value)


def test_the_same_file_loaded_twice_by_one_owner_is_one_model(saved):
    owner = "a" * 32
    first, again = unbundle(bundle(saved), owner=owner), unbundle(bundle(saved), owner=owner)
    assert again.meta_path == first.meta_path
    assert [e.name for e in list_models(source="user", owner=owner)] == [first.name]
    assert unbundle(bundle(saved), owner="b" * 32).meta_path != first.meta_path   # another owner gets their own
