"""benchmarks/sweep.py: variants trained side by side, ranked, their weights kept for the best."""
from __future__ import annotations

import json

import numpy as np

from benchmarks import sweep


def test_variants_train_in_parallel_and_the_best_weights_reload_to_their_figures(use_tiny_data, tmp_path, capsys):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"kind": "conv", "dataset": "mnist", "code_size": 2, "variants": [
        {"name": "narrow", "options": {"hidden": [8]}, "epochs": 2, "batch_size": 32},
        {"name": "dropped", "options": {"hidden": [8], "dropout": 0.2}, "epochs": 2, "batch_size": 32}]}))
    out = tmp_path / "out"
    assert sweep.main([str(spec), "--minutes", "5", "--out", str(out), "--keep", "1"]) == 0

    table = capsys.readouterr().out
    assert "| narrow |" in table and "| dropped |" in table and "error" not in table
    results = {r["name"]: r for r in json.loads((out / "results.json").read_text())}
    assert {r["epochs_run"] for r in results.values()} == {2}
    assert all(0 < r["test_bce"] < 0.7 and len(r["history"]["val_loss"]) == 2 for r in results.values())
    best = min(results.values(), key=lambda r: r["val_bce"])
    assert sorted(p.name for p in out.glob("*.npz")) == [f"{best['name']}.npz"]

    from ae_models import build
    from ae_models.data import load_dataset
    from ae_models.metrics import bce
    ae = build("conv", code_size=2, **best["options"])
    stored = np.load(out / f"{best['name']}.npz")
    ae.parts.trainer.set_weights([stored[f"arr_{i}"] for i in range(len(stored.files))])
    x_test = load_dataset("mnist")[1][0]
    assert abs(float(bce(x_test, ae.reconstruct(x_test)).mean()) - best["test_bce"]) < 1e-4
