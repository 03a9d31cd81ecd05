"""Training history in an embedded SQLite database: every live set and every analysed video.

``History`` reads and writes one file (in WAL mode; several threads, objects and processes may write
at once), scoped to one owner. ``HistoryRecorder`` is the sink the coach and the pages write through:
it writes on its own thread, a rep the moment it is counted, so a closed tab or a crashed process
loses at most the rep in progress and a database fault never stalls the video.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from posecoach import export
from posecoach.bouts import BoutSummary
from posecoach.events import Event, EventKind, HoldRecord, Issue, RepRecord
from posecoach.exercises import all_exercises
from posecoach.export import iso_time
from posecoach.kinematics import Side
from posecoach.summary import CheckerSummary, Counted, SideCount, bouts_of_exercise, side_of

DB_ENV = "POSECOACH_DB"
DEFAULT_DB = Path("~/.posecoach/history.db")

_TABLES = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,            -- 'live' or 'video'
    exercise TEXT NOT NULL,
    started_at REAL NOT NULL,        -- Unix time
    ended_at REAL,                   -- NULL while the set runs (or if the camera stopped or the app died during it)
    set_number INTEGER,
    label TEXT NOT NULL DEFAULT '',  -- the video's file name, for uploads
    video_path TEXT,                 -- a file name in the managed videos folder, only when the user asked to keep it
    owner TEXT NOT NULL DEFAULT ''   -- whose history: '' for the single user, else a user or browser-session key
);
CREATE TABLE IF NOT EXISTS reps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rep_index INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    start_s REAL NOT NULL,
    peak_s REAL NOT NULL,
    end_s REAL NOT NULL,
    angles TEXT NOT NULL,            -- JSON: key angles at the peak, degrees
    issues TEXT NOT NULL,            -- JSON: [{code, message, at_s}]
    recorded_at REAL NOT NULL,
    side TEXT,                       -- 'left' / 'right' for an exercise done on each side, else NULL
    UNIQUE (session_id, rep_index)
);
CREATE TABLE IF NOT EXISTS holds (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    hold_index INTEGER NOT NULL,
    side TEXT,
    start_s REAL NOT NULL,
    end_s REAL NOT NULL,
    held_s REAL NOT NULL,
    target_s REAL NOT NULL,
    issues TEXT NOT NULL,
    recorded_at REAL NOT NULL,
    UNIQUE (session_id, hold_index)
)
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS reps_by_session ON reps(session_id);
CREATE INDEX IF NOT EXISTS holds_by_session ON holds(session_id);
CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions(owner, started_at)
"""
#: Kept annotated videos live in this folder beside the database; the database holds only their file names.
KEPT_VIDEOS_DIR = "videos"


class HistoryError(Exception):
    """The history file cannot be used: the message is one line for the user."""


