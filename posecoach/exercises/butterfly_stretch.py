"""Butterfly stretch: seated on the floor, soles together, heels pulled in, knees out to the sides, leaning forward
from the hips; held 30 s (both sides at once). Filmed from the front.

Lengths are in torso lengths: seated and facing the camera, the thighs point at it and look short, the torso does not.
"""

import numpy as np

from posecoach.exercises.base import HoldExercise, KeyAngle, PostureCheck, Range, Threshold
from posecoach.exercises.stretching import STRETCH_GRACE, STRETCH_TARGET, gap
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import Unit, height_above, mid, point, unit_px

SEATED_ON_FLOOR = Threshold(
    "hips_above_ankles_max", 0.5, "torso lengths",
    "seated on the floor the hip joints sit ~10 cm up, level with the ankles (~8 cm), but a camera 0.6-0.8 m up "
    "sees the ankles, 30-40 cm nearer than the hips, lower than they are: 0.25-0.35 torso lengths in the image "
    "(rendered, 35 degrees off the front); kneeling up or standing puts the hips 0.9-1.8 torso lengths up, and "
    "sitting on the heels (0.4-0.6) cannot hold the soles together",
)  # fmt: skip
TRUNK_UP = Threshold(
    "trunk_lean_max_deg", 60.0, "deg",
    "a seated forward lean from the hips reaches 30-50 degrees; lying down or on all fours reads 75-90",
)  # fmt: skip
SOLES_TOGETHER = Threshold(
    "ankle_gap_max", 0.6, "torso lengths",
    "with the soles together the ankle joints are 8-15 cm apart (0.15-0.3 torso lengths), but with the feet on "
    "their outer edges the ankle landmarks land on the feet's sides: read 0.45-0.5 (rendered, 35 degrees off the "
    "front); legs apart in a straddle put them 0.5 m and more apart, and legs out straight keep the knees together "
    "(the knee check)",
)  # fmt: skip
ANKLES_UNCROSSED = Threshold(
    "ankle_gap_min", -0.05, "torso lengths",
    "sitting cross-legged each ankle lies under the other shin, 5-15 cm past the midline: a negative gap along the "
    "hip line; soles together keep each ankle on its own side (landmark noise ~2 cm)",
)  # fmt: skip
KNEES_OUT = Threshold(
    "knee_gap_min", 0.9, "torso lengths",
    "knees open to the sides are 60-90 cm apart (1.2-1.8 torso lengths) even when they stay high; knees drawn up in "
    "front of the chest are under 30 cm apart",
)  # fmt: skip
KNEES_LOW = Threshold(
    "knee_height_advice", 0.4, "torso lengths",
    "knees let down toward the floor sit 5-20 cm above the ankles; above ~20 cm (0.4 torso lengths) the inner "
    "thighs can usually relax further",
)  # fmt: skip


def ankle_gap(m: BodyMeasures, side: Side | None = None) -> float:
    """Left ankle minus right ankle along the hip line (from the right hip to the left), torso lengths; negative
    when the ankles are crossed over."""
    across = point(m, "hip", Side.LEFT) - point(m, "hip", Side.RIGHT)
    length = float(np.hypot(*across))
    if not length > 0:
        return float("nan")
    offset = float(np.dot(point(m, "ankle", Side.LEFT) - point(m, "ankle", Side.RIGHT), across / length))
    return offset / unit_px(m, Unit.TORSO)


def knee_height(m: BodyMeasures, side: Side | None = None) -> float:
    """The higher knee's height above the ankles' midpoint, in torso lengths."""
    ankles = mid(m, "ankle")
    return max(height_above(m, point(m, "knee", s), ankles, Unit.TORSO) for s in Side)


EXERCISE = HoldExercise(
    name="butterfly_stretch",
    title="Butterfly stretch",
    how_to=(
        "Sit on the floor, put the soles of your feet together and pull your heels in toward you. Hold your feet, "
        "let your knees drop toward the floor and lean forward from the hips with a long back until you feel a "
        "stretch in the inner thighs. Hold 30 seconds."
    ),
    target="30 s",
    camera="Put the camera low (on the floor or a low table) in front of you, 2-3 m away, facing you.",
    views=frozenset({View.FRONT, View.OBLIQUE}),
    wrong_view_cue="Face the camera so it sees both knees.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    position=(
        PostureCheck(
            "not_seated", "Sit on the floor with the soles of your feet together.",
            reading=lambda m, side: height_above(m, mid(m, "hip"), mid(m, "ankle"), Unit.TORSO),
            allowed=Range(high=SEATED_ON_FLOOR),
        ),
        PostureCheck(
            "lying_down", "Sit up tall, then lean forward from your hips.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=TRUNK_UP),
        ),
    ),
    posture=(
        PostureCheck(
            "soles_apart", "Bring the soles of your feet together.",
            reading=ankle_gap, allowed=Range(low=ANKLES_UNCROSSED, high=SOLES_TOGETHER),
        ),
        PostureCheck(
            "knees_in", "Let your knees fall open to the sides.",
            reading=lambda m, side: gap(m, "knee", Unit.TORSO), allowed=Range(low=KNEES_OUT),
        ),
    ),
    advice=(
        PostureCheck(
            "knees_high", "Let your knees drop toward the floor.", reading=knee_height, allowed=Range(high=KNEES_LOW),
        ),
    ),
    key_angles={"knee_height": KeyAngle(knee_height, label="knee height (torso lengths)")},
)
