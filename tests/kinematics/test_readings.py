import math

import numpy as np
import pytest

from posecoach.kinematics import BodyTracker, Side
from posecoach.kinematics import readings as r
from synthetic import project, quadruped_joints, side_lying_joints, supine_bridge_joints


def measures(pose):
    return BodyTracker(smooth=False).update(pose, 0.0)


@pytest.mark.parametrize("raise_deg", [0.0, 20.0, 45.0])
def test_angle_between_segments_and_elevation_read_a_side_leg_raise(raise_deg):
    m = measures(project(side_lying_joints("LEFT", raise_deg=raise_deg)))
    top, bottom = Side.RIGHT, Side.LEFT
    legs = r.angle_between(r.point(m, "hip", bottom), r.point(m, "ankle", bottom), r.point(m, "hip", top), r.point(m, "ankle", top))
    assert legs == pytest.approx(raise_deg, abs=1.0)
    assert r.elevation(m, r.point(m, "hip", top), r.point(m, "ankle", top)) == pytest.approx(raise_deg, abs=1.0)


def test_elevation_is_read_against_the_floor_line():
    m = measures(project(quadruped_joints()))
    hip, knee = r.point(m, "hip", Side.LEFT), r.point(m, "knee", Side.LEFT)
    tilted = type(m)(**{**m.__dict__, "floor_tilt_deg": 10.0})
    assert r.elevation(m, hip, knee) == pytest.approx(-90.0, abs=1.0)
    assert r.from_vertical(m, hip, knee) == pytest.approx(0.0, abs=1.0)
    hip_to_knee_flat = np.array([knee[1] - hip[1], 0.0]) + hip  # a segment lying along the image horizontal
    assert r.elevation(tilted, hip, hip_to_knee_flat) == pytest.approx(-10.0, abs=0.1)


def test_distances_in_body_units_do_not_depend_on_the_camera_distance():
    near = measures(project(side_lying_joints("LEFT", clam_hip_deg=45.0, clam_open_deg=40.0)))
    pose = project(side_lying_joints("LEFT", clam_hip_deg=45.0, clam_open_deg=40.0))
    far = measures(pose.with_xy(pose.xy * 0.5))
    for m in (near, far):
        gap = r.distance(m, r.point(m, "knee", Side.LEFT), r.point(m, "knee", Side.RIGHT), r.Unit.TORSO)
        assert gap == pytest.approx(
            r.distance(near, r.point(near, "knee", Side.LEFT), r.point(near, "knee", Side.RIGHT), r.Unit.TORSO), rel=1e-6
        )


@pytest.mark.parametrize("roll_deg", [0.0, 15.0, 30.0])
def test_pelvis_roll_from_the_hip_line_seen_side_on_and_end_on(roll_deg):
    for yaw in (0.0, 90.0):
        now = measures(project(supine_bridge_joints(1.0, roll_deg=roll_deg), yaw_deg=yaw))
        assert r.pair_tilt(now, "hip") == pytest.approx(roll_deg, abs=3.0), yaw  # true hip width 0.42 torsos, assumed 0.4
        if roll_deg:
            assert r.lower_of_pair(now, "hip") is Side.LEFT


def test_hidden_landmarks_read_nan():
    from posecoach.landmarks import Landmark as L

    pose = project(side_lying_joints("LEFT"), hidden=(L.RIGHT_ANKLE,))
    m = measures(pose)
    assert math.isnan(r.elevation(m, r.point(m, "hip", Side.RIGHT), r.point(m, "ankle", Side.RIGHT)))


def _far_thigh_shrunk(pose, share: float):
    """The right (far) thigh drawn ``share`` shorter, as perspective and a hidden far knee make it side-on."""
    from posecoach.landmarks import Landmark as L

    xy = pose.xy.copy()
    hip = xy[L.RIGHT_HIP]
    for mark in (L.RIGHT_KNEE, L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT_INDEX):
        xy[mark] = hip + (xy[mark] - hip) * (1.0 - share)
    return pose.with_xy(xy)


@pytest.mark.parametrize("lift_deg", [0.0, 30.0, 60.0])
def test_each_thigh_is_read_over_its_own_length(lift_deg):
    tracker = BodyTracker(smooth=False)
    tracker.update(_far_thigh_shrunk(project(quadruped_joints(), yaw_deg=90.0), 0.2), 0.0)
    pose = project(quadruped_joints(hydrant_deg={"RIGHT": lift_deg}), yaw_deg=90.0)
    m = tracker.update(_far_thigh_shrunk(pose, 0.2), 0.1)
    assert r.thigh_lift_from_hanging(m, Side.RIGHT) == pytest.approx(lift_deg, abs=2.0)
    assert r.thigh_lift_from_hanging(m, Side.LEFT) == pytest.approx(0.0, abs=2.0)
    # over the longest (near) thigh the far one reads lifted while it hangs
    if lift_deg == 0.0:
        hip, knee = r.point(m, "hip", Side.RIGHT), r.point(m, "knee", Side.RIGHT)
        assert r.lift_from_hanging(m, hip, knee, r.Unit.THIGH) == pytest.approx(math.degrees(math.acos(0.8)), abs=2.0)


def test_height_above_a_body_line_is_read_at_right_angles_to_it_away_from_the_floor():
    m = measures(project(quadruped_joints()))
    unit_px = r.unit_px(m, r.Unit.THIGH)
    a, b = np.array([100.0, 300.0]), np.array([400.0, 300.0])  # a level line in the image (y grows downward)
    assert r.height_above_line(m, np.array([250.0, 300.0 - unit_px / 2]), a, b, r.Unit.THIGH) == pytest.approx(0.5)
    assert r.height_above_line(m, np.array([250.0, 300.0 + unit_px / 2]), b, a, r.Unit.THIGH) == pytest.approx(-0.5)
    # a line sloping 30 deg in the image: the distance is taken square to the line, not straight up
    slope = np.array([math.cos(math.radians(30)), -math.sin(math.radians(30))])
    above = a + 200 * slope + unit_px * np.array([-slope[1], slope[0]]) * -1
    assert r.height_above_line(m, above, a, a + 300 * slope, r.Unit.THIGH) == pytest.approx(1.0)
    assert math.isnan(r.height_above_line(m, np.array([250.0, 0.0]), a, a, r.Unit.THIGH))
