"""A class trains at once: ten browsers press Train together on one server, while an eleventh browses.

    AE_DATA_DIR=<folder with mnist.npz> python -m benchmarks.bench_class [--browsers 10] [--epochs 2]
        [--images 5000] [--runners local ray] [--students-nice 19]

For each runner (local worker processes; Ray, a local cluster the server starts), one
``streamlit run app.py`` on the loopback with ``AE_TRAIN_RUNNER`` set. Ten browser contexts
open the Simple page and press Train at the same moment (Simple, ``--epochs``, ``--images``
training images); each run is followed to its end: refused (the page said no), failed (an
error or exception box), or finished (its model saved). An eleventh context meanwhile
switches pages (Simple <-> Convolutional, click to drawn) and releases the Convolutional
page's noise slider (key press to the new picture), timed as in ``bench_latency``. The
server's CPU seconds (its own, and its workers') and peak memory (server with every process
under it) are read from /proc. In a class each student's browser runs on the student's own
computer; here the ten share the server's two cores, so they run in a Chromium of their own at a
low priority (``--students-nice``, default 19) and take only what the server and the watcher
leave. Then the same ten runs go through the same runner one after another, without browsers,
for the wall time a class would wait without the queue's overlap.
Goals: no refusals, no errors, all finished, page switch p95 <= 2 s.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.browser import (
    Bouncer,
    chromium,
    descendants,
    enter_range,
    exception_boxes,
    move,
    open_page,
    percentiles,
    streamlit_server,
    wait_drawn,
)

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SLIDER = "conv:noise_level"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


# ---- /proc: a process tree's CPU and memory ------------------------------------------------
def _stat(pid: int) -> tuple[float, float] | None:
    """(CPU seconds, resident MiB) of one process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE_SIZE_MB


def tree(root: int) -> dict[int, tuple[float, float]]:
    """Every live process under ``root`` (itself included): pid -> (CPU seconds, resident MiB)."""
    return {pid: stat for pid in descendants(root) if (stat := _stat(pid))}


@dataclass
class Meter:
    """Samples a server's process tree twice a second: its CPU seconds and the peak of its memory."""

    root: int
    cpu: dict[int, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Meter:
        self.base = dict(self.cpu_now())
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def cpu_now(self) -> dict[int, float]:
        return {pid: cpu for pid, (cpu, _) in tree(self.root).items()}

    def _run(self) -> None:
        while not self._stop.is_set():
            now = tree(self.root)
            for pid, (cpu, _) in now.items():
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
            self.peak_mb = max(self.peak_mb, sum(mb for _, mb in now.values()))
            time.sleep(0.5)

    def __exit__(self, *exc) -> None:
        self._stop.set()

    def seconds(self) -> tuple[float, float]:
        """CPU seconds spent since entry: (the server process, the processes under it)."""
        spent = {pid: cpu - self.base.get(pid, 0.0) for pid, cpu in self.cpu.items()}
        return spent.get(self.root, 0.0), sum(v for pid, v in spent.items() if pid != self.root)


# ---- the students ----------------------------------------------------------------------------
async def ready_to_train(browser, url: str, epochs: int):
    """A student's page: Simple, the training form open, ``epochs`` set (the images default to 5,000)."""
    page = await open_page(browser, f"{url}/simple", server_path=False)
    await page.get_by_text("Train a Simple model").click()
    field_ = page.get_by_label("Epochs")
    await field_.fill(str(epochs))
    await field_.press("Tab")
    return page


async def set_images(page, images: int) -> None:
    """Move the 'Training images' slider to ``images``."""
    thumb = page.locator(".st-key-train-dense-subset").get_by_role("slider")
    await thumb.focus()
    await page.keyboard.press("Home")
    for _ in range(10):
        now = await thumb.get_attribute("aria-valuetext") or ""
        if now.replace(",", "").split(" ")[0] == str(images):
            return
        await page.keyboard.press("ArrowRight")
    raise RuntimeError(f"The Training images slider offers no {images}.")


async def train(page, timeout_s: float) -> str:
    """Press Train and follow the run to its end: 'finished', 'refused' or 'error'."""
    await page.get_by_role("button", name="Train").click()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = await page.locator("[data-testid='stMain']").inner_text()
        if "saved as your model" in text:
            return "finished"
        if "already have a run" in text or "one run at a time" in text:
            return "refused"
        if "Training failed" in text or "cancelled" in text or await exception_boxes(page):
            return "error"
        await asyncio.sleep(1.0)
    return "error"


async def observer(page, url: str, until: asyncio.Event) -> tuple[list[float], list[float]]:
    """The eleventh browser: page switches and slider releases (ms) until ``until`` is set."""
    switches, releases = [], []
    bouncer = Bouncer(0.1, 0.6)
    while not until.is_set():
        for name, path in (("Convolutional", "convolutional"), ("Simple", "simple")):
            t = time.perf_counter()
            await page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name, exact=True).click()
            await page.wait_for_url(re.compile(rf"/{path}(\?|$)"))     # the address carries the page's state
            await page.wait_for_timeout(100)
            await page.wait_for_selector(IDLE)
            await wait_drawn(page, 1)
            switches.append((time.perf_counter() - t) * 1000)
            if path == "convolutional":
                await enter_range(page, SLIDER, bouncer)
                for _ in range(3):
                    releases.append(await move(page, SLIDER, bouncer))
    return switches, releases


