"""The contract every registered exercise keeps, checked over all of them."""

import math

import numpy as np
import pytest

from helpers import run_poses
from posecoach.events import EventKind
from posecoach.exercises import HoldExercise, RepExercise, all_exercises
from posecoach.exercises.base import Threshold
from posecoach.kinematics import Orientation
from synthetic import (
    make_pose, project, prone_joints, quadruped_joints, rep_profile, side_lying_joints, squat_side_points,
    supine_bridge_joints,
)

EXERCISES = sorted(all_exercises())


def declared_thresholds(exercise) -> list[Threshold]:
    """Every threshold the exercise uses, duplicates kept (``thresholds()`` lists each name once)."""
    found = [*exercise.other_thresholds]
    found += [limit for check in exercise.position for limit in (check.allowed.low, check.allowed.high) if limit]
    if isinstance(exercise, RepExercise):
        found += [exercise.min_rep_s, *([exercise.max_rep_s] if exercise.max_rep_s else [])]
        found += exercise.quick_rep.thresholds() if exercise.quick_rep else []
        for signal in exercise.signals.values():
            found += [signal.rest, signal.leave, signal.full, signal.turnaround]
            found += signal.rest_also.at_rest.limits if signal.rest_also else []
        found += [rule.limit for rule in exercise.form_rules] + [rule.limit for rule in exercise.all_rep_rules]
        found += exercise.peak_hold.thresholds() if exercise.peak_hold else []
        found += ([exercise.settle_s] if exercise.settle_s else []) + (exercise.bouts.thresholds() if exercise.bouts else [])
    else:
        found += [exercise.target_s, exercise.grace_s, exercise.still_max_speed, exercise.settle_max_travel]
        untold = exercise.side_untold.posture if exercise.side_untold else ()
        found += [limit for check in exercise.posture + exercise.advice + untold for limit in (check.allowed.low, check.allowed.high) if limit]
    return found


@pytest.mark.parametrize("name", EXERCISES)
def test_thresholds_are_named_unique_with_units_and_a_reason(name):
    exercise = all_exercises()[name]
    by_name: dict[str, Threshold] = {}
    for threshold in declared_thresholds(exercise):
        assert threshold.name and threshold.unit and len(threshold.why) > 15, threshold
        assert math.isfinite(threshold.value), threshold
        assert by_name.setdefault(threshold.name, threshold) == threshold, f"two thresholds named {threshold.name}"
    assert {t.name for t in exercise.thresholds()} == set(by_name)


@pytest.mark.parametrize("name", EXERCISES)
def test_texts_signals_and_codes(name):
    exercise = all_exercises()[name]
    assert exercise.how_to and exercise.camera and exercise.target and exercise.wrong_view_cue
    assert not exercise.orientations or exercise.orientation_cue
    if isinstance(exercise, RepExercise):
        assert set(exercise.signals) == set(exercise.views), "a phase signal for every view it accepts"
        for signal in exercise.signals.values():
            assert signal.past(signal.full.value, signal.leave) and not signal.at_rest(signal.leave.value)
            assert signal.turnaround.value > 0
        codes = [rule.code for rule in exercise.form_rules] + [rule.code for rule in exercise.all_rep_rules]
        assert len(codes) == len(set(codes)) and exercise.partial_code not in codes
        assert (exercise.side_of is None) == (exercise.sides.value == "none")
    else:
        assert isinstance(exercise, HoldExercise)


STILL_BODIES = {
    "standing": lambda: make_pose(squat_side_points(176.0)),
    "supine": lambda: project(supine_bridge_joints(0.0)),
    "prone": lambda: project(prone_joints()),
    "quadruped": lambda: project(quadruped_joints()),
    "side_lying": lambda: project(side_lying_joints("LEFT")),
}


@pytest.mark.parametrize("name", EXERCISES)
def test_idle_and_empty_streams_count_nothing(name):
    rng = np.random.default_rng(3)
    for body in STILL_BODIES.values():
        pose = body()
        run = run_poses(name, lambda t: pose.with_xy(pose.xy + rng.normal(0, 1.5, pose.xy.shape)), 3.0)
        assert not run.records, body
    assert not run_poses(name, lambda t: None, 2.0).records
    assert not run_poses(name, lambda t: None, 0.0).records


@pytest.mark.parametrize("name", EXERCISES)
def test_a_person_in_the_wrong_orientation_counts_nothing(name):
    exercise = all_exercises()[name]
    profile = rep_profile(0.0, 1.0, 2.5, hold_s=0.5)
    if exercise.orientations and Orientation.STANDING not in exercise.orientations:
        pose_at = lambda t: make_pose(squat_side_points(175.0 - 100.0 * profile(t % 2.5)))  # squats  # noqa: E731
    else:
        pose_at = lambda t: project(quadruped_joints(donkey_deg={"LEFT": 95.0 * profile(t % 2.5)}))  # noqa: E731
    run = run_poses(name, pose_at, 10.0)
    assert not run.records
    if exercise.orientations and Orientation.STANDING not in exercise.orientations:
        guidance = run.events_of(EventKind.GUIDANCE)
        assert guidance and guidance[0].code == "wrong_orientation" and guidance[0].message == exercise.orientation_cue
