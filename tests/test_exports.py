"""Where a model's ONNX exports are served (ui/exports.py): a visitor's out of sight, and gone with the model."""
from __future__ import annotations

from conftest import save_untrained

from ae_models.store import list_models, prune, user_dir
from ui import exports
from ui.live import models as live_decoder


def test_a_user_models_exports_sit_in_an_unguessable_folder_of_its_owner_and_go_with_it(app_env, monkeypatch,
                                                                                        tiny_weights_dir):
    monkeypatch.setattr(live_decoder, "ONNX_DIR", app_env / "onnx")
    alice, bob = "a" * 32, "b" * 32
    for owner in (alice, bob):
        save_untrained(user_dir(owner), "dense", "mnist", 4)
    mine = list_models("dense", source="user", owner=alice)[0]
    theirs = list_models("dense", source="user", owner=bob)[0]
    shipped = list_models("dense", source="shipped")[0]
    assert exports.subfolder(shipped.weights_path) == ""
    folder = exports.subfolder(mine.weights_path)
    assert folder.startswith("u-") and len(folder) == 34 and alice not in folder
    assert folder != exports.subfolder(theirs.weights_path)

    export = live_decoder.ONNX_DIR / folder / f"{mine.record.sha256[:16]}-dense-decoder-v1.onnx"
    export.parent.mkdir(parents=True)
    export.write_bytes(b"onnx")
    monkeypatch.setenv("AE_VISITOR_MODELS", "1")
    save_untrained(user_dir(alice), "dense", "mnist", 8)
    removed = prune(alice, keep="dense-mnist-8")
    exports.forget(removed)
    assert [e.name for e in removed] == ["dense-mnist-4"] and not export.exists()
