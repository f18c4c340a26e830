"""The default runner: each run trains in a worker process of its own on this machine (spawned, so a
crash or an out-of-memory in training ends that process, never the web server).

Starting a process and importing TensorFlow takes seconds on a small machine, so the runner keeps
a spare worker ready (TensorFlow imported, waiting for its run) for each free slot, and one more
while runs wait: a run that starts shows its first picture about as soon as its data is read.
Workers train at a lower priority than the web server, which stays responsive while they train.
"""
from __future__ import annotations

import multiprocessing
import os
import queue as stdlib_queue
import signal
from multiprocessing import spawn

from .queue import Handle, Runner
from .spec import JobSpec
from .state import STARTING, Job
from .worker import report_failure, run_job


class QueueLink:
    """A worker's link to its runner: two multiprocessing queues."""

    def __init__(self, events, commands):
        self._events, self._commands = events, commands

    def send(self, event: tuple) -> None:
        self._events.put(event)

    def commands(self) -> list[str]:
        out = []
        while True:
            try:
                out.append(self._commands.get_nowait())
            except (stdlib_queue.Empty, OSError, ValueError):
                return out


WORKER_NICENESS = 10       # below the web server: page views first, training with what is left


def worker_main(specs, events, commands, threads: int | None) -> None:
    """A worker process's whole life: get ready, wait for one run, train it, send its result or failure."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C on the server's terminal is the server's
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    if threads:
        os.environ.setdefault("AE_THREADS", str(threads))
    from .. import runtime
    runtime.configure()
    import keras  # noqa: F401  (the slow part of starting, done before a run is waiting)
    spec = specs.get()
    if spec is None:
        return
    link = QueueLink(events, commands)
    link.send(("state", STARTING))
    try:
        data, seconds = run_job(spec, link, threads)
        link.send(("done", data, seconds))
    except BaseException as error:
        report_failure(link, error)
    finally:
        events.close()
        events.join_thread()       # everything sent reaches the runner before the process ends


def exit_message(code: int | None) -> str:
    """Why a worker process ended without a result, in words."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"The training process was killed by {name}{hint}. The server is fine: try again, maybe smaller."
    return f"The training process ended without a result (exit code {code}). The server is fine: try again."


WORKER_NAME = "ae-train-worker"
_prepare = spawn.get_preparation_data


def _prepared_without_main(name: str) -> dict:
    """What a spawned child is told before it runs, less the parent's main script for our workers:
    under Streamlit ``__main__`` is the app's script, which a child would otherwise run again (and
    every script run sets it anew, from any session's thread, so it cannot be swapped out safely)."""
    data = _prepare(name)
    if name == WORKER_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


spawn.get_preparation_data = _prepared_without_main


class ProcessHandle:
    """One worker process, started before its run is known, and its queues."""

    def __init__(self, ctx, threads: int | None):
        self._specs, self._events, self._commands = ctx.Queue(), ctx.Queue(), ctx.Queue()
        self._buffer: list[tuple] = []
        self.process = ctx.Process(target=worker_main, args=(self._specs, self._events, self._commands, threads),
                                   name=WORKER_NAME, daemon=True)
        self.process.start()

    def assign(self, spec: JobSpec) -> ProcessHandle:
        """Give the waiting worker its run."""
        self._specs.put(spec)
        return self

    def send(self, command: str) -> None:
        self._commands.put(command)

    def _read(self) -> None:
        while True:
            try:
                self._buffer.append(self._events.get_nowait())
            except (stdlib_queue.Empty, OSError, ValueError):
                return

    def events(self) -> list[tuple]:
        self._read()
        out, self._buffer = self._buffer, []
        return out

    def ended(self) -> str | None:
        if self.process.is_alive():
            return None
        self._read()
        if self._buffer:          # the last events first: the next round reads them
            return None
        self.process.join(timeout=1)
        return exit_message(self.process.exitcode)

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class LocalRunner(Runner):
    """Runs train in worker processes here: ``settings.slots`` at once, the rest queued."""

    backend = "local"

    def __init__(self, settings=None, spares: bool = True):
        self._ctx = multiprocessing.get_context("spawn")
        self._spares: list[ProcessHandle] = []
        self._keep_spares = spares
        super().__init__(settings)

    def launch(self, job: Job) -> Handle:
        while self._spares:
            spare = self._spares.pop(0)
            if spare.process.is_alive():
                return spare.assign(job.spec)
        return ProcessHandle(self._ctx, self.settings.threads()).assign(job.spec)

    def upkeep(self, running: int, queued: int) -> None:
        """Keep a spare worker ready for each free slot, and one more while runs wait."""
        self._spares = [s for s in self._spares if s.process.is_alive()]
        wanted = max(self.settings.slots - running, 0) + (1 if queued else 0) if self._keep_spares else 0
        while len(self._spares) < min(wanted, self.settings.slots):
            self._spares.append(ProcessHandle(self._ctx, self.settings.threads()))

    def shutdown(self) -> None:
        for spare in self._spares:
            spare.cancel()
        self._spares = []
