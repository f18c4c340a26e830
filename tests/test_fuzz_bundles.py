"""unbundle on the crafted model files and seeded mutations of benchmarks/fuzz_bundles."""
from __future__ import annotations

from benchmarks.fuzz_bundles import fuzz


def test_every_crafted_or_damaged_model_file_loads_or_is_a_bundle_error_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user"))
    tally = fuzz(n=60, seed=1, bomb_mib=64)
    assert not tally.unexpected, "\n".join(tally.unexpected)
    assert tally.kinds["BundleError"] >= 80 and tally.kinds["loaded"] >= 2
    by_name = {name: kind for name, kind, *_ in tally.rows}
    assert by_name["valid file"] == "loaded"
    assert by_name["zip bomb: a member declaring 1,000 bytes inflates to 64 MiB"] == "BundleError"
