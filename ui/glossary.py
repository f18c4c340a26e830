"""Short explanations of the terms a student meets on the pages, for tooltips and the gallery's glossary.

One sentence each, in plain words. ``TERMS`` names the measures and ideas; ``LAYERS`` says what
each kind of layer in an architecture table does.
"""
from __future__ import annotations

import re

TERMS: dict[str, str] = {
    "BCE": "Binary cross-entropy per pixel: how surprised the model is by the real pixel values given its "
           "picture. Lower is better; the models are trained to make it small.",
    "MSE": "Mean squared error: the average squared difference between the input's and the output's pixels. "
           "Lower is better.",
    "PSNR": "Peak signal-to-noise ratio in decibels (dB): the MSE on a log scale, higher is better; "
            "+3 dB is about half the error.",
    "SSIM": "Structural similarity: compares local patterns of brightness and contrast, closer to how people "
            "judge likeness. 1 means identical.",
    "PCA BCE": "The BCE of PCA, the best linear compression, with the same code size: the baseline to beat.",
    "probe accuracy": "How well a simple linear classifier reads the digit from the code alone (fitted on "
                      "training codes, scored on test codes): how much the code says about the class.",
    "-ELBO": "The negative evidence lower bound, in nats per image: reconstruction cost plus the KL cost of the "
             "code. Lower is better; it bounds how unlikely the model finds the image.",
    "nats": "A unit of information using natural logarithms: 1 nat is about 1.44 bits.",
    "KL": "Kullback-Leibler divergence: how far each image's code cloud is from the prior, a standard normal.",
    "slerp": "Spherical interpolation: walks along a great circle instead of a straight line, so the points in "
             "between keep the typical length of codes drawn from the prior.",
    "code size": "How many numbers the encoder squeezes the 784 pixels into.",
    "epochs": "Passes over the whole training set.",
    "train s": "Seconds the training took on the machine that trained it.",
    "params": "Numbers the model learned (its weights).",
}

LAYERS: dict[str, str] = {
    "InputLayer": "the input as it arrives",
    "Flatten": "lays the 28x28 picture out as one row of 784 numbers",
    "Dense": "fully connected: every output mixes all the inputs with learned weights",
    "Conv2D": "convolution: small learned filters slide over the image, looking for local patterns",
    "Conv2DTranspose": "transposed convolution: the reverse, painting a larger image from smaller maps",
    "Reshape": "the same numbers arranged in a new shape",
    "ReLU": "keeps positive values and sets negative ones to zero",
    "LSTM": "a recurrent layer that reads a sequence (here the image's rows) one step at a time, with memory",
    "RepeatVector": "repeats the code once per row, so the decoder can write the image row by row",
    "TimeDistributed": "applies the same layer to every row",
    "Concatenate": "joins two inputs into one (here the code and the digit's label)",
}


MEASURES_HELP = "  \n".join(f"**{m}**: {TERMS[m]}" for m in ("BCE", "MSE", "SSIM", "PSNR"))


def help_for(term: str) -> str | None:
    """The explanation of a term (as the pages name it), or None when there is none."""
    return TERMS.get(term)


def layer_in_words(layer_type: str) -> str:
    """What a Keras layer type does, in a few words (its type name when unknown)."""
    return LAYERS.get(layer_type, layer_type)


def plain_layer_name(name: str) -> str:
    """A layer's name without Keras' numbering: 'reshape_9' -> 'reshape'."""
    return re.sub(r"_\d+$", "", name)
