"""The weights catalogue: listing, finding, and clear errors for missing or damaged files."""
from __future__ import annotations

import pytest
from conftest import save_untrained

from ae_models import load_pretrained
from ae_models.errors import CorruptModelError, ModelNotFoundError
from ae_models.store import code_sizes, list_models


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


# ---- names, owners, quotas and a full disk ---------------------------------------------------

import errno  # noqa: E402
import threading  # noqa: E402

from ae_models.errors import DiskFullError  # noqa: E402
from ae_models.store import adopt, atomic_write, find, new_name, prune, release_name, remove, user_dir  # noqa: E402


def test_names_are_reserved_at_once_so_saves_in_the_same_second_never_collide(shipped, tmp_path):
    folder, names, start = tmp_path / "user", [], threading.Barrier(10)

    def reserve():
        start.wait()
        names.append(new_name("dense", "mnist", 4, "user", folder))

    threads = [threading.Thread(target=reserve) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(names)) == 10
    for name in names:
        release_name(folder, name)
    assert not list(folder.iterdir())


def test_each_owner_sees_only_their_own_user_models(shipped, tmp_path):
    alice, bob = "a" * 32, "b" * 32
    save_untrained(user_dir(alice), "dense", "mnist", 8)
    assert [e.name for e in list_models("dense", source="user", owner=alice)] == ["dense-mnist-8"]
    assert not list_models("dense", source="user", owner=bob) and not list_models("dense", source="user")
    assert find("dense", "mnist", 8, owner=alice).owner == alice
    with pytest.raises(LookupError):
        find("dense", "mnist", 8, owner=bob)
    with pytest.raises(ValueError):
        user_dir("../../etc")


def test_a_model_an_app_run_saved_in_the_shared_folder_moves_to_its_owner(shipped):
    save_untrained(user_dir(), "dense", "mnist", 8)
    moved = adopt("dense-mnist-8", "c" * 32)
    assert moved.owner == "c" * 32 and moved.weights_path.is_file()
    assert not list_models(source="user") and adopt("dense-mnist-8", "d" * 32) is None


def test_an_owner_over_the_quota_loses_the_oldest_models_first(shipped, monkeypatch):
    import json
    owner = "e" * 32
    for i, code in enumerate((2, 4, 8)):
        save_untrained(user_dir(owner), "dense", "mnist", code)
        meta = user_dir(owner) / f"dense-mnist-{code}.json"
        meta.write_text(json.dumps({**json.loads(meta.read_text()), "created": f"2026-12-0{i + 1}T10:00:00"}))
    monkeypatch.setenv("AE_VISITOR_MODELS", "2")
    removed = prune(owner, keep="dense-mnist-2")
    assert [e.name for e in removed] == ["dense-mnist-4"]
    assert [e.name for e in list_models(source="user", owner=owner)] == ["dense-mnist-2", "dense-mnist-8"]
    remove(list_models(source="user", owner=owner)[0])
    assert [e.name for e in list_models(source="user", owner=owner)] == ["dense-mnist-8"]


def test_a_full_disk_is_said_plainly_and_leaves_no_half_written_file(shipped, tmp_path):
    folder = tmp_path / "full"

    def write_to_a_full_disk(tmp):
        with open("/dev/full", "wb") as full:    # the kernel's always-full device: a real ENOSPC
            full.write(b"x" * 4096)
            full.flush()

    with pytest.raises(DiskFullError, match="The disk is full") as caught:
        atomic_write(folder / "m.weights.h5", write_to_a_full_disk, ".weights.h5")
    assert caught.value.errno == errno.ENOSPC and not list(folder.iterdir())


def test_a_save_without_room_on_the_disk_is_refused_before_h5py_writes(shipped, tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    from ae_models import build
    from ae_models.store import save
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 2**20, 2**20))   # 1 MB free
    ae = build("dense", code_size=4)
    with pytest.raises(DiskFullError, match="Nothing was saved"):
        save(ae, tmp_path / "user", "dense-mnist-4-x")
    assert not list((tmp_path / "user").glob("*"))
