"""Model parts as ONNX files, so they can run outside TensorFlow (in the browser, with ONNX Runtime Web).

``export_part(ae, "decoder", folder)`` writes
``<folder>/<first 16 hex of the weights' sha256>-<kind>-<part>-f16.onnx`` the first time and
returns that file from then on: one export per weights file, shared by every process
and session. Keras does the conversion (``model.export(format="onnx")``, which drives
tf2onnx); this module keeps it quiet, keeps tf2onnx's numpy patch from leaking, gives
parts tf2onnx cannot read an inference-only form, and turns a failure into
``ExportError``. Weights that are float16 values (the shipped ones are stored at half
precision) are written as float16 and cast back in the graph: half the bytes to download,
the same outputs. The ``-f16`` in the name tells this format from the earlier float32 one,
which browsers may hold in their cache under the old name. ``onnx_inputs`` / ``onnx_outputs``
read back what a file takes and gives.
"""
from __future__ import annotations

import importlib.util
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .store import atomic_write

PARTS = ("encoder", "decoder")
DIGEST_CHARS = 16
FORMAT = "f16"          # in the file name: a new format gets new URLs, so no browser keeps a stale copy
MIN_HALF_VALUES = 64    # smaller weights stay float32: a Cast node costs more bytes than it saves
REQUIREMENTS = "tf2onnx==1.17.0 onnx==1.23.2"

_EXPORT_LOCK = threading.Lock()   # tracing one model from two threads at once is not safe


class ExportError(RuntimeError):
    """A model part cannot be converted to ONNX; the message says why."""


@dataclass(frozen=True)
class OnnxTensor:
    """One input or output of an ONNX file: its name and shape (None where any size goes, e.g. the batch)."""

    name: str
    shape: tuple[int | None, ...]


def export_path(ae, part: str, folder: Path) -> Path:
    """Where ``export_part`` puts (or finds) the part's ONNX file; ValueError for an unsaved model."""
    if part not in PARTS:
        raise ValueError(f"Unknown part {part!r}: choose one of {', '.join(PARTS)}.")
    digest = ae.record.sha256 if ae.record is not None else None
    if not digest:
        raise ValueError(f"This {ae.kind} model has not been saved, so there is no weights file to name its "
                         "export after: save it first (ae_models.store.save), then export it.")
    return Path(folder) / f"{digest[:DIGEST_CHARS]}-{ae.kind}-{part}-{FORMAT}.onnx"


def export_part(ae, part: str, folder: Path) -> Path:
    """The ONNX file of ``ae``'s encoder or decoder in ``folder``, exported once per weights file."""
    path = export_path(ae, part, folder)
    if path.is_file():
        return path
    with _EXPORT_LOCK:
        if not path.is_file():   # another thread may have written it while we waited
            try:
                model = exportable(getattr(ae.parts, part))
                atomic_write(path, lambda tmp: _write_onnx(model, tmp), ".onnx")
            except ExportError:
                raise
            except Exception as error:
                raise ExportError(f"The {ae.kind} model's {part} cannot be exported to ONNX "
                                  f"({type(error).__name__}: {str(error)[:300]}).") from error
    return path


def exportable(model):
    """``model`` in a form tf2onnx can convert: activity regularizers removed, same weights.

    An activity regularizer adds a training-only loss to the layer's call; tf2onnx then
    looks for a constant of that loss that TensorFlow's graph optimiser has already folded
    away ("Fetch node .../mul/x doesn't exist in graph"). Regularizers never change what a
    layer outputs, so a copy without them computes the same thing.
    """
    if not any(getattr(layer, "activity_regularizer", None) is not None for layer in model.layers):
        return model
    import keras

    def without_regularizer(layer):
        config = layer.get_config()
        config.pop("activity_regularizer", None)
        return layer.__class__.from_config(config)

    copy = keras.models.clone_model(model, clone_function=without_regularizer)
    copy.set_weights(model.get_weights())
    zeros = [np.zeros((1, *i.shape[1:]), np.float32) for i in model.inputs]
    copy(zeros if len(zeros) > 1 else zeros[0])   # export wants a model that has been called
    return copy


def _write_onnx(model, path: str) -> None:
    """Convert ``model`` to ONNX at ``path`` without a word on stdout or stderr."""
    if importlib.util.find_spec("tf2onnx") is None or importlib.util.find_spec("onnx") is None:
        raise ExportError(f"ONNX export needs tf2onnx and onnx: pip install {REQUIREMENTS}")
    with _quiet_converter():
        model.export(path, format="onnx", verbose=False)
    store_half_weights(path)


def store_half_weights(path: str | Path) -> int:
    """Rewrite the ONNX file's float32 weights that are exact float16 values as float16, each cast
    back to float32 by a Cast node in front of the graph; returns how many were rewritten.

    Lossless: only weights that survive the round trip to float16 bit for bit are touched, so
    every node still sees the same float32 numbers."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    exported = onnx.load(str(path))
    graph = exported.graph
    graph_inputs = {value.name for value in graph.input}   # an initializer may also be an input: leave those
    casts = []
    for tensor in graph.initializer:
        if tensor.data_type != TensorProto.FLOAT or tensor.name in graph_inputs:
            continue
        values = numpy_helper.to_array(tensor)
        half = values.astype(np.float16)
        if values.size < MIN_HALF_VALUES or not np.array_equal(half.astype(np.float32), values):
            continue
        name = tensor.name
        tensor.CopyFrom(numpy_helper.from_array(half, f"{name}:f16"))
        casts.append(helper.make_node("Cast", [f"{name}:f16"], [name], name=f"{name}:cast", to=TensorProto.FLOAT))
    if casts:
        nodes = casts + list(graph.node)   # the casts first: the nodes must stay in topological order
        del graph.node[:]
        graph.node.extend(nodes)
        onnx.save(exported, str(path))
    return len(casts)


@contextmanager
def _quiet_converter() -> Iterator[None]:
    """Silence tf2onnx's log lines and warnings, and undo the ``np.object`` alias it needs.

    Keras' tf2onnx patch sets ``numpy.object = object`` for numpy 2 (probing for it warns);
    removing it again afterwards keeps that alias out of the rest of the program.
    """
    had_alias = "object" in vars(np)
    loggers = [logging.getLogger(name) for name in ("tf2onnx", "tensorflow")]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
        if not had_alias and "object" in vars(np):
            delattr(np, "object")


def onnx_inputs(path: Path) -> list[OnnxTensor]:
    """The inputs an ONNX file takes, in order (a decoder: ``code``, and ``label`` when conditional)."""
    return [_tensor(value) for value in _graph(path).input]


def onnx_outputs(path: Path) -> list[OnnxTensor]:
    """The outputs an ONNX file gives, in order."""
    return [_tensor(value) for value in _graph(path).output]


def _graph(path: Path):
    import onnx
    return onnx.load(str(path), load_external_data=False).graph


def _tensor(value) -> OnnxTensor:
    dims = value.type.tensor_type.shape.dim
    return OnnxTensor(value.name, tuple(d.dim_value if d.HasField("dim_value") else None for d in dims))
