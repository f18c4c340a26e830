"""What a weights file from someone else declares, read from its metadata before any of its data.

An HDF5 file names each array's shape and type in a few bytes, whatever its data holds (or
does not: a 29 KB file can declare a 1 GiB array). ``declared`` lists those shapes without
reading an array, and refuses what a Keras weights file of this app never holds: links to
other files or elsewhere in the file, arrays stored outside it, types other than floats,
more values than the largest model the training form can make. ``check_fits`` compares the
declared shapes with a built model's, and ``check_finite`` reads the arrays (their sizes now
known to be the model's) and refuses not-a-number and infinite weights. No Streamlit here.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable

import numpy as np

MAX_VALUES = 8_000_000      # the largest model the training form makes has under 7 million weights
MAX_OBJECTS = 2_000         # groups and arrays in one file (a model has a few hundred at most)
FLOATS = (np.dtype("float16"), np.dtype("float32"))


class WeightsFileError(ValueError):
    """A weights file that is not one this app wrote; the message says what is wrong."""


Shape = tuple[int, ...]


def declared(weights: bytes) -> list[Shape]:
    """The shapes of the file's arrays, from its metadata alone; WeightsFileError for anything else."""
    import h5py
    shapes: list[Shape] = []
    try:
        with h5py.File(io.BytesIO(weights), "r") as f:
            links: list[tuple[str, object]] = []
            # The callback never raises (h5py turns that into a SystemError); returning True stops the visit.
            f.visititems_links(lambda name, link: links.append((name, link)) or len(links) > MAX_OBJECTS or None)
            if len(links) > MAX_OBJECTS:
                raise WeightsFileError(f"it holds more than {MAX_OBJECTS:,} objects")
            if any(not isinstance(link, h5py.HardLink) for _, link in links):
                raise WeightsFileError("it links to other files or places (a weights file never does)")
            for name, _ in links:
                obj = f[name]
                if isinstance(obj, h5py.Dataset):
                    shapes.append(_shape(name, obj))
    except WeightsFileError:
        raise
    except Exception as error:     # h5py raises OSError, KeyError, ValueError, TypeError... for damaged files
        raise WeightsFileError(f"it is not a readable weights file ({type(error).__name__})") from None
    total = sum(int(np.prod(s, dtype=np.int64)) for s in shapes)
    if total > MAX_VALUES:
        raise WeightsFileError(f"it declares {total:,} weights, more than any model trained here "
                               f"({MAX_VALUES:,} at most)")
    return shapes


def _shape(name: str, obj) -> Shape:
    """One array's declared shape, refused when it is stored outside the file or is not floats."""
    if obj.is_virtual or obj.external:
        raise WeightsFileError(f"its array {name[:60]} is stored outside the file")
    if obj.dtype not in FLOATS:
        raise WeightsFileError(f"its array {name[:60]} holds {obj.dtype} values, not float weights")
    shape = tuple(int(d) for d in (obj.shape or ()))
    if any(d > MAX_VALUES for d in shape) or int(np.prod(shape, dtype=np.float64)) > MAX_VALUES:
        raise WeightsFileError(f"its array {name[:60]} declares {'x'.join(map(str, shape))[:40]} values, "
                               "more than any model trained here")
    return shape


def check_fits(shapes: Iterable[Shape], expected: Iterable[Shape]) -> None:
    """Raise WeightsFileError unless the declared shapes are exactly the model's (as a multiset)."""
    have, want = Counter(tuple(s) for s in shapes), Counter(tuple(s) for s in expected)
    if have != want:
        extra, lacking = have - want, want - have
        shown = next(iter(extra or lacking))
        raise WeightsFileError(f"its arrays do not fit the model its record describes ({len(have)} arrays, "
                               f"the model has {len(want)}; e.g. {'x'.join(map(str, shown)) or 'a scalar'} "
                               f"{'is not in the model' if extra else 'is missing'})")


def check_finite(weights: bytes) -> None:
    """Raise WeightsFileError when an array holds not-a-number or infinite values (call after ``check_fits``)."""
    import h5py
    names: list[str] = []
    try:
        with h5py.File(io.BytesIO(weights), "r") as f:
            f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
            bad = next((name for name in names if not np.all(np.isfinite(f[name][()]))), None)
    except Exception as error:
        raise WeightsFileError(f"its arrays cannot be read ({type(error).__name__})") from None
    if bad is not None:
        raise WeightsFileError(f"its array {bad[:60]} holds not-a-number or infinite weights")
