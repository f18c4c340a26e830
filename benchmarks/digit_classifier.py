"""A small MNIST digit classifier: the judge of how MNIST-like a preprocessed image is.

Two convolution blocks and a dense head reach about 99% test accuracy in five
epochs. The benchmarks ask it to read images that went through `to_mnist` (or the
naive baseline): a digit it reads correctly has been prepared the way MNIST was.
Weights are cached under `benchmarks/cache/` after the first training run.
Run `python benchmarks/digit_classifier.py` to train or load it and print its
test accuracy.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import keras

CACHE = Path(__file__).resolve().parent / "cache" / "digit_classifier.weights.h5"
EPOCHS = 5


def load_mnist(data_dir: str | None = None) -> dict[str, np.ndarray]:
    """The MNIST arrays (x_train, y_train, x_test, y_test, uint8) from AE_DATA_DIR."""
    folder = data_dir or os.environ.get("AE_DATA_DIR", "../shared/data")
    with np.load(os.path.join(folder, "mnist.npz")) as data:
        return {key: data[key] for key in ("x_train", "y_train", "x_test", "y_test")}


def build_classifier() -> keras.Model:
    """The untrained network: (N, 28, 28) floats in [0, 1] -> 10 class probabilities."""
    import keras

    return keras.Sequential([
        keras.Input((28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digit_classifier")


def load_classifier(data_dir: str | None = None) -> keras.Model:
    """The classifier with cached weights, trained on the MNIST training set on first use."""
    model = build_classifier()
    if CACHE.exists():
        model.load_weights(CACHE)
        return model
    _train(model, load_mnist(data_dir))
    _save_atomically(model)
    return model


def _train(model: keras.Model, mnist: dict[str, np.ndarray]) -> None:
    import keras

    keras.utils.set_random_seed(0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(mnist["x_train"] / np.float32(255), mnist["y_train"],
              batch_size=128, epochs=EPOCHS, verbose=2)


def _save_atomically(model: keras.Model) -> None:
    """Write beside the target, then rename: a crash never leaves half a weights file."""
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".weights.h5", dir=CACHE.parent)
    os.close(fd)
    try:
        model.save_weights(tmp)
        os.replace(tmp, CACHE)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def classify(model: keras.Model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted labels and their probabilities for float (N, 28, 28) images in [0, 1]."""
    probs = model.predict(np.asarray(x, dtype=np.float32), batch_size=256, verbose=0)
    return probs.argmax(axis=1), probs.max(axis=1)


def main() -> None:
    mnist = load_mnist()
    model = load_classifier()
    labels, _ = classify(model, mnist["x_test"] / np.float32(255))
    print(f"digit classifier test accuracy: {np.mean(labels == mnist['y_test']):.4f}")


if __name__ == "__main__":
    main()
