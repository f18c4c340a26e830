"""The same jobs on a Ray cluster: each run is a Ray task that asks for its CPUs (or a GPU when the
cluster has one) and talks to the server through a small progress actor (events out, commands in);
the task returns the model's bundle, which lands in the server's catalogue like a local run's.

``RunnerSettings.ray_address`` (``RAY_ADDRESS`` / ``AE_RAY_ADDRESS``) names the cluster; without
one the runner starts a local cluster on 127.0.0.1. The library travels to the cluster's workers
with the task (Ray's ``py_modules``), so the cluster needs only the requirements installed. Ray is
an optional extra (``requirements-ray.txt``); nothing imports it unless this runner is chosen.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from .queue import Handle, Runner
from .spec import JobSpec
from .state import STARTING, Job
from .worker import report_failure, run_job

COMMAND_POLL_S = 0.2       # how often a worker asks its progress actor for commands

_ray_parts: dict = {}


def _parts():
    """The actor class and the task function, made once Ray is imported."""
    if _ray_parts:
        return _ray_parts["actor"], _ray_parts["task"]
    import ray

    @ray.remote(num_cpus=0)
    class Progress:
        """Events from the worker to the server, commands from the server to the worker."""

        def __init__(self):
            self.events, self.commands = [], []

        def put(self, event):
            self.events.append(event)

        def take_events(self):
            out, self.events = self.events, []
            return out

        def command(self, command):
            self.commands.append(command)

        def take_commands(self):
            out, self.commands = self.commands, []
            return out

    @ray.remote(max_retries=0)
    def train(spec: JobSpec, progress, threads: int | None):
        link = ActorLink(progress)
        link.send(("state", STARTING))
        try:
            data, seconds = run_job(spec, link, threads)
        except BaseException as error:
            report_failure(link, error)
            return None
        return data, seconds

    _ray_parts.update(actor=Progress, task=train)
    return Progress, train


class ActorLink:
    """A worker's link to its runner through the progress actor."""

    def __init__(self, progress):
        self.progress, self._polled = progress, 0.0

    def send(self, event: tuple) -> None:
        self.progress.put.remote(event)

    def commands(self) -> list[str]:
        now = time.monotonic()
        if now - self._polled < COMMAND_POLL_S:
            return []
        self._polled = now
        import ray
        return ray.get(self.progress.take_commands.remote())


class RayHandle:
    """A run on the cluster: its task and its progress actor."""

    def __init__(self, spec: JobSpec, threads: int, gpus: float):
        actor, task = _parts()
        self.progress = actor.remote()
        self.ref = task.options(num_cpus=threads, num_gpus=gpus).remote(spec, self.progress, threads)
        self._final: list[tuple] | None = None

    def send(self, command: str) -> None:
        self.progress.command.remote(command)

    def events(self) -> list[tuple]:
        import ray
        out = ray.get(self.progress.take_events.remote())
        if self._final is None and ray.wait([self.ref], timeout=0)[0]:
            try:
                result = ray.get(self.ref)
                self._final = [] if result is None else [("done", *result)]
            except Exception as error:   # the task died (its worker killed, the node lost)
                self._final = [("failed", f"The training task on the cluster failed: {error}")]
            out += ray.get(self.progress.take_events.remote()) + self._final
        return out

    def ended(self) -> str | None:
        return None if self._final is None else "The training task on the cluster ended without a result."

    def cancel(self) -> None:
        import ray
        ray.cancel(self.ref, force=True)
        ray.kill(self.progress)


def _start_local_cluster(**init) -> threading.Event:
    """``ray.init`` a local cluster from a thread that lives until the returned event is set: Ray's
    local processes die with the thread that started them (Linux's parent-death signal follows the
    thread, not the process), and a web page's script thread ends with its run."""
    import ray
    started, stop, failed = threading.Event(), threading.Event(), []

    def keep() -> None:
        try:
            ray.init(include_dashboard=False, log_to_driver=False, **init)
        except BaseException as error:      # handed to the caller below
            failed.append(error)
        finally:
            started.set()
        if not failed:
            stop.wait()

    threading.Thread(target=keep, name="ray-local-cluster", daemon=True).start()
    started.wait()
    if failed:
        raise failed[0]
    return stop


class RayRunner(Runner):
    """Runs train as Ray tasks: ``settings.slots`` at once (set it to what the cluster holds), the rest queued."""

    backend = "ray"

    def __init__(self, settings=None):
        import ray

        from .spec import RunnerSettings
        settings = settings or RunnerSettings(backend="ray")
        library = {"py_modules": [str(Path(__file__).resolve().parents[1])]}
        if settings.ray_address:
            ray.init(address=settings.ray_address, include_dashboard=False, log_to_driver=False,
                     ignore_reinit_error=True, runtime_env=library)
        elif not ray.is_initialized():   # (a test may have started one already: it is used as it is)
            # A local cluster for this server: every listener on 127.0.0.1.
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
            self._keeper = _start_local_cluster(num_cpus=settings.slots * settings.threads(), runtime_env=library)
        self._own_cluster = not settings.ray_address
        self._gpus = 1.0 if ray.cluster_resources().get("GPU", 0) >= 1 else 0.0
        super().__init__(settings)

    def shutdown(self) -> None:
        """A local cluster this runner started ends with it; a configured cluster is left running."""
        if self._own_cluster:
            import ray
            ray.shutdown()
        if getattr(self, "_keeper", None) is not None:
            self._keeper.set()

    def launch(self, job: Job) -> Handle:
        return RayHandle(job.spec, self.settings.threads(), self._gpus)
