"""One module per autoencoder kind; ``ae_models.registry`` lists them.

What forms and pages may read about kinds without loading a framework is public here:
the number of classes a conditional kind draws, and a kind's settings as knobs.
"""
from ._base import CLASSES, KindConfig, Knob, default_of, knob, knobs

__all__ = ["CLASSES", "KindConfig", "Knob", "default_of", "knob", "knobs"]
