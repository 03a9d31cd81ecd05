"""Per-visitor resources: which history a visitor sees, their history recorder, their temporary folder.

The history a visitor sees depends on how the app is served (README, "Deploying"):

- ``local``: served on this computer only: one history, the person at the keyboard's.
- ``user``: OIDC login configured (``st.login``): each signed-in user sees only their own rows.
- ``session``: served to other machines without login: a history for this browser session (the
  visit, until the tab is closed or reloaded) only, in its temporary folder, deleted with it.
- ``shared``: the operator chose ``--history shared``: one history for every visitor.

Temporary files (uploads, annotated videos, session histories) live in a per-session folder under
``$TMPDIR/posecoach-<server pid>/``; the folder is deleted when the session ends, the whole tree at
server exit, and trees left by a server that died are swept at the next start.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import secrets
import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from posecoach.app.config import LOOPBACK_NAMES, bound_to_loopback, configured_db_path, history_setting, login_configured
from posecoach.history import History, HistoryRecorder

TEMP_PREFIX = "posecoach-"
_LEGACY_TEMP_GLOB = "posecoach-video-*"  # per-upload folders of earlier versions, never cleaned up by them
LEGACY_SWEEP_AGE_S = 24 * 3600
WORKSPACE_KEY = "posecoach_workspace"  # session_state
SESSION_DB = "history.db"


class HistoryMode(str, Enum):
    LOCAL = "local"
    USER = "user"
    SESSION = "session"
    SHARED = "shared"


@dataclass(frozen=True)
class VisitorHistory:
    mode: HistoryMode
    path: Path
    owner: str  # '' for the single or shared history
    note: str  # one line for the History page: whose history this is and how long it lasts


class Workspace:
    """This browser session's temporary folder; deleted (with its history recorder) when the session ends."""

    def __init__(self) -> None:
        self.path = _process_root() / secrets.token_hex(8)
        self.path.mkdir(mode=0o700)
        self._recorders: list[HistoryRecorder] = []
        self._finalizer = weakref.finalize(self, _remove_workspace, self.path, self._recorders)

    def recorder(self) -> HistoryRecorder:
        if not self._recorders:
            self._recorders.append(HistoryRecorder(self.path / SESSION_DB))
        return self._recorders[0]

    def scratch(self) -> Path:
        """A fresh folder for one job's files (remove it when the job is done)."""
        return Path(tempfile.mkdtemp(dir=self.path))

    def remove(self) -> None:
        self._finalizer()


def workspace() -> Workspace:
    found = st.session_state.get(WORKSPACE_KEY)
    if not isinstance(found, Workspace) or not found.path.is_dir():
        found = Workspace()
        st.session_state[WORKSPACE_KEY] = found
    return found


def visitor_history() -> VisitorHistory:
    """Which history this visitor reads and writes (the operator's settings and how the page was reached)."""
    if history_setting() == "shared":
        return VisitorHistory(HistoryMode.SHARED, configured_db_path(), "",
                              "This server keeps one shared history: everyone who uses it sees these sessions.")
    if login_configured():
        if st.user.is_logged_in:
            subject = str(st.user.get("sub") or st.user.get("email") or "")
            issuer = str(st.user.get("iss") or "")
            owner = "user:" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:32]
            name = st.user.get("email") or st.user.get("name") or "you"
            return VisitorHistory(HistoryMode.USER, configured_db_path(), owner,
                                  f"Signed in as {name}: only you see this history.")
    elif served_to_this_computer_only():
        return VisitorHistory(HistoryMode.LOCAL, configured_db_path(), "", "Your history is stored on this computer.")
    return VisitorHistory(
        HistoryMode.SESSION, workspace().path / SESSION_DB, "",
        "This history lasts for this visit only: nobody else sees it, and it is deleted when you close or reload the tab.",
    )


def served_to_this_computer_only() -> bool:
    """Bound to loopback and reached directly (no reverse proxy forwarding visitors from elsewhere)."""
    if not bound_to_loopback():
        return False
    headers = st.context.headers
    host = urlsplit("//" + str(headers.get("Host") or "localhost")).hostname or ""
    forwarded = any(headers.get(name) for name in ("X-Forwarded-For", "Forwarded", "X-Real-Ip"))
    return host in LOOPBACK_NAMES and not forwarded


@st.cache_resource(show_spinner=False)
def _shared_recorder(path: str, owner: str) -> HistoryRecorder:
    return HistoryRecorder(path, owner)


def recorder() -> HistoryRecorder:
    """This visitor's history recorder (the live coach and the video page write through it)."""
    place = visitor_history()
    if place.mode is HistoryMode.SESSION:
        return workspace().recorder()
    return _shared_recorder(str(place.path.resolve()), place.owner)


def history(path: Path | None = None) -> HistoryRecorder:
    """This visitor's recorder (``path``, if given, is this visitor's ``config.db_path()``; kept for the live page)."""
    return recorder()


def open_history() -> History | None:
    """This visitor's history for reading (close it after use); None while nothing was ever saved.

    Raises ``HistoryError`` (one line) when the file cannot be used.
    """
    place = visitor_history()
    if not place.path.is_file():
        return None
    return History(place.path, owner=place.owner, busy_timeout_s=2.0)


@st.cache_resource(show_spinner=False)
def prepare_temp_folders() -> Path:
    """Once per server, at its first page: sweeps what dead servers left and makes this one's folder."""
    return _process_root()


def _process_root() -> Path:
    root = Path(tempfile.gettempdir()) / f"{TEMP_PREFIX}{os.getpid()}"
    if not root.is_dir():
        sweep_stale_folders()
        root.mkdir(mode=0o700, exist_ok=True)
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def sweep_stale_folders() -> list[Path]:
    """Removes the temporary trees of posecoach servers that are no longer running; returns them."""
    base = Path(tempfile.gettempdir())
    stale = [folder for folder in base.glob(f"{TEMP_PREFIX}[0-9]*")
             if (pid := folder.name.removeprefix(TEMP_PREFIX)).isdigit() and not _alive(int(pid))]
    # Earlier versions' folders name no process: only those untouched for a day are surely abandoned.
    stale += [folder for folder in base.glob(_LEGACY_TEMP_GLOB) if time.time() - folder.stat().st_mtime > LEGACY_SWEEP_AGE_S]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _remove_workspace(path: Path, recorders: list[HistoryRecorder]) -> None:
    for item in recorders:
        item.close(timeout_s=1.0)
    shutil.rmtree(path, ignore_errors=True)
