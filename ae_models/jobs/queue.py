"""The queue every runner shares: at most ``slots`` runs at once, the rest first in first out; one
queued-or-running run per visitor; Stop, Pause and steps passed to the worker; runs whose visitor
has gone, or that pass the time limit, ended; finished models landed in the catalogue.

A runner subclass only says how to start a worker (``launch``), which returns a ``Handle``. One
thread per runner moves the queue along and reads the workers' events into their ``Job``.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid
from pathlib import Path
from typing import Protocol

from .spec import JobRefused, JobSpec, RunnerSettings
from .state import CANCELLED, DONE, FAILED, MEASURING, QUEUED, STARTING, Job
from .worker import COMMANDS, ONE_BATCH, ONE_EPOCH, PAUSE, RESUME, STOP

TICK = 0.05                  # seconds between the runner thread's rounds
GRACE = 60.0                 # after Stop at the time limit, how long a run may take to save itself
START_UP_GUESS = 20.0        # seconds to start a worker and measure the model, before any run has finished
SECONDS_PER_IMAGE_GUESS = 1 / 2000    # training seconds per image and epoch, before any run has finished
ALL_IMAGES = 60000           # a run on the whole training set
KEEP_FINISHED = 2000         # finished jobs remembered (their owners' pages read them); older ones forgotten


class Handle(Protocol):
    """A started worker, as the queue sees it."""

    def send(self, command: str) -> None: ...

    def events(self) -> list[tuple]: ...

    def ended(self) -> str | None:
        """None while the worker lives; else why it ended (read once its events are drained)."""

    def cancel(self) -> None:
        """End the worker now; nothing of the run is kept."""


class Runner:
    """Training jobs for many visitors; subclasses implement ``launch``."""

    backend = "base"

    def __init__(self, settings: RunnerSettings | None = None):
        self.settings = settings or RunnerSettings()
        self._lock = threading.RLock()
        self._jobs: dict[str, Job] = {}
        self._queue: list[str] = []
        self._running: dict[str, Handle] = {}
        self._seen: dict[str, float] = {}
        self._overheads: list[float] = []     # per finished run: seconds not spent training
        self._rates: list[float] = []         # per finished run: training seconds per image and epoch
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=f"training-{self.backend}", daemon=True)
        self._thread.start()

    # ---- what subclasses provide ---------------------------------------------------------
    def launch(self, job: Job) -> Handle:
        raise NotImplementedError

    def upkeep(self, running: int, queued: int) -> None:
        """Called every round of the runner's thread (e.g. to keep workers ready)."""

    def shutdown(self) -> None:
        """Release what the subclass holds (called once by ``close``)."""

    # ---- visitors' requests ----------------------------------------------------------------
    def submit(self, spec: JobSpec) -> Job:
        """Queue a run; JobRefused when this visitor already has one queued or running."""
        with self._lock:
            if self._closed:
                raise JobRefused("The server is shutting down: try again in a minute.")
            mine = self.active(spec.visitor)
            if mine is not None:
                raise JobRefused(f"You already have a run {'queued' if mine.state == QUEUED else 'training'} "
                                 f"({mine.spec.describe()}): stop it or wait for it to finish, then try again.")
            job = Job(uuid.uuid4().hex[:12], spec)
            self._jobs[job.id] = job
            self._queue.append(job.id)
            self._seen[spec.visitor] = time.time()
        self._wake.set()
        return job

    def touch(self, visitor: str) -> None:
        """The visitor is still here (a page of theirs refreshed)."""
        self._seen[visitor] = time.time()

    def job(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        """Every job this runner has seen, oldest first."""
        with self._lock:
            return list(self._jobs.values())

    def active(self, visitor: str) -> Job | None:
        """The visitor's queued or running job, if any."""
        return next((j for j in self.jobs() if j.visitor == visitor and j.active), None)

    def latest(self, visitor: str) -> Job | None:
        """The visitor's most recent job, whatever its state."""
        return next((j for j in reversed(self.jobs()) if j.visitor == visitor), None)

    def stop(self, job_id: str) -> None:
        """Stop a run: a queued one leaves the queue; a running one stops after its batch, its model kept."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.done:
                return
            if job.state == QUEUED:
                self._queue.remove(job_id)
                self._end(job, CANCELLED, ended_by="you")
            else:
                job.stop_requested, job.ended_by = True, job.ended_by or "you"
                self._send(job_id, STOP)
        self._wake.set()

    def pause(self, job_id: str) -> None:
        self._control(job_id, PAUSE, paused=True)

    def resume(self, job_id: str) -> None:
        self._control(job_id, RESUME, paused=False)

    def step(self, job_id: str, what: str) -> None:
        """Run one batch (``"batch"``) or one epoch (``"epoch"``) of a paused run, then pause again."""
        if what not in (ONE_BATCH, ONE_EPOCH):
            raise ValueError(f"A step is {ONE_BATCH!r} or {ONE_EPOCH!r}, not {what!r}.")
        self._control(job_id, what, paused=True)

    def _control(self, job_id: str, command: str, paused: bool) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.active:
                job.paused = paused
                if job_id in self._running:
                    self._send(job_id, command)

    def _send(self, job_id: str, command: str) -> None:
        assert command in COMMANDS
        handle = self._running.get(job_id)
        if handle is not None:
            try:
                handle.send(command)
            except Exception:   # a worker that has just died: the loop reports it
                pass

    # ---- the queue's figures -----------------------------------------------------------------
    def place(self, job: Job) -> int | None:
        """1 for the next run to start, 2 after it, ...; None when not queued."""
        with self._lock:
            return self._queue.index(job.id) + 1 if job.id in self._queue else None

    def expected_seconds(self, spec: JobSpec) -> float:
        """How long a run like this should take, from the runs finished so far."""
        rate = statistics.median(self._rates) if self._rates else SECONDS_PER_IMAGE_GUESS
        overhead = statistics.median(self._overheads) if self._overheads else START_UP_GUESS
        images = spec.images or ALL_IMAGES
        return overhead + rate * images * (1 - spec.train.validation_split) * max(spec.train.epochs, 1)

    def estimated_start(self, job: Job) -> float | None:
        """Seconds from now until a queued run should start (None when not queued)."""
        with self._lock:
            if job.id not in self._queue:
                return None
            free = sorted(self._jobs[i].remaining(self.expected_seconds(self._jobs[i].spec)) for i in self._running)
            free = ([0.0] * max(self.settings.slots - len(free), 0) + free)[:max(self.settings.slots, 1)]
            for queued in self._queue:
                start = min(free)
                if queued == job.id:
                    return start
                free[free.index(start)] = start + self.expected_seconds(self._jobs[queued].spec)
        return None

    # ---- the runner's thread --------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._closed:
            self._wake.wait(TICK)
            self._wake.clear()
            try:
                landed = []
                # Workers are asked outside the lock (a cluster's answer can take a while); pages keep reading.
                with self._lock:
                    running = list(self._running.items())
                heard = [(job_id, handle, handle.events(), handle.ended()) for job_id, handle in running]
                with self._lock:
                    self._read_events(heard, landed)
                    self._enforce_limits()
                    self._start_queued()
                    self._forget_old()
                    if not self._closed:
                        self.upkeep(len(self._running), len(self._queue))
                for job, data, seconds in landed:     # outside the lock: loading the model takes a moment
                    self._land(job, data, seconds)
            except Exception as error:   # the loop must outlive any one job's trouble
                print(f"training runner: {type(error).__name__}: {error}", flush=True)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.done]
        for job in finished[:max(len(finished) - KEEP_FINISHED, 0)]:
            del self._jobs[job.id]

    def _start_queued(self) -> None:
        while self._queue and len(self._running) < self.settings.slots:
            job = self._jobs[self._queue.pop(0)]
            job.state, job.started = STARTING, time.time()
            try:
                self._running[job.id] = self.launch(job)
            except Exception as error:
                self._end(job, FAILED, error=f"The training worker could not start: {error}")
                continue
            if job.paused:
                self._send(job.id, PAUSE)

    def _read_events(self, heard: list, landed: list) -> None:
        for job_id, handle, events, why in heard:
            job = self._jobs.get(job_id)
            if job is None or self._running.get(job_id) is not handle:
                continue          # cancelled meanwhile
            for event in events:
                kind = event[0]
                if kind == "snapshot":
                    job.snapshot, job.updates = event[1], job.updates + 1
                    job.first_picture = job.first_picture or time.time()
                elif kind == "state":
                    job.state = event[1]
                elif kind == "note":
                    job.notes.append(event[1])
                elif kind == "done":
                    job.state = MEASURING
                    landed.append((job, event[1], event[2]))
                elif kind == "failed":
                    self._end(job, FAILED, error=event[1])
            if why is not None:
                del self._running[job_id]
                if job.active and not any(j is job for j, _, _ in landed):
                    self._end(job, FAILED, error=why)

    def _enforce_limits(self) -> None:
        now = time.time()
        for job in [self._jobs[i] for i in [*self._queue, *self._running]]:
            gone = now - self._seen.get(job.visitor, now) > self.settings.abandon_after
            if gone:
                self._cancel(job, "you left")
            elif job.started and job.elapsed > self.settings.time_limit:
                if not job.stop_requested:
                    job.stop_requested, job.ended_by = True, "the time limit"
                    self._send(job.id, STOP)
                elif job.elapsed > self.settings.time_limit + GRACE:
                    self._cancel(job, "the time limit")

    def _cancel(self, job: Job, why: str) -> None:
        if job.id in self._queue:
            self._queue.remove(job.id)
        handle = self._running.pop(job.id, None)
        if handle is not None:
            handle.cancel()
        self._end(job, CANCELLED, ended_by=why)

    def _end(self, job: Job, state: str, error: str | None = None, ended_by: str | None = None) -> None:
        job.state, job.finished = state, time.time()
        job.error, job.ended_by = error, ended_by or job.ended_by

    def _land(self, job: Job, data: bytes, seconds: float) -> None:
        """Put a finished run's model into the catalogue, as an uploaded model file would be."""
        from ..bundle import unbundle
        from ..store import OWNER
        owner = job.spec.visitor if OWNER.fullmatch(job.spec.visitor) else None    # a visitor of the app
        try:
            entry = unbundle(data, Path(job.spec.catalogue) if job.spec.catalogue else None, owner=owner)
        except Exception as error:
            self._end(job, FAILED, error=f"The trained model could not be saved: {error}")
            return
        with self._lock:
            job.model_name, job.seconds = entry.name, seconds
            self._end(job, DONE)
            images = entry.record.training.train_images or 1
            epochs = max(entry.record.training.epochs_run, 1)
            self._rates.append(seconds / (images * epochs))
            self._overheads.append(max(job.elapsed - seconds, 0.0))
        self._wake.set()

    def close(self) -> None:
        """Cancel every run and stop the thread."""
        with self._lock:
            for job in [self._jobs[i] for i in [*self._queue, *self._running]]:
                self._cancel(job, "the server stopped")
            self._closed = True
        self._wake.set()
        self._thread.join(timeout=5)
        self.shutdown()

    def wait(self, job: Job, timeout: float = 300.0) -> Job:
        """Block until ``job`` has ended (for scripts and tests); TimeoutError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while job.active:
            if time.monotonic() > deadline:
                raise TimeoutError(f"The run {job.id} ({job.spec.describe()}) did not finish in {timeout:.0f} s.")
            self.touch(job.visitor)
            time.sleep(0.1)
        return job
