"""Training history in an embedded SQLite database: every live set and every analysed video.

Rows are written as they happen (a rep the moment it is counted, from the frame thread), in WAL
mode, so a closed tab or a crashed process loses at most the rep in progress. Several threads and
several ``History`` objects (even in other processes) may write at the same time.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from posecoach.events import HoldRecord, RepRecord

DB_ENV = "POSECOACH_DB"
DEFAULT_DB = Path("~/.posecoach/history.db")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,            -- 'live' or 'video'
    exercise TEXT NOT NULL,
    started_at REAL NOT NULL,        -- Unix time
    ended_at REAL,                   -- NULL while the set runs (or if the app died during it)
    set_number INTEGER,
    label TEXT NOT NULL DEFAULT '',  -- the video's file name, for uploads
    video_path TEXT                  -- only when the user asked to keep the annotated video
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
);
CREATE INDEX IF NOT EXISTS reps_by_session ON reps(session_id);
CREATE INDEX IF NOT EXISTS holds_by_session ON holds(session_id);
"""


def default_db_path() -> Path:
    """$POSECOACH_DB, else ~/.posecoach/history.db."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB).expanduser()


@dataclass(frozen=True)
class SessionRow:
    id: int
    source: str
    exercise: str
    started_at: float
    ended_at: float | None
    set_number: int | None
    label: str
    video_path: str | None
    reps: int
    attempts: int
    reps_with_issues: int
    held_s: float

    @property
    def day(self) -> str:
        return datetime.fromtimestamp(self.started_at).strftime("%Y-%m-%d")


@dataclass(frozen=True)
class DailyProgress:
    day: str  # YYYY-MM-DD, local time
    exercise: str
    reps: int
    attempts: int
    reps_with_issues: int
    held_s: float
    #: Mean of each key angle at the peak of counted reps, degrees (the range of motion reached).
    peak_angles: dict[str, float]

    @property
    def issue_share(self) -> float:
        return self.reps_with_issues / self.reps if self.reps else 0.0


class History:
    """One connection per object, shared by its threads behind a lock; other objects wait on SQLite's busy timeout."""

    def __init__(self, path: str | Path | None = None, busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is durable across a process crash (only an OS crash can lose the last commit).
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        with self._write() as conn:
            for statement in filter(str.strip, _SCHEMA.split(";")):
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

    # -- writing ------------------------------------------------------------------------------

    def start_session(
        self, source: str, exercise: str, *, set_number: int | None = None, label: str = "", started_at: float | None = None
    ) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (source, exercise, started_at, set_number, label) VALUES (?, ?, ?, ?, ?)",
                (source, exercise, time.time() if started_at is None else started_at, set_number, label),
            )
            return int(cursor.lastrowid)

    def add_rep(self, session_id: int, rep: RepRecord, recorded_at: float | None = None) -> None:
        angles = {name: value for name, value in rep.angles.items() if value == value}  # JSON has no NaN
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO reps (session_id, rep_index, counted, start_s, peak_s, end_s, angles, issues, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, rep.index, int(rep.counted), rep.start_s, rep.peak_s, rep.end_s,
                    json.dumps(angles), json.dumps([issue.to_dict() for issue in rep.issues]),
                    time.time() if recorded_at is None else recorded_at,
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
            conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (time.time() if ended_at is None else ended_at, session_id))

    def set_video(self, session_id: int, video_path: str | Path | None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE sessions SET video_path = ? WHERE id = ?", (str(video_path) if video_path else None, session_id))

    def delete_session(self, session_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # -- reading ------------------------------------------------------------------------------

    def sessions(self, exercise: str | None = None) -> list[SessionRow]:
        """Newest first. Sets without a single rep or hold are left out (a camera started and stopped)."""
        rows = self._read(
            """
            SELECT s.*,
                   (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id AND r.counted) AS reps,
                   (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id AND NOT r.counted) AS attempts,
                   (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id AND r.counted AND r.issues != '[]') AS reps_with_issues,
                   (SELECT COALESCE(SUM(h.held_s), 0) FROM holds h WHERE h.session_id = s.id) AS held_s,
                   (SELECT COUNT(*) FROM holds h WHERE h.session_id = s.id) AS holds
            FROM sessions s
            WHERE (? IS NULL OR s.exercise = ?)
            ORDER BY s.started_at DESC, s.id DESC
            """,
            (exercise, exercise),
        )
        return [
            SessionRow(
                id=row["id"], source=row["source"], exercise=row["exercise"], started_at=row["started_at"],
                ended_at=row["ended_at"], set_number=row["set_number"], label=row["label"], video_path=row["video_path"],
                reps=row["reps"], attempts=row["attempts"], reps_with_issues=row["reps_with_issues"], held_s=row["held_s"],
            )
            for row in rows
            if row["reps"] or row["attempts"] or row["holds"] or row["source"] == "video"
        ]

    def reps(self, session_id: int | None = None) -> list[dict[str, Any]]:
        rows = self._read(
            """
            SELECT r.*, s.exercise, s.source, s.started_at AS session_started_at FROM reps r
            JOIN sessions s ON s.id = r.session_id
            WHERE (? IS NULL OR r.session_id = ?)
            ORDER BY s.started_at, r.session_id, r.rep_index
            """,
            (session_id, session_id),
        )
        return [
            {
                "session_id": row["session_id"], "exercise": row["exercise"], "source": row["source"],
                "session_started_at": row["session_started_at"], "rep_index": row["rep_index"],
                "counted": bool(row["counted"]), "start_s": row["start_s"], "peak_s": row["peak_s"], "end_s": row["end_s"],
                "angles": json.loads(row["angles"]), "issues": json.loads(row["issues"]), "recorded_at": row["recorded_at"],
            }
            for row in rows
        ]

    def holds(self, session_id: int | None = None) -> list[dict[str, Any]]:
        rows = self._read(
            "SELECT h.*, s.exercise FROM holds h JOIN sessions s ON s.id = h.session_id"
            " WHERE (? IS NULL OR h.session_id = ?) ORDER BY h.session_id, h.hold_index",
            (session_id, session_id),
        )
        return [dict(row) | {"issues": json.loads(row["issues"])} for row in rows]

    def daily_progress(self) -> list[DailyProgress]:
        """Per day and exercise: reps, attempts, reps with issues, time held, mean peak angles."""
        totals: dict[tuple[str, str], dict[str, Any]] = defaultdict(
            lambda: {"reps": 0, "attempts": 0, "issues": 0, "held": 0.0, "angles": defaultdict(list)}
        )
        for rep in self.reps():
            day = datetime.fromtimestamp(rep["session_started_at"]).strftime("%Y-%m-%d")
            entry = totals[(day, rep["exercise"])]
            if rep["counted"]:
                entry["reps"] += 1
                entry["issues"] += bool(rep["issues"])
                for name, value in rep["angles"].items():
                    entry["angles"][name].append(value)
            else:
                entry["attempts"] += 1
        for row in self._read("SELECT s.started_at, s.exercise, h.held_s FROM holds h JOIN sessions s ON s.id = h.session_id"):
            day = datetime.fromtimestamp(row["started_at"]).strftime("%Y-%m-%d")
            totals[(day, row["exercise"])]["held"] += row["held_s"]
        return [
            DailyProgress(
                day=day, exercise=exercise, reps=entry["reps"], attempts=entry["attempts"],
                reps_with_issues=entry["issues"], held_s=round(entry["held"], 1),
                peak_angles={name: round(sum(values) / len(values), 1) for name, values in entry["angles"].items()},
            )
            for (day, exercise), entry in sorted(totals.items())
        ]

    def sessions_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["session", "source", "exercise", "started", "ended", "set", "label", "reps", "attempts", "reps_with_issues", "held_s"])
        for row in self.sessions():
            writer.writerow([
                row.id, row.source, row.exercise, _iso(row.started_at), _iso(row.ended_at), row.set_number or "",
                row.label, row.reps, row.attempts, row.reps_with_issues, f"{row.held_s:.1f}",
            ])
        return out.getvalue()

    def reps_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["session", "exercise", "source", "rep", "counted", "start_s", "peak_s", "end_s", "angles", "issues"])
        for rep in self.reps():
            angles = "; ".join(f"{name}={value:.1f}" for name, value in rep["angles"].items())
            issues = "; ".join(f"{issue['code']}@{issue['at_s']:.1f}s" for issue in rep["issues"])
            writer.writerow([
                rep["session_id"], rep["exercise"], rep["source"], rep["rep_index"], rep["counted"],
                f"{rep['start_s']:.2f}", f"{rep['peak_s']:.2f}", f"{rep['end_s']:.2f}", angles, issues,
            ])
        return out.getvalue()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _iso(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp).isoformat(timespec="seconds") if timestamp else ""
