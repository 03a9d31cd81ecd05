"""Per-visitor resources and operator settings: temporary folders, their clean-up, where the history lives."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

from posecoach.app import config, state
from posecoach.history import DB_ENV


@pytest.fixture()
def tmpdir_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_sessions_folder_goes_when_the_session_is_dropped(tmpdir_root: Path):
    workspace = state.Workspace()
    folder = workspace.path
    recorder = workspace.recorder()
    scratch = workspace.scratch()
    (scratch / "upload.mp4").write_bytes(b"video")
    assert folder.parent == tmpdir_root / f"posecoach-{os.getpid()}" and scratch.parent == folder
    del workspace
    gc.collect()
    assert not folder.exists()
    assert not recorder._thread.is_alive()  # its history writer stopped with it


def test_folders_of_servers_that_are_gone_are_swept_and_running_ones_kept(tmpdir_root: Path):
    dead = tmpdir_root / "posecoach-999999999"
    legacy = tmpdir_root / "posecoach-video-k2j3"
    running = tmpdir_root / f"posecoach-{os.getppid()}"
    unrelated = tmpdir_root / "other-program"
    legacy_in_use = tmpdir_root / "posecoach-video-recent"
    for folder in (dead, legacy, legacy_in_use, running, unrelated):
        folder.mkdir()
        (folder / "file").write_text("x")
    os.utime(legacy, (time.time() - 2 * state.LEGACY_SWEEP_AGE_S,) * 2)
    assert sorted(state.sweep_stale_folders()) == sorted([dead, legacy])
    assert running.is_dir() and unrelated.is_dir() and legacy_in_use.is_dir() and not dead.exists() and not legacy.exists()


def test_the_history_file_comes_from_the_flag_then_the_environment_then_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.delenv(DB_ENV, raising=False)
    assert config.configured_db_path() == Path("~/.posecoach/history.db").expanduser()
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.db"))
    assert config.configured_db_path() == tmp_path / "env.db"
    monkeypatch.setattr(sys, "argv", ["app.py", "--db", str(tmp_path / "flag.db"), "--history", "shared"])
    assert config.configured_db_path() == tmp_path / "flag.db"
    assert config.history_setting() == "shared"


def test_an_unknown_history_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.setenv(config.HISTORY_ENV, "everyone")
    with pytest.raises(config.ConfigError, match="auto, shared"):
        config.history_setting()


def test_a_misconfigured_server_says_so_on_every_page_without_a_traceback(monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(config.HISTORY_ENV, "everyone")
    at = AppTest.from_file(str(config.REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        "posecoach is not configured right: POSECOACH_HISTORY / --history must be one of auto, shared, not 'everyone'."]


class FakeUser(dict):
    """What ``st.user`` offers the app: ``is_logged_in`` and the OIDC claims."""

    @property
    def is_logged_in(self) -> bool:
        return bool(self)


def test_with_login_each_signed_in_user_has_their_own_rows_in_the_one_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.setenv(DB_ENV, str(tmp_path / "history.db"))
    monkeypatch.setattr(state, "login_configured", lambda: True)
    places = []
    for claims in ({"iss": "https://id.example.org", "sub": "alice", "email": "alice@example.org"},
                   {"iss": "https://id.example.org", "sub": "bob", "email": "bob@example.org"}):
        monkeypatch.setattr(state.st, "user", FakeUser(claims))
        places.append(state.visitor_history())
    alice, bob = places
    assert alice.mode is bob.mode is state.HistoryMode.USER and alice.path == bob.path == tmp_path / "history.db"
    assert alice.owner != bob.owner and alice.owner.startswith("user:") and "alice" not in alice.owner
    assert "alice@example.org" in alice.note
