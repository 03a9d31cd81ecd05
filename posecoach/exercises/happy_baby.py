"""Happy baby (baby pose): on the back, knees drawn toward the armpits, feet up with the soles to the ceiling, hands
holding the outside of the feet; held 30 s (both sides at once). Filmed side-on."""

import numpy as np

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, Threshold, near_joint
from posecoach.exercises.stretching import (
    ON_BACK_CAMERA, ON_BACK_VIEW_CUE, ON_BACK_VIEWS, HEAD_DOWN, HEAD_DOWN_CUE, STRETCH_GRACE, STRETCH_TARGET, head_lift,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side
from posecoach.kinematics.readings import Unit, distance, height_above, point

HIPS_FLEXED = Threshold(
    "hip_angle_max_deg", 105.0, "deg",
    "trunk to thigh: 90 with the thighs vertical; knees drawn toward the armpits close it to 45-75; knees bent with "
    "the feet on the floor leave it at 130-145",
)  # fmt: skip
KNEES_TO_ARMPITS = Threshold(
    "hip_angle_advice_deg", 80.0, "deg",
    "the pose asks for the knees past vertical, toward the armpits: under ~80 degrees trunk to thigh",
)  # fmt: skip
HIP_ANGLE_READABLE = Threshold(
    "hip_angle_min_deg", 12.0, "deg",
    "knees drawn to the armpits read 19-34 degrees trunk to thigh; under 12 the knee landmark lies on the trunk line, "
    "which a hip cannot do: MediaPipe misreading legs that swing up or down (2-10 measured), so not a position",
)  # fmt: skip
FEET_UP = Threshold(
    "ankle_above_knee_min", 0.45, "torso lengths",
    "shins pointing up (soles to the ceiling) put the ankles most of a shin length (~0.45 m, 0.9 torso lengths) "
    "above the knees; 0.45 is a shin tipped 30 degrees up from level",
)  # fmt: skip
HANDS_ON_FEET = Threshold(
    "hand_to_foot_max", 0.65, "torso lengths",
    "hands holding the outer feet put the wrist landmarks within ~15 cm of a foot point (ankle, heel or toes); "
    "0.65 torso lengths (~30 cm) allows for holding the toes or the shins near the ankle, and for MediaPipe drawing "
    "the two raised feet onto one spot when they point at a camera 35 degrees toward the feet (measured 0.3-0.55 "
    "there, 0.1-0.25 side-on); hands resting on the floor are a torso length or more from the feet",
)  # fmt: skip
FOOT_POINTS = ("ankle", "heel", "foot_index")


def _both(values: list[float]) -> float:
    finite = [value for value in values if value == value]
    return float(np.mean(finite)) if finite else float("nan")


def hip_angle(m: BodyMeasures, side: Side | None = None) -> float:
    """Trunk to thigh at the hips, degrees, averaged over the sides that are seen; NaN (not judged, so not held)
    when it is too small to be a real position (``HIP_ANGLE_READABLE``)."""
    angle = _both([m.sides[s].hip for s in Side])
    return angle if angle >= HIP_ANGLE_READABLE.value else float("nan")


def feet_up(m: BodyMeasures, side: Side | None = None) -> float:
    return _both([height_above(m, point(m, "ankle", s), point(m, "knee", s), Unit.TORSO) for s in Side])


def hands_off_feet(m: BodyMeasures, side: Side | None = None) -> float:
    """The farther of the hands from the nearest foot point of either foot, torso lengths (a hand that is not seen
    is not judged). Either foot: with the shins pointing up, MediaPipe may swap the feet or put both on one spot."""
    gaps = []
    for hand in Side:
        wrist = point(m, "wrist", hand)
        to_feet = [distance(m, wrist, point(m, part, foot), Unit.TORSO) for part in FOOT_POINTS for foot in Side]
        gaps.append(float(np.nanmin(to_feet)) if any(value == value for value in to_feet) else float("nan"))
    finite = [value for value in gaps if value == value]
    return max(finite) if finite else float("nan")


EXERCISE = HoldExercise(
    name="happy_baby",
    title="Happy baby",
    how_to=(
        "Lie on your back and draw both knees toward your chest. Lift your feet so the soles face the ceiling, hold "
        "the outside of your feet with your hands and gently draw your knees down toward your armpits, head and "
        "shoulders resting on the floor. Hold 30 seconds."
    ),
    target="30 s",
    camera=ON_BACK_CAMERA,
    views=ON_BACK_VIEWS,
    wrong_view_cue=ON_BACK_VIEW_CUE,
    orientations=frozenset({Orientation.SUPINE}),
    orientation_cue="Lie on your back to start.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    posture=(
        PostureCheck("knees_not_drawn_in", "Draw your knees in toward your chest.", reading=hip_angle,
                     allowed=Range(high=HIPS_FLEXED)),
        PostureCheck("feet_down", "Lift your feet, soles toward the ceiling.", reading=feet_up,
                     allowed=Range(low=FEET_UP)),
        PostureCheck("hands_off_feet", "Hold the outside of your feet with your hands.", reading=hands_off_feet,
                     allowed=Range(high=HANDS_ON_FEET)),
    ),
    advice=(
        PostureCheck("knees_high", "Gently draw your knees down toward your armpits.", reading=hip_angle,
                     allowed=Range(high=KNEES_TO_ARMPITS)),
        PostureCheck("head_up", HEAD_DOWN_CUE, reading=head_lift, allowed=Range(high=HEAD_DOWN)),
    ),
    other_thresholds=(HIP_ANGLE_READABLE,),
    key_angles={"hip_angle": KeyAngle(hip_angle, at=near_joint("hip"))},
)
