"""The address is the state: what a page shows, as query parameters a link can carry.

When a session starts, ``begin`` reads the link's parameters into the session (each checked:
a wrong one is ignored), before any widget is drawn, so the page opens as the link says: the
dataset, the test image, each page's code size, noise kind and level, the prior's seed and
temperature, the conditional digit, Compare's kinds and code size, and where each latent walk
was released (``state.Walk.from_query``, applied when the walk starts). After every run
``end`` writes the same back, so the address follows each released slider (one entry in the
browser's history per release, none per move: moves never reach the server). A drawing or an
upload is not in the address: a link opens on a test image. The lesson's ``hide``/``note``
stay as ``ui.lesson`` set them. The address holds the sidebar's values and the drawn page's own
(``scope_to``), not those of other pages visited before.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

import streamlit as st

from ae_models.data import DATASETS
from ae_models.images import NOISE_KINDS
from ae_models.registry import BY_NAME

from . import state

PENDING = state.LINK             # the link's parameters, read once when the session starts
WALK_PREFIX = "walk."            # a walk's released position: walk.<name>=0.25,-1.5
KEPT = ("hide", "note")          # parameters another module owns
SCOPE = "address:scope"          # the drawn page's own key names (a kind's name, "compare"), set each run
SHARED = ("dataset", "input_source", "sample_index")     # the sidebar's: in every page's address


def _int(low: int, high: int) -> Callable[[str], int | None]:
    return lambda text: int(text) if text.isdigit() and low <= int(text) <= high else None


def _float(low: float, high: float) -> Callable[[str], float | None]:
    def read(text: str) -> float | None:
        try:
            value = float(text)
        except ValueError:
            return None
        return value if low <= value <= high else None
    return read


def _one_of(options) -> Callable[[str], str | None]:
    return lambda text: text if text in options else None


def _kinds(text: str) -> list[str] | None:
    kinds = [k for k in text.split(",") if k in BY_NAME]
    return kinds or None


# Session keys a link may set, by pattern, and how each value is read back from text.
FIELDS: tuple[tuple[re.Pattern, Callable[[str], object]], ...] = tuple((re.compile(p), r) for p, r in (
    (r"dataset", _one_of(DATASETS)),
    (r"input_source", _one_of(("Sample",))),         # drawings and uploads are not in links
    (r"sample_index", _int(0, 59_999)),
    (r"code_size:\w+:\w+", _int(1, 1024)),
    (r"\w+:noise_kind", _one_of(NOISE_KINDS)),
    (r"\w+:noise_level", _float(0.0, 1.0)),
    (r"\w+:temperature", _float(0.2, 2.0)),
    (r"\w+:seed", _int(0, 10**6)),
    (r"cvae:digit", _int(0, 9)),
    (r"compare:kinds", _kinds),
    (r"compare:code_size", _int(1, 1024)),
))


def _reader(key: str) -> Callable[[str], object] | None:
    return next((read for pattern, read in FIELDS if pattern.fullmatch(key)), None)


def read_link(query: Mapping[str, str]) -> dict[str, object]:
    """The session values a link's parameters set (unknown or wrong ones left out)."""
    values = {}
    for key, text in query.items():
        reader = _reader(key)
        value = reader(text) if reader else None
        if value is not None:
            values[key] = value
    return values


def begin() -> None:
    """On a session's first run: put the link's values into the session, before any widget reads them."""
    if state.read(PENDING) is not None:
        return
    query = {k: st.query_params[k] for k in st.query_params}
    state.write(PENDING, query)
    for key, value in read_link(query).items():
        state.write(key, value)


def scope_to(names: frozenset[str] | None) -> None:
    """Say which page is drawn: its address holds the sidebar's values and the keys naming one of
    ``names`` (``code_size:conv:mnist``, ``walk:edit:conv`` for "conv"); None: every key."""
    state.write(SCOPE, names)


def _in_scope(key: str, names: frozenset[str] | None) -> bool:
    return names is None or key in SHARED or not names.isdisjoint(re.split(r"[:.]", key))


def current() -> dict[str, str]:
    """What the drawn page shows, as the address's parameters."""
    out, names = {}, state.read(SCOPE)
    for key in list(st.session_state.keys()):
        key = str(key)
        if not _in_scope(key, names):
            continue
        value = st.session_state[key]
        if key.startswith("walk:") and isinstance(value, state.Walk):
            out.update({WALK_PREFIX + k: v for k, v in value.to_query().items()})
        elif _reader(key) is not None and value is not None:
            out[key] = ",".join(value) if isinstance(value, list | tuple) else f"{value:g}" if isinstance(
                value, float) else str(value)
    if out.get("input_source", "Sample") != "Sample":
        out.pop("sample_index", None)
        out.pop("input_source")
    return dict(sorted(out.items()))


def end() -> None:
    """After a run: the address says what the page now shows (unchanged when it already does)."""
    wanted = {**current(), **{k: st.query_params[k] for k in KEPT if k in st.query_params}}
    if wanted != {k: st.query_params[k] for k in st.query_params}:
        st.query_params.from_dict(wanted)


COPY_BUTTON = """
<button type="button" onclick="navigator.clipboard.writeText(window.location.href).then(
  () => { this.textContent = 'Link copied'; setTimeout(() => { this.textContent = 'Copy link'; }, 1500); })"
  aria-label="Copy a link to exactly this view"
  style="width:100%;padding:.4rem;border-radius:.5rem;border:1px solid rgba(49,51,63,.2);background:transparent;
         cursor:pointer;font:inherit">Copy link</button>
"""


def copy_link_button() -> None:
    """A button that copies the address (this exact view) to the clipboard."""
    st.html(COPY_BUTTON, unsafe_allow_javascript=True)


def fragment(func: Callable) -> Callable:
    """``st.fragment`` that also brings the address up to date after each of its own reruns (a released
    slider inside a fragment reruns only the fragment, not the page that writes the address)."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        result = func(*args, **kwargs)
        end()
        return result
    return st.fragment(run)
