import numpy as np
import pytest

from helpers import run_poses
from posecoach.events import EventKind
from posecoach.landmarks import Landmark as L
from synthetic import project
from standing_synthetic import chair_squat_joints, sit_stand_profile, standing_joints

LEAD_S, REST_S = 1.0, 1.0
CONTROLLED = (2.0, 0.8, 1.5)  # down, seated, up (s)


def sit_to_stands(tempos: list[tuple[float, float, float]], yaw_deg: float = 90.0, lean: dict[int, float] | None = None,
                  knees_in: dict[int, float] | None = None, hide_near_hip_seated: bool = False):
    """Reps at the given tempos (1-based faults per rep), standing ``REST_S`` between them."""
    starts = np.cumsum([LEAD_S] + [sum(t) + REST_S for t in tempos])
    rng = np.random.default_rng(4)

    def pose_at(t: float):
        rep = int(np.searchsorted(starts, t, side="right")) - 1
        depth, index = 0.0, rep + 1
        if 0 <= rep < len(tempos):
            depth = sit_stand_profile(*tempos[rep])(t - starts[rep])
        joints = chair_squat_joints(
            depth, trunk_lean_deg=(lean or {}).get(index), knees_in=(knees_in or {}).get(index, 0.0) * depth
        )
        hidden = (L.LEFT_HIP,) if hide_near_hip_seated and depth > 0.8 else ()
        return project(joints, yaw_deg=yaw_deg, noise_px=1.0, rng=rng, hidden=hidden)

    return pose_at, float(starts[-1]) + 0.5


@pytest.mark.parametrize("yaw_deg", [90, 45, 0])
def test_controlled_sit_to_stands_count_from_any_angle_with_no_issue(yaw_deg):
    run = run_poses("chair_squat", *sit_to_stands([CONTROLLED] * 3, yaw_deg=yaw_deg))
    assert [r.counted for r in run.records] == [True] * 3
    assert run.issue_codes_by_rep() == {1: set(), 2: set(), 3: set()}


def test_dropping_onto_the_chair_is_flagged_on_that_rep():
    run = run_poses("chair_squat", *sit_to_stands([CONTROLLED, (0.45, 0.8, 1.5), CONTROLLED]))
    assert run.issue_codes_by_rep() == {1: set(), 2: {"dropping"}, 3: set()}
    assert any(e.code == "dropping" for e in run.events_of(EventKind.CUE))


def test_trunk_pitching_forward_is_flagged_on_that_rep():
    run = run_poses("chair_squat", *sit_to_stands([CONTROLLED] * 3, lean={2: 65.0}))
    assert run.issue_codes_by_rep() == {1: set(), 2: {"trunk_pitch"}, 3: set()}


def test_knees_caving_in_is_flagged_from_the_front():
    run = run_poses("chair_squat", *sit_to_stands([CONTROLLED] * 2, yaw_deg=0, knees_in={2: 0.15}))
    assert run.issue_codes_by_rep() == {1: set(), 2: {"knees_cave"}}


def test_a_chair_hiding_the_near_hip_does_not_lose_reps():
    run = run_poses("chair_squat", *sit_to_stands([CONTROLLED] * 2, hide_near_hip_seated=True))
    assert [r.counted for r in run.records] == [True, True]


@pytest.mark.parametrize("yaw_deg", [90, 0], ids=["side", "front"])
def test_a_hip_hinge_is_not_a_rep(yaw_deg):
    """Bending over with straight legs (picking something up) drops the shoulders but never sits (from the front:
    the hips stay at their standing height)."""
    from standing_synthetic import body_point, feet_together, STANDING_HIP_M
    hinge = sit_stand_profile(1.2, 0.5, 1.2)

    def pose_at(t: float):
        joints = standing_joints(body_point(-0.1 * hinge(t - 1.0), up=STANDING_HIP_M), feet_together(), trunk_lean_deg=70.0 * hinge(t - 1.0))
        return project(joints, yaw_deg=yaw_deg)

    assert not run_poses("chair_squat", pose_at, 4.5).records
