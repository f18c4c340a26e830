"""Training jobs for many visitors at once: a runner takes a ``JobSpec``, queues it, trains it in a
worker and lands the trained model in the catalogue; pages only read its ``Job`` and snapshots.

    from ae_models.jobs import JobSpec, make_runner
    runner = make_runner()                  # local worker processes, or Ray when configured
    job = runner.submit(JobSpec("dense", "mnist", 32, TrainSettings(epochs=2), visitor="ana"))
    job.state, runner.place(job), job.snapshot          # queued / training / done, pictures

Two runners share one queue (``queue.Runner``): ``local.LocalRunner`` trains in worker
processes of this machine (the default), ``ray_runner.RayRunner`` on a Ray cluster. The
worker side (``worker.run_job``) is the same for both. Nothing here imports Streamlit.
"""
from __future__ import annotations

from .spec import JobRefused, JobSpec, RunnerSettings
from .state import Job, Snapshot

__all__ = ["Job", "JobRefused", "JobSpec", "RunnerSettings", "Snapshot", "make_runner"]


def make_runner(settings: RunnerSettings | None = None):
    """The runner the settings ask for: Ray when an address or ``AE_TRAIN_RUNNER=ray`` is set, else local."""
    settings = settings or RunnerSettings.from_env()
    if settings.backend == "ray":
        from .ray_runner import RayRunner
        return RayRunner(settings)
    from .local import LocalRunner
    return LocalRunner(settings)
