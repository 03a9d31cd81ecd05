import pytest

from helpers import run_poses
from synthetic import floor_set, prone_joints

CLEAN = {"arm_lift_deg": 12.0, "leg_lift_deg": 8.0, "chest_lift_deg": 4.0, "hold_s": 2.5}


@pytest.mark.parametrize("noise_px", [0.0, 1.5])
@pytest.mark.parametrize("head_right", [True, False])
def test_held_lifts_count(noise_px, head_right):
    pose_at, duration = floor_set(prone_joints, [{**CLEAN, "rest": {"head_right": head_right}}] * 3, noise_px=noise_px)
    run = run_poses("superman", pose_at, duration)
    assert [r.counted for r in run.records] == [True] * 3
    assert run.issue_codes_by_rep() == {1: set(), 2: set(), 3: set()}


@pytest.mark.parametrize(
    ("rep", "counted", "codes"),
    [
        ({**CLEAN, "arm_lift_deg": 4.0, "leg_lift_deg": 3.0}, False, {"low_lift"}),
        ({**CLEAN, "leg_lift_deg": 0.0}, None, set()),  # arms only: not a superman, not counted at all
        ({**CLEAN, "hold_s": 0.3}, True, {"no_hold"}),
        ({**CLEAN, "head_lift_deg": 70.0}, True, {"head_lifted"}),
    ],
)
def test_faults_only_on_their_rep(rep, counted, codes):
    pose_at, duration = floor_set(prone_joints, [CLEAN, rep, CLEAN], noise_px=1.0)
    run = run_poses("superman", pose_at, duration)
    if counted is None:
        assert [r.counted for r in run.records] == [True, True]
        return
    assert [r.counted for r in run.records] == [True, counted, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: codes, 3: set()}


def test_the_resting_height_is_relearned_after_the_person_leaves():
    """Back from a break with arms resting higher (a folded towel under the hands): the lifts still count."""
    first, first_s = floor_set(prone_joints, [CLEAN] * 2)
    second, second_s = floor_set(prone_joints, [{**CLEAN, "rest": {"arm_lift_deg": 6.0}}] * 2)
    gap_s = 2.0
    run = run_poses("superman", lambda t: first(t) if t < first_s else None if t < first_s + gap_s
                    else second(t - first_s - gap_s), first_s + gap_s + second_s)
    assert [r.counted for r in run.records] == [True] * 4


@pytest.mark.parametrize("roll_deg", [-8.0, 8.0])
def test_a_camera_rolled_on_its_stand_counts_the_same(roll_deg):
    """The arch is an angle between body segments: a rolled camera does not move it (the hands' height above the
    hips, read against the floor line's estimate, drifted as that estimate settled and lost every rep)."""
    from posecoach.perturb import rolled

    pose_at, duration = floor_set(prone_joints, [CLEAN, {**CLEAN, "arm_lift_deg": 4.0, "leg_lift_deg": 3.0}, CLEAN], noise_px=1.0)
    run = run_poses("superman", lambda t: rolled(roll_deg)(pose_at(t)), duration)
    assert [r.counted for r in run.records] == [True, False, True]
