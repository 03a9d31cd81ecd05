import numpy as np
import pytest

from helpers import run_poses
from posecoach.events import EventKind
from posecoach.exercises import get_exercise
from synthetic import lunge_side_pose, rep_profile

REP_S = 2.4
LEAD_S = 1.0  # standing still before the first rep


def lunge_set(reps: list[dict], *, front_near: bool | list[bool] = True, noise_px: float = 0.0):
    """A side-view set; each rep is ``lunge_side_pose`` keywords at its bottom (``{}`` = a clean lunge)."""
    rng = np.random.default_rng(11)
    near = front_near if isinstance(front_near, list) else [front_near] * len(reps)

    def pose_at(t: float):
        rep = int((t - LEAD_S) // REP_S)
        if t < LEAD_S or rep >= len(reps):
            return lunge_side_pose(0.0, noise_px=noise_px, rng=rng)
        keywords = dict(reps[rep])
        amount = rep_profile(0.0, 1.0, REP_S, hold_s=0.3)((t - LEAD_S) - rep * REP_S)
        if keywords.pop("knee_drive", False):
            return lunge_side_pose(0.0, knee_drive=amount, front_near=near[rep], noise_px=noise_px, rng=rng)
        return lunge_side_pose(amount, front_near=near[rep], noise_px=noise_px, rng=rng, **keywords)

    return pose_at, LEAD_S + REP_S * len(reps) + 1.0


@pytest.mark.parametrize("noise_px", [0.0, 2.0])
def test_lunges_count_whichever_leg_is_in_front(noise_px):
    pose_at, duration = lunge_set([{}] * 6, front_near=[True, False] * 3, noise_px=noise_px)
    run = run_poses("lunge", pose_at, duration)
    assert [r.counted for r in run.records] == [True] * 6
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 7)}
    assert not run.events_of(EventKind.CUE)


def test_a_knee_drive_between_lunges_is_not_a_rep():
    """Reverse lunge with knee drive: standing on one leg with the other knee at hip height keeps the hips high."""
    pose_at, duration = lunge_set([{}, {"knee_drive": True}, {}, {"knee_drive": True}, {}])
    run = run_poses("lunge", pose_at, duration)
    assert run.session.checker.reps == 3 and run.session.checker.attempts == 0


def test_half_lunges_are_attempts_with_a_depth_cue_during_the_rep():
    pose_at, duration = lunge_set([{}, {"front_knee_deg": 118.0}, {}])
    run = run_poses("lunge", pose_at, duration)
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"shallow"}
    cue = next(e for e in run.events_of(EventKind.CUE) if e.code == "shallow")
    assert run.records[1].peak_s <= cue.at_s < run.records[1].end_s
    assert "front thigh" in cue.message


def test_torso_lean_flagged_only_on_the_leaning_rep():
    pose_at, duration = lunge_set([{}, {"trunk_lean_deg": 55.0}, {"trunk_lean_deg": 30.0}])
    assert run_poses("lunge", pose_at, duration).issue_codes_by_rep() == {1: set(), 2: {"torso_lean"}, 3: set()}


@pytest.mark.parametrize("front_near", [True, False])
def test_front_knee_far_past_the_toes_flagged_on_the_front_leg(front_near):
    pose_at, duration = lunge_set([{}, {"front_knee_deg": 85.0, "front_shin_deg": 72.0}], front_near=front_near)
    codes = run_poses("lunge", pose_at, duration).issue_codes_by_rep()
    assert codes == {1: set(), 2: {"front_knee_past_toes"}}


def test_thresholds_are_named_with_units_and_reasons():
    exercise = get_exercise("lunge")
    for threshold in exercise.thresholds():
        assert threshold.unit and threshold.why, threshold.name
    signal = exercise.signals[next(iter(exercise.signals))]
    assert signal.full.value < signal.leave.value < signal.rest.value  # hips drop: a decreasing signal
