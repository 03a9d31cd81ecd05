import pytest

from helpers import run_poses
from posecoach.landmarks import Landmark
from synthetic import floor_set, side_lying_joints

CLEAN = {"clam_open_deg": 45.0}


def clamshells(reps, down="LEFT", **keywords):
    return floor_set(side_lying_joints, [{**rep, "rest": {"down": down, "clam_hip_deg": 45.0}} for rep in reps], **keywords)


@pytest.mark.parametrize("down", ["LEFT", "RIGHT"])
def test_clean_clamshells_count_on_the_top_legs_side(down):
    pose_at, duration = clamshells([CLEAN] * 4, down=down, noise_px=1.5)
    run = run_poses("clamshell", pose_at, duration)
    top = "right" if down == "LEFT" else "left"
    assert [(r.counted, r.side) for r in run.records] == [(True, top)] * 4
    assert run.issue_codes_by_rep() == {i: set() for i in range(1, 5)}


def test_a_small_opening_is_an_attempt():
    pose_at, duration = clamshells([CLEAN, {"clam_open_deg": 18.0}, CLEAN])
    run = run_poses("clamshell", pose_at, duration)
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep()[2] == {"small_opening"}


@pytest.mark.parametrize(
    ("fault", "code"),
    # rolling back to open wider: not judged from the front (see the module); the opening is read relative to
    # the body, so the roll does not add to it or part the feet
    [({"clam_open_deg": 60.0, "roll_back_deg": 35.0}, None), ({"feet_apart_deg": 20.0}, "feet_apart")],
)
@pytest.mark.parametrize("down", ["LEFT", "RIGHT"])
def test_each_fault_only_on_its_rep(fault, code, down):
    pose_at, duration = clamshells([CLEAN, {**CLEAN, **fault}, CLEAN], down=down, noise_px=1.0)
    run = run_poses("clamshell", pose_at, duration)
    assert [r.counted for r in run.records] == [True, True, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: {code} if code else set(), 3: set()}


@pytest.mark.parametrize("yaw_deg", [-35.0, -15.0, 0.0, 30.0])
def test_a_camera_round_toward_the_head_counts_without_a_set_up_cue(yaw_deg):
    """From ~30 deg round toward the head the shins point at the camera: the opening is read as the thighs' angle,
    which that view still shows (the knees' distance read half the opening there on a rendered clip)."""
    pose_at, duration = clamshells([CLEAN] * 3, yaw_deg=yaw_deg, noise_px=1.0)
    run = run_poses("clamshell", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "right")] * 3
    assert not any(r.status.guidance_message.startswith("Move the camera") for r in run.results)


def _top_knee_toward_its_hip(pose_at, share):
    """MediaPipe's error from 30 deg round toward the head (rendered): the top knee drawn toward its hip along the
    thigh, so the knees' distance shrinks while the thighs' angle stays."""
    def drawn(time_s):
        pose = pose_at(time_s)
        xy = pose.xy.copy()
        hip, knee = xy[Landmark.RIGHT_HIP], xy[Landmark.RIGHT_KNEE]
        xy[Landmark.RIGHT_KNEE] = hip + (knee - hip) * (1.0 - share)
        return pose.with_xy(xy)
    return drawn


def test_a_top_knee_drawn_toward_its_hip_still_reads_full_openings_and_small_ones():
    pose_at, duration = clamshells([CLEAN, {"clam_open_deg": 20.0}, CLEAN], yaw_deg=-30.0, noise_px=1.0)
    run = run_poses("clamshell", _top_knee_toward_its_hip(pose_at, 0.5), duration)
    assert [r.counted for r in run.records] == [True, False, True]
    assert run.issue_codes_by_rep() == {1: set(), 2: {"small_opening"}, 3: set()}
