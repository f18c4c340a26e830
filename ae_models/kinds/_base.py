"""What every kind module shares: the config base class, the built parts, input/output helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import runtime

runtime.configure()
import keras  # noqa: E402

IMAGE_SHAPE = (28, 28)
PIXELS = 28 * 28
MIN_CODE, MAX_CODE = 2, 128


@dataclass
class KindConfig:
    """Options every kind takes; kinds subclass it to add their own knobs."""

    code_size: int = 32

    def validate(self) -> None:
        """Raise ValueError with a plain message when an option is out of range."""
        if not MIN_CODE <= int(self.code_size) <= MAX_CODE:
            raise ValueError(f"code_size must be between {MIN_CODE} and {MAX_CODE}, got {self.code_size}.")


@dataclass
class Parts:
    """A built kind: encoder and decoder, plus the model that training fits."""

    encoder: keras.Model
    decoder: keras.Model
    trainer: keras.Model
    loss: Any = "binary_crossentropy"   # None when the trainer computes its own loss
    variational: bool = False
    extras: dict = field(default_factory=dict)


def image_input(name: str = "image") -> keras.KerasTensor:
    """The (28, 28) input every encoder starts from."""
    return keras.Input(shape=IMAGE_SHAPE, name=name)


def code_input(code_size: int) -> keras.KerasTensor:
    """The (code_size,) input every decoder starts from."""
    return keras.Input(shape=(code_size,), name="code")


def chain(encoder: keras.Model, decoder: keras.Model, name: str) -> keras.Model:
    """The plain autoencoder: image -> encoder -> decoder -> image."""
    x = image_input()
    return keras.Model(x, decoder(encoder(x)), name=name)
