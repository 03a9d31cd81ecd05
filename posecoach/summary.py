"""What a checker has counted, in one type: reps, attempts and time held, in total and per side.

The live panel, the set summaries, the video report and the history all read counts from here
instead of each adding up records in its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from posecoach.bouts import BoutSummary
from posecoach.events import HoldRecord, RepRecord
from posecoach.exercises import all_exercises
from posecoach.kinematics import Side


class ExerciseKind(str, Enum):
    """What a set of an exercise is made of. A ``str`` enum: equal to the exercises' own ``kind`` strings."""

    REPS = "reps"
    HOLD = "hold"


def exercise_kind(exercise: object) -> ExerciseKind:
    return ExerciseKind(getattr(exercise, "kind"))


def bouts_of_exercise(exercise: object, reps: Iterable[RepRecord]) -> BoutSummary | None:
    """Time at it per side, reps per minute, breaks (and range) for an exercise repeated without stopping, else None."""
    bouts = getattr(exercise, "bouts", None)
    return bouts.summary(reps) if bouts is not None else None


#: How reports key (JSON) and name (tables, panels) time whose side was not seen, for a hold exercise with sides
#: timed from a view that cannot tell them (``SideUntold``); it counts toward both sides' targets together.
UNTOLD_KEY = "untold"
UNTOLD_NAME = "side not seen"


def has_sides(exercise: object) -> bool:
    """Whether a hold exercise is done on each side (its time without a side is then untold, not "the hold")."""
    return getattr(exercise, "side_of", None) is not None


def has_sides_by_name(exercise_name: str) -> bool:
    """``has_sides`` of the registered exercise of that name (False for a name no longer registered)."""
    return has_sides(all_exercises().get(exercise_name))


def hold_key(side: Side | None, sided: bool) -> str:
    """A side as reports key held time: "left", "right", ``UNTOLD_KEY`` (sided, not seen) or "hold" (no sides)."""
    return side.value if side is not None else (UNTOLD_KEY if sided else "hold")


def hold_key_name(key: str) -> str:
    """A ``hold_key`` in the user's words: ``UNTOLD_NAME`` for time whose side was not seen, else the key."""
    return UNTOLD_NAME if key == UNTOLD_KEY else key


@dataclass(frozen=True)
class SideCount:
    reps: int = 0
    attempts: int = 0
    held_s: float = 0.0

    def plus(self, other: SideCount) -> SideCount:
        return SideCount(self.reps + other.reps, self.attempts + other.attempts, self.held_s + other.held_s)


def side_of(value: Side | str | None) -> Side | None:
    """A record's side as a ``Side`` (records and checkers may carry the plain string)."""
    if value is None or value == "":
        return None
    return Side(value)


@dataclass(frozen=True)
class CheckerSummary:
    """Counts per side; the key ``None`` holds what belongs to no side (an exercise without sides)."""

    by_side: Mapping[Side | None, SideCount] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[RepRecord | HoldRecord], held_now: Mapping[Side | None, float] | None = None) -> CheckerSummary:
        """From rep and hold records; ``held_now`` adds the time of a hold still in progress, per side."""
        counts: dict[Side | None, SideCount] = {}

        def add(side: Side | None, count: SideCount) -> None:
            counts[side] = counts.get(side, SideCount()).plus(count)

        for record in records:
            side = side_of(getattr(record, "side", None))
            if isinstance(record, RepRecord):
                add(side, SideCount(reps=int(record.counted), attempts=int(not record.counted)))
            else:
                add(side, SideCount(held_s=record.held_s))
        for side, held_s in (held_now or {}).items():
            add(side, SideCount(held_s=held_s))
        return cls.from_sides(counts)

    @classmethod
    def from_sides(cls, counts: Mapping[Side | None, SideCount]) -> CheckerSummary:
        """From counts already made per side (e.g. summed by the history database); sides in a fixed order."""
        return cls(dict(sorted(counts.items(), key=lambda item: "" if item[0] is None else item[0].value)))

    @property
    def reps(self) -> int:
        return sum(count.reps for count in self.by_side.values())

    @property
    def attempts(self) -> int:
        return sum(count.attempts for count in self.by_side.values())

    @property
    def held_s(self) -> float:
        return sum(count.held_s for count in self.by_side.values())

    @property
    def sides(self) -> tuple[Side, ...]:
        """The sides worked so far (empty for an exercise without sides)."""
        return tuple(side for side in self.by_side if side is not None)

    def side(self, side: Side | None) -> SideCount:
        return self.by_side.get(side, SideCount())

    def held_by_side(self) -> dict[Side | None, float]:
        return {side: count.held_s for side, count in self.by_side.items() if count.held_s > 0}


class Counted:
    """``reps`` and ``attempts`` read from a ``counts`` summary (a set, a history session or day, a report)."""

    counts: CheckerSummary

    @property
    def reps(self) -> int:
        return self.counts.reps

    @property
    def attempts(self) -> int:
        return self.counts.attempts
