"""Binarized MNIST: a fixed 0/1 test set every machine shares, training images drawn afresh each epoch."""
from __future__ import annotations

import numpy as np
import pytest

from ae_models import data


def test_the_test_set_is_the_grey_one_drawn_once_with_seed_0():
    x, y = data.load_test_split("binarized_mnist")
    grey, grey_labels = data.load_test_split("mnist")
    assert x.shape == grey.shape and set(np.unique(x)) == {0.0, 1.0} and np.array_equal(y, grey_labels)
    assert np.array_equal(x, data.binarize(grey, 0)) and not x.flags.writeable
    assert np.all(x[grey == 1.0] == 1) and np.all(x[grey == 0.0] == 0)
    assert abs(x.mean() - grey.mean()) < 0.002            # each pixel 1 with probability its grey level
    info = data.test_split_info("binarized_mnist")
    assert info.name == "binarized_mnist" and info.n_test == 10000


def test_every_machine_scores_the_same_set_from_the_embedded_copy_or_its_data_folder(real_mnist, monkeypatch):
    from conftest import REAL_DATA_DIR
    monkeypatch.delenv("AE_DATA_DIR")
    monkeypatch.setenv("KERAS_HOME", "/nonexistent")
    data.clear_cache()
    try:
        assert data.test_split_info("binarized_mnist").embedded
        embedded = data.load_test_split("binarized_mnist")[0]
        monkeypatch.setenv("AE_DATA_DIR", REAL_DATA_DIR)
        data.clear_cache()
        assert not data.test_split_info("binarized_mnist").embedded
        assert np.array_equal(data.load_test_split("binarized_mnist")[0], embedded)
    finally:
        data.clear_cache()


def test_the_training_split_stays_grey_for_the_pipeline_to_draw(use_tiny_data):
    (x_train, _), (x_test, _) = data.load_dataset("binarized_mnist")
    (grey_train, _), _ = data.load_dataset("mnist")
    assert np.array_equal(x_train, grey_train) and set(np.unique(x_test)) <= {0.0, 1.0}
    assert data.dataset_info("binarized_mnist").name == "binarized_mnist"


def test_training_batches_are_drawn_afresh_each_epoch_and_the_same_for_the_same_epoch():
    from ae_models.binarizing import FreshBinarization
    grey = data.load_test_split("mnist")[0][:300]
    batches = FreshBinarization(grey, 128, seed=7)
    first = batches[0][0]
    assert len(batches) == 3 and first.shape == (128, 28, 28) and set(np.unique(first)) == {0.0, 1.0}
    assert np.array_equal(batches[0][0], first)               # the same epoch draws the same batch
    batches.epoch = 1
    again = batches[0][0]
    assert not np.array_equal(again, first)                   # a new epoch: new order and new draws
    assert np.array_equal(FreshBinarization(grey, 128, seed=7, epoch=1)[0][0], again)   # resumes alike
    everything = np.concatenate([batches[i][0] for i in range(len(batches))])
    assert len(everything) == 300 and abs(everything.mean() - grey.mean()) < 0.01


def test_a_plain_autoencoder_on_binarized_data_gets_its_drawn_images_as_targets():
    from ae_models.binarizing import FreshBinarization
    grey = data.load_test_split("mnist")[0][:10]
    inputs, targets = FreshBinarization(grey, 4, seed=0, targets=True)[1]
    assert np.array_equal(inputs, targets)


@pytest.mark.parametrize("kind", ["vae", "conv"])
def test_training_on_binarized_mnist_draws_fresh_images_and_measures_on_the_fixed_set(kind, use_tiny_data,
                                                                                      monkeypatch):
    from ae_models import binarizing
    from ae_models.training import train
    seen = []
    original = binarizing.FreshBinarization.__getitem__
    monkeypatch.setattr(binarizing.FreshBinarization, "__getitem__",
                        lambda self, i: seen.append(self.epoch) or original(self, i))
    ae, history = train(kind, "binarized_mnist", 4, epochs=2, subset=200, save_to=None)
    assert ae.dataset == "binarized_mnist" and len(history["loss"]) == 2
    assert {0, 1} <= set(seen)
    assert ae.metrics["bce"] > 0 and (kind != "vae" or ae.metrics["neg_elbo"] > 0)
