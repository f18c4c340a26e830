"""The live component's sums (ui/live_component/src/maths.js) against the library's: numpy writes the
fixtures, ``node --test`` checks the JavaScript against them (skipped without Node, except under CI)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ae_models import metrics
from ae_models.images import NOISE_KINDS, add_noise, noise_fields
from ae_models.latent import along, principal_axes
from ui.live import AxesView, LiveModel
from ui.live.views import _packed

COMPONENT = Path(__file__).resolve().parents[1] / "ui" / "live_component"
SEED = 4


def fixtures() -> dict:
    """What numpy computes for the cases the Node tests replay."""
    rng = np.random.default_rng(0)
    clean = rng.random((28, 28)).astype(np.float32)
    g, u = noise_fields(clean.shape, SEED)
    cases = [{"kind": kind, "level": level, "expected": add_noise(clean, kind, level, SEED).ravel().tolist()}
             for kind in NOISE_KINDS for level in (0.1, 0.35, 0.8)]
    a, b = rng.standard_normal(8), rng.standard_normal(8)
    spherical = [{"a": x.tolist(), "b": y.tolist(), "t": t,
                  "expected": along(x, y, np.array([t]), "spherical")[0].tolist()}
                 for x, y in ((a, b), (a, -a), (np.zeros(8), b), (a, 2 * a)) for t in (0.0, 0.3, 0.5, 1.0)]
    codes = rng.standard_normal(4).astype(np.float32)
    axes_view = AxesView(key="x", decoder=LiveModel("m", ("code",), "out", 4, (4,)), base=codes,
                         axes=principal_axes(rng.standard_normal((200, 4)), 3), labels=("a", "b", "c"))
    settings = axes_view.settings()
    moves = [rng.uniform(-3, 3, 3) for _ in range(4)]
    targets = [rng.random(784), np.round(rng.random(784))]
    outputs = [rng.random(784), np.clip(rng.random(784) * 1.2 - 0.1, 0, 1)]
    return {
        "noise": {"clean": _packed(clean, "<f4"), "g": _packed(g, "<f8"), "u": _packed(u, "<f8"),
                  "cleanValues": clean.ravel().tolist(), "gFirst": g.ravel()[:10].tolist(), "cases": cases},
        "paths": {"a": a.tolist(), "b": b.tolist(), "spherical": spherical,
                  "linear": [{"t": t, "expected": along(a, b, np.array([t]))[0].tolist()} for t in (0.0, 0.25, 0.9)]},
        "axes": {"view": settings, "moves": [{"positions": p.tolist(),
                                              "expected": axes_view.axes.move(codes, p).tolist()} for p in moves]},
        "bce": [{"target": t.tolist(), "output": o.tolist(),
                 "expected": float(metrics.bce(t.reshape(28, 28), o.reshape(28, 28))[0])}
                for t in targets for o in outputs],
    }


def node() -> str:
    """The node binary; skip without one, except under CI (where .ci/run installs it)."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Node is missing: .ci/run should have installed it")
        pytest.skip("Node is not installed")
    return found


def test_the_components_sums_match_numpys_under_node(tmp_path):
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(fixtures()))
    run = subprocess.run([node(), "--test", str(COMPONENT / "test")], cwd=COMPONENT, capture_output=True, text=True,
                         env={**os.environ, "LIVE_FIXTURES": str(path)}, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# pass 7" in run.stdout and "# fail 0" in run.stdout, run.stdout[-2000:]


def test_the_committed_bundle_is_what_the_modules_build_to():
    if not (COMPONENT / "node_modules" / "esbuild").is_dir():
        pytest.skip("the build tools are not installed (npm --prefix ui/live_component ci)")
    run = subprocess.run([node(), "build.mjs", "--check"], cwd=COMPONENT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_modules_pass_their_type_checks():
    if not (COMPONENT / "node_modules" / "typescript").is_dir():
        pytest.skip("the build tools are not installed (npm --prefix ui/live_component ci)")
    tsc = COMPONENT / "node_modules" / "typescript" / "bin" / "tsc"
    run = subprocess.run([node(), str(tsc), "-p", "jsconfig.json"], cwd=COMPONENT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
