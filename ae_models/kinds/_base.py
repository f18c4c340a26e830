"""What every kind's settings share, and the parts a built kind hands back.

Nothing here imports a framework: a settings form, a page or the catalogue can
read every kind's settings (their fields, defaults, ranges and help) without
loading TensorFlow. Only a kind's ``build`` does that.
"""
from __future__ import annotations

from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

IMAGE_SHAPE = (28, 28)
PIXELS = 28 * 28
CLASSES = 10
MIN_CODE, MAX_CODE = 2, 128


@dataclass(frozen=True)
class Knob:
    """How a settings form shows one field: its label, help and the values it offers.

    ``choices``: preset values (the field's default is always offered too); ``names``: display
    names for some of them; ``minimum``/``maximum``/``step``: a free range instead of presets.
    """

    label: str
    help: str = ""
    choices: tuple = ()
    names: tuple[tuple[Any, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None

    def name_of(self, value: Any) -> str:
        """The display name of a value (list values as 'a → b', none as 'none')."""
        named = dict(self.names)
        if value in named:
            return named[value]
        if isinstance(value, (list, tuple)):
            return " → ".join(map(str, value)) or "none"
        return f"{value:g}" if isinstance(value, float) else str(value)


def knob(default: Any, label: str, help: str = "", **shown: Any) -> Any:
    """A settings field with a default and what a form needs to show it (see ``Knob``)."""
    metadata = {"knob": Knob(label, help, **shown)}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class KindConfig:
    """Options every kind takes; kinds subclass it to add their own knobs."""

    code_size: int = 32

    def validate(self) -> None:
        """Raise ValueError with a plain message when an option is out of range."""
        if not MIN_CODE <= int(self.code_size) <= MAX_CODE:
            raise ValueError(f"code_size must be between {MIN_CODE} and {MAX_CODE}, got {self.code_size}.")


def knobs(config_class: type[KindConfig]) -> list[tuple[Field, Knob]]:
    """A kind's own settings fields (all but code_size), each with how a form shows it."""
    return [(f, f.metadata.get("knob") or Knob(f.name.replace("_", " ").capitalize()))
            for f in fields(config_class) if f.name != "code_size"]


def default_of(f: Field) -> Any:
    """A dataclass field's default value."""
    return f.default_factory() if f.default is MISSING else f.default


@dataclass
class Parts:
    """A built kind: encoder and decoder (Keras models), plus the model that training fits.

    ``conditional``: encoder, decoder and trainer also take the one-hot class label.
    """

    encoder: Any
    decoder: Any
    trainer: Any
    loss: Any = "binary_crossentropy"   # None when the trainer computes its own loss
    variational: bool = False
    conditional: bool = False
    extras: dict = field(default_factory=dict)