async def class_at_once(url: str, n: int, epochs: int, images: int, timeout_s: float, students_nice: int):
    """The class: ``n`` students' pages (in one Chromium at ``students_nice``) press Train together while
    a watcher (in a Chromium of its own, at normal priority) browses; (outcomes, wall s, switches, releases)."""
    async with chromium(nice=students_nice) as browser, chromium() as own_browser:
        students = [await ready_to_train(browser, url, epochs) for _ in range(n)]
        for page in students:
            await set_images(page, images)
        watcher = await open_page(own_browser, f"{url}/simple")
        done = asyncio.Event()
        watching = asyncio.create_task(observer(watcher, url, done))
        t = time.perf_counter()
        outcomes = await asyncio.gather(*(train(p, timeout_s) for p in students))
        wall = time.perf_counter() - t
        done.set()
        switches, releases = await watching
    return outcomes, wall, switches, releases


def one_after_another(runner_name: str, n: int, epochs: int, images: int) -> float:
    """The same runs through the same runner, each submitted when the last has finished; wall seconds."""
    from ae_models.jobs import JobSpec, RunnerSettings, make_runner
    from ae_models.store import user_dir
    from ae_models.training import TrainSettings
    settings = RunnerSettings.from_env()
    runner = make_runner(RunnerSettings(settings.slots, backend=runner_name))
    try:
        t = time.perf_counter()
        for i in range(n):
            job = runner.submit(JobSpec("dense", "mnist", 32, TrainSettings(epochs=epochs, subset=images),
                                        visitor=f"student-{i}", data_dir=os.environ.get("AE_DATA_DIR"),
                                        catalogue=str(user_dir())))
            runner.wait(job, timeout=1800)
            if job.state != "done":
                raise RuntimeError(f"run {i} ended {job.state}: {job.error}")
        return time.perf_counter() - t
    finally:
        runner.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browsers", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--runners", nargs="+", default=["local", "ray"], choices=["local", "ray"])
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a run may take to finish")
    parser.add_argument("--students-nice", type=int, default=19,
                        help="the students' browser's priority: in a class each runs on its own computer, so "
                             "here they get the cores only when the server and the watcher leave them (0: equal)")
    args = parser.parse_args()
    if not os.environ.get("AE_DATA_DIR"):
        raise SystemExit("Set AE_DATA_DIR to a folder with mnist.npz: the runs train on real MNIST.")
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"      # a Ray cluster the server starts stays on 127.0.0.1
    print(f"\n{args.browsers} browsers press Train at once (Simple, {args.epochs} epochs, {args.images:,} images), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; the students' browser "
          f"at nice {args.students_nice}, the server at nice {os.nice(0)}\n")
    print("| runner | refused | errors | finished | wall s, at once | wall s, one after another | server CPU s "
          "(own / workers) | peak memory MiB | page switch ms, median / p95 | slider release ms, median / p95 |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    worst = 0.0
    for name in args.runners:
        os.environ["AE_TRAIN_RUNNER"] = name
        with streamlit_server() as server:
            with Meter(server.proc.pid) as meter:
                outcomes, wall, switches, releases = asyncio.run(
                    class_at_once(server.url, args.browsers, args.epochs, args.images, args.timeout,
                                  args.students_nice))
            own, workers = meter.seconds()
        with tempfile.TemporaryDirectory(prefix="ae-bench-sequential-") as folder:
            os.environ["AE_USER_DIR"] = folder
            sequential = one_after_another(name, args.browsers, args.epochs, args.images)
        sw, rel = percentiles(switches), percentiles(releases)
        worst = max(worst, sw[1])
        print(f"| {name} | {outcomes.count('refused')} | {outcomes.count('error')} | "
              f"{outcomes.count('finished')} of {len(outcomes)} | {wall:.0f} | {sequential:.0f} | {own:.0f} / "
              f"{workers:.0f} | {meter.peak_mb:.0f} | {sw[0]:.0f} / {sw[1]:.0f} ({len(switches)}) | "
              f"{rel[0]:.0f} / {rel[1]:.0f} ({len(releases)}) |", flush=True)
    print(f"\nGoals: 0 refused, 0 errors, all finished, page switch p95 <= 2000 ms (worst: {worst:.0f} ms); "
          f"load average {os.getloadavg()[0]:.1f} at the end.")


if __name__ == "__main__":
    main()
