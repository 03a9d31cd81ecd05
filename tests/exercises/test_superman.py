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
