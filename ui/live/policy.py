"""Browser or server: the one decision every live part of every page asks for.

A page asks ``browser_models`` for the model parts a view runs. It gets them when the
visitor wants live drawing (the sidebar's switch), this browser has not said it cannot
run models, and every part exports; otherwise None, with the reason said on the page,
and the page draws its server path (Streamlit widgets, decoded on the server: what
AppTest checks). A refusal is remembered for the session, so every later view goes to
the server at once and the sidebar's switch says why.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ae_models import TITLES, CorruptModelError

from .. import state
from .component import unavailable_reason
from .models import LiveModel, live_model


def live_wanted() -> bool:
    """Whether to decode in the browser: the visitor's choice, and no earlier sign it cannot."""
    return state.live_switch() and state.browser_trouble() is None


def browser_models(key: str, models: Sequence, parts: Sequence[str] = ("decoder",)
                   ) -> list[tuple[LiveModel, ...]] | None:
    """Each of ``models``' ``parts`` exported for the view ``key``, or None: draw the server path instead."""
    if not live_wanted() or _refused(key):
        return None
    exported = []
    for ae in models:      # one model the browser cannot run sends the whole view to the server
        try:
            exported.append(tuple(live_model(ae, part) for part in parts))
        except (ValueError, RuntimeError, CorruptModelError) as error:    # an unsaved model, an export failure
            st.caption(f"Running on the server: the {TITLES[ae.kind]} model cannot run in the browser ({error}).")
            return None
    return exported


def browser_model(key: str, ae, parts: Sequence[str] = ("decoder",)) -> tuple[LiveModel, ...] | None:
    """``browser_models`` for one model: its parts, or None."""
    found = browser_models(key, [ae], parts)
    return None if found is None else found[0]


def _refused(key: str) -> bool:
    """Whether the view ``key`` said this browser cannot run models (remembered, and said on the page)."""
    if (reason := unavailable_reason(key)) is None:
        return False
    state.remember_browser_trouble(reason)
    st.caption(f"Running on the server: this browser cannot run the models ({reason}).")
    return True
