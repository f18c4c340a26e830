"""The weights catalogue: listing, finding, and clear errors for missing or damaged files."""
from __future__ import annotations

import pytest

from ae_models import load_pretrained
from ae_models.errors import CorruptModelError, ModelNotFoundError
from ae_models.store import code_sizes, list_models
from conftest import save_untrained


@pytest.fixture()
def shipped(tmp_path, monkeypatch):
    folder = tmp_path / "weights"
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(folder))
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    for code in (4, 16):
        save_untrained(folder, "dense", "mnist", code)
    return folder


def test_catalogue_lists_shipped_models_and_their_code_sizes(shipped):
    assert [e.name for e in list_models("dense")] == ["dense-mnist-4", "dense-mnist-16"]
    assert code_sizes("dense", "mnist") == [4, 16]


def test_missing_code_size_is_a_lookup_error_naming_what_is_available(shipped):
    with pytest.raises(LookupError, match="code sizes 4, 16"):
        load_pretrained("dense", "mnist", 8)


def test_missing_kind_error_says_how_to_train_one(shipped):
    with pytest.raises(ModelNotFoundError, match="python -m ae_models train conv"):
        load_pretrained("conv", "mnist", 32)


def test_truncated_weights_file_gives_a_clear_corrupt_model_error(shipped):
    path = shipped / "dense-mnist-4.weights.h5"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(CorruptModelError, match="damaged"):
        load_pretrained("dense", "mnist", 4)


def test_garbage_weights_without_checksum_still_give_a_clear_error(shipped):
    import json
    meta = json.loads((shipped / "dense-mnist-4.json").read_text())
    meta.pop("sha256")
    (shipped / "dense-mnist-4.json").write_text(json.dumps(meta))
    (shipped / "dense-mnist-4.weights.h5").write_bytes(b"garbage" * 100)
    with pytest.raises(CorruptModelError, match="could not be loaded"):
        load_pretrained("dense", "mnist", 4)


def test_weights_of_another_architecture_give_a_clear_error(shipped):
    import json
    meta = json.loads((shipped / "dense-mnist-16.json").read_text())
    meta.pop("sha256")
    meta["kind"], meta["config"] = "conv", {"code_size": 16, "filters": [32, 64]}
    (shipped / "dense-mnist-16.json").write_text(json.dumps(meta))
    with pytest.raises(CorruptModelError, match="could not be loaded as a conv model"):
        load_pretrained("conv", "mnist", 16)


def test_missing_weights_file_is_named(shipped):
    (shipped / "dense-mnist-16.weights.h5").unlink()
    with pytest.raises(CorruptModelError, match="missing"):
        load_pretrained("dense", "mnist", 16)


def test_unreadable_metadata_is_skipped_not_fatal(shipped):
    (shipped / "notes.json").write_text("{ this is not json")
    assert len(list_models()) == 2


def test_catalogue_sees_a_model_written_changed_or_removed_after_it_was_read(shipped, monkeypatch):
    import time
    from ae_models import store
    monkeypatch.setattr(store, "RESCAN_S", 0.05)
    assert code_sizes("dense", "mnist") == [4, 16]          # read once, now remembered
    save_untrained(shipped, "dense", "mnist", 8)
    assert code_sizes("dense", "mnist") == [4, 8, 16]       # saved here: listed at once
    meta = shipped / "dense-mnist-8.json"
    meta.write_text(meta.read_text().replace('"code_size": 8', '"code_size": 64'))
    time.sleep(0.06)                                          # changed by someone else: seen after a rescan
    assert code_sizes("dense", "mnist") == [4, 16, 64]
    meta.unlink()
    time.sleep(0.06)
    assert code_sizes("dense", "mnist") == [4, 16]


def test_catalogue_looks_at_the_folder_at_most_once_per_rescan_interval(shipped, monkeypatch):
    from ae_models import store
    monkeypatch.setattr(store, "RESCAN_S", 60.0)
    scans = []
    real = store._fingerprint
    monkeypatch.setattr(store, "_fingerprint", lambda folder: scans.append(folder) or real(folder))
    store.forget_catalogue()
    for _ in range(20):
        code_sizes("dense", "mnist")
    assert len(scans) == len(store.SOURCES)                  # each folder once, not 20 times
