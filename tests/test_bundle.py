"""A model taken home as one file and brought back: the round trip, and every other file refused."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from ae_models.bundle import BundleError, bundle, unbundle
from ae_models.store import list_models, load
from conftest import save_untrained


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
