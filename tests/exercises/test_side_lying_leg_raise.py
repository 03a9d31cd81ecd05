import math

import pytest

from helpers import run_poses
from posecoach.events import EventKind
from synthetic import floor_set, side_lying_joints

CLEAN = {"raise_deg": 45.0}


def leg_raises(reps, down="LEFT", **keywords):
    return floor_set(side_lying_joints, [{**rep, "rest": {"down": down}} for rep in reps], **keywords)


@pytest.mark.parametrize("down", ["LEFT", "RIGHT"])
@pytest.mark.parametrize("noise_px", [0.0, 2.0])
def test_clean_raises_count_on_the_top_legs_side(down, noise_px):
    pose_at, duration = leg_raises([CLEAN] * 4, down=down, noise_px=noise_px)
    run = run_poses("side_lying_leg_raise", pose_at, duration)
    top = "right" if down == "LEFT" else "left"
    assert [(r.counted, r.side) for r in run.records] == [(True, top)] * 4
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 5)}
    assert run.session.checker.reps_by_side() == {top: 4, ("left" if top == "right" else "right"): 0}


def test_a_low_lift_is_an_attempt_with_a_cue_while_lowering():
    pose_at, duration = leg_raises([CLEAN, {"raise_deg": 22.0}, CLEAN])
    run = run_poses("side_lying_leg_raise", pose_at, duration)
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"low_lift"}
    cue = next(e for e in run.events_of(EventKind.CUE) if e.code == "low_lift")
    assert run.records[1].start_s < cue.at_s <= run.records[1].end_s  # while stopped short or lowering


@pytest.mark.parametrize(
    ("fault", "code"),
    [({"forward_deg": 40.0}, "leg_drifts_forward"), ({"knee_bend_deg": 50.0}, "knee_bends"),
     # the pelvis turning in depth is not judged from the front (see the module), nor taken for the leg drifting
     ({"roll_back_deg": 40.0}, None)],
)
@pytest.mark.parametrize("down", ["LEFT", "RIGHT"])
def test_each_fault_only_on_its_rep(fault, code, down):
    pose_at, duration = leg_raises([CLEAN, {**CLEAN, **fault}, CLEAN], down=down, noise_px=1.0)
    run = run_poses("side_lying_leg_raise", pose_at, duration)
    assert [r.counted for r in run.records] == [True, True, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: {code} if code else set(), 3: set()}


def test_a_camera_turned_20_degrees_still_counts_cleanly():
    pose_at, duration = leg_raises([CLEAN] * 3, yaw_deg=20.0, noise_px=1.0)
    run = run_poses("side_lying_leg_raise", pose_at, duration)
    assert [r.counted for r in run.records] == [True] * 3 and run.issue_codes_by_rep() == {i: set() for i in (1, 2, 3)}


def _legs_swapped_and_hips_pulled_together(pose):
    """What MediaPipe does with the top leg up on some bodies: the legs' labels swap and the stacked hips and
    shoulders are pulled together (a rendered clip read 41 px of hip stack as 2-7 px for about a second)."""
    from posecoach.landmarks import Landmark as L

    xy = pose.xy.copy()
    pelvis = (xy[L.LEFT_HIP] + xy[L.RIGHT_HIP]) / 2
    rise, along = pelvis[1] - xy[L.RIGHT_ANKLE][1], abs(xy[L.RIGHT_ANKLE][0] - pelvis[0])
    if math.degrees(math.atan2(rise, along)) < 40.0:
        # the top (right) leg is not near the top: on the rendered clip MediaPipe swapped the labels at 30-43 deg
        # (a swap lower down, ~15 deg over rest, makes the smoothed ankles cross for a frame and can end the rep)
        return pose
    for part in ("KNEE", "ANKLE", "HEEL", "FOOT_INDEX"):
        left, right = L[f"LEFT_{part}"], L[f"RIGHT_{part}"]
        xy[[left, right]] = xy[[right, left]]
    for part in ("HIP", "SHOULDER"):
        left, right = L[f"LEFT_{part}"], L[f"RIGHT_{part}"]
        centre = (xy[left] + xy[right]) / 2
        xy[left], xy[right] = centre + (0.0, 2.0), centre - (0.0, 2.0)
    return pose.with_xy(xy)


def test_a_raise_counts_on_its_side_when_the_legs_labels_swap_and_the_hips_collapse_at_the_top():
    pose_at, duration = leg_raises([CLEAN, {"raise_deg": 22.0}, CLEAN], noise_px=1.0)
    run = run_poses("side_lying_leg_raise", lambda t: _legs_swapped_and_hips_pulled_together(pose_at(t)), duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "right"), (False, "right"), (True, "right")]
    assert run.issue_codes_by_rep() == {1: set(), 2: {"low_lift"}, 3: set()}
