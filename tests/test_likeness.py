"""The "is it like the training data?" score, with PCAs fitted to made-up digits."""
from __future__ import annotations

import numpy as np
import pytest

from ae_models import build, data, likeness, train


@pytest.fixture(scope="module")
def fitted(tiny_data_dir):
    """Two PCAs (codes 8 and 4) fitted to the made-up digits, and those digits' test images."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AE_DATA_DIR", str(tiny_data_dir))
        data.clear_cache()
        models = [train("pca", code_size=c, save_to=None)[0] for c in (8, 4)]
        (_, _), (x_test, _) = data.load_dataset("mnist")
    data.clear_cache()
    return models, x_test


@pytest.fixture(scope="module")
def pca(fitted):
    return fitted[0][0]


@pytest.fixture(scope="module")
def x_test(fitted):
    return fitted[1]


@pytest.fixture(scope="module")
def calibration(pca, x_test):
    return likeness.calibrate(pca, x_test)


def noise(n: int) -> np.ndarray:
    return np.random.default_rng(0).random((n, 28, 28)).astype(np.float32)


def test_calibration_keeps_a_sorted_quantile_table_and_names_the_model(calibration):
    assert calibration.quantiles.shape == (likeness.QUANTILES,)
    assert np.all(np.diff(calibration.quantiles) >= 0)
    assert calibration.models == ("pca-mnist-8",)
    assert (calibration.dataset, calibration.measure) == ("mnist", likeness.DEFAULT_MEASURE)


def test_scores_lie_between_zero_and_one(pca, x_test, calibration):
    images = np.concatenate([x_test, noise(20), np.zeros((1, 28, 28)), np.ones((1, 28, 28))])
    scores = likeness.likeness_score(pca, images, calibration)
    assert scores.shape == (len(images),)
    assert np.all((scores >= 0) & (scores <= 1))


def test_a_typical_calibration_image_scores_about_a_half(pca, x_test, calibration):
    assert np.median(likeness.likeness_score(pca, x_test, calibration)) == pytest.approx(0.5, abs=0.05)


def test_a_calibration_image_scores_higher_than_random_noise(pca, x_test, calibration):
    digits = likeness.likeness_score(pca, x_test, calibration)
    scribbles = likeness.likeness_score(pca, noise(20), calibration)
    assert np.median(digits) > scribbles.max()
    assert all(likeness.verdict(s) == "unlike the training data" for s in scribbles)


def test_a_higher_error_never_gets_a_higher_score(calibration):
    q = calibration.quantiles
    errors = np.linspace(q[0] - 1, q[-1] + 1, 500)
    scores = calibration.score(errors)
    assert np.all(np.diff(scores) <= 0)
    assert scores[0] == 1 and scores[-1] == 0


@pytest.mark.parametrize("score, words", [
    (0.0, "unlike the training data"), (0.009, "unlike the training data"),
    (0.01, "unusual"), (0.049, "unusual"),
    (0.05, "like the training data"), (0.5, "like the training data"), (1.0, "like the training data"),
])
def test_verdict_puts_the_thresholds_into_words(score, words):
    assert likeness.verdict(score) == words


@pytest.mark.parametrize("measure", likeness.MEASURES)
def test_every_measure_ranks_test_digits_above_noise(pca, x_test, measure):
    calibration = likeness.calibrate(pca, x_test, measure)
    assert calibration.measure == measure
    digits, scribbles = (likeness.likeness_score(pca, x, calibration) for x in (x_test, noise(20)))
    assert np.median(digits) > np.median(scribbles)


def test_an_unknown_measure_is_refused_with_the_choices(pca, x_test):
    with pytest.raises(ValueError, match="ssim, bce, mse"):
        likeness.calibrate(pca, x_test, "psnr")


def test_several_models_judge_together(fitted, x_test):
    models = fitted[0]
    calibration = likeness.calibrate(models, x_test)
    assert calibration.models == ("pca-mnist-8", "pca-mnist-4")
    assert calibration.weights.shape == (2,) and np.all(calibration.weights > 0)
    digits = likeness.likeness_score(models, x_test, calibration)
    assert np.median(digits) == pytest.approx(0.5, abs=0.05)
    assert np.median(digits) > likeness.likeness_score(models, noise(20), calibration).max()


def test_a_calibration_made_for_other_models_is_refused(fitted, x_test, calibration):
    with pytest.raises(ValueError, match="pca-mnist-8"):
        likeness.likeness_score(fitted[0][1], x_test, calibration)


def test_models_of_different_datasets_cannot_judge_together(fitted, x_test):
    other = build("pca", code_size=4)
    with pytest.raises(ValueError, match="same dataset"):
        likeness.calibrate([fitted[0][0], other], x_test)


def test_a_trained_model_brings_its_test_errors_so_calibrating_reads_no_test_set(pca, x_test, calibration,
                                                                                 use_tiny_data, monkeypatch):
    reads = []
    load = data.load_test_split
    monkeypatch.setattr(data, "load_test_split", lambda name: reads.append(name) or load(name))
    assert pca.record.likeness.errors.shape == (len(x_test),)
    first = likeness.calibration_for(pca)
    assert reads == []
    np.testing.assert_allclose(likeness.likeness_score(pca, x_test, first),
                               likeness.likeness_score(pca, x_test, calibration), atol=2e-3)   # float16 errors


def test_a_model_without_saved_errors_reads_the_test_set_once(pca, x_test, calibration, use_tiny_data,
                                                              monkeypatch):
    from dataclasses import replace

    from ae_models.autoencoder import Autoencoder
    bare = Autoencoder(pca.kind, pca.config, pca.parts, pca.dataset, replace(pca.record, likeness=None))
    reads = []
    load = data.load_test_split
    monkeypatch.setattr(data, "load_test_split", lambda name: reads.append(name) or load(name))
    first = likeness.calibration_for(bare)
    second = likeness.calibration_for(bare)
    assert reads == ["mnist"]
    np.testing.assert_allclose(second.quantiles, first.quantiles)
    np.testing.assert_allclose(likeness.likeness_score(bare, x_test),
                               likeness.likeness_score(bare, x_test, calibration), atol=1e-6)


def test_a_model_with_no_dataset_asks_for_test_images():
    with pytest.raises(ValueError, match="calibrate"):
        likeness.calibration_for(build("pca", code_size=4))


def test_on_fashion_mnist_few_handwritten_digits_pass_as_garments():
    """The shipped Fashion-MNIST judges, on real MNIST test digits (embedded): a digit should rarely
    score "like the training data". With the VAE judging, 24% of the first 2,000 did; now 9%."""
    from ae_models.store import find, load
    (x, _), judges = data.load_test_split("mnist"), likeness.detectors("fashion_mnist")
    models = tuple(load(find(d["kind"], "fashion_mnist", d["code_size"], source="shipped")) for d in judges)
    scores = likeness.likeness_score(models, x[:2000])
    assert np.mean(scores >= likeness.UNUSUAL_BELOW) < 0.15
