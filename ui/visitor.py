"""Who is visiting: a stable, unguessable id per browser, so a visitor's models are theirs alone.

The id is a random token kept in a cookie (``ae_visitor``, a year, this site only). A
browser without it gets a new token for its session, and a few lines of JavaScript set
the cookie to that same token, so the next reload reads it back from
``st.context.cookies`` and finds the same models. The token names the visitor's model
folder (``store.user_dir(owner)``): nobody else's page lists, loads or replaces them,
and 32 random characters cannot be guessed. A cookie that is not a well-formed token is
ignored (a new one replaces it).
"""
from __future__ import annotations

import secrets

import streamlit as st

from ae_models.store import OWNER

COOKIE = "ae_visitor"
SESSION_KEY = "visitor:id"
SET_KEY = "visitor:cookie_set"
MAX_AGE_S = 365 * 24 * 3600


def current() -> str:
    """This browser's visitor id: its cookie's token, else this session's (which ``remember`` stores)."""
    cookie = _cookie()
    if cookie is not None:
        st.session_state[SESSION_KEY] = cookie
        return cookie
    if not _valid(st.session_state.get(SESSION_KEY)):
        st.session_state[SESSION_KEY] = secrets.token_urlsafe(24)     # 32 characters, 192 random bits
    return st.session_state[SESSION_KEY]


def remember() -> None:
    """Once per session, when the browser has no visitor cookie: set it to this session's id."""
    visitor = current()
    if _cookie() is not None or st.session_state.get(SET_KEY) == visitor:
        return
    st.session_state[SET_KEY] = visitor
    st.html(f"<script>document.cookie = '{COOKIE}={visitor}; path=/; max-age={MAX_AGE_S}; SameSite=Strict';"
            "</script>", unsafe_allow_javascript=True)


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:    # no browser behind this run (a script run outside a server)
        return None
    return value if _valid(value) else None


def _valid(value) -> bool:
    return isinstance(value, str) and len(value) >= 32 and OWNER.fullmatch(value) is not None
