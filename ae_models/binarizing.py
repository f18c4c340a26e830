"""Dynamic binarization: training batches whose pixels are drawn afresh, 0 or 1, every epoch.

A binarized dataset (``data.BINARIZED``) keeps its training images grey; ``FreshBinarization``
serves them to Keras in batches, each pixel 1 with probability its grey level. The
draw and the order depend only on the run's seed, the epoch and the batch's index,
so a run is repeatable and a resumed run draws what the uninterrupted one would have.
Imports Keras: the training step imports it only for binarized datasets.
"""
from __future__ import annotations

import numpy as np

from . import runtime
from .autoencoder import one_hot
from .data import binarize

runtime.configure()
import keras  # noqa: E402


class FreshBinarization(keras.utils.PyDataset):
    """Grey images -> shuffled batches of 0/1 images, drawn anew each epoch (set ``epoch`` before it)."""

    def __init__(self, x: np.ndarray, batch_size: int, seed: int, epoch: int = 0, *,
                 labels: np.ndarray | None = None, targets: bool = False):
        super().__init__()
        self.x, self.batch_size, self.seed, self.epoch = x, int(batch_size), int(seed), int(epoch)
        self.labels, self.targets = labels, targets
        self._order_epoch, self._order = None, None

    def __len__(self) -> int:
        return int(np.ceil(len(self.x) / self.batch_size))

    def order(self) -> np.ndarray:
        """This epoch's order of the images."""
        if self._order_epoch != self.epoch:
            self._order = np.random.default_rng((self.seed, self.epoch)).permutation(len(self.x))
            self._order_epoch = self.epoch
        return self._order

    def __getitem__(self, index: int):
        rows = self.order()[index * self.batch_size:(index + 1) * self.batch_size]
        images = binarize(self.x[rows], np.random.default_rng((self.seed, self.epoch, index)))
        inputs = images if self.labels is None else {"image": images, "label": one_hot(self.labels[rows],
                                                                                        len(rows))}
        return (inputs, images) if self.targets else (inputs,)


class EpochSetter(keras.callbacks.Callback):
    """Tells a ``FreshBinarization`` which epoch is starting, so a resumed run draws the right batches."""

    def __init__(self, batches: FreshBinarization):
        super().__init__()
        self.batches = batches

    def on_epoch_begin(self, epoch, logs=None):
        self.batches.epoch = int(epoch)
