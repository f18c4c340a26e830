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
MOST_LAYERS, WIDEST = 4, 4096   # no settings build past these, whoever asks (the CLI, a sweep, a file)


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
        if isinstance(self.code_size, bool) or not isinstance(self.code_size, int) \
                or not MIN_CODE <= self.code_size <= MAX_CODE:
            raise ValueError(f"code_size must be a whole number between {MIN_CODE} and {MAX_CODE}, "
                             f"got {self.code_size!r:.20}.")
        for f, _ in knobs(type(self)):
            value, default = getattr(self, f.name), default_of(f)
            if isinstance(default, list):
                _widths(f.name, value, MOST_LAYERS, WIDEST)
            elif isinstance(default, int) and not isinstance(default, bool) and not _whole(value, WIDEST):
                raise ValueError(f"{f.name} must be a whole number up to {WIDEST}, got {value!r:.20}.")


def _whole(value: Any, most: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value <= most


def _widths(name: str, value: Any, layers: int, widest: int) -> None:
    """Raise ValueError unless ``value`` is a list of at most ``layers`` whole numbers up to ``widest``."""
    if not isinstance(value, (list, tuple)) or len(value) > layers or not all(_whole(v, widest) for v in value):
        raise ValueError(f"{name} must list at most {layers} whole numbers up to {widest}, got {value!r:.40}.")


def within_form(config: KindConfig) -> None:
    """Raise ValueError unless every setting lies within what the training form offers.

    A model file from someone else may name any settings, and its architecture is built from
    them: this keeps what it builds to the sizes a visitor could have trained here.
    """
    config.validate()
    for f, knob in knobs(type(config)):
        value, default = getattr(config, f.name), default_of(f)
        offered = [*knob.choices, default]
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, list):
            _widths(f.name, value, max(map(len, offered)), max(w for o in offered for w in o))
            ok = True
        elif isinstance(default, str):
            ok = value in offered
        else:
            low, high = (min(offered), max(offered)) if knob.choices else (knob.minimum, knob.maximum)
            ok = (not isinstance(value, bool) and isinstance(value, int if isinstance(default, int) else (int, float))
                  and (low is None or value >= low) and (high is None or value <= high))
        if not ok:
            raise ValueError(f"{f.name} = {value!r:.40} is not a setting the training form offers "
                             f"({knob.label}).")


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
