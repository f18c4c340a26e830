"""The common wrapper: every kind gets the same face, numpy in and numpy out.

``Autoencoder`` holds a kind's built parts and answers ``encode``, ``decode``,
``reconstruct`` and (for the variational kinds) ``sample``. A conditional kind
(the CVAE) also takes the class labels, and can ``classify`` an image by which
label explains it best. Calls go through one traced graph function per part,
in chunks, the fast path on a CPU, behind a lock so one model can serve several
threads (Streamlit sessions) at once.
"""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .kinds._base import CLASSES, KindConfig, Parts
from .metrics import kl_divergence, summed_bce
from .record import ModelRecord
from .registry import TITLES

CHUNK = 2048


def as_images(x: Any) -> np.ndarray:
    """Any (28, 28) or (N, 28, 28) array-like -> float32 (N, 28, 28); ValueError otherwise."""
    a = np.asarray(x, dtype=np.float32)
    if a.shape[-2:] != (28, 28) or a.ndim not in (2, 3):
        raise ValueError(f"Expected images of shape (N, 28, 28) or (28, 28), got {a.shape}.")
    return a.reshape(-1, 28, 28)


def one_hot(labels: Any, n: int) -> np.ndarray:
    """Labels (one int, or ``n`` ints in 0..9) -> float32 (n, 10); ValueError otherwise."""
    labels = np.asarray(labels)
    if labels.ndim == 0:
        labels = np.full(n, labels)
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer) or labels.min(initial=0) < 0 \
            or labels.max(initial=0) >= CLASSES:
        raise ValueError(f"Labels must be {n} integers in 0..{CLASSES - 1} (one per image), got {labels!r:.80}.")
    return np.eye(CLASSES, dtype=np.float32)[labels]


@dataclass(frozen=True)
class Layer:
    """One row of the architecture: which part, the layer, its type, its output shapes and weights."""

    part: str
    name: str
    type: str
    output_shapes: tuple[tuple[int | None, ...], ...]
    parameters: int

    @property
    def values(self) -> int:
        """How many numbers the layer puts out per image (its first output)."""
        shape = self.output_shapes[0] if self.output_shapes else ()
        return int(np.prod([d for d in shape if d])) if shape else 0

    @property
    def shape_text(self) -> str:
        """The output shapes as text, e.g. '(7, 7, 64)'."""
        return ", ".join(str(s) for s in self.output_shapes)


def _output_shapes(layer) -> tuple[tuple[int | None, ...], ...]:
    out = getattr(layer, "output", None)
    outs = out if isinstance(out, (list, tuple)) else [out]
    return tuple(tuple(o.shape[1:]) for o in outs if hasattr(o, "shape"))


class _Forward:
    """A model part's inference call. An object of its own per part, not a shared lambda: TensorFlow
    counts traces per function code, and one lambda traced for every model reads as retracing."""

    def __init__(self, model):
        self.model = model

    def __call__(self, *inputs):
        return self.model(list(inputs) if len(inputs) > 1 else inputs[0], training=False)


