"""A workout of one exercise: sets, rests, sides, completion and per-set summaries.

Pure bookkeeping: it is fed the checker's events and status and the time, and says what happened.
No threads, no I/O, no clock of its own (the caller passes ``now_s``, a monotonic wall clock for
rests, which go on while the camera is off; set durations use the stream time of the frames).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from posecoach.events import CheckerStatus, Event, EventKind, HoldRecord, Issue, RepRecord
from posecoach.exercises import Exercise
from posecoach.exercises.base import HoldExercise, Sides
from posecoach.kinematics import Side
from posecoach.bouts import BoutSummary
from posecoach.summary import CheckerSummary, Counted, ExerciseKind, bouts_of_exercise, exercise_kind, side_of

BOTH_SIDES = (Side.LEFT, Side.RIGHT)


@dataclass(frozen=True)
class SetPlan:
    reps: int = 10  # per set (per side for exercises done on each side); holds use the exercise's own target time
    sets: int = 2
    rest_s: float = 60.0

    def __post_init__(self) -> None:
        if self.reps < 1 or self.sets < 1 or self.rest_s < 0:
            raise ValueError(f"A plan needs at least 1 rep and 1 set and no negative rest: {self}")

    def describe(self, exercise: Exercise) -> str:
        """The plan in words, e.g. "3 sets of 12" or "2 sets of 30 s each side"."""
        sets = f"{self.sets} set{'s' if self.sets != 1 else ''} of "
        if exercise_kind(exercise) is ExerciseKind.HOLD:
            each = " each side" if expected_sides(exercise, CheckerSummary()) != (None,) else ""
            return sets + f"{exercise.target_s.value:g} s{each}"  # type: ignore[attr-defined]
        each = " each side" if expected_sides(exercise, CheckerSummary()) != (None,) else ""
        return sets + f"{self.reps}{each}"


@dataclass(frozen=True)
class SetIssue:
    code: str
    message: str
    at_s: float  # seconds since the set started
    rep: int | None  # the rep (or hold) it happened in


@dataclass(frozen=True)
class SetSummary(Counted):
    number: int
    exercise: str
    counts: CheckerSummary
    issues: tuple[SetIssue, ...]
    duration_s: float
    complete: bool  # reached the target (False: ended early or still running)
    bouts: BoutSummary | None = None  # an exercise repeated without stopping: time at it, per minute, breaks

    @property
    def held_s(self) -> dict[Side | None, float]:
        return self.counts.held_by_side()

    def issue_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.message] = counts.get(issue.message, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))


def expected_sides(exercise: Exercise, counts: CheckerSummary) -> tuple[Side | None, ...]:
    """The sides a set must work: both for an exercise done on each side, else the one key ``None``.

    A rep exercise is done on each side when it says so (blocked or alternating sides) or when its reps
    carry a side (an exercise done on two legs or on one, once a one-sided rep is counted).
    """
    if isinstance(exercise, HoldExercise):
        return BOTH_SIDES if exercise.side_of is not None else (None,)
    return BOTH_SIDES if exercise.sides in (Sides.BLOCKED, Sides.ALTERNATING) or counts.sides else (None,)


class Workout:
    """Sets of one exercise with rests between them, until the plan is done."""

    def __init__(self, exercise: Exercise, plan: SetPlan = SetPlan()) -> None:
        self.exercise = exercise
        self.plan = plan
        self.set_number = 1
        self.completed: list[SetSummary] = []
        self.done = False
        self._rest_until_s: float | None = None
        self._new_set()

    def _new_set(self) -> None:
        self._reps: list[RepRecord] = []
        self._holds: list[HoldRecord] = []
        self._held_now: dict[Side | None, float] = {}
        self._started_s: float | None = None  # stream time of the set's first frame
        self._last_s: float | None = None

    # -- rests -----------------------------------------------------------------------------------

    def resting_left(self, now_s: float) -> float | None:
        """Seconds of rest left (0 when the rest is over but the next set has not begun), None when not resting."""
        return None if self._rest_until_s is None else max(0.0, self._rest_until_s - now_s)

    def counting(self, now_s: float) -> bool:
        return not self.done and self.resting_left(now_s) is None

    def tick(self, now_s: float) -> list[str]:
        """Ends a rest whose time is up; returns what to say."""
        left = self.resting_left(now_s)
        if left is None or left > 0:
            return []
        self._rest_until_s = None
        return [f"Set {self.set_number}. Go!"]

    def skip_rest(self, now_s: float) -> None:
        if self._rest_until_s is not None:
            self._rest_until_s = now_s

    # -- the set in progress ---------------------------------------------------------------------

    def add(self, events: Iterable[Event], status: CheckerStatus, stream_s: float) -> list[str]:
        """One frame's events and status from the set's checker; returns what to say about the count."""
        if self._started_s is None:
            self._started_s = stream_s
        self._last_s = stream_s
        self._held_now = dict(status.held_s)
        say: list[str] = []
        for event in events:
            if event.kind in (EventKind.REP, EventKind.ATTEMPT) and event.rep is not None:
                self._reps.append(event.rep)
                if event.kind is EventKind.REP:
                    side = side_of(getattr(event.rep, "side", None))
                    count = self.counts().side(side).reps if side is not None else self.counts().reps
                    say.append(f"{side.value} {count}" if side is not None else f"rep {count}")
            elif event.kind is EventKind.HOLD_SEGMENT and event.hold is not None:
                self._holds.append(event.hold)
        return say

    def counts(self) -> CheckerSummary:
        """Reps per side from the rep records; time held per side from the checker (it includes the hold in progress)."""
        return CheckerSummary.of(self._reps, held_now=self._held_now)

    def set_complete(self) -> bool:
        counts = self.counts()
        sides = expected_sides(self.exercise, counts)
        if exercise_kind(self.exercise) is ExerciseKind.REPS:
            return all(counts.side(side).reps >= self.plan.reps for side in sides)
        target_s = self.exercise.target_s.value  # type: ignore[attr-defined]
        unseen_s = counts.side(None).held_s if sides != (None,) else 0.0  # time whose side was not seen: either side's
        each_side = all(counts.side(side).held_s + unseen_s >= target_s for side in sides)
        return each_side and counts.held_s >= target_s * len(sides)

    def summary(self, complete: bool = False) -> SetSummary:
        start_s = self._started_s if self._started_s is not None else 0.0
        end_s = self._last_s if self._last_s is not None else start_s
        issues = [_set_issue(issue, start_s, rep.index) for rep in self._reps for issue in rep.issues]
        issues += [_set_issue(issue, start_s, hold.index) for hold in self._holds for issue in hold.issues]
        return SetSummary(
            number=self.set_number, exercise=self.exercise.name, counts=self.counts(),
            issues=tuple(sorted(issues, key=lambda issue: issue.at_s)), duration_s=max(0.0, end_s - start_s),
            complete=complete, bouts=bouts_of_exercise(self.exercise, self._reps),
        )

    def finish_set(self, now_s: float, complete: bool) -> tuple[SetSummary, list[str]]:
        """Closes the set in progress (feed the checker's ``finish()`` events first) and starts the rest."""
        summary = self.summary(complete)
        self.completed.append(summary)
        if summary.number >= self.plan.sets:
            self.done = True
            self._rest_until_s = None
            say = ["Workout complete. Well done!"]
        else:
            self._rest_until_s = now_s + self.plan.rest_s
            say = [f"Set {summary.number} done. Rest {self.plan.rest_s:.0f} seconds."]
            self.set_number += 1
        self._new_set()
        return summary, say

    @property
    def started(self) -> bool:
        """Whether the set in progress has seen a frame."""
        return self._started_s is not None


def _set_issue(issue: Issue, start_s: float, rep: int) -> SetIssue:
    return SetIssue(issue.code, issue.message, round(max(0.0, issue.at_s - start_s), 1), rep)
