"""Bouts of a movement repeated without stopping (leg swings, rope jumps, side steps): time spent at it per side,
reps per minute while at it, and the breaks between bouts.

A pure function of the rep records, so the checker, the report and the live panel read the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
import math
from dataclasses import dataclass, field
from typing import Any

from posecoach.events import RepRecord


@dataclass(frozen=True)
class Bout:
    side: str | None  # the side worked throughout ("left" / "right"), None for an exercise without sides
    start_s: float  # the first rep's start
    end_s: float  # the last rep's end (a break is the time from here to the next bout's start)
    reps: int
    last_start_s: float  # the last rep's start: reps per minute come from the time between rep starts

    @property
    def duration_s(self) -> float:
        """Its reps at their mean period (from rep start to rep start): a rep's start and end are where its signal
        crosses thresholds, not where the movement began and ended; a single rep spans its start to its end."""
        if self.reps < 2:
            return self.end_s - self.start_s
        return (self.last_start_s - self.start_s) * self.reps / (self.reps - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3), "reps": self.reps,
            "duration_s": round(self.duration_s, 2),
        }  # fmt: skip


def bouts_of(records: Iterable[RepRecord], max_gap_s: float) -> list[Bout]:
    """Counted reps, in order, grouped into bouts: a new bout starts when the side changes or a rep starts more
    than ``max_gap_s`` after the previous one ended."""
    bouts: list[Bout] = []
    for rep in (record for record in records if record.counted):
        last = bouts[-1] if bouts else None
        if last is not None and last.side == rep.side and rep.start_s - last.end_s <= max_gap_s:
            bouts[-1] = Bout(last.side, last.start_s, rep.end_s, last.reps + 1, rep.start_s)
        else:
            bouts.append(Bout(rep.side, rep.start_s, rep.end_s, 1, rep.start_s))
    return bouts


class BoutStart:
    """Holds the first reps of each bout until it has ``min_reps``, then lets them all through, and every later rep
    of that bout as it comes: a single swing or hop is a step, a kick or a dancer passing by, not a run of them."""

    def __init__(self, max_gap_s: float, min_reps: int) -> None:
        self._max_gap_s = max_gap_s
        self._min_reps = min_reps
        self._last: RepRecord | None = None
        self._held: list[RepRecord] = []

    def admit(self, rep: RepRecord) -> list[RepRecord]:
        """The reps to record now, in order: none while the bout ``rep`` belongs to is still shorter than the minimum."""
        last, self._last = self._last, rep
        continues = last is not None and last.side == rep.side and rep.start_s - last.end_s <= self._max_gap_s
        if continues and not self._held:  # the bout is already a run (or needs no minimum)
            return [rep]
        self._held = [*self._held, rep] if continues else [rep]
        if len(self._held) < self._min_reps:
            return []
        released, self._held = self._held, []
        return released


@dataclass(frozen=True)
class BoutSummary:
    bouts: tuple[Bout, ...]
    activity: str = "moving"  # the word for being at it: "jumping", "swinging"
    #: The mean range of the counted reps, degrees, per side ("all" without sides): for a movement whose reps
    #: carry their range (a swing), else empty.
    range_by_side: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[RepRecord], max_gap_s: float, activity: str = "moving", range_reading: str = "") -> BoutSummary:
        """``range_reading``: the rep reading (in ``RepRecord.angles``) that is a rep's range, if any."""
        records = list(records)
        ranges: dict[str, list[float]] = {}
        for rep in records:
            value = rep.angles.get(range_reading, math.nan) if range_reading and rep.counted else math.nan
            if not math.isnan(value):
                ranges.setdefault(rep.side or "all", []).append(value)
        return cls(tuple(bouts_of(records, max_gap_s)), activity,
                   {side: sum(values) / len(values) for side, values in sorted(ranges.items())})

    def time_by_side(self) -> dict[str, float]:
        """Seconds spent in bouts, per side ("all" for an exercise without sides)."""
        totals: dict[str, float] = {}
        for bout in self.bouts:
            key = bout.side or "all"
            totals[key] = totals.get(key, 0.0) + bout.duration_s
        return totals

    @property
    def active_s(self) -> float:
        return sum(bout.duration_s for bout in self.bouts)

    @property
    def per_minute(self) -> float:
        """Reps per minute while at it: rep starts over the time between the first and last start of each bout
        (NaN with no bout of two reps)."""
        intervals = sum(bout.reps - 1 for bout in self.bouts)
        spanned_s = sum(bout.last_start_s - bout.start_s for bout in self.bouts)
        return 60.0 * intervals / spanned_s if intervals and spanned_s > 0 else float("nan")

    def breaks(self) -> list[tuple[float, float]]:
        """(start, end) of each pause between two bouts on the same side; a change of side is not a break."""
        return [(a.end_s, b.start_s) for a, b in zip(self.bouts, self.bouts[1:]) if a.side == b.side]

    def to_dict(self) -> dict[str, Any]:
        rate = self.per_minute
        return {
            "bouts": [bout.to_dict() for bout in self.bouts],
            "time_by_side_s": {side: round(value, 2) for side, value in self.time_by_side().items()},
            "active_s": round(self.active_s, 2),
            "per_minute": round(rate, 1) if rate == rate else None,
            "breaks": len(self.breaks()),
            "breaks_s": [[round(start, 2), round(end, 2)] for start, end in self.breaks()],
            **({"range_by_side_deg": {side: round(value, 1) for side, value in self.range_by_side.items()}} if self.range_by_side else {}),
        }
