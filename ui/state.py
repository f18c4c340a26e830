"""Session-state helpers shared by the widgets of every page."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

import streamlit as st


def keep_valid(key: str, options: Collection, default: Any) -> None:
    """Reset a widget's stored value to ``default`` when it is missing or no longer an option.

    Widgets then take their value from session state alone (no ``value=``), which
    avoids Streamlit's warning about a value set both ways.
    """
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