def default_db_path() -> Path:
    """$POSECOACH_DB, else ~/.posecoach/history.db."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB).expanduser()


@dataclass(frozen=True)
class SessionRow(Counted):
    id: int
    source: str
    exercise: str
    started_at: float
    ended_at: float | None
    set_number: int | None
    label: str
    video_path: str | None
    counts: CheckerSummary  # reps, attempts and seconds held, per side
    reps_with_issues: int
    with_issues: int  # reps, attempts and holds with a form issue
    #: An exercise repeated without stopping (rope jumps, leg swings): time at it, per minute, breaks, range;
    #: summed up from the session's saved reps, the one way the live panel and the video report do.
    bouts: BoutSummary | None = None

    @property
    def held_s(self) -> float:
        return self.counts.held_s

    @property
    def day(self) -> str:
        return datetime.fromtimestamp(self.started_at).strftime("%Y-%m-%d")

    @property
    def ended_text(self) -> str:
        """When it ended, or "stopped" for a live set that never reached its end (camera stopped, tab closed)."""
        if self.ended_at is not None:
            return iso_time(self.ended_at)
        return "stopped" if self.source == "live" else ""


@dataclass(frozen=True)
class RepRow:
    """A saved rep or attempt, with the session it belongs to."""

    session_id: int
    exercise: str
    source: str
    session_started_at: float  # Unix time
    rep: RepRecord
    recorded_at: float


@dataclass(frozen=True)
class HoldRow:
    """A saved stretch of a hold, with the session it belongs to."""

    session_id: int
    exercise: str
    session_started_at: float  # Unix time
    hold: HoldRecord
    recorded_at: float


@dataclass(frozen=True)
class DailyProgress(Counted):
    day: str  # YYYY-MM-DD, local time
    exercise: str
    counts: CheckerSummary  # reps, attempts and seconds held that day, per side
    reps_with_issues: int
    #: Mean of each key angle at the peak of counted reps, degrees (the range of motion reached).
    peak_angles: dict[str, float]

    @property
    def held_s(self) -> float:
        return round(self.counts.held_s, 1)

    @property
    def issue_share(self) -> float:
        return self.reps_with_issues / self.reps if self.reps else 0.0


class History:
    """One connection per object, shared by its threads behind a lock; other objects wait on SQLite's busy timeout.

    ``owner`` scopes everything: rows are written with it and only its rows are read, so one file can
    hold the histories of several users who never see each other's.
    """

    def __init__(self, path: str | Path | None = None, owner: str = "", busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.owner = owner
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(f"Cannot open the history database: {plain_reason(error)}") from error
        try:
            self._prepare()
        except (sqlite3.Error, HistoryError) as error:
            self._conn.close()
            if isinstance(error, HistoryError):
                raise
            raise HistoryError(f"Cannot use the history database: {plain_reason(error)}") from error

    def _prepare(self) -> None:
        self._conn.row_factory = sqlite3.Row
        tables = {row[0] for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "sessions" not in tables:  # never turn someone else's database into a history
            raise HistoryError("Cannot use the history database: it is an SQLite file of another program.")
        self._conn.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is durable across a process crash (only an OS crash can lose the last commit).
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        with self._write() as conn:
            for statement in filter(str.strip, _TABLES.split(";")):
                conn.execute(statement)
            columns = {row["name"] for row in conn.execute("PRAGMA table_info(sessions)")}
            if "owner" not in columns:  # a history written before histories had owners: the single user's
                conn.execute("ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
            if "side" not in {row["name"] for row in conn.execute("PRAGMA table_info(reps)")}:  # before reps had sides
                conn.execute("ALTER TABLE reps ADD COLUMN side TEXT")
            for statement in filter(str.strip, _INDEXES.split(";")):
                conn.execute(statement)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")  # take the write lock up front: no deadlock on upgrade
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @property
    def videos_dir(self) -> Path:
        """The managed folder for kept videos (beside the database)."""
        return self.path.parent / KEPT_VIDEOS_DIR

    def kept_video(self, row: SessionRow) -> Path | None:
        """The session's kept video, only if it is a file inside the managed folder (never a path from the row as is)."""
        if not row.video_path:
            return None
        folder = self.videos_dir.resolve()
        candidate = (folder / Path(row.video_path).name).resolve()
        return candidate if candidate.parent == folder and candidate.is_file() else None

    # -- writing ------------------------------------------------------------------------------

    def start_session(
        self, source: str, exercise: str, *, set_number: int | None = None, label: str = "", started_at: float | None = None
    ) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (source, exercise, started_at, set_number, label, owner) VALUES (?, ?, ?, ?, ?, ?)",
                (source, exercise, time.time() if started_at is None else started_at, set_number, label, self.owner),
            )
            return int(cursor.lastrowid)

    def add_rep(self, session_id: int, rep: RepRecord, recorded_at: float | None = None) -> None:
        angles = {name: value for name, value in rep.angles.items() if value == value}  # JSON has no NaN
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO reps (session_id, rep_index, counted, start_s, peak_s, end_s, angles, issues, recorded_at, side)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, rep.index, int(rep.counted), rep.start_s, rep.peak_s, rep.end_s,
                    json.dumps(angles), json.dumps([issue.to_dict() for issue in rep.issues]),
                    time.time() if recorded_at is None else recorded_at, rep.side,
                ),
            )

    def add_hold(self, session_id: int, hold: HoldRecord, recorded_at: float | None = None) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO holds (session_id, hold_index, side, start_s, end_s, held_s, target_s, issues, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, hold.index, hold.side, hold.start_s, hold.end_s, hold.held_s, hold.target_s,
                    json.dumps([issue.to_dict() for issue in hold.issues]), time.time() if recorded_at is None else recorded_at,
                ),
            )

    def end_session(self, session_id: int, ended_at: float | None = None) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND owner = ?",
                (time.time() if ended_at is None else ended_at, session_id, self.owner),
            )

    def keep_video(self, session_id: int, video: Path) -> Path:
        """Copies ``video`` into the managed folder and links it to the session; returns the copy."""
        kept = self.videos_dir / f"{session_id}-{_safe_name(video.name)}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(video, kept)
        with self._write() as conn:
            conn.execute("UPDATE sessions SET video_path = ? WHERE id = ? AND owner = ?", (kept.name, session_id, self.owner))
        return kept

    def delete_session(self, session_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ? AND owner = ?", (session_id, self.owner))

    # -- reading ------------------------------------------------------------------------------

    def sessions(self, exercise: str | None = None) -> list[SessionRow]:
        """Newest first. Sets without a single rep or hold are left out (a camera started and stopped)."""
        rows = self._read(
            """
            SELECT s.*,
                   (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id AND r.counted AND r.issues != '[]') AS reps_with_issues,
                   (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id AND r.issues != '[]')
                     + (SELECT COUNT(*) FROM holds h WHERE h.session_id = s.id AND h.issues != '[]') AS with_issues
            FROM sessions s
            WHERE s.owner = ? AND (? IS NULL OR s.exercise = ?)
            ORDER BY s.started_at DESC, s.id DESC
            """,
            (self.owner, exercise, exercise),
        )
        counts = self._counts_by_session()
        bouts = self._bouts_by_session({row["id"]: row["exercise"] for row in rows})
        return [
            SessionRow(
                id=row["id"], source=row["source"], exercise=row["exercise"], started_at=row["started_at"],
                ended_at=row["ended_at"], set_number=row["set_number"], label=row["label"], video_path=row["video_path"],
                counts=counts.get(row["id"], CheckerSummary()), reps_with_issues=row["reps_with_issues"],
                with_issues=row["with_issues"], bouts=bouts.get(row["id"]),
            )
            for row in rows
            if row["id"] in counts or row["source"] == "video"
        ]

    def _bouts_by_session(self, exercise_of: dict[int, str]) -> dict[int, BoutSummary]:
        """The bout summaries of the sessions whose exercise is repeated without stopping (from their saved reps)."""
        exercises = all_exercises()
        found = {
            session: bouts_of_exercise(exercises[name], [row.rep for row in self.reps(session)])
            for session, name in exercise_of.items() if getattr(exercises.get(name), "bouts", None)
        }
        return {session: summary for session, summary in found.items() if summary is not None}

    def _counts_by_session(self) -> dict[int, CheckerSummary]:
        """Reps, attempts and seconds held per side, for each of the owner's sessions that has any."""
        per_side: dict[int, dict[Side | None, SideCount]] = defaultdict(dict)
        for row in self._read(
            "SELECT r.session_id, r.side, SUM(r.counted) AS reps, SUM(NOT r.counted) AS attempts, 0.0 AS held_s"
            " FROM reps r JOIN sessions s ON s.id = r.session_id WHERE s.owner = ? GROUP BY r.session_id, r.side"
            " UNION ALL SELECT h.session_id, h.side, 0, 0, SUM(h.held_s)"
            " FROM holds h JOIN sessions s ON s.id = h.session_id WHERE s.owner = ? GROUP BY h.session_id, h.side",
            (self.owner, self.owner),
        ):
            sides = per_side[row["session_id"]]
            side = side_of(row["side"])
            sides[side] = sides.get(side, SideCount()).plus(SideCount(row["reps"], row["attempts"], row["held_s"]))
        return {session: CheckerSummary.from_sides(sides) for session, sides in per_side.items()}

    def reps(self, session_id: int | None = None) -> list[RepRow]:
        rows = self._read(
            """
            SELECT r.*, s.exercise, s.source, s.started_at AS session_started_at FROM reps r
            JOIN sessions s ON s.id = r.session_id
            WHERE s.owner = ? AND (? IS NULL OR r.session_id = ?)
            ORDER BY s.started_at, r.session_id, r.rep_index
            """,
            (self.owner, session_id, session_id),
        )
        return [
            RepRow(
                session_id=row["session_id"], exercise=row["exercise"], source=row["source"],
                session_started_at=row["session_started_at"], recorded_at=row["recorded_at"],
                rep=RepRecord(
                    index=row["rep_index"], start_s=row["start_s"], peak_s=row["peak_s"], end_s=row["end_s"],
                    counted=bool(row["counted"]), angles=json.loads(row["angles"]), issues=_issues(row["issues"]),
                    side=row["side"],
                ),
            )
            for row in rows
        ]

    def holds(self, session_id: int | None = None) -> list[HoldRow]:
        rows = self._read(
            "SELECT h.*, s.exercise, s.started_at AS session_started_at FROM holds h JOIN sessions s ON s.id = h.session_id"
            " WHERE s.owner = ? AND (? IS NULL OR h.session_id = ?) ORDER BY h.session_id, h.hold_index",
            (self.owner, session_id, session_id),
        )
        return [
            HoldRow(
                session_id=row["session_id"], exercise=row["exercise"], session_started_at=row["session_started_at"],
                recorded_at=row["recorded_at"],
                hold=HoldRecord(
                    index=row["hold_index"], side=row["side"], start_s=row["start_s"], end_s=row["end_s"],
                    held_s=row["held_s"], target_s=row["target_s"], issues=_issues(row["issues"]),
                ),
            )
            for row in rows
        ]

    def daily_progress(self) -> list[DailyProgress]:
        """Per day and exercise: reps, attempts and time held per side, reps with issues, mean peak angles."""
        records: dict[tuple[str, str], list[RepRecord | HoldRecord]] = defaultdict(list)
        for row in self.reps():
            records[(_day(row.session_started_at), row.exercise)].append(row.rep)
        for hold in self.holds():
            records[(_day(hold.session_started_at), hold.exercise)].append(hold.hold)
        progress = []
        for (day, exercise), done in sorted(records.items()):
            counted = [record for record in done if isinstance(record, RepRecord) and record.counted]
            angles: dict[str, list[float]] = defaultdict(list)
            for rep in counted:
                for name, value in rep.angles.items():
                    angles[name].append(value)
            progress.append(DailyProgress(
                day=day, exercise=exercise, counts=CheckerSummary.of(done),
                reps_with_issues=sum(bool(rep.issues) for rep in counted),
                peak_angles={name: round(sum(values) / len(values), 1) for name, values in angles.items()},
            ))
        return progress

    def sessions_csv(self) -> str:
        return export.sessions_csv(self.sessions())

    def reps_csv(self) -> str:
        return export.history_reps_csv(self.reps())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def plain_reason(error: BaseException) -> str:
    """What went wrong with the history file, in words for the user (no server path)."""
    text = str(error).lower()
    if isinstance(error, HistoryError):
        return str(error).split(": ", 1)[-1].rstrip(".")
    if "locked" in text or "busy" in text:
        return "another program is holding the history database locked"
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return "the history file or its folder is read-only"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "the history file is damaged or is not a posecoach history"
    if "disk is full" in text or "no space" in text:
        return "the disk is full"
    if "unable to open" in text or isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return "the history file's folder cannot be used"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def _issues(text: str) -> tuple[Issue, ...]:
    return tuple(Issue(item["code"], item["message"], item["at_s"]) for item in json.loads(text))


def _day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "video"


@dataclass(frozen=True)
class RecorderStatus:
    """What a page shows about saving: ``ok`` False while writes fail; ``message`` is one line ('' when all is well)."""

    ok: bool = True
    message: str = ""


#: How long a write waits for another program's lock before the recorder reports it and retries (s).
RECORDER_BUSY_TIMEOUT_S = 2.0
#: Pause between retries of a write that failed (s): a lock released or a disk freed resumes saving.
RECORDER_RETRY_S = 1.0
#: Writes kept while the database cannot be written (a live set makes a few a minute; this is hours).
RECORDER_MAX_PENDING = 10_000


class HistoryRecorder:
    """Writes the history on its own thread, so that a slow, locked, read-only, corrupt or deleted
    database never holds up the caller (the live video's frame path, a page).

    The writing methods mirror ``History``'s but return at once: ``start_session`` returns a handle
    (not the database id) for the later calls. Writes are applied in order. One error policy for
    every fault: the write stays queued and is retried every ``retry_s`` while ``status`` says
    "History can't be saved: <reason>; coaching continues"; once the database accepts it again,
    everything queued is written and the status clears. A database file deleted (or replaced) while
    the app runs is noticed before the next write and started anew (the status says so); sets in
    progress carry on in the new file.
    """

    def __init__(
        self,
        path: str | Path,
        owner: str = "",
        *,
        busy_timeout_s: float = RECORDER_BUSY_TIMEOUT_S,
        retry_s: float = RECORDER_RETRY_S,
        max_pending: int = RECORDER_MAX_PENDING,
    ) -> None:
        self.path = Path(path).expanduser()
        self.owner = owner
        self._busy_timeout_s = busy_timeout_s
        self._retry_s = retry_s
        self._max_pending = max_pending
        self._changed = threading.Condition()
        self._pending: deque[Callable[[History], None]] = deque()
        self._queued = self._written = 0
        self._closing = False
        self._status = RecorderStatus()
        self._notice = ""
        # Writer thread only:
        self._store: History | None = None
        self._identity: tuple[int, int] | None = None
        self._next_handle = 0
        self._starts: dict[int, dict[str, Any]] = {}  # handle -> start_session arguments (to restart in a new file)
        self._ids: dict[int, int] = {}  # handle -> database id in the current file
        self._thread = threading.Thread(target=self._run, name=f"history-writer-{self.path.name}", daemon=True)
        self._thread.start()

    # -- the caller's side (never blocks on the database) ----------------------------------------

    def start_session(
        self, source: str, exercise: str, *, set_number: int | None = None, label: str = "", started_at: float | None = None
    ) -> int:
        """A new session; returns its handle at once (the row is written on the writer thread)."""
        with self._changed:
            self._next_handle += 1
            handle = self._next_handle
        arguments = {"source": source, "exercise": exercise, "set_number": set_number, "label": label,
                     "started_at": time.time() if started_at is None else started_at}
        self._submit(lambda store: self._start(store, handle, arguments))
        return handle

    def add_rep(self, handle: int, rep: RepRecord) -> None:
        recorded_at = time.time()
        self._submit(lambda store: store.add_rep(self._session(store, handle), rep, recorded_at))

    def add_hold(self, handle: int, hold: HoldRecord) -> None:
        recorded_at = time.time()
        self._submit(lambda store: store.add_hold(self._session(store, handle), hold, recorded_at))

    def end_session(self, handle: int, ended_at: float | None = None) -> None:
        ended_at = time.time() if ended_at is None else ended_at
        self._submit(lambda store: store.end_session(self._session(store, handle), ended_at))

    def keep_video(self, handle: int, video: Path) -> None:
        """Copies ``video`` into the managed videos folder beside the database (call ``flush`` before deleting it)."""
        self._submit(lambda store: video.is_file() and store.keep_video(self._session(store, handle), video))

    def record(self, handle: int, event: Event) -> None:
        """The event-sink form: a counted rep, an attempt or a hold segment is written; other events are ignored."""
        if event.kind in (EventKind.REP, EventKind.ATTEMPT) and event.rep is not None:
            self.add_rep(handle, event.rep)
        elif event.kind is EventKind.HOLD_SEGMENT and event.hold is not None:
            self.add_hold(handle, event.hold)

    def session_id(self, handle: int) -> int | None:
        """The database id of a handle's session once it is written (None before, or if it could not be)."""
        with self._changed:
            return self._ids.get(handle)

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Waits until everything submitted so far is written; False at once if writes are failing, or after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            target = self._queued
            while self._written < target and self._status.ok:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._changed.wait(left)
            return self._status.ok

    @property
    def status(self) -> RecorderStatus:
        with self._changed:
            return self._status

    def close(self, timeout_s: float = 5.0) -> None:
        """Writes what is queued (for at most ``timeout_s``), then stops the thread and closes the database."""
        self.flush(timeout_s)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout_s)

    def _submit(self, write: Callable[[History], None]) -> None:
        with self._changed:
            if self._closing:
                return
            if len(self._pending) >= self._max_pending:
                self._status = RecorderStatus(False, _cannot_save("too many writes are waiting, so the newest were dropped"))
                return
            self._pending.append(write)
            self._queued += 1
            self._changed.notify_all()

    # -- the writer thread ------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending and not self._closing:
                    self._changed.wait()
                if not self._pending:  # closing and nothing left
                    break
                write = self._pending[0]
            try:
                write(self._open_store())
            except Exception as error:  # one policy for every fault: report, keep the write, retry
                self._drop_store_if_unusable(error)
                with self._changed:
                    self._status = RecorderStatus(False, _cannot_save(plain_reason(error)))
                    self._changed.notify_all()
                    if _may_pass_later(error):
                        self._changed.wait(self._retry_s)
                        if self._closing:
                            break
                        continue
                    self._pending.popleft()  # a write that can never succeed must not hold up the rest
                    self._written += 1
                continue
            with self._changed:
                self._pending.popleft()
                self._written += 1
                self._status = RecorderStatus(True, self._notice)
                self._changed.notify_all()
        if self._store is not None:
            self._store.close()

    def _open_store(self) -> History:
        if self._store is not None and self._file_identity() != self._identity:  # deleted or replaced
            self._store.close()
            self._store = None
            self._forget_sessions()
        if self._store is None:
            store = History(self.path, owner=self.owner, busy_timeout_s=self._busy_timeout_s)
            identity = self._file_identity()
            if self._identity is not None and identity != self._identity:  # replaced while it was closed
                self._forget_sessions()
            self._store, self._identity = store, identity
        return self._store

    def _forget_sessions(self) -> None:
        """Another file than the one written so far: sets in progress start again in it."""
        with self._changed:
            self._ids.clear()
            self._notice = "The history file was deleted or replaced while posecoach ran; saving carries on in a new one."

    def _drop_store_if_unusable(self, error: Exception) -> None:
        """After a fault other than a lock, reopen on the next try (the file may have been repaired or replaced)."""
        if self._store is not None and "locked" not in str(error).lower():
            self._store.close()
            self._store = None

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def _start(self, store: History, handle: int, arguments: dict[str, Any]) -> None:
        self._starts[handle] = arguments
        session_id = store.start_session(**arguments)
        with self._changed:
            self._ids[handle] = session_id

    def _session(self, store: History, handle: int) -> int:
        """The handle's id in the current file, starting the session again there if the file was replaced."""
        with self._changed:
            session_id = self._ids.get(handle)
        if session_id is None:
            self._start(store, handle, self._starts[handle])
            session_id = self._ids[handle]
        return session_id


def _may_pass_later(error: Exception) -> bool:
    """A fault of the file or the disk (locked, read-only, damaged, full, missing) may be fixed; others are retried in vain."""
    return isinstance(error, (sqlite3.OperationalError, sqlite3.DatabaseError, OSError, HistoryError)) and not isinstance(
        error, sqlite3.IntegrityError
    )


def _cannot_save(reason: str) -> str:
    return f"History can't be saved: {reason}; coaching continues."