class Autoencoder:
    """One model of one kind, with the interface every page and benchmark uses."""

    def __init__(self, kind: str, config: KindConfig, parts: Parts, dataset: str | None = None,
                 record: ModelRecord | None = None, path: str | None = None):
        self.kind, self.config, self.parts = kind, config, parts
        self.dataset, self.record, self.path = dataset, record, path
        self._lock = threading.Lock()
        self._functions: dict[tuple, object] = {}

    # ---- identity -------------------------------------------------------
    @property
    def code_size(self) -> int:
        """Number of values in the code."""
        return int(self.config.code_size)

    @property
    def metrics(self) -> dict:
        """Test-set figures saved when the model was trained (empty when untrained)."""
        return self.record.metrics.as_dict() if self.record else {}

    @property
    def variational(self) -> bool:
        """True for kinds with a probabilistic code that can be sampled."""
        return self.parts.variational

    @property
    def conditional(self) -> bool:
        """True for kinds whose encoder and decoder also take the class label."""
        return self.parts.conditional

    @property
    def encoder(self):
        return self.parts.encoder

    @property
    def decoder(self):
        return self.parts.decoder

    def options(self) -> dict:
        """The kind's configuration as plain data (enough to rebuild it)."""
        return asdict(self.config)

    def count_params(self) -> int:
        """Weights in encoder and decoder together (tied weights counted once)."""
        seen = {id(w): w for m in (self.encoder, self.decoder) for w in m.weights}
        return int(sum(np.prod(w.shape) for w in seen.values()))

    def layer_table(self) -> list[Layer]:
        """The architecture, layer by layer, encoder then decoder."""
        return [Layer(part, layer.name, type(layer).__name__, _output_shapes(layer), int(layer.count_params()))
                for part, model in (("encoder", self.encoder), ("decoder", self.decoder))
                for layer in model.layers]

    def __repr__(self) -> str:
        return f"Autoencoder(kind={self.kind!r}, dataset={self.dataset!r}, code_size={self.code_size})"

    # ---- numpy in, numpy out -----------------------------------------------
    def _call(self, model, inputs: list[np.ndarray]):
        """One call of a part. From the second call on, through a graph function per part and input
        shapes (any batch size): traced once, then far less overhead per call than ``predict_on_batch``.
        The first call runs eagerly: tracing would otherwise land on the first page view of a fresh
        server."""
        key = (id(model), *(tuple(a.shape[1:]) for a in inputs))
        fn = self._functions.get(key)
        if fn is None:
            import tensorflow as tf
            specs = [tf.TensorSpec((None, *a.shape[1:]), tf.float32) for a in inputs]
            self._functions[key] = tf.function(_Forward(model), input_signature=specs)
            return model(inputs if len(inputs) > 1 else inputs[0], training=False)
        return fn(*inputs)

    def _run(self, model, *inputs: np.ndarray) -> list[np.ndarray]:
        outs: list[list[np.ndarray]] = []
        with self._lock:
            for start in range(0, max(len(inputs[0]), 1), CHUNK):
                out = self._call(model, [a[start:start + CHUNK] for a in inputs])
                outs.append([np.asarray(o) for o in out] if isinstance(out, (list, tuple)) else [np.asarray(out)])
        return [np.concatenate(parts).astype(np.float32) for parts in zip(*outs)]

    def _with_labels(self, first: np.ndarray, labels: Any) -> tuple[np.ndarray, ...]:
        """A part's inputs: ``first`` alone, or with the one-hot labels for a conditional kind."""
        if not self.conditional:
            return (first,)
        if labels is None:
            raise ValueError(f"The {TITLES[self.kind]} ({self.kind}) model draws the digit it is told: pass "
                             f"labels=..., one integer 0-9 per image (or one for all).")
        return first, one_hot(labels, len(first))

    def encode_distribution(self, x: Any, labels: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Variational kinds only: the posterior q(z|x) = N(mean, exp(log_var)) as its mean and
        log-variance, each (N, code_size)."""
        if not self.variational:
            raise TypeError(f"The {self.kind} kind has a plain code; only the variational kinds have a distribution.")
        mean, log_var = self._run(self.encoder, *self._with_labels(as_images(x), labels))
        return mean, log_var

    def encode(self, x: Any, labels: Any = None) -> np.ndarray:
        """Images (N, 28, 28) in [0, 1] -> codes (N, code_size); the mean for the variational kinds.
        ``labels``: the class of each image, for conditional kinds (others ignore them)."""
        return self._run(self.encoder, *self._with_labels(as_images(x), labels))[0]

    def decode(self, z: Any, labels: Any = None) -> np.ndarray:
        """Codes (N, code_size) -> images (N, 28, 28) in [0, 1]; ``labels`` as for ``encode``. For the
        variational kinds these are the Bernoulli decoder's means, each pixel's probability of being 1."""
        z = np.asarray(z, dtype=np.float32).reshape(-1, self.code_size)
        return np.clip(self._run(self.decoder, *self._with_labels(z, labels))[0], 0.0, 1.0)

    def reconstruct(self, x: Any, labels: Any = None) -> np.ndarray:
        """Images -> their reconstructions (the decoded mean for the variational kinds)."""
        x = as_images(x)
        if self.conditional:
            return self.decode(self.encode(x, labels), labels)
        # The trained model chains encoder and decoder (its noise and sampling act in training only):
        # one call instead of two halves the per-call overhead that dominates small batches.
        return np.clip(self._run(self.parts.trainer, x)[0], 0.0, 1.0)

    def sample(self, n: int, seed: int = 0, temperature: float = 1.0, labels: Any = None) -> np.ndarray:
        """Variational kinds only: ``n`` images decoded from codes drawn from the prior N(0, temperature^2).
        A conditional kind draws the digits in ``labels`` (None: the ten classes in turn)."""
        if not self.variational:
            raise TypeError(f"The {self.kind} kind cannot sample; use a variational kind (vae, cvae).")
        z = np.random.default_rng(seed).standard_normal((n, self.code_size)) * temperature
        if self.conditional and labels is None:
            labels = np.arange(n) % CLASSES
        return self.decode(z, labels)

    def negative_elbo(self, x: Any, labels: Any = None, samples: int = 1, seed: int = 0) -> np.ndarray:
        """Variational kinds only: -ELBO per image in nats (BCE summed over pixels + KL), codes drawn
        from q(z|x); for a conditional kind, -ELBO given the labels."""
        x = as_images(x)
        mean, log_var = self.encode_distribution(x, labels)
        rng = np.random.default_rng(seed)
        rec = np.zeros(len(x))
        for _ in range(samples):
            z = mean + np.exp(0.5 * log_var) * rng.standard_normal(mean.shape).astype(np.float32)
            rec += summed_bce(x, self.decode(z, labels)) / samples
        return rec + kl_divergence(mean, log_var)

    def classify(self, x: Any) -> tuple[np.ndarray, np.ndarray]:
        """Conditional kinds only: per image, the label whose ELBO is highest, and all ten ELBOs
        (N, 10) in nats, each taken at the code's mean (so the same image always reads the same)."""
        if not self.conditional:
            raise TypeError(f"The {self.kind} kind does not take labels; only a conditional kind can classify.")
        x = as_images(x)
        tiled = np.repeat(x, CLASSES, axis=0)                  # each image once per label
        labels = np.tile(np.arange(CLASSES), len(x))
        mean, log_var = self.encode_distribution(tiled, labels)
        elbo = -(summed_bce(tiled, self.decode(mean, labels)) + kl_divergence(mean, log_var))
        scores = elbo.reshape(len(x), CLASSES)
        return scores.argmax(axis=1), scores

    def read_label(self, image: Any) -> int | None:
        """The class a conditional model reads in one image (it then redraws it as that class); None for
        a kind that takes no labels."""
        return int(self.classify(image)[0][0]) if self.conditional else None

