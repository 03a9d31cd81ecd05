"""hip_thrust and bridge_pelvic_roll on the supine skeleton."""

import pytest

from helpers import run_poses
from posecoach.events import EventKind
from synthetic import floor_set, supine_bridge_joints

THRUST = {"lift": 1.0, "hold_s": 1.5, "rest": {"bench_m": 0.4}}


@pytest.mark.parametrize("bench_m", [0.4, 0.0])
def test_hip_thrusts_count_from_a_bench_or_the_floor(bench_m):
    pose_at, duration = floor_set(supine_bridge_joints, [{**THRUST, "rest": {"bench_m": bench_m}}] * 3, noise_px=1.5)
    run = run_poses("hip_thrust", pose_at, duration)
    assert [r.counted for r in run.records] == [True] * 3
    assert run.issue_codes_by_rep() == {1: set(), 2: set(), 3: set()}


@pytest.mark.parametrize(
    ("rep", "counted", "codes"),
    [({**THRUST, "lift": 0.75}, False, {"hips_low"}), ({**THRUST, "lift": 1.7}, True, {"over_arch"}),
     ({**THRUST, "hold_s": 0.0}, True, {"no_hold"})],
)
def test_hip_thrust_faults_only_on_their_rep(rep, counted, codes):
    pose_at, duration = floor_set(supine_bridge_joints, [THRUST, rep, THRUST], noise_px=1.0)
    run = run_poses("hip_thrust", pose_at, duration)
    assert [r.counted for r in run.records] == [True, counted, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: codes, 3: set()}


def rolls(sides: list[str], drop: list[float] | None = None, hip_roll_deg: float = 20.0, **keywords):
    """Held bridge; each rep rolls toward a side, the knees swaying 20 deg with the pelvis (``hip_roll_deg``: how far
    the hip landmarks tip with it; ``drop`` lowers the hips on that rep)."""
    drop = drop or [0.0] * len(sides)
    sign = {"LEFT": 1.0, "RIGHT": -1.0}
    reps = [{"roll_deg": sign[side] * hip_roll_deg, "knee_sway_deg": sign[side] * 20.0, "lift": -d,
             "rest": {"lift": 1.0}, "hold_s": 0.3} for side, d in zip(sides, drop)]
    return floor_set(supine_bridge_joints, reps, rep_s=2.5, **keywords)


@pytest.mark.parametrize("yaw_deg", [45.0, 60.0])  # 45 and 60 deg round from the side toward the feet
@pytest.mark.parametrize("noise_px", [0.0, 1.5])
def test_rolls_count_per_side(yaw_deg, noise_px):
    pose_at, duration = rolls(["LEFT", "RIGHT", "LEFT", "RIGHT"], yaw_deg=yaw_deg, noise_px=noise_px)
    run = run_poses("bridge_pelvic_roll", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left"), (True, "right")] * 2
    assert run.session.checker.reps_by_side() == {"left": 2, "right": 2}
    assert not run.events_of(EventKind.CUE)


def test_rolls_count_from_the_knees_when_the_hip_landmarks_barely_tip():
    """As MediaPipe reads a rendered 20-24 deg roll: the hip line tips 2-6 deg, the knees sway with the pelvis."""
    pose_at, duration = rolls(["RIGHT", "LEFT", "RIGHT"], hip_roll_deg=3.0, yaw_deg=50.0, noise_px=1.0)
    run = run_poses("bridge_pelvic_roll", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "right"), (True, "left"), (True, "right")]


@pytest.mark.parametrize("yaw_deg", [45.0, 60.0])
def test_hips_dropping_during_a_roll_is_flagged_on_that_roll(yaw_deg):
    pose_at, duration = rolls(["LEFT", "RIGHT", "LEFT"], drop=[0.0, 0.6, 0.0], yaw_deg=yaw_deg, noise_px=1.0)
    run = run_poses("bridge_pelvic_roll", pose_at, duration)
    assert run.issue_codes_by_rep() == {1: set(), 2: {"hips_drop"}, 3: set()}


def test_small_wobbles_and_lying_flat_count_nothing():
    wobble = {"roll_deg": 5.0, "knee_sway_deg": 5.0, "rest": {"lift": 1.0}}
    pose_at, duration = floor_set(supine_bridge_joints, [wobble] * 3, noise_px=1.0, yaw_deg=45.0)
    assert not run_poses("bridge_pelvic_roll", pose_at, duration).records
    flat, duration = floor_set(supine_bridge_joints, [{"roll_deg": 20.0, "knee_sway_deg": 20.0}] * 3, yaw_deg=45.0)
    run = run_poses("bridge_pelvic_roll", flat, duration)
    assert not run.records and run.events_of(EventKind.GUIDANCE)


def test_rolls_filmed_side_on_are_not_counted_and_the_camera_is_moved():
    """Side-on the knees sway toward and away from the camera: nothing is counted, the view is asked for."""
    pose_at, duration = rolls(["LEFT", "RIGHT"], noise_px=1.0)
    run = run_poses("bridge_pelvic_roll", pose_at, duration)
    assert not run.records
    assert [e.code for e in run.events_of(EventKind.GUIDANCE)] == ["wrong_view"]


def _ankles_crossed_at_each_peak(pose_at, rep_starts_s: list[float]):
    """MediaPipe's ankles crossing in the image for ~0.4 s at a roll's widest (seen on a rendered clip, where
    50 deg round toward the feet they sit 10-20 px apart)."""
    from posecoach.landmarks import Landmark as L

    def swapped(time_s: float):
        pose = pose_at(time_s)
        if not any(1.2 <= time_s - start <= 1.6 for start in rep_starts_s):
            return pose
        xy = pose.xy.copy()
        for part in ("ANKLE", "HEEL", "FOOT_INDEX"):
            left, right = L[f"LEFT_{part}"], L[f"RIGHT_{part}"]
            xy[[left, right]] = xy[[right, left]]
        return pose.with_xy(xy)

    return swapped


def test_a_roll_keeps_its_side_when_the_ankles_cross_for_a_moment():
    pose_at, duration = rolls(["LEFT", "RIGHT", "LEFT"], yaw_deg=50.0, noise_px=1.0)
    starts = [1.5 + i * (2.5 + 0.3 + 0.8) for i in range(3)]
    run = run_poses("bridge_pelvic_roll", _ankles_crossed_at_each_peak(pose_at, starts), duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "left"), (True, "right"), (True, "left")]
