"""The history database on a real SQLite file: round trips, concurrent writers, a killed process, reopening."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.history import DB_ENV, History, HistoryError, HistoryRecorder, default_db_path
from posecoach.kinematics import Side

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
        reps = [row.rep for row in store.reps(session)]
        assert [r.index for r in reps] == [1, 2, 3] and [r.counted for r in reps] == [True, True, False]
        assert reps[0].angles == {"knee": 70.0}  # NaN (a hidden joint) is left out
        assert reps[1].issues == (Issue("torso_lean", "Keep your chest up.", 7.5),)
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
        (tmp_path / "annotated.webm").write_bytes(b"webm")
        kept = store.keep_video(session, tmp_path / "annotated.webm")
        [row] = store.sessions()
        assert row.held_s == 30.0 and row.label == "me.mp4" and row.video_path == kept.name
        assert store.kept_video(row) == kept and kept.parent == tmp_path / "videos" and kept.read_bytes() == b"webm"
        assert store.holds(session)[0].hold == HoldRecord(1, "left", 1.0, 31.0, 30.0, 30.0)
        assert store.daily_progress()[0].held_s == 30.0


def test_reps_and_holds_are_counted_per_side(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        lunges = store.start_session("live", "lunge", set_number=1)
        for index, side in enumerate(["left", "left", "right"], start=1):
            store.add_rep(lunges, replace(rep(index), side=side))
        stretch = store.start_session("live", "hip_flexor_stretch", set_number=1)
        store.add_hold(stretch, HoldRecord(1, "left", 1.0, 20.0, 19.0, 30.0))
        store.add_hold(stretch, HoldRecord(2, "left", 22.0, 34.0, 11.5, 30.0))
        store.add_hold(stretch, HoldRecord(3, "right", 40.0, 71.0, 31.0, 30.0))
        rows = {row.exercise: row for row in store.sessions()}
        assert rows["lunge"].counts.side(Side.LEFT).reps == 2 and rows["lunge"].counts.side(Side.RIGHT).reps == 1
        assert rows["hip_flexor_stretch"].counts.held_by_side() == {Side.LEFT: 30.5, Side.RIGHT: 31.0}
        assert rows["hip_flexor_stretch"].held_s == 61.5 and rows["hip_flexor_stretch"].reps == 0
        header, *lines = store.sessions_csv().splitlines()
        assert "held_s,held_left_s,held_right_s," in header
        assert any(",61.5,30.5,31.0," in line for line in lines)
        assert [row.rep.side for row in store.reps(lunges)] == ["left", "left", "right"]


def test_the_sessions_csv_keeps_time_whose_side_was_not_seen_in_its_own_column(tmp_path: Path):
    """A figure four filmed side-on is timed with its side not seen: that time is in held_untold_s, not lost between
    held_s and the per-side columns; a stretch without sides keeps its hold in held_s alone."""
    with History(tmp_path / "h.db") as store:
        figure_four = store.start_session("video", "figure_four_stretch")
        store.add_hold(figure_four, HoldRecord(1, None, 2.2, 9.3, 7.1, 60.0))
        store.add_hold(figure_four, HoldRecord(2, "left", 12.0, 20.0, 8.0, 30.0))
        butterfly = store.start_session("video", "butterfly_stretch")
        store.add_hold(butterfly, HoldRecord(1, None, 1.0, 31.0, 30.0, 30.0))
        reader = csv.DictReader(io.StringIO(store.sessions_csv()))
        rows = {row["exercise"]: row for row in reader}
    assert (rows["figure_four_stretch"]["held_s"], rows["figure_four_stretch"]["held_left_s"]) == ("15.1", "8.0")
    assert rows["figure_four_stretch"]["held_untold_s"] == "7.1"
    assert (rows["butterfly_stretch"]["held_s"], rows["butterfly_stretch"]["held_untold_s"]) == ("30.0", "0.0")


def test_a_history_from_before_reps_had_sides_is_upgraded(tmp_path: Path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.executescript(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY, source TEXT NOT NULL, exercise TEXT NOT NULL, started_at REAL NOT NULL,"
            " ended_at REAL, set_number INTEGER, label TEXT NOT NULL DEFAULT '', video_path TEXT, owner TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE reps (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, rep_index INTEGER NOT NULL, counted INTEGER NOT NULL,"
            " start_s REAL NOT NULL, peak_s REAL NOT NULL, end_s REAL NOT NULL, angles TEXT NOT NULL, issues TEXT NOT NULL,"
            " recorded_at REAL NOT NULL, UNIQUE (session_id, rep_index));"
            "INSERT INTO sessions (source, exercise, started_at) VALUES ('live', 'squat', 1.7e9);"
            "INSERT INTO reps (session_id, rep_index, counted, start_s, peak_s, end_s, angles, issues, recorded_at)"
            " VALUES (1, 1, 1, 0, 1, 2, '{}', '[]', 1.7e9);"
        )
    raw.close()
    with History(path) as store:
        [row] = store.sessions()
        assert row.reps == 1 and row.counts.sides == () and store.reps()[0].rep.side is None


def test_rope_jumps_and_swings_keep_their_bouts_in_the_history_and_its_csv(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        rope = store.start_session("live", "jump_rope", set_number=1)
        for i, start in enumerate([0.5 * i for i in range(20)] + [15.0 + 0.5 * i for i in range(11)], 1):  # 10 s, break, 5 s
            store.add_rep(rope, RepRecord(i, start, start + 0.2, start + 0.4, True, {}))
        swings = store.start_session("video", "leg_swing_side", label="swings.mp4", started_at=1.0)
        for i in range(10):
            side, start = ("left", float(i)) if i < 5 else ("right", 10.0 + i)
            store.add_rep(swings, RepRecord(i + 1, start, start + 0.3, start + 0.6, True, {"swing_range_deg": 40.0 + i}, side=side))
        store.add_rep(store.start_session("live", "squat"), rep(1))
    with History(tmp_path / "h.db") as store:  # read back from the file
        rows = {row.exercise: row for row in store.sessions()}
        assert rows["squat"].bouts is None
        rope_bouts, swing_bouts = rows["jump_rope"].bouts, rows["leg_swing_side"].bouts
        assert rope_bouts is not None and swing_bouts is not None
        assert (len(rope_bouts.breaks()), round(rope_bouts.per_minute), round(rope_bouts.active_s, 1)) == (1, 120, 15.5)
        assert swing_bouts.range_by_side == {"left": 42.0, "right": 47.0}
        assert swing_bouts.time_by_side() == {"left": 5.0, "right": 5.0}
        table = {line.split(",")[2]: dict(zip(header.split(","), line.split(",")))
                 for header in [store.sessions_csv().splitlines()[0]] for line in store.sessions_csv().splitlines()[1:]}
    assert (table["jump_rope"]["active_s"], table["jump_rope"]["per_minute"], table["jump_rope"]["breaks"]) == ("15.5", "120", "1")
    assert (table["leg_swing_side"]["active_left_s"], table["leg_swing_side"]["range_right_deg"]) == ("5.0", "47.0")
    assert table["squat"]["active_s"] == "" and table["squat"]["breaks"] == ""


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
    from posecoach.history import HistoryRecorder
    recorder = HistoryRecorder(sys.argv[1])
    session = recorder.start_session("live", "squat", set_number=1)
    for index in range(1, 4):
        recorder.add_rep(session, RepRecord(index, index, index + 0.5, index + 1.0, True, {"knee": 70.0}))
        assert recorder.flush()
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


def test_attempts_with_a_fault_count_as_with_issues_and_a_stopped_live_set_says_so(tmp_path: Path):
    with History(tmp_path / "h.db") as store:
        session = store.start_session("live", "squat", set_number=1)
        store.add_rep(session, rep(1))
        store.add_rep(session, rep(2, counted=False, issues=(Issue("shallow", "Go lower.", 7.0),)))
        [row] = store.sessions()
        assert (row.reps, row.attempts, row.reps_with_issues, row.with_issues) == (1, 1, 0, 1)
        assert row.ended_text == "stopped"
        assert store.sessions_csv().splitlines()[1].split(",")[4] == "stopped"


def test_owners_never_see_each_others_history(tmp_path: Path):
    path = tmp_path / "h.db"
    with History(path, owner="user:a") as alice, History(path, owner="user:b") as bob:
        mine = alice.start_session("live", "squat", set_number=1)
        alice.add_rep(mine, rep(1))
        alice.add_hold(alice.start_session("video", "hip_flexor_stretch"), HoldRecord(1, "left", 0, 30, 30, 30))
        assert bob.sessions() == [] and bob.reps() == [] and bob.holds() == [] and bob.daily_progress() == []
        bob.delete_session(mine)
        bob.end_session(mine)
        live = [row for row in alice.sessions() if row.source == "live"]
        assert [(row.id, row.reps, row.ended_at) for row in live] == [(mine, 1, None)]  # bob could neither delete nor end it


def test_a_history_from_before_owners_is_the_single_users(tmp_path: Path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.executescript(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY, source TEXT NOT NULL, exercise TEXT NOT NULL, started_at REAL NOT NULL,"
            " ended_at REAL, set_number INTEGER, label TEXT NOT NULL DEFAULT '', video_path TEXT);"
            "INSERT INTO sessions (source, exercise, started_at, label) VALUES ('video', 'squat', 1.0e9, 'old.mp4');"
        )
    with History(path) as store:
        assert [row.label for row in store.sessions()] == ["old.mp4"]


@pytest.mark.parametrize("content", [b"just some notes\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_file_that_is_not_a_history_is_refused_in_one_line(tmp_path: Path, content: bytes):
    path = tmp_path / "h.db"
    path.write_bytes(content)
    with pytest.raises(HistoryError) as raised:
        History(path)
    assert "\n" not in str(raised.value) and str(tmp_path) not in str(raised.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_left_untouched(tmp_path: Path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE accounts (name TEXT)")
    with pytest.raises(HistoryError, match="another program"):
        History(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [row[0] for row in raw.execute("SELECT name FROM sqlite_master")] == ["accounts"]


def test_a_kept_video_is_served_only_from_the_managed_folder(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    with History(tmp_path / "h.db") as store:
        session = store.start_session("video", "squat", label="x.mp4")
        with sqlite3.connect(store.path) as raw:  # a row that names a path outside the folder
            raw.execute("UPDATE sessions SET video_path = ? WHERE id = ?", (str(secret), session))
        [row] = store.sessions()
        assert store.kept_video(row) is None
        with sqlite3.connect(store.path) as raw:
            raw.execute("UPDATE sessions SET video_path = '../secret.txt' WHERE id = ?", (session,))
        assert store.kept_video(store.sessions()[0]) is None


def test_the_recorder_writes_in_order_off_the_callers_thread(tmp_path: Path):
    recorder = HistoryRecorder(tmp_path / "h.db", owner="me")
    session = recorder.start_session("live", "squat", set_number=2)
    for index in (1, 2, 3):
        recorder.add_rep(session, rep(index, counted=index != 3))
    recorder.end_session(session)
    assert recorder.flush() and recorder.status.ok and recorder.status.message == ""
    with History(tmp_path / "h.db", owner="me") as store:
        [row] = store.sessions()
        assert (row.id, row.set_number, row.reps, row.attempts) == (recorder.session_id(session), 2, 2, 1)
        assert row.ended_at is not None
    recorder.close()


def test_a_locked_database_never_blocks_the_caller_and_nothing_is_lost(tmp_path: Path):
    path = tmp_path / "h.db"
    History(path).close()
    recorder = HistoryRecorder(path, busy_timeout_s=0.2, retry_s=0.1)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    session = recorder.start_session("live", "squat", set_number=1)
    recorder.add_rep(session, rep(1))  # returns although the database cannot be written
    assert not recorder.flush(timeout_s=5.0)
    assert recorder.status.message == "History can't be saved: another program is holding the history database locked; coaching continues."
    locker.execute("ROLLBACK")
    locker.close()
    assert recorder.flush(timeout_s=5.0) or _wait_until(lambda: recorder.flush(0.5))
    assert recorder.status.ok and History(path).sessions()[0].reps == 1
    recorder.close()


def test_a_corrupt_database_is_reported_and_saving_resumes_once_it_is_fixed(tmp_path: Path):
    path = tmp_path / "h.db"
    path.write_text("not a database")
    recorder = HistoryRecorder(path, retry_s=0.05)
    session = recorder.start_session("video", "squat", label="a.mp4")
    assert not recorder.flush(timeout_s=5.0)
    assert "damaged" in recorder.status.message and "coaching continues" in recorder.status.message
    path.unlink()  # the user moves the broken file away
    assert _wait_until(lambda: recorder.flush(0.5))
    recorder.end_session(session)
    assert recorder.flush() and [row.label for row in History(path).sessions()] == ["a.mp4"]
    recorder.close()


def test_a_database_deleted_while_running_is_noticed_and_started_anew(tmp_path: Path):
    path = tmp_path / "h.db"
    recorder = HistoryRecorder(path)
    session = recorder.start_session("live", "squat", set_number=1)
    recorder.add_rep(session, rep(1))
    assert recorder.flush()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    recorder.add_rep(session, rep(2))
    assert recorder.flush()
    assert recorder.status.ok and "deleted or replaced" in recorder.status.message
    with History(path) as store:
        [row] = store.sessions()
        assert row.reps == 1 and store.reps(row.id)[0].rep.index == 2  # the set carries on in the new file
    recorder.close()


def _wait_until(condition, timeout_s: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files, so a read-only database cannot be made")
def test_a_read_only_database_is_reported_and_never_blocks(tmp_path: Path):
    path = tmp_path / "h.db"
    History(path).close()
    for file in (path, tmp_path):
        file.chmod(0o555 if file.is_dir() else 0o444)
    recorder = HistoryRecorder(path, retry_s=0.05)
    recorder.start_session("live", "squat", set_number=1)
    try:
        assert not recorder.flush(timeout_s=5.0)
        assert recorder.status.message == "History can't be saved: the history file or its folder is read-only; coaching continues."
    finally:
        tmp_path.chmod(0o755)
        recorder.close(timeout_s=1.0)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (sqlite3.OperationalError("database is locked"), "another program is holding the history database locked"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "the history file or its folder is read-only"),
        (sqlite3.DatabaseError("database disk image is malformed"), "the history file is damaged or is not a posecoach history"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("unable to open database file"), "the history file's folder cannot be used"),
    ],
)
def test_database_faults_are_said_in_plain_words(error: Exception, reason: str):
    from posecoach.history import plain_reason

    assert plain_reason(error) == reason
