"""The Variational page on binarized MNIST: the model beside the published VAEs, from its record."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from page_driver import assert_no_exception, messages, open_page, page_env  # noqa: F401  (autouse fixture)

from ae_models.likelihood import PUBLISHED
from ae_models.record import Metrics
from ae_models.store import find, write_record

TITLE = "How this VAE compares with published ones"


def binarized_vae(monkeypatch, tmp_path, **figures) -> None:
    """A shipped (untrained) VAE on binarized MNIST whose record holds ``figures`` beside made-up ones."""
    from conftest import save_untrained
    folder = tmp_path / "weights"
    folder.mkdir()
    monkeypatch.setenv("AE_WEIGHTS_DIR", str(folder))
    save_untrained(folder, "vae", "binarized_mnist", 32)
    entry = find("vae", "binarized_mnist", 32)
    write_record(entry.meta_path, replace(entry.record, metrics=Metrics.from_dict(
        {**entry.record.metrics.as_dict(), "neg_elbo": 96.5, **figures})))


def comparison(at) -> dict:
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(f for f in figures if any("published" in str(t) for t in f["data"][0].get("customdata", [])))


def test_a_measured_model_stands_beside_every_published_row(monkeypatch, tmp_path):
    binarized_vae(monkeypatch, tmp_path, nll=88.25, nll_k=1000, nll_images=2000, neg_elbo_sampled=93.5,
                  active_units=20)
    at = open_page("variational", "binarized_mnist")
    assert TITLE in [s.value for s in at.subheader]
    bars = comparison(at)["data"][0]
    assert bars["y"][:len(PUBLISHED)] == [name for name, _, _ in PUBLISHED]
    assert bars["x"][:len(PUBLISHED)] == [nll for _, nll, _ in PUBLISHED]
    assert bars["y"][len(PUBLISHED):] == ["this VAE (code 32): NLL", "this VAE (code 32): -ELBO"]
    assert bars["x"][len(PUBLISHED):] == [88.25, 93.5]
    assert any("k=1,000 codes over 2,000 test images" in c.value for c in at.caption)


def test_an_unmeasured_model_says_how_to_measure_it_and_shows_its_elbo(monkeypatch, tmp_path):
    binarized_vae(monkeypatch, tmp_path)
    at = open_page("variational", "binarized_mnist")
    assert "python -m benchmarks.bench_likelihood --record" in messages(at)
    bars = comparison(at)["data"][0]
    assert bars["y"][len(PUBLISHED):] == ["this VAE (code 32): -ELBO"] and bars["x"][-1] == 96.5


def test_grey_mnist_models_get_no_comparison():
    at = open_page("variational", "mnist")
    assert TITLE not in [s.value for s in at.subheader]
    assert_no_exception(at)


PAGES = ["home", "simple", "sparse", "deep", "convolutional", "denoising", "conditional", "recurrent", "compare", "draw"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_binarized_mnist_chosen_in_the_sidebar(page, monkeypatch, tmp_path):
    binarized_vae(monkeypatch, tmp_path)        # only a VAE ships for it: the other kinds say so
    at = open_page(page, "binarized_mnist")
    assert_no_exception(at)
