"""Leg swings front to back, side to side and circles: every swing counted per leg with its range, through tempo
changes and a pause; the time per leg; each fault on its swing."""

import pytest

from dynamic_synthetic import Pause, Swing, swing_script
from helpers import run_poses

RANGE_TOLERANCE_DEG = 4.0


def check_swings(run, truths, faults: dict[int, set[str]]):
    assert [(r.counted, r.side) for r in run.records] == [(True, t.side.lower()) for t in truths]
    for record, truth in zip(run.records, truths):
        assert record.angles["swing_range_deg"] == pytest.approx(truth.range_deg, abs=RANGE_TOLERANCE_DEG), record.index
    assert run.issue_codes_by_rep() == {i: faults.get(i, set()) for i in range(1, len(truths) + 1)}


def test_front_back_swings_through_tempo_changes_a_pause_and_faults():
    steps = [
        Swing("LEFT", 1.6), Swing("LEFT", 1.6, bend_deg=35.0), Swing("LEFT", 1.1), Swing("LEFT", 0.8, 22.0, 14.0),
        Swing("LEFT", 1.4, trunk_follow=0.5), Swing("LEFT", 1.9, 50.0, 30.0), Pause(2.5),
        Swing("LEFT", 1.3), Swing("LEFT", 1.0), Pause(1.5), Swing("RIGHT", 1.5), Swing("RIGHT", 1.2),
    ]
    pose_at, duration, truths = swing_script(steps, yaw_deg=90.0)
    run = run_poses("leg_swing_front_back", pose_at, duration)
    # swing 4 comes from 25 deg back and reaches 22 forward in 0.4 s: 47 deg, fast and narrow
    check_swings(run, truths, {2: {"waist_bend"}, 4: {"fast_narrow"}, 5: {"trunk_swing"}})
    bouts = run.session.checker.bout_summary()
    assert [(b.side, b.reps) for b in bouts.bouts] == [("left", 6), ("left", 2), ("right", 2)]
    assert len(bouts.breaks()) == 1
    # time per leg: its swings at their mean period (true: the cycles' total)
    assert bouts.time_by_side()["left"] == pytest.approx(1.6 * 2 + 1.1 + 0.8 + 1.4 + 1.9 + 1.3 + 1.0, abs=0.8)
    assert bouts.time_by_side()["right"] == pytest.approx(2.7, abs=0.5)


def test_front_back_swings_at_45_degrees_count_and_read_a_foreshortened_range():
    pose_at, duration, truths = swing_script([Swing("RIGHT", 1.5), Swing("RIGHT", 1.2), Swing("RIGHT", 1.0)], yaw_deg=45.0)
    run = run_poses("leg_swing_front_back", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, "right")] * 3
    assert all(30.0 < r.angles["swing_range_deg"] < 65.0 for r in run.records)


@pytest.mark.parametrize("yaw_deg", [0.0, 180.0], ids=["front", "behind"])
def test_side_swings_count_per_leg_with_their_range(yaw_deg):
    steps = [Swing("LEFT", 1.4, 40.0, 20.0), Swing("LEFT", 1.0, 35.0, 20.0), Pause(2.0), Swing("RIGHT", 1.6, 45.0, 20.0), Swing("RIGHT", 1.2, 40.0, 20.0)]
    pose_at, duration, truths = swing_script(steps, plane="frontal", yaw_deg=yaw_deg)
    run = run_poses("leg_swing_side", pose_at, duration)
    check_swings(run, truths, {})


def test_side_swing_faults_fast_narrow_and_trunk_swinging():
    steps = [Swing("LEFT", 1.4, 40.0, 15.0), Swing("LEFT", 0.8, 22.0, 12.0), Swing("LEFT", 1.4, 40.0, 20.0, trunk_follow=0.4),
             Swing("LEFT", 1.4, 40.0, 20.0, bend_deg=40.0)]
    pose_at, duration, truths = swing_script(steps, plane="frontal", yaw_deg=0.0)
    run = run_poses("leg_swing_side", pose_at, duration)
    # swing 2: 15 across to 22 out in 0.4 s; swing 4 bends forward 40 deg at the waist, seen from the front
    check_swings(run, truths, {2: {"fast_narrow"}, 3: {"trunk_swing"}, 4: {"waist_bend"}})


