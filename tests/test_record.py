"""A model's record is checked field by field when it is read: a wrong type is named, never met later."""
from __future__ import annotations

import json

import pytest
from conftest import save_untrained

from ae_models.errors import CorruptModelError
from ae_models.record import ModelRecord, RecordError
from ae_models.store import list_models, problems

GOOD = {"kind": "dense", "dataset": "mnist", "code_size": 4, "config": {"code_size": 4},
        "training": {"epochs": 1, "epochs_run": 1, "seconds": 1.5, "train_images": 100},
        "metrics": {"bce": 0.2}, "created": "2026-12-06T10:00:00"}


def test_a_good_record_parses():
    record = ModelRecord.from_json(GOOD)
    assert record.training.seconds == 1.5 and record.metrics.bce == 0.2


@pytest.mark.parametrize("change, named", [
    ({"created": 5}, "created must be text"),
    ({"created": "soon"}, "created must be a date"),
    ({"training": {"seconds": "soon"}}, "training.seconds must be a number"),
    ({"training": {"train_images": "many"}}, "training.train_images must be a whole number"),
    ({"training": {"epochs": -3}}, "training.epochs must be between"),
    ({"training": {"stopped_by_user": "no"}}, "stopped_by_user must be true or false"),
    ({"training": {"history": {"loss": "down"}}}, "history"),
    ({"metrics": {"bce": "low"}}, "metric bce must be a number"),
    ({"metrics": {"psnr": float("inf")}}, "finite"),
    ({"kind": ["dense"]}, "its kind list"),
    ({"code_size": "4"}, "code_size must be a whole number"),
    ({"code_size": 2**80}, "code_size must be between"),
    ({"params": 1.5}, "params must be a whole number"),
    ({"sha256": "nothex"}, "64 hexadecimal"),
    ({"likeness": {"measure": "ssim", "count": 2, "errors_float16": "AAAA"}}, "match their count"),
])
def test_a_field_of_the_wrong_type_or_range_is_a_record_error_naming_it(change, named):
    with pytest.raises(RecordError, match=named):
        ModelRecord.from_json({**GOOD, **change})


def test_a_saved_model_with_a_mistyped_record_is_listed_as_a_problem_not_a_model(tmp_path, monkeypatch):
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path / "weights"))
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    save_untrained(tmp_path / "weights", "dense", "mnist", 4)
    meta = tmp_path / "weights" / "dense-mnist-4.json"
    record = json.loads(meta.read_text())
    meta.write_text(json.dumps({**record, "created": 5, "training": {**record["training"], "seconds": "soon"}}))
    from ae_models.store import forget_catalogue
    forget_catalogue()
    assert not list_models("dense")
    assert "not a model record: training.seconds must be a number" in problems("dense")[0].reason
    with pytest.raises(CorruptModelError):
        from ae_models import load_pretrained
        load_pretrained("dense", "mnist", 4)
