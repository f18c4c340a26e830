"""Which code units a variational model uses: KL per unit against its closed form, Burda et al.'s
active units on a constructed case, and the measures through a real (untrained) VAE and CVAE."""
import numpy as np
import pytest
from conftest import make_digits

from ae_models import build
from ae_models.code_usage import ACTIVE_THRESHOLD, active_units, code_usage, kl_per_unit, usage_from_posteriors


def closed_form_kl(mu: float, log_var: float) -> float:
    """KL(N(mu, s^2) || N(0, 1)) = log(1/s) + (s^2 + mu^2) / 2 - 1/2, written from the textbook form."""
    s = np.exp(0.5 * log_var)
    return float(np.log(1.0 / s) + (s ** 2 + mu ** 2) / 2.0 - 0.5)


def test_kl_per_unit_matches_the_closed_form_averaged_over_images():
    rng = np.random.default_rng(3)
    mean = rng.normal(0, 1.5, (40, 5))
    log_var = rng.normal(-1, 1, (40, 5))
    expected = [np.mean([closed_form_kl(mean[i, u], log_var[i, u]) for i in range(40)]) for u in range(5)]
    np.testing.assert_allclose(kl_per_unit(mean, log_var), expected, rtol=1e-10)


def test_a_unit_at_the_prior_has_zero_kl():
    mean, log_var = np.zeros((10, 3)), np.zeros((10, 3))
    mean[:, 0] = 2.0
    kl = kl_per_unit(mean, log_var)
    assert kl[0] == pytest.approx(2.0) and kl[1] == 0.0 and kl[2] == 0.0


def test_active_units_are_those_whose_mean_varies_over_the_images():
    rng = np.random.default_rng(0)
    mean = np.zeros((500, 6))
    mean[:, 1] = rng.normal(0, 1.0, 500)        # variance ~1: active
    mean[:, 3] = rng.normal(0, 0.3, 500)        # ~0.09: active
    mean[:, 4] = rng.normal(0, 0.03, 500)       # ~0.0009: inactive
    mean[:, 5] = 5.0                            # far from the prior but constant: inactive
    assert active_units(mean).tolist() == [False, True, False, True, False, False]
    usage = usage_from_posteriors(mean, np.zeros_like(mean))
    assert usage.active_count == 2 and usage.units == 6 and usage.images == 500
    assert usage.sentence() == "2 of 6 units carry information; the others stay at the prior."
    assert usage.kl[5] == pytest.approx(12.5)   # a constant mean far from 0 costs KL but says nothing


def test_the_threshold_is_burdas():
    assert ACTIVE_THRESHOLD == 0.01
    mean = np.array([[0.0, 0.0], [0.21, 0.19]])  # variances 0.011 and 0.009
    assert active_units(mean).tolist() == [True, False]


def test_sentences_for_all_and_none_and_one():
    one = usage_from_posteriors(np.array([[0.0, 0.0], [1.0, 0.0]]), np.zeros((2, 2)))
    assert one.sentence() == "1 of 2 units carries information; the other stays at the prior."
    every = usage_from_posteriors(np.array([[0.0, 0.0], [1.0, 1.0]]), np.zeros((2, 2)))
    assert every.sentence().startswith("All 2 units carry information")
    none = usage_from_posteriors(np.zeros((2, 2)), np.zeros((2, 2)))
    assert none.sentence().startswith("None of the 2 units")


def test_bad_shapes_are_refused_with_a_message():
    with pytest.raises(ValueError, match="one shape"):
        kl_per_unit(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="N > 0"):
        kl_per_unit(np.zeros((0, 2)), np.zeros((0, 2)))


def test_code_usage_of_a_real_vae_and_cvae_agrees_with_their_posteriors():
    images, labels = make_digits(64)
    x = images.astype(np.float32) / 255
    vae = build("vae", code_size=4)
    mean, log_var = vae.encode_distribution(x)
    usage = code_usage(vae, x)
    np.testing.assert_allclose(usage.kl, kl_per_unit(mean, log_var))
    assert usage.units == 4
    cvae = build("cvae", code_size=3)
    with pytest.raises(ValueError, match="label"):
        code_usage(cvae, x)
    mean, log_var = cvae.encode_distribution(x, labels.astype(int))
    np.testing.assert_allclose(code_usage(cvae, x, labels.astype(int)).activity, mean.astype(np.float64).var(0))
    with pytest.raises(TypeError, match="plain code"):
        code_usage(build("dense", code_size=4), x)
