"""CSV exports, all in one place: a video's reps, and the history's sessions and reps.

Every table here is written the same way (one header row, seconds with two decimals, issues as
``code@seconds`` joined by "; "), so a spreadsheet reads them alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from posecoach.bouts import BoutSummary
from posecoach.events import HoldRecord, Issue, RepRecord
from posecoach.kinematics import Side
from posecoach.summary import has_sides_by_name

if TYPE_CHECKING:
    from posecoach.history import RepRow, SessionRow


def iso_time(timestamp: float | None) -> str:
    """Unix time as local ISO time to the second ("" for none)."""
    return datetime.fromtimestamp(timestamp).isoformat(timespec="seconds") if timestamp else ""


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _issues(issues: Iterable[Issue]) -> str:
    return "; ".join(f"{issue.code}@{issue.at_s:.1f}s" for issue in issues)


def _times(rep: RepRecord) -> list[str]:
    return [f"{rep.start_s:.2f}", f"{rep.peak_s:.2f}", f"{rep.end_s:.2f}"]


def video_reps_csv(reps: Sequence[RepRecord]) -> str:
    """A video's reps and attempts, one column per key angle (degrees at the peak)."""
    angle_names = sorted({name for rep in reps for name in rep.angles})
    return _table(
        ["index", "counted", "start_s", "peak_s", "end_s", *angle_names, "side", "issues"],
        (
            [rep.index, rep.counted, *_times(rep), *[f"{rep.angles.get(name, float('nan')):.1f}" for name in angle_names],
             rep.side or "", _issues(rep.issues)]
            for rep in reps
        ),
    )


def video_holds_csv(holds: Sequence[HoldRecord], unseen_side: str = "") -> str:
    """A video's holds: side (``unseen_side`` for a hold without one), when each started and ended, seconds held
    (grace included), target, issues."""
    return _table(
        ["index", "side", "start_s", "end_s", "held_s", "target_s", "issues"],
        (
            [hold.index, hold.side or unseen_side, f"{hold.start_s:.2f}", f"{hold.end_s:.2f}", f"{hold.held_s:.2f}",
             f"{hold.target_s:g}", _issues(hold.issues)]
            for hold in holds
        ),
    )


def sessions_csv(sessions: Sequence[SessionRow]) -> str:
    """The history's sessions, with seconds held per side (and whose side was not seen) and, for exercises repeated without stopping (rope jumps,
    swings), the seconds at it (per side), reps per minute, breaks and the mean range per side (empty for others)."""
    return _table(
        ["session", "source", "exercise", "started", "ended", "set", "label", "reps", "attempts", "with_issues",
         "held_s", "held_left_s", "held_right_s", "held_untold_s", "active_s", "active_left_s", "active_right_s",
         "per_minute", "breaks", "range_left_deg", "range_right_deg"],
        (
            [row.id, row.source, row.exercise, iso_time(row.started_at), row.ended_text, row.set_number or "", row.label,
             row.reps, row.attempts, row.with_issues, f"{row.held_s:.1f}",
             f"{row.counts.side(Side.LEFT).held_s:.1f}", f"{row.counts.side(Side.RIGHT).held_s:.1f}",
             f"{_untold_s(row):.1f}", *_bout_cells(row.bouts)]
            for row in sessions
        ),
    )


def _untold_s(row: SessionRow) -> float:
    """Seconds held whose side was not seen, for a stretch done on each side (0 for one without sides, whose
    side-less time is the hold itself)."""
    return row.counts.side(None).held_s if has_sides_by_name(row.exercise) else 0.0


def _bout_cells(bouts: BoutSummary | None) -> list[str]:
    if bouts is None:
        return [""] * 7
    times, ranges, rate = bouts.time_by_side(), bouts.range_by_side, bouts.per_minute
    return [
        f"{bouts.active_s:.1f}", *(f"{times[side]:.1f}" if side in times else "" for side in ("left", "right")),
        f"{rate:.0f}" if rate == rate else "", str(len(bouts.breaks())),
        *(f"{ranges[side]:.1f}" if side in ranges else "" for side in ("left", "right")),
    ]


def history_reps_csv(reps: Sequence[RepRow]) -> str:
    """Every saved rep and attempt, with its session."""
    return _table(
        ["session", "exercise", "source", "rep", "counted", "start_s", "peak_s", "end_s", "side", "angles", "issues"],
        (
            [row.session_id, row.exercise, row.source, row.rep.index, row.rep.counted, *_times(row.rep), row.rep.side or "",
             "; ".join(f"{name}={value:.1f}" for name, value in row.rep.angles.items()), _issues(row.rep.issues)]
            for row in reps
        ),
    )