@pytest.mark.parametrize("yaw_deg", [0.0, 90.0], ids=["front", "side"])
def test_leg_circles_count_one_per_circle(yaw_deg):
    steps = [Swing("RIGHT", 2.0, 30.0, 30.0), Swing("RIGHT", 1.5, 30.0, 30.0), Swing("RIGHT", 2.4, 35.0, 35.0), Pause(2.0),
             Swing("LEFT", 2.0, 30.0, 30.0), Swing("LEFT", 2.0, 30.0, 30.0)]
    pose_at, duration, truths = swing_script(steps, plane="circle", yaw_deg=yaw_deg)
    run = run_poses("leg_circle", pose_at, duration)
    assert [(r.counted, r.side) for r in run.records] == [(True, t.side.lower()) for t in truths]
    if yaw_deg == 0.0:  # from the front the circle's width is out and across
        for record, truth in zip(run.records, truths):
            assert record.angles["swing_range_deg"] == pytest.approx(truth.range_deg, abs=RANGE_TOLERANCE_DEG)


def test_standing_still_and_walking_are_not_swings():
    from standing_synthetic import walk_joints
    from synthetic import project

    for exercise in ("leg_swing_front_back", "leg_circle"):
        run = run_poses(exercise, lambda t: project(walk_joints(t, stride_m=0.3), yaw_deg=90.0, noise_px=1.0), 6.0)
        assert not [r for r in run.records if r.counted], exercise


def _front_measures(pitch_to_camera_deg: float, image_torso_share: float = 1.0, facing_camera: bool = True):
    """A standing body seen from the front (or from behind): its image torso at ``image_torso_share`` of the longest,
    and MediaPipe-like world landmarks (metres, y down, z away from the camera) pitched toward the camera."""
    import math

    import numpy as np

    from posecoach.kinematics import BodyMeasures, View
    from posecoach.kinematics.body import Framing
    from posecoach.landmarks import NUM_LANDMARKS, Landmark as L, Pose

    torso_px, torso_m, pitch = 200.0, 0.5, math.radians(pitch_to_camera_deg)
    left_x, right_x = (540.0, 460.0) if facing_camera else (460.0, 540.0)  # the person's left hip on the image's right
    points = np.full((NUM_LANDMARKS, 2), np.nan)
    points[[L.LEFT_HIP, L.RIGHT_HIP]] = [[left_x, 400.0], [right_x, 400.0]]
    points[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]] = [[left_x, 400.0 - torso_px * image_torso_share], [right_x, 400.0 - torso_px * image_torso_share]]
    world = np.zeros((NUM_LANDMARKS, 3))
    world[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER], 1] = -torso_m * math.cos(pitch)
    world[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER], 2] = -torso_m * math.sin(pitch)
    pose = Pose(points, np.zeros(NUM_LANDMARKS), np.ones(NUM_LANDMARKS), np.ones(NUM_LANDMARKS), world, (1000, 800))
    return BodyMeasures(0.0, Framing(True), view=View.FRONT, points=points, pose=pose, torso_length_px=torso_px)


def test_a_waist_bend_toward_the_camera_is_read_from_the_world_landmarks():
    """MediaPipe keeps a torso bending toward a front camera at ~0.95 of its length (acos: 18 deg) and reads its world
    pitch at a third of the bend (the rendered 38-deg bend: +11 deg): together a bend past the limit; an upright swing
    moves the world pitch by up to ~5 deg (15 deg of bend)."""
    from posecoach.exercises.swinging import BEND_DEG, waist_bend_deg

    standing = _front_measures(16.0)  # MediaPipe's upright trunk from the front reads ~16 deg toward the camera
    assert waist_bend_deg(_front_measures(16.0 + 11.0, 0.95), standing) == pytest.approx(11.0 / 0.33, abs=0.5)
    assert waist_bend_deg(_front_measures(16.0 + 5.0, 1.0), standing) < BEND_DEG.value
    assert waist_bend_deg(_front_measures(16.0 - 11.0, 1.0), standing) < BEND_DEG.value  # leaning back is not a bend
    # from behind a forward bend pitches the trunk away from the camera, read at 0.88 of its angle
    behind = _front_measures(-4.0, facing_camera=False)
    assert waist_bend_deg(_front_measures(-4.0 - 30.0 * 0.88, facing_camera=False), behind) == pytest.approx(30.0, abs=0.5)
    assert waist_bend_deg(_front_measures(-4.0 - 10.0, facing_camera=False), behind) < BEND_DEG.value
    # without world landmarks (all zero) the torso's foreshortening alone: acos(0.8) = 37 deg
    flat = _front_measures(0.0, 0.8)
    flat.pose.world[:] = 0.0
    assert waist_bend_deg(flat, standing) == pytest.approx(36.9, abs=0.1)
