"""Who is visiting: one id per browser session, kept in the session's state.

A stand-in with the interface pages use (``current()``); an id that outlives a
page reload (a cookie) can replace it without touching its callers.
"""
from __future__ import annotations

import uuid

import streamlit as st

VISITOR_KEY = "visitor:id"


def current() -> str:
    """This session's visitor id."""
    if VISITOR_KEY not in st.session_state:
        st.session_state[VISITOR_KEY] = uuid.uuid4().hex
    return st.session_state[VISITOR_KEY]
