"""What a session remembers across reruns: every session key, and one typed object per feature.

A widget keeps its own value under its key (the keys are named here). What must outlive a
rerun and is not one widget's value is one frozen object per feature under one key, with
its few transitions as methods: a ``Walk`` (code sliders: where they start, along which
directions, where they were released), a ``NoiseChoice`` (a trial's noise kind and
level), a ``Comparison`` (the kinds and code size Compare shows). Each says itself as
``to_query()`` (str -> str, released positions only) and reads itself back with
``from_query``, the shape an address bar can hold. Nothing else in ``ui/`` reads or writes
``st.session_state`` for these features.
"""
from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import streamlit as st

from ae_models.images import NOISE_KINDS
from ae_models.latent import Axes

# The sidebar's widgets and what it picked.
DATASET = "dataset"
SOURCE_KEY, INDEX_KEY, INPUT = "input_source", "sample_index", "input"   # the input's source, sample, the picture
DRAWN, UPLOADED = "input:drawn", "input:uploaded"                          # the converted drawing and upload
LIVE = "live"                          # the switch "Draw in this browser"
BROWSER_TROUBLE = "live:unavailable"   # why this browser cannot run models, once it said so
PICKED = "vae:picked"                  # the test digit last clicked on a map: (dataset, index)
SPAN = 3.0                             # code sliders run over [-SPAN, SPAN]


def read(key: str, default: Any = None) -> Any:
    """The session's value under ``key`` (``default`` when it has none)."""
    return st.session_state.get(key, default)


def write(key: str, value: Any) -> None:
    """Keep ``value`` under ``key`` for the session."""
    st.session_state[key] = value


def set_default(key: str, value: Any) -> None:
    """Keep ``value`` under ``key`` unless the session holds something there already."""
    st.session_state.setdefault(key, value)


def keep_valid(key: str, options: Collection, default: Any) -> None:
    """Reset a widget's stored value to ``default`` when it is missing or no longer an option.

    Widgets then take their value from session state alone (no ``value=``), which
    avoids Streamlit's warning about a value set both ways.
    """
    if read(key) not in options:
        write(key, default)


def live_switch() -> bool:
    """The sidebar's switch: whether the visitor wants pictures drawn in the browser (on by default)."""
    return bool(read(LIVE, True))


def browser_trouble() -> str | None:
    """Why this browser cannot run models, once one of the live views said so; None before."""
    return read(BROWSER_TROUBLE)


def remember_browser_trouble(reason: str) -> None:
    """Remember for the session that this browser cannot run models, and why."""
    write(BROWSER_TROUBLE, reason)


def _positions(text: str) -> list[float] | None:
    try:
        return [float(p) for p in text.split(",")]
    except ValueError:
        return None


@dataclass(frozen=True)
class Walk:
    """Code sliders: the code they start from (``base``), the directions they move it along, what that
    start came from (``origin``, e.g. the model and input: a new one starts again), where the sliders
    were released (None: at the start) and how often they were sent back to a start (``restarts``:
    each start is a new browser view, even from the same code)."""

    name: str                 # the sliders' group: the server sliders' keys start with it
    base: np.ndarray
    axes: Axes
    origin: Hashable = None
    position: tuple[float, ...] | None = None
    restarts: int = 0

    @classmethod
    def at(cls, name: str, code: np.ndarray, axes: Axes, origin: Hashable = None, restarts: int = 0) -> Walk:
        """Sliders along ``axes`` that start at ``code``."""
        return cls(name, np.asarray(code, np.float32), axes, origin, None, restarts)

    def start_from(self, code: np.ndarray, axes: Axes | None = None, origin: Hashable = ...) -> Walk:
        """The sliders sent back to ``code`` (along ``axes`` and from ``origin`` when given, else the same)."""
        return Walk.at(self.name, code, axes or self.axes, self.origin if origin is ... else origin,
                       self.restarts + 1)

    def moved(self, position: Sequence[float] | None) -> Walk:
        """The sliders released at ``position`` (None: no release yet, they stay where they are)."""
        return self if position is None else replace(self, position=tuple(float(p) for p in position))

    @property
    def start(self) -> list[float]:
        """Where the server's sliders stand at the start: the base code's positions, rounded and clipped."""
        return [float(np.clip(np.round(p, 2), -SPAN, SPAN)) for p in self.axes.positions(self.base)]

    @property
    def code(self) -> np.ndarray:
        """The code the sliders point at."""
        return self.base if self.position is None else self.axes.move(self.base, np.array(self.position))

    def slider_key(self, i: int) -> str:
        """The session key of the server path's ``i``-th slider."""
        return f"{self.name}:z{i}"

    def to_query(self) -> dict[str, str]:
        """The released position, e.g. ``{"vae": "0.25,-1.5"}`` (nothing before a release)."""
        return {} if self.position is None else {self.name: ",".join(f"{p:g}" for p in self.position)}

    def from_query(self, query: Mapping[str, str]) -> Walk:
        """This walk released where ``query`` says (unchanged when it says nothing usable for these axes)."""
        position = _positions(query.get(self.name, ""))
        if position is None or len(position) != self.axes.count:
            return self
        return self.moved(np.clip(position, -SPAN, SPAN))


