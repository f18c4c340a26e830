"""A small MNIST digit classifier: the judge of how MNIST-like a preprocessed image is.

Two convolution blocks and a dense head reach about 99% test accuracy in five
epochs. The benchmarks ask it to read images that went through `to_mnist` (or the
naive baseline): a digit it reads correctly has been prepared the way MNIST was.
Its weights ship beside this file (half precision, 0.5 MB), so every machine
measures with the same judge: retrained, a classifier differs by a few tenths of
a point in what it reads, which is enough to flip a bar measured to a tenth.
Run `python -m benchmarks.digit_classifier` to load it and print its test
accuracy, `--retrain` to train a new one on the MNIST training set and replace it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import keras

WEIGHTS = Path(__file__).resolve().parent / "digit_classifier.weights.h5"
EPOCHS = 5


def load_mnist(data_dir: str | None = None) -> dict[str, np.ndarray]:
    """The MNIST arrays (x_train, y_train, x_test, y_test, uint8) from AE_DATA_DIR."""
    folder = data_dir or os.environ.get("AE_DATA_DIR")
    if not folder:
        raise SystemExit("Set AE_DATA_DIR to a folder holding mnist.npz (the Keras format).")
    with np.load(os.path.join(folder, "mnist.npz")) as data:
        return {key: data[key] for key in ("x_train", "y_train", "x_test", "y_test")}


def build_classifier() -> keras.Model:
    """The untrained network: (N, 28, 28) floats in [0, 1] -> 10 class probabilities."""
    from ae_models import runtime
    runtime.configure()     # TensorFlow's settings and quiet start, as everywhere else
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


def load_classifier(data_dir: str | None = None, retrain: bool = False) -> keras.Model:
    """The classifier with its shipped weights; trained on the MNIST training set (and saved)
    when they are missing or ``retrain`` is set."""
    model = build_classifier()
    if WEIGHTS.exists() and not retrain:
        model.load_weights(WEIGHTS)
        return model
    _train(model, load_mnist(data_dir))
    _save_atomically(model)
    model.load_weights(WEIGHTS)      # measure with the half-precision values the file holds
    return model


def _train(model: keras.Model, mnist: dict[str, np.ndarray]) -> None:
    import keras

    keras.utils.set_random_seed(0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(mnist["x_train"] / np.float32(255), mnist["y_train"],
              batch_size=128, epochs=EPOCHS, verbose=2)


def _save_atomically(model: keras.Model) -> None:
    """Write beside the target at half precision, then rename: a crash never leaves half a file."""
    from ae_models.store import save_weights_half

    fd, tmp = tempfile.mkstemp(suffix=".weights.h5", dir=WEIGHTS.parent)
    os.close(fd)
    bare = build_classifier()            # the weights alone, without the optimizer's state
    bare.set_weights(model.get_weights())
    try:
        save_weights_half(bare, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, WEIGHTS)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def classify(model: keras.Model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted labels and their probabilities for float (N, 28, 28) images in [0, 1]."""
    probs = model.predict(np.asarray(x, dtype=np.float32), batch_size=256, verbose=0)
    return probs.argmax(axis=1), probs.max(axis=1)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrain", action="store_true", help="train a new classifier and replace the shipped one")
    args = parser.parse_args(argv)
    mnist = load_mnist()
    model = load_classifier(retrain=args.retrain)
    labels, _ = classify(model, mnist["x_test"] / np.float32(255))
    print(f"digit classifier test accuracy: {np.mean(labels == mnist['y_test']):.4f}")


if __name__ == "__main__":
    main()
