import numpy as np
import pytest

from helpers import run_poses
from posecoach.events import EventKind, Guidance
from synthetic import project, rep_profile
from standing_synthetic import abduction_joints

REP_S, LEAD_S = 2.0, 1.0


def lifts(sides: list[str], peak_deg: float = 38.0, yaw_deg: float = 0.0, low: set[int] = frozenset(),
          lean: set[int] = frozenset(), toes: set[int] = frozenset()):
    """One lift per entry of ``sides``; faults on the given 1-based reps."""
    profile = rep_profile(0.0, 1.0, REP_S, hold_s=0.4)
    rng = np.random.default_rng(3)

    def pose_at(t: float):
        rep = int((t - LEAD_S) // REP_S)
        if t < LEAD_S or rep >= len(sides):
            return project(abduction_joints("LEFT", 0.0), yaw_deg=yaw_deg, noise_px=1.0, rng=rng)
        u, index = profile(t - LEAD_S - rep * REP_S), rep + 1
        joints = abduction_joints(
            sides[rep], (18.0 if index in low else peak_deg) * u,
            trunk_side_deg=22.0 * u if index in lean else 2.0 * u, toes_up_deg=45.0 * u if index in toes else 0.0,
        )
        return project(joints, yaw_deg=yaw_deg, noise_px=1.0, rng=rng)

    return pose_at, LEAD_S + REP_S * len(sides) + 1.0


@pytest.mark.parametrize("yaw_deg", [0, 180], ids=["front", "behind"])
def test_reps_count_per_side(yaw_deg):
    run = run_poses("standing_hip_abduction", *lifts(["LEFT"] * 3 + ["RIGHT"] * 3, yaw_deg=yaw_deg))
    assert [(r.counted, r.side) for r in run.records] == [(True, "left")] * 3 + [(True, "right")] * 3
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 7)}
    assert run.session.checker.reps_by_side() == {"left": 3, "right": 3}


def test_a_low_lift_is_an_attempt_with_a_cue():
    run = run_poses("standing_hip_abduction", *lifts(["LEFT"] * 3, low={2}))
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"low_lift"}


def test_trunk_lean_and_toes_turning_up_are_flagged_on_their_reps():
    run = run_poses("standing_hip_abduction", *lifts(["RIGHT"] * 4, lean={2}, toes={4}))
    assert run.issue_codes_by_rep() == {1: set(), 2: {"trunk_lean"}, 3: set(), 4: {"toes_up"}}
    assert {e.code for e in run.events_of(EventKind.CUE)} == {"trunk_lean", "toes_up"}


def test_filmed_from_the_side_it_asks_to_face_the_camera():
    run = run_poses("standing_hip_abduction", *lifts(["LEFT"] * 2, yaw_deg=90.0))
    assert not run.records
    assert any(e.code == Guidance.WRONG_VIEW.value for e in run.events_of(EventKind.GUIDANCE))


def test_squatting_splays_both_legs_and_is_not_a_lift():
    from standing_synthetic import chair_squat_joints

    profile = rep_profile(0.0, 1.0, 2.5, hold_s=0.5)
    run = run_poses("standing_hip_abduction", lambda t: project(chair_squat_joints(profile(t % 2.5)), yaw_deg=0.0), 7.5)
    assert not run.records


@pytest.mark.parametrize("roll_deg", [-8.0, 8.0])
def test_a_camera_rolled_on_its_stand_counts_both_sides_alike(roll_deg):
    """A roll turns both legs alike: the angle between them does not change (one leg's angle from the image
    vertical gains the roll, the other's loses it)."""
    from posecoach.perturb import rolled

    pose_at, duration = lifts(["LEFT"] * 3 + ["RIGHT"] * 3)
    run = run_poses("standing_hip_abduction", lambda t: rolled(roll_deg)(pose_at(t)), duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left")] * 3 + [(True, "right")] * 3
