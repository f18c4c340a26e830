"""Exception types the library raises, each with a message a user can act on."""
from __future__ import annotations


class DataNotFoundError(FileNotFoundError):
    """No copy of a dataset could be found or downloaded."""


class DataFormatError(ValueError):
    """A dataset file exists but does not hold what it should."""


class ModelNotFoundError(LookupError):
    """No saved model matches the request; the message lists what is available."""


class CorruptModelError(ValueError):
    """A saved model exists but cannot be loaded (damaged, truncated or mismatched)."""


class DiskFullError(OSError):
    """The disk has no room for a model: nothing half-written was left behind."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()
