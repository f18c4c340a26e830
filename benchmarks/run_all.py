"""All the performance benchmarks from one command, each printing its table.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.run_all [--quick]

Runs, one after the other, each in its own process (a fresh TensorFlow, no state
shared): interaction latency, cold start, inference throughput, training speed,
many users, live drawing in the browser against the server path, the first
upload, reading photos of digits and the likeness score. ``--quick`` makes
every run small (a smoke test, not figures to quote).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from benchmarks.browser import ROOT

# (title, module, full options, quick options)
BENCHMARKS: list[tuple[str, str, list[str], list[str]]] = [
    ("1. Interaction latency", "bench_latency", [], ["--moves", "4"]),
    ("2. Cold start and memory", "bench_cold_start", [], []),
    ("3. Inference throughput", "bench_inference", [], ["--repeats", "5"]),
    ("4. Training speed", "bench_training", [], ["--images", "1000"]),
    ("5. Many users", "bench_many_users", [], ["--users", "1", "4", "--moves", "4"]),
    ("6. Live drawing against the server path", "bench_live", [],
     ["--moves", "5", "--server-moves", "3", "--crowd", "2", "--users", "1", "2", "--crowd-moves", "3"]),
    ("7. The first upload on a fresh server", "bench_first_upload", [], ["--repeats", "1", "--pause", "1"]),
    ("8. Reading photos of digits", "bench_to_mnist", [], ["--n", "50"]),
    ("9. The likeness score", "bench_likeness", [], ["--n", "50"]),
    ("10. A class training at once", "bench_class", [],
     ["--browsers", "2", "--epochs", "1", "--images", "1000", "--runners", "local"]),
]


def main() -> None:
    """Run every benchmark, print its output under a heading; exit non-zero if one failed."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small runs: check that everything works")
    p.add_argument("--only", nargs="+", metavar="MODULE", help="run only these (e.g. bench_latency)")
    args = p.parse_args()
    failed = []
    for title, module, full, quick in BENCHMARKS:
        if args.only and module not in args.only:
            continue
        options = quick if args.quick else full
        print(f"\n## {title}\n\n`python -m {' '.join(['benchmarks.' + module, *options])}`\n", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *options], cwd=ROOT, check=False)
        print(f"\n({time.perf_counter() - start:.0f} s)", flush=True)
        if done.returncode:
            failed.append(module)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
