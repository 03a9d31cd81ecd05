"""Per-visitor resources and operator settings: temporary folders, their clean-up, where the history lives."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
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
    for folder in (dead, legacy, running, unrelated):
        folder.mkdir()
        (folder / "file").write_text("x")
    assert sorted(state.sweep_stale_folders()) == sorted([dead, legacy])
    assert running.is_dir() and unrelated.is_dir() and not dead.exists() and not legacy.exists()


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
