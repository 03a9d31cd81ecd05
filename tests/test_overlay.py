import numpy as np

from posecoach.exercises import get_exercise
from posecoach.overlay import CoachOverlay
from posecoach.pipeline import CoachSession
from synthetic import IMAGE_SIZE, make_pose, squat_side_points
from posecoach.sources import Frame


def result_for(exercise: str, pose):
    session = CoachSession(get_exercise(exercise))
    frame = Frame(np.zeros((IMAGE_SIZE[1], IMAGE_SIZE[0], 3), np.uint8), 0, 0.0)
    return session.process_pose(frame, pose)


def test_draws_skeleton_angles_and_headline():
    result = result_for("squat", make_pose(squat_side_points(120.0)))
    image = np.zeros((IMAGE_SIZE[1], IMAGE_SIZE[0], 3), np.uint8)
    out = CoachOverlay(get_exercise("squat")).annotate(image, result)
    assert out is image
    assert (image[:70].sum(axis=2) > 0).any(), "headline band text"
    knee = make_pose(squat_side_points(120.0)).xy[25].astype(int)
    patch = image[knee[1] - 6 : knee[1] + 6, knee[0] - 6 : knee[0] + 6]
    assert patch.any(), "a joint marker at the knee"


def test_mirroring_moves_the_skeleton_to_the_other_side():
    pose = make_pose(squat_side_points(120.0))
    result = result_for("squat", pose)
    plain = CoachOverlay(get_exercise("squat")).annotate(np.zeros((1000, 1000, 3), np.uint8), result)
    mirrored = CoachOverlay(get_exercise("squat"), mirror=True).annotate(np.zeros((1000, 1000, 3), np.uint8), result)
    knee_x = int(pose.xy[25, 0])
    assert plain[:, knee_x - 3 : knee_x + 3].any()
    assert mirrored[:, 999 - knee_x - 3 : 999 - knee_x + 3].any()


def test_nobody_and_hold_exercises_draw_without_error():
    for exercise in ("squat", "hip_flexor_stretch", "glute_bridge"):
        result = result_for(exercise, None)
        image = np.zeros((480, 640, 3), np.uint8)
        CoachOverlay(get_exercise(exercise)).annotate(image, result)
        assert image[:60].any()


def test_any_key_angle_is_drawn_where_it_declares():
    from dataclasses import replace

    from posecoach.exercises.base import KeyAngle
    from posecoach.landmarks import Landmark

    pose = make_pose(squat_side_points(120.0))
    wrist = pose.xy[Landmark.LEFT_WRIST].astype(int)
    drawn = KeyAngle(lambda m: 42.0, at=lambda m: m.point(Landmark.LEFT_WRIST), label="arm")
    for angles, expect_text in (({"arm_lift": drawn}, True), ({"arm_lift": lambda m: 42.0}, False)):
        exercise = replace(get_exercise("squat"), key_angles=angles)
        result = result_for("squat", pose)
        image = np.zeros((IMAGE_SIZE[1], IMAGE_SIZE[0], 3), np.uint8)
        CoachOverlay(exercise).angles.annotate(image, result.measures)
        text_box = image[wrist[1] - 40 : wrist[1], wrist[0] + 10 : wrist[0] + 120]
        assert text_box.any() == expect_text


def test_headline_counts_per_side():
    from posecoach.events import CheckerStatus
    from posecoach.kinematics import Side

    annotator = CoachOverlay(get_exercise("squat")).status
    assert "left 6 / right 0" in annotator._headline(CheckerStatus(reps=6, reps_by_side={"left": 6, "right": 0}))


def test_headline_names_the_side_to_switch_to():
    from posecoach.events import CheckerStatus
    from posecoach.kinematics import Side

    annotator = CoachOverlay(get_exercise("pigeon_pose")).status
    status = CheckerStatus(phase="paused", held_s={Side.LEFT: 30.2}, target_s=30.0, next_side="right")
    assert "left 30.2/30s  switch to right" in annotator._headline(status)
