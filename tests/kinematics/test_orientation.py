import pytest

from posecoach.kinematics import BodyTracker, Orientation, Side, View
from synthetic import (
    kneeling_stretch_pose, make_pose, project, prone_joints, quadruped_joints, side_lying_joints, squat_side_points,
    supine_bridge_joints,
)


def measures(pose):
    return BodyTracker(smooth=False).update(pose, 0.0)


@pytest.mark.parametrize(
    ("pose", "orientation", "view"),
    [
        (make_pose(squat_side_points(175.0)), Orientation.STANDING, View.SIDE),
        (kneeling_stretch_pose(), Orientation.HALF_KNEELING, View.SIDE),
        (project(supine_bridge_joints(0.0)), Orientation.SUPINE, View.SIDE),
        (project(supine_bridge_joints(1.0)), Orientation.SUPINE, View.SIDE),
        (project(prone_joints()), Orientation.PRONE, View.SIDE),
        (project(prone_joints(head_lift_deg=50.0)), Orientation.PRONE, View.SIDE),
        (project(quadruped_joints()), Orientation.QUADRUPED, View.SIDE),
        (project(quadruped_joints(head_right=False, donkey_deg={"LEFT": 90.0})), Orientation.QUADRUPED, View.SIDE),
        (project(quadruped_joints(), yaw_deg=90.0), Orientation.QUADRUPED, View.END),
        (project(side_lying_joints("LEFT", raise_deg=40.0)), Orientation.SIDE_LYING, View.FRONT),
        (project(side_lying_joints("RIGHT", clam_hip_deg=45.0)), Orientation.SIDE_LYING, View.FRONT),
    ],
)
def test_orientation_and_view_relative_to_the_body(pose, orientation, view):
    m = measures(pose)
    assert (m.orientation.orientation, m.view) == (orientation, view)


@pytest.mark.parametrize("down", [Side.LEFT, Side.RIGHT])
def test_side_lying_knows_which_side_is_down(down):
    m = measures(project(side_lying_joints(down.name, raise_deg=30.0)))
    assert m.orientation.down_side is down and m.orientation.up_side is down.other


def test_a_floor_line_tilted_by_the_camera_is_measured_and_bounded():
    import numpy as np

    pose = project(quadruped_joints())
    centre = pose.xy.mean(axis=0)
    angle = np.radians(6.0)  # the camera rolled: the floor rises 6 deg to the right in the image
    turn = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    tracker = BodyTracker(smooth=False)
    for index in range(300):  # 10 s: the floor line is averaged over ~2 s
        m = tracker.update(pose.with_xy((pose.xy - centre) @ turn.T + centre), index / 30)
    assert m.floor_tilt_deg == pytest.approx(6.0, abs=0.5)
