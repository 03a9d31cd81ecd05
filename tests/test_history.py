"""The history database on a real SQLite file: round trips, concurrent writers, a killed process, reopening."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.history import DB_ENV, History, default_db_path

REPO = Path(__file__).resolve().parent.parent


def rep(index: int, counted: bool = True, issues: tuple[Issue, ...] = (), knee: float = 70.0) -> RepRecord:
    return RepRecord(index, index * 3.0, index * 3.0 + 1.0, index * 3.0 + 2.0, counted, {"knee": knee, "hip": float("nan")}, issues)


def test_a_set_round_trips(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        session = store.start_session("live", "squat", set_number=1)
        store.add_rep(session, rep(1))
        store.add_rep(session, rep(2, issues=(Issue("torso_lean", "Keep your chest up.", 7.5),)))
        store.add_rep(session, rep(3, counted=False))
        store.end_session(session)
        [row] = store.sessions()
        assert (row.source, row.exercise, row.set_number, row.reps, row.attempts, row.reps_with_issues) == ("live", "squat", 1, 2, 1, 1)
        assert row.ended_at is not None and row.ended_at >= row.started_at
        reps = store.reps(session)
        assert [r["rep_index"] for r in reps] == [1, 2, 3]
        assert reps[0]["angles"] == {"knee": 70.0}  # NaN (a hidden joint) is left out
        assert reps[1]["issues"] == [{"code": "torso_lean", "message": "Keep your chest up.", "at_s": 7.5}]
        [day] = store.daily_progress()
        assert (day.exercise, day.reps, day.attempts, day.reps_with_issues) == ("squat", 2, 1, 1)
        assert day.issue_share == 0.5 and day.peak_angles == {"knee": 70.0}
        assert "torso_lean@7.5s" in store.reps_csv()
        assert store.sessions_csv().splitlines()[1].split(",")[1:3] == ["live", "squat"]


def test_holds_and_videos(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        session = store.start_session("video", "hip_flexor_stretch", label="me.mp4")
        store.add_hold(session, HoldRecord(1, "left", 1.0, 31.0, 30.0, 30.0))
        store.end_session(session)
        store.set_video(session, tmp_path / "kept.webm")
        [row] = store.sessions()
        assert row.held_s == 30.0 and row.label == "me.mp4" and row.video_path.endswith("kept.webm")
        assert store.holds(session)[0]["side"] == "left"
        assert store.daily_progress()[0].held_s == 30.0


def test_empty_live_sets_are_not_listed(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        store.start_session("live", "squat")
        assert store.sessions() == []


def test_wal_mode_and_reopening(tmp_path: Path):
    path = tmp_path / "sub" / "h.db"
    with History(path) as store:
        session = store.start_session("live", "squat")
        store.add_rep(session, rep(1))
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with History(path) as again:  # the schema is created only once; the data is still there
        assert again.sessions()[0].reps == 1
        again.add_rep(session, rep(2))
        assert again.sessions()[0].reps == 2


def test_concurrent_writers_frame_thread_and_page(tmp_path: Path):
    """A frame thread writes reps while the page (its own connection and the shared one) writes and reads."""
    path = tmp_path / "h.db"
    shared = History(path)
    page = History(path)
    errors: list[BaseException] = []
    sessions = [shared.start_session("live", "squat", set_number=n) for n in range(4)]

    def frame_thread(session: int) -> None:
        try:
            for index in range(1, 51):
                shared.add_rep(session, rep(index))
        except BaseException as error:
            errors.append(error)

    def page_thread() -> None:
        try:
            for index in range(30):
                video = page.start_session("video", "glute_bridge", label=f"v{index}.mp4")
                page.add_rep(video, rep(1))
                page.end_session(video)
                page.sessions()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=frame_thread, args=(s,)) for s in sessions] + [threading.Thread(target=page_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    rows = History(path).sessions()
    assert sum(row.reps for row in rows if row.source == "live") == 200
    assert sum(1 for row in rows if row.source == "video") == 30
    shared.close()
    page.close()


WRITER = textwrap.dedent(
    """
    import sys, time
    from posecoach.events import RepRecord
    from posecoach.history import History
    store = History(sys.argv[1])
    session = store.start_session("live", "squat", set_number=1)
    for index in range(1, 4):
        store.add_rep(session, RepRecord(index, index, index + 0.5, index + 1.0, True, {"knee": 70.0}))
        print("rep", index, flush=True)
    time.sleep(60)  # mid-set: killed here
    """
)


def test_a_process_killed_mid_set_keeps_every_counted_rep(tmp_path: Path):
    path = tmp_path / "h.db"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while process.stdout.readline().strip() != "rep 3":
            assert time.monotonic() < deadline and process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    with History(path) as store:
        [row] = store.sessions()
        assert row.reps == 3 and row.ended_at is None  # the set never ended, its reps are all there
        store.add_rep(row.id, rep(4))  # and the database is writable again
        assert store.sessions()[0].reps == 4


def test_default_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv(DB_ENV)
    assert default_db_path() == Path("~/.posecoach/history.db").expanduser()
