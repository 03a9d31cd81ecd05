"""Workout on event streams: sets, rests, sides, completion and summaries, with no threads or clocks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from posecoach.events import CheckerStatus, Event, EventKind, HoldRecord, Issue, RepRecord
from posecoach.exercises import get_exercise
from posecoach.kinematics import Side
from posecoach.summary import CheckerSummary, ExerciseKind, exercise_kind
from posecoach.workout import SetPlan, Workout

LEAN = Issue("torso_lean", "Keep your chest up.", 0.0)


@dataclass(frozen=True)
class SidedRep(RepRecord):
    """A rep record with the side it worked (what the per-side exercises add to RepRecord)."""

    side: Side | None = None


def rep_event(index: int, at_s: float, counted: bool = True, issues: tuple[Issue, ...] = (), side: Side | None = None) -> Event:
    rep = SidedRep(index, at_s - 2.0, at_s - 1.0, at_s, counted, {}, tuple(Issue(i.code, i.message, at_s - 1.0) for i in issues), side=side)
    return Event(EventKind.REP if counted else EventKind.ATTEMPT, at_s, "", rep=rep)


def feed(workout: Workout, events: list[Event], at_s: float, status: CheckerStatus = CheckerStatus()) -> list[str]:
    return workout.add(events, status, at_s)


def test_a_set_completes_at_the_planned_reps_and_the_rest_runs_on_the_wall_clock():
    workout = Workout(get_exercise("squat"), SetPlan(reps=2, sets=2, rest_s=30))
    assert feed(workout, [], 0.0) == []
    assert feed(workout, [rep_event(1, 3.0)], 3.0) == ["rep 1"]
    assert not workout.set_complete()
    assert feed(workout, [rep_event(2, 6.0, issues=(LEAN,)), rep_event(3, 6.5, counted=False)], 6.5) == ["rep 2"]
    assert workout.set_complete()
    summary, said = workout.finish_set(now_s=100.0, complete=True)
    assert (summary.reps, summary.attempts, summary.duration_s, summary.complete) == (2, 1, 6.5, True)
    assert summary.issue_counts() == {"Keep your chest up.": 1} and summary.issues[0].rep == 2
    assert said == ["Set 1 done. Rest 30 seconds."]
    assert workout.set_number == 2 and not workout.counting(110.0) and workout.resting_left(110.0) == pytest.approx(20.0)
    assert workout.tick(110.0) == [] and workout.tick(130.0) == ["Set 2. Go!"] and workout.counting(130.0)
    assert workout.summary().reps == 0  # the new set starts from zero


def test_the_last_set_ends_the_workout_and_skip_rest_starts_the_next_at_once():
    workout = Workout(get_exercise("squat"), SetPlan(reps=1, sets=2, rest_s=60))
    feed(workout, [rep_event(1, 3.0)], 3.0)
    workout.finish_set(now_s=10.0, complete=True)
    workout.skip_rest(now_s=11.0)
    assert workout.tick(11.0) == ["Set 2. Go!"]
    feed(workout, [rep_event(1, 20.0)], 20.0)
    _, said = workout.finish_set(now_s=30.0, complete=True)
    assert said == ["Workout complete. Well done!"] and workout.done and not workout.counting(31.0)
    assert workout.set_number == 2 and [s.reps for s in workout.completed] == [1, 1]


def test_reps_with_sides_count_per_side_and_complete_only_when_both_sides_are_done():
    workout = Workout(get_exercise("squat"), SetPlan(reps=2, sets=1))
    said = feed(workout, [rep_event(1, 2.0, side=Side.LEFT), rep_event(2, 4.0, side=Side.LEFT)], 4.0)
    assert said == ["left 1", "left 2"]
    counts = workout.counts()
    assert counts.side(Side.LEFT).reps == 2 and counts.side(Side.RIGHT).reps == 0 and counts.sides == (Side.LEFT,)
    assert not workout.set_complete()  # "2 each side": the right side has not been worked
    feed(workout, [rep_event(3, 6.0, side=Side.RIGHT), rep_event(4, 8.0, side=Side.RIGHT, counted=False)], 8.0)
    assert not workout.set_complete()
    feed(workout, [rep_event(5, 10.0, side=Side.RIGHT)], 10.0)
    assert workout.set_complete()
    assert workout.counts().side(Side.RIGHT) == type(counts.side(Side.RIGHT))(reps=2, attempts=1)


def test_a_hold_set_completes_when_every_side_reaches_the_target():
    stretch = get_exercise("hip_flexor_stretch")
    target_s = stretch.target_s.value
    workout = Workout(stretch, SetPlan(sets=1))
    feed(workout, [], 40.0, CheckerStatus(held_s={Side.LEFT: target_s}))
    assert not workout.set_complete()
    hold = HoldRecord(1, "left", 5.0, 5.0 + target_s, target_s, target_s, (Issue("trunk", "Stay tall.", 20.0),))
    feed(workout, [Event(EventKind.HOLD_SEGMENT, 36.0, "", hold=hold)], 80.0, CheckerStatus(held_s={Side.LEFT: target_s, Side.RIGHT: target_s}))
    assert workout.set_complete()
    summary = workout.summary(complete=True)
    assert summary.held_s == {Side.LEFT: target_s, Side.RIGHT: target_s} and summary.reps == 0
    assert [issue.rep for issue in summary.issues] == [1]
    assert SetPlan(sets=2).describe(stretch) == f"2 sets of {target_s:g} s each side"
    assert SetPlan(reps=12, sets=3).describe(get_exercise("squat")) == "3 sets of 12"


def test_a_hold_whose_side_was_not_seen_completes_at_both_sides_targets_together():
    stretch = get_exercise("figure_four_stretch")
    target_s = stretch.target_s.value
    workout = Workout(stretch, SetPlan(sets=1))
    feed(workout, [], 40.0, CheckerStatus(held_s={None: target_s + 5}))
    assert not workout.set_complete()
    feed(workout, [], 80.0, CheckerStatus(held_s={None: 2 * target_s}))
    assert workout.set_complete()
    one_side_done = Workout(stretch, SetPlan(sets=1))
    feed(one_side_done, [], 80.0, CheckerStatus(held_s={Side.LEFT: 2 * target_s - 10, None: 10.0}))
    assert not one_side_done.set_complete()  # the unseen 10 s cannot be the whole right side
    feed(one_side_done, [], 90.0, CheckerStatus(held_s={Side.LEFT: target_s, None: target_s}))
    assert one_side_done.set_complete()


def test_summary_type_counts_records_per_side_and_kinds_are_an_enum():
    records = [
        SidedRep(1, 0, 1, 2, True, {}, side=Side.LEFT), SidedRep(2, 3, 4, 5, False, {}, side=Side.LEFT),
        RepRecord(3, 6, 7, 8, True, {}),
        HoldRecord(1, "right", 0.0, 10.0, 10.0, 30.0),
    ]
    summary = CheckerSummary.of(records, held_now={Side.RIGHT: 2.5})
    assert (summary.reps, summary.attempts, summary.held_s) == (2, 1, 12.5)
    assert summary.side(Side.LEFT).reps == 1 and summary.side(None).reps == 1 and summary.side(Side.RIGHT).held_s == 12.5
    assert exercise_kind(get_exercise("squat")) is ExerciseKind.REPS and ExerciseKind.HOLD == "hold"


def test_a_plan_rejects_nonsense():
    with pytest.raises(ValueError):
        SetPlan(reps=0)
