"""The importance-sampled likelihood against what it must equal: the -ELBO at k = 1 (in expectation),
a tighter bound as k grows, and -log p(x) integrated on a grid where the integral is one-dimensional."""
from __future__ import annotations

import numpy as np
import pytest

from ae_models import build
from ae_models.data import load_test_split
from ae_models.likelihood import active_units, importance_nll, likelihood


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    """Real binarized MNIST test digits (the embedded split, drawn with seed 0)."""
    return load_test_split("binarized_mnist")[0][:12]


@pytest.fixture(scope="module")
def vae():
    """A 2-unit VAE whose posterior is not the prior and whose decoder reads only the first unit,
    strongly: p(x) is then a one-dimensional integral, and the bound is loose enough to matter.
    Built from a fixed seed (2): its posterior is off by enough for a 2-nat gap, yet near enough for
    1,000 codes to find the mass (with other random weights it can miss it by tens of nats)."""
    import keras
    keras.utils.set_random_seed(2)
    ae = build("vae", code_size=2)
    for name, shift in (("z_mean", 0.5), ("z_log_var", np.log(0.5))):
        layer = ae.encoder.get_layer(name)
        kernel, bias = layer.get_weights()
        layer.set_weights([kernel * 0.1, bias + shift])
    expand = ae.decoder.get_layer("expand")
    kernel, bias = expand.get_weights()
    kernel = kernel * 30
    kernel[1] = 0.0            # the second unit draws nothing: p(x|z) depends on z[0] alone
    expand.set_weights([kernel, bias])
    return ae


def quadrature_nll(ae, x: np.ndarray) -> np.ndarray:
    """-log p(x) = -log of the integral over z[0] of p(x|z) N(z[0]; 0, 1), on a fine grid (z[1] integrates out)."""
    grid = np.linspace(-8, 8, 3201)
    p = ae.decode(np.stack([grid, np.zeros_like(grid)], 1)).reshape(len(grid), -1).astype(np.float64)
    p = np.clip(p, 1e-7, 1 - 1e-7)
    t = x.reshape(len(x), -1).astype(np.float64)
    joint = t @ np.log(p).T + (1 - t) @ np.log(1 - p).T - 0.5 * (np.log(2 * np.pi) + grid ** 2)
    top = joint.max(1)
    return -(top + np.log(np.exp(joint - top[:, None]).sum(1) * (grid[1] - grid[0])))


def test_many_codes_recover_the_likelihood_integrated_on_a_grid(vae, images):
    x = images[:3]
    exact = quadrature_nll(vae, x)
    estimate = likelihood(vae, x, k=1000, seed=0)
    np.testing.assert_allclose(estimate.nll, exact, atol=0.3)
    assert estimate.gap.mean() > 1.0     # the -ELBO is far off here, so the match above is no accident


def test_one_code_is_the_negative_elbo_in_expectation(vae, images):
    draws = [likelihood(vae, images, k=1, seed=s) for s in range(20)]
    diff = np.concatenate([d.nll - d.neg_elbo for d in draws])
    assert abs(diff.mean()) < 4 * diff.std() / np.sqrt(len(diff)) + 1e-9


def test_more_codes_give_a_tighter_bound(vae, images):
    one = np.mean([importance_nll(vae, images, k=1, seed=s).mean() for s in range(5)])
    many = likelihood(vae, images, k=64, seed=0)
    assert many.nll.mean() < many.neg_elbo.mean()
    assert many.nll.mean() < one


def test_an_image_scores_the_same_alone_or_in_a_batch(vae, images):
    batch = importance_nll(vae, images[:5], k=50, seed=3)
    alone = likelihood(vae, images[3:4], k=50, seed=3, first_index=3).nll
    np.testing.assert_allclose(alone, batch[3:4], rtol=1e-6)


def test_large_k_is_streamed_in_chunks_and_matches_the_log_mean_exp(vae, images):
    from ae_models import likelihood as lk
    x = images[:1]
    full = likelihood(vae, x, k=lk.DECODE_BATCH + 300, seed=1).nll           # two chunks of codes
    eps = np.random.default_rng((1, 0)).standard_normal((lk.DECODE_BATCH + 300, 2))
    mean, log_var = (a.astype(np.float64) for a in vae.encode_distribution(x))
    z = mean + np.exp(0.5 * log_var) * eps
    p = np.clip(vae.decode(z).reshape(len(z), -1).astype(np.float64), 1e-7, 1 - 1e-7)
    t = x.reshape(1, -1).astype(np.float64)
    log_w = (t * np.log(p) + (1 - t) * np.log(1 - p)).sum(1) - 0.5 * (z ** 2).sum(1) \
        + 0.5 * (log_var + eps ** 2).sum(1)
    brute = -(np.logaddexp.reduce(log_w) - np.log(len(log_w)))
    np.testing.assert_allclose(full, [brute], rtol=1e-5)


def test_active_units_count_the_units_whose_mean_moves(vae, images):
    assert active_units(vae, images) == 0           # means scaled to near-constant: no unit is used
    assert active_units(vae, images, threshold=0.0) == 2


def test_models_without_a_code_distribution_and_bad_k_are_refused(vae, images):
    with pytest.raises(TypeError, match="variational"):
        importance_nll(build("dense", code_size=2), images, k=2)
    with pytest.raises(ValueError, match="at least 1"):
        importance_nll(vae, images, k=0)


def test_the_benchmark_prints_ours_beside_the_published_rows_and_records_the_figures(tmp_path, monkeypatch,
                                                                                      capsys):
    from conftest import save_untrained

    from ae_models.store import find
    from benchmarks import bench_likelihood
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path))
    save_untrained(tmp_path, "vae", "binarized_mnist", 2)
    assert bench_likelihood.main(["--k", "3", "--images", "4", "--record"]) == 0
    out = capsys.readouterr().out
    ours = [line for line in out.splitlines() if line.startswith("| ours")]
    assert len(ours) == 1 and "| 2 |" in ours[0] and "| 3 | 4 |" in ours[0]
    assert "81.02" in out and "86.76" in out
    metrics = find("vae", "binarized_mnist", 2).record.metrics
    assert metrics.nll_k == 3 and metrics.nll_images == 4 and metrics.nll > 0 and metrics.bce == 0.5
    assert f"{metrics.nll:.2f}" in ours[0]


def test_the_benchmark_says_how_to_train_when_no_model_is_shipped(tmp_path, monkeypatch, capsys):
    from benchmarks import bench_likelihood
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(tmp_path))
    assert bench_likelihood.main(["--k", "2"]) == 2
    assert "python -m ae_models train vae --dataset binarized_mnist" in capsys.readouterr().err


def test_the_shipped_binarized_vae_gives_its_distribution_and_bernoulli_means_and_a_tighter_bound():
    from ae_models import load_pretrained
    ae = load_pretrained("vae", dataset="binarized_mnist", code_size=32)
    x = load_test_split("binarized_mnist")[0][:8]
    mean, log_var = ae.encode_distribution(x)
    assert mean.shape == log_var.shape == (8, 32)
    means = ae.decode(mean)
    assert means.shape == (8, 28, 28) and 0 <= means.min() and means.max() <= 1
    estimate = likelihood(ae, x, k=20)
    assert estimate.nll.mean() < estimate.neg_elbo.mean() < 200    # a trained model: far below untrained ~540
