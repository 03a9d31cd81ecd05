import numpy as np
import pytest

from helpers import run_poses
from synthetic import project, rep_profile
from standing_synthetic import lateral_joints

REP_S, LEAD_S = 2.6, 1.0


def side_lunges(sides: list[str], yaw_deg: float = 0.0, depth: dict[int, float] | None = None, **faults: set[int]):
    """One lateral lunge per entry of ``sides``; ``faults`` name lateral_joints keywords set on 1-based reps."""
    profile = rep_profile(0.0, 1.0, REP_S, hold_s=0.4)
    values = {"straight_knee_deg": 60.0, "trunk_forward_deg": 55.0, "knee_in": 0.6}
    rng = np.random.default_rng(6)

    def pose_at(t: float):
        rep = int((t - LEAD_S) // REP_S)
        if t < LEAD_S or rep >= len(sides):
            return project(lateral_joints("LEFT", 0.0), yaw_deg=yaw_deg, noise_px=1.0, rng=rng)
        index = rep + 1
        keywords = {name: values[name] for name, reps in faults.items() if index in reps}
        amount = (depth or {}).get(index, 1.0) * profile(t - LEAD_S - rep * REP_S)
        return project(lateral_joints(sides[rep], amount, **keywords), yaw_deg=yaw_deg, noise_px=1.0, rng=rng)

    return pose_at, LEAD_S + REP_S * len(sides) + 1.0


@pytest.mark.parametrize("yaw_deg", [0, 180], ids=["front", "behind"])
def test_reps_count_per_side(yaw_deg):
    run = run_poses("lateral_lunge", *side_lunges(["LEFT", "LEFT", "RIGHT", "RIGHT"], yaw_deg=yaw_deg))
    assert [(r.counted, r.side) for r in run.records] == [(True, "left")] * 2 + [(True, "right")] * 2
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 5)}


def test_a_shallow_side_lunge_is_an_attempt():
    run = run_poses("lateral_lunge", *side_lunges(["RIGHT"] * 3, depth={2: 0.45}))
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"shallow"}


def test_faults_are_flagged_on_their_reps():
    run = run_poses("lateral_lunge", *side_lunges(
        ["LEFT"] * 4, straight_knee_deg={2}, trunk_forward_deg={3}, knee_in={4}))
    assert run.issue_codes_by_rep() == {1: set(), 2: {"straight_leg_bends"}, 3: {"trunk_forward"}, 4: {"knee_cave"}}


def test_forward_lunges_from_the_front_are_not_side_lunges():
    from standing_synthetic import lunge_joints

    profile = rep_profile(0.0, 1.0, REP_S, hold_s=0.4)
    fronts = ["LEFT", "RIGHT", "LEFT"]
    run = run_poses("lateral_lunge", lambda t: project(lunge_joints(profile(t % REP_S), fronts[int(t // REP_S) % 3]), yaw_deg=0.0), 3 * REP_S)
    assert not run.records
    assert any(e.code == "wrong_position" for e in run.events)
