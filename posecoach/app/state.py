"""Resources shared by every browser session: the history database handle, per path."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from posecoach.history import History


@st.cache_resource(show_spinner=False)
def _history(path: str) -> History:
    return History(path)


def history(path: Path) -> History:
    """One ``History`` per database file for the whole server; it is safe to share across threads."""
    return _history(str(Path(path).expanduser().resolve()))
