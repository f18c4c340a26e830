"""The same jobs on a real local Ray cluster (127.0.0.1 only): progress flows back, Stop reaches the
task, and the trained model lands in the catalogue like a local run's. Needs ``requirements-ray.txt``;
skipped without it, except under CI."""
from __future__ import annotations

import os
import threading
import time

import pytest

from ae_models.jobs import JobSpec, RunnerSettings
from ae_models.jobs.state import DONE, QUEUED
from ae_models.training import TrainSettings

pytestmark = pytest.mark.ray

if not os.environ.get("CI"):
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install -r requirements-ray.txt")


@pytest.fixture(scope="module")
def ray_runner():
    import ray

    from ae_models.jobs.ray_runner import RayRunner
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"     # every listener on 127.0.0.1
    made: list = []     # made in a thread that ends at once, as a page's script thread ends with its run:
    maker = threading.Thread(target=lambda: made.append(     # the cluster must outlive that thread
        RayRunner(RunnerSettings(slots=1, backend="ray", threads_per_run=1))))
    maker.start()
    maker.join()
    assert made, "the Ray runner could not be made (see the thread's exception above)"
    runner = made[0]
    time.sleep(2)       # (Ray's processes, were they tied to that thread, would be gone by now)
    yield runner
    runner.close()
    ray.shutdown()      # (close has ended the cluster it started; this is for a failed start)


def test_a_run_on_ray_sends_pictures_obeys_stop_and_lands_in_the_catalogue(ray_runner, use_tiny_data, tmp_path,
                                                                           monkeypatch):
    from ae_models.store import list_models
    monkeypatch.setenv("AE_USER_DIR", str(tmp_path / "user_models"))
    spec = JobSpec("dense", "mnist", 2, TrainSettings(epochs=500, batch_size=32), visitor="ana",
                   data_dir=str(use_tiny_data), catalogue=str(tmp_path / "user_models"))
    job = ray_runner.submit(spec)
    queued = ray_runner.submit(JobSpec("dense", "mnist", 2, TrainSettings(epochs=1), visitor="ben",
                                       data_dir=str(use_tiny_data)))
    assert queued.state == QUEUED
    ray_runner.stop(queued.id)
    deadline = time.monotonic() + 120
    while job.snapshot is None or job.snapshot.batches < 3:
        assert time.monotonic() < deadline and job.active, job.error
        time.sleep(0.1)
    ray_runner.stop(job.id)
    ray_runner.wait(job, timeout=120)
    assert job.state == DONE, job.error
    assert job.ended_by == "you" and job.snapshot.epoch < 500
    assert job.model_name in {e.name for e in list_models("dense", "mnist", source="user")}
    assert job.snapshot.reconstructions.shape == (8, 28, 28)