def walk(name: str) -> Walk | None:
    """The session's walk ``name``, or None before the first."""
    return read(f"walk:{name}")


def keep_walk(held: Walk) -> Walk:
    """Keep ``held`` as the session's walk; a new start puts the server's sliders at it. Returns it."""
    before = walk(held.name)
    if before is None or before.restarts != held.restarts or before.axes.count != held.axes.count:
        for i, p in enumerate(held.start):
            write(held.slider_key(i), p)
    write(f"walk:{held.name}", held)
    return held


LINK = "address:pending"          # the parameters of the link the session opened (ui.address)


def from_link(held: Walk) -> Walk:
    """A walk starting where the session's link released it (once per walk), else ``held`` itself."""
    text = (read(LINK) or {}).pop(f"walk.{held.name}", None)
    moved = held if text is None else held.from_query({held.name: text})
    if moved.position is None:
        return held
    return Walk.at(held.name, moved.code, held.axes, held.origin, held.restarts).moved(moved.position)


def walk_from(name: str, code: np.ndarray, axes: Axes, origin: Hashable) -> Walk:
    """The session's walk ``name``, sent to ``code`` first when it is new or came from another ``origin``;
    a new one starts where the session's link released it."""
    held = walk(name)
    if held is None:
        return keep_walk(from_link(Walk.at(name, code, axes, origin)))
    if held.origin != origin or held.axes.count != axes.count:
        return keep_walk(held.start_from(code, axes, origin))
    return held


def place_sliders(held: Walk) -> None:
    """Put any server slider the session has lost (none was drawn while the browser drew) at its start."""
    for i, p in enumerate(held.start):
        if read(held.slider_key(i)) is None:
            write(held.slider_key(i), p)


def restart_walk(name: str, code: np.ndarray, released: bool = False) -> None:
    """Send the walk ``name`` back to ``code`` (a callback: before the sliders are drawn again);
    ``released``: ``code`` is also where the visitor let go (a point chosen on the plane), so the
    address keeps it as a released position."""
    started = walk(name).start_from(code)
    keep_walk(started.moved(started.axes.positions(started.base)) if released else started)


@dataclass(frozen=True)
class NoiseChoice:
    """A trial's noise: its kind and level (0 leaves the input clean), kept by the noise widgets."""

    kind: str = "gaussian"
    level: float = 0.0

    def to_query(self, name: str) -> dict[str, str]:
        """``{"<name>.noise": "<kind>:<level>"}``."""
        return {f"{name}.noise": f"{self.kind}:{self.level:g}"}

    @classmethod
    def from_query(cls, query: Mapping[str, str], name: str, default: NoiseChoice) -> NoiseChoice:
        """The noise ``query`` holds for ``name``; ``default`` when it holds none or a wrong one."""
        kind, _, level = query.get(f"{name}.noise", "").partition(":")
        try:
            chosen = cls(kind, float(level))
        except ValueError:
            return default
        return chosen if kind in NOISE_KINDS and 0 <= chosen.level <= 1 else default


def noise_kind_key(name: str) -> str:
    """The session key of the noise kind select of the trial ``name``."""
    return f"{name}:noise_kind"


def noise_level_key(name: str) -> str:
    """The session key of the noise level of the trial ``name`` (the server slider's, kept in both paths)."""
    return f"{name}:noise_level"


def noise_choice(name: str, default: NoiseChoice) -> NoiseChoice:
    """The noise last chosen for the trial ``name``, on either path."""
    return NoiseChoice(read(noise_kind_key(name), default.kind), float(read(noise_level_key(name), default.level)))


def keep_level(name: str, level: float) -> None:
    """Keep the level the browser released as the trial's (the server slider finds it there)."""
    write(noise_level_key(name), level)


@dataclass(frozen=True)
class Comparison:
    """What Compare shows: the chosen kinds and the code size, kept by its widgets."""

    kinds: tuple[str, ...]
    code_size: int | None = None

    KINDS_KEY = "compare:kinds"
    CODE_KEY = "compare:code_size"

    def to_query(self) -> dict[str, str]:
        """``{"kinds": "pca,conv", "code": "32"}``."""
        return {"kinds": ",".join(self.kinds), **({"code": str(self.code_size)} if self.code_size else {})}

    @classmethod
    def from_query(cls, query: Mapping[str, str], known: Sequence[str]) -> Comparison | None:
        """The comparison ``query`` holds (kinds it does not know are left out); None when it holds none."""
        if "kinds" not in query:
            return None
        code = query.get("code", "")
        return cls(tuple(k for k in query["kinds"].split(",") if k in known), int(code) if code.isdigit() else None)
