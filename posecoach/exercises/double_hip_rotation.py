"""Supine double hip rotation: on the back, knees bent and together, both knees lowered to one side (the head turned
the other way), held 30 s each side. Filmed side-on.

The side is where the knees go: a "left" hold has both knees lowered to the person's left. Lowered knees stack one
above the other (the pelvis rolls with them), so the lower knee names the side whether they go toward the camera or
away from it.
"""

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, Threshold, near_joint
from posecoach.exercises.stretching import (
    ON_BACK_CAMERA, ON_BACK_VIEW_CUE, ON_BACK_VIEWS, STRETCH_GRACE, STRETCH_TARGET, thigh_elevation,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side
from posecoach.kinematics.readings import SHOULDER_WIDTH_TORSOS, Unit, height_above, pair_tilt, point

KNEE_STACK_MIN = Threshold(
    "knee_stack_min", 0.15, "torso lengths",
    "knees together and lowered 50 degrees or more sit one above the other by 10-15 cm, 0.2-0.3 torso lengths (the "
    "pelvis rolls ~30-45 degrees with them, the hip joints ~20 cm apart); knees up side by side differ by noise",
)  # fmt: skip
KNEES_LOWERED = Threshold(
    "thigh_rise_max_deg", 30.0, "deg",
    "thighs rise ~45-55 degrees from the floor with the knees up and feet flat; lowered 50 degrees or more to the "
    "side, under 30",
)  # fmt: skip
SHOULDERS_FLAT = Threshold(
    "shoulder_tilt_max_deg", 15.0, "deg",
    "the shoulder line tips this far when the opposite shoulder lifts ~10 cm off the floor: the trunk is following "
    "the knees and the rotation between them, the stretch, is lost",
)  # fmt: skip


def knees_lowered_to(m: BodyMeasures) -> Side | None:
    """The side the knees are lowered toward: the lower knee's, once they are stacked (None while side by side)."""
    left, right = point(m, "knee", Side.LEFT), point(m, "knee", Side.RIGHT)
    left_above = height_above(m, left, right, Unit.TORSO)
    if not abs(left_above) >= KNEE_STACK_MIN.value:  # NaN too
        return None
    return Side.RIGHT if left_above > 0 else Side.LEFT


def knees_rise(m: BodyMeasures, side: Side | None = None) -> float:
    """The higher thigh's rise above the floor, degrees."""
    return max(thigh_elevation(m, Side.LEFT), thigh_elevation(m, Side.RIGHT))


EXERCISE = HoldExercise(
    name="double_hip_rotation",
    title="Double hip rotation",
    how_to=(
        "Lie on your back, knees bent and together, feet flat, arms out to the sides. Slowly lower both knees to one "
        "side and turn your head the other way, keeping both shoulders on the floor. Hold 30 seconds, bring the knees "
        "back up and lower them to the other side. The side is the one your knees go to."
    ),
    target="30 s each side",
    camera=ON_BACK_CAMERA,
    views=ON_BACK_VIEWS,
    wrong_view_cue=ON_BACK_VIEW_CUE,
    orientations=frozenset({Orientation.SUPINE}),
    orientation_cue="Lie on your back with your knees bent to start.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    side_of=knees_lowered_to,
    posture=(
        PostureCheck(
            "knees_not_lowered", "Lower both knees further to the side, as far as is comfortable.",
            reading=knees_rise, allowed=Range(high=KNEES_LOWERED),
        ),
    ),
    advice=(
        PostureCheck(
            "shoulder_lifts", "Keep both shoulders on the floor.",
            reading=lambda m, side: pair_tilt(m, "shoulder", SHOULDER_WIDTH_TORSOS), allowed=Range(high=SHOULDERS_FLAT),
        ),
    ),
    other_thresholds=(KNEE_STACK_MIN,),
    key_angles={"thigh_rise": KeyAngle(knees_rise, at=near_joint("hip"))},
)
