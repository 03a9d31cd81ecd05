import numpy as np

from helpers import run_poses
from posecoach.events import EventKind
from synthetic import make_pose, squat_side_points

LEAD_S, SINK_S, DEEP_S, FOLD_S, ROLL_S = 1.0, 2.0, 1.5, 2.0, 2.0
CYCLE_S = SINK_S + DEEP_S + FOLD_S + ROLL_S


def flows(n: int, deep_knee: dict[int, float] | None = None, heel_lift: set[int] = frozenset()):
    """Cycles: sink into a deep squat, hold, straighten the legs into a fold, roll up to standing."""
    rng = np.random.default_rng(12)

    def pose_at(t: float):
        cycle, u = int((t - LEAD_S) // CYCLE_S), (t - LEAD_S) % CYCLE_S
        if t < LEAD_S or cycle >= n:
            return make_pose(squat_side_points(178.0, trunk_lean_deg=3.0), noise_px=1.0, rng=rng)
        deep = (deep_knee or {}).get(cycle + 1, 38.0)
        if u < SINK_S:  # sinking
            s = (1 - np.cos(np.pi * u / SINK_S)) / 2
            knee, lean = 178.0 + (deep - 178.0) * s, 3.0 + 27.0 * s
        elif u < SINK_S + DEEP_S:
            knee, lean = deep, 30.0
        elif u < SINK_S + DEEP_S + FOLD_S:  # legs straighten, trunk folds down
            s = (1 - np.cos(np.pi * (u - SINK_S - DEEP_S) / FOLD_S)) / 2
            knee, lean = deep + (178.0 - deep) * s, 30.0 + 70.0 * s
        else:  # roll up
            s = (1 - np.cos(np.pi * (u - SINK_S - DEEP_S - FOLD_S) / ROLL_S)) / 2
            knee, lean = 178.0, 100.0 - 97.0 * s
        lift = 25.0 if cycle + 1 in heel_lift and SINK_S * 0.7 < u < SINK_S + DEEP_S else 0.0
        points = squat_side_points(knee, trunk_lean_deg=lean, shin_share=0.47, heel_lift_deg=lift)
        return make_pose(points, noise_px=1.0, rng=rng)

    return pose_at, LEAD_S + CYCLE_S * n + 1.0


def test_each_full_cycle_counts_once():
    run = run_poses("yoga_squat", *flows(3))
    assert [r.counted for r in run.records] == [True] * 3
    assert run.issue_codes_by_rep() == {1: set(), 2: set(), 3: set()}
    assert any(e.code == "wrong_position" for e in run.events_of(EventKind.GUIDANCE)), "the fold asks to roll up"


def test_a_squat_that_is_not_deep_is_an_attempt():
    run = run_poses("yoga_squat", *flows(3, deep_knee={2: 95.0}))
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"not_deep"}


def test_heels_lifting_in_the_squat_is_flagged_on_that_cycle():
    assert run_poses("yoga_squat", *flows(3, heel_lift={2})).issue_codes_by_rep() == {1: set(), 2: {"heels_lift"}, 3: set()}


def test_a_brisk_cycle_counts_too():
    """The same flow at three times the pace: the hips stay below the start line for ~1.2 s, a full cycle all the same."""
    pose_at, duration = flows(3)
    run = run_poses("yoga_squat", lambda t: pose_at(3.0 * t), duration / 3.0)
    assert [r.counted for r in run.records] == [True] * 3
