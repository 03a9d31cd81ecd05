import numpy as np
import pytest

from posecoach.kinematics import BodyTracker, Side, View
from posecoach.landmarks import Landmark as L
from synthetic import bridge_side_points, make_pose, squat_front_pose, squat_side_points


def measures(pose, smooth=False):
    return BodyTracker(smooth=smooth).update(pose, 0.0)


@pytest.mark.parametrize("knee", [170.0, 120.0, 80.0])
def test_side_view_knee_angle_matches_the_skeleton(knee):
    m = measures(make_pose(squat_side_points(knee)))
    assert m.view is View.SIDE
    assert m.near.knee == pytest.approx(knee, abs=0.5)


def test_trunk_lean_and_facing():
    m = measures(make_pose(squat_side_points(90.0, trunk_lean_deg=50.0, facing=-1.0)))
    assert m.trunk_from_vertical == pytest.approx(50.0, abs=0.5)
    assert m.facing == -1.0


def test_front_view_detected_and_knee_width_ratio():
    m = measures(squat_front_pose(1.0, knee_in=0.6))
    assert m.view is View.FRONT
    assert m.knee_width_ratio < 0.6
    assert measures(squat_front_pose(1.0)).knee_width_ratio > 1.0


def test_near_side_follows_depth():
    assert measures(make_pose(squat_side_points(170.0), near_side="RIGHT")).near_side is Side.RIGHT
    assert measures(make_pose(squat_side_points(170.0), near_side="LEFT")).near_side is Side.LEFT


def test_hidden_joint_gives_nan_not_a_guess():
    pose = make_pose(squat_side_points(100.0), hidden=(L.LEFT_ANKLE,))
    m = measures(pose)
    assert np.isnan(m.near.knee)
    assert not np.isnan(m.near.hip)


def test_landmarks_outside_the_image_count_as_missing():
    pose = make_pose(squat_side_points(170.0))
    xy = pose.xy.copy()
    xy[[L.LEFT_ANKLE, L.RIGHT_ANKLE], 1] = 1100.0  # below the bottom edge
    m = measures(pose.with_xy(xy))
    assert "ankles" in m.framing.missing_parts


def test_a_fading_pose_after_someone_leaves_is_nobody():
    pose = make_pose(squat_side_points(170.0), visibility=0.2)
    assert not measures(pose).framing.person_in_view
    assert not measures(None).framing.person_in_view


def test_bridge_line_angle_reads_lying_full_and_arched():
    lying = measures(make_pose(bridge_side_points(0.0))).near.hip_line
    full = measures(make_pose(bridge_side_points(1.0))).near.hip_line
    arched = measures(make_pose(bridge_side_points(1.6))).near.hip_line
    assert lying < 150 and full == pytest.approx(180, abs=1) and arched > 195


def test_hip_height_is_one_when_standing_and_drops_in_a_squat():
    tracker = BodyTracker(smooth=False)
    standing = tracker.update(squat_front_pose(0.0), 0.0)
    deep = tracker.update(squat_front_pose(1.0), 1.0)
    assert standing.hip_height == pytest.approx(1.0, abs=0.05)
    assert deep.hip_height < 0.6


def test_view_hysteresis_keeps_a_borderline_view():
    tracker = BodyTracker(smooth=False)
    assert tracker.update(make_pose(squat_side_points(170.0)), 0.0).view is View.SIDE
    # widen the shoulders and hips to just over the side limit: still side thanks to hysteresis
    pose = make_pose(squat_side_points(170.0))
    xy = pose.xy.copy()
    torso = np.linalg.norm(xy[L.LEFT_SHOULDER] - xy[L.LEFT_HIP])
    for a, b in ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP)):
        xy[b] = xy[a] + [0.32 * torso, 0]
    assert tracker.update(pose.with_xy(xy), 0.1).view is View.SIDE
    assert BodyTracker(smooth=False).update(pose.with_xy(xy), 0.0).view is View.OBLIQUE


def _widths(pose, ratio: float):
    """``pose`` with its shoulder and hip lines ``ratio`` torso lengths wide."""
    xy = pose.xy.copy()
    torso = np.linalg.norm(xy[L.LEFT_SHOULDER] - xy[L.LEFT_HIP])
    for a, b in ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP)):
        xy[b] = xy[a] + [ratio * torso, 0]
    return pose.with_xy(xy)


def test_one_noisy_frame_near_a_view_limit_does_not_flip_the_view():
    """A body held 35-45 degrees off side-on reads widths of ~0.47 torso lengths, near the front limit (0.50): one
    frame read at 0.53 leaves it oblique, while a body that turns to face the camera is front within ~0.3 s."""
    pose = make_pose(squat_side_points(170.0))
    tracker = BodyTracker(smooth=False)
    times = iter(np.arange(0.0, 3.0, 1 / 30))
    views = [tracker.update(_widths(pose, 0.47), next(times)).view for _ in range(30)]
    views.append(tracker.update(_widths(pose, 0.53), next(times)).view)
    views += [tracker.update(_widths(pose, 0.47), next(times)).view for _ in range(30)]
    assert set(views) == {View.OBLIQUE}
    turned = [tracker.update(_widths(pose, 0.65), next(times)).view for _ in range(10)]
    assert turned[-1] is View.FRONT


def test_body_speed_is_hip_and_knee_motion_in_leg_lengths_per_second():
    tracker = BodyTracker(smooth=False)
    pose = make_pose(squat_side_points(178.0))
    first = tracker.update(pose, 0.0)
    leg_px = first.leg_length_px
    still = tracker.update(pose, 0.1)
    moved = tracker.update(pose.with_xy(pose.xy + [0.05 * leg_px, 0.0]), 0.2)  # half a leg length per second
    assert np.isnan(first.body_speed)
    assert still.body_speed == pytest.approx(0.0, abs=1e-9)
    assert moved.body_speed == pytest.approx(0.5, rel=0.05)
