"""Half-kneeling hip flexor stretch, held 30 s per side, filmed from the side.

The stretched side is the one whose knee is down: a "left" stretch has the left knee on the floor.

Not judged from 45 degrees off side-on (rendered truth, tools/render/staging/): the kneeling body reads as a front
view, the foreshortened front knee reads 117-150 degrees in the image (truth 68), the back thigh anywhere from 39
degrees in front of the hip to 12 behind it (truth 18 behind) and the back knee 0.03-0.27 leg lengths up, and
MediaPipe's world landmarks no better (front knee 94-122 degrees, the back knee as high above the floor as
standing, the trunk 16-27 degrees off vertical), so no posture reading holds there; that view gets the camera cue.
"""

import math

import numpy as np

from posecoach.exercises.base import HoldExercise, PostureCheck, Range, Threshold
from posecoach.exercises.stretching import STRETCH_GRACE, STRETCH_TARGET
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.landmarks import Landmark

FRONT_KNEE_MIN = Threshold("front_knee_min_deg", 65.0, "deg", "front knee bent to about 90 deg, not much tighter")
FRONT_KNEE_MAX = Threshold("front_knee_max_deg", 120.0, "deg", "front knee bent to about 90 deg, not much straighter")
BACK_KNEE_DOWN = Threshold(
    "back_knee_height_max", 0.2, "leg lengths", "the back knee rests on the floor: barely above the back ankle",
)
BACK_THIGH_BEHIND = Threshold(
    "back_thigh_behind_min_deg", 0.0, "deg", "the back thigh angles behind the hip, so the hip is extended",
)
TRUNK_UPRIGHT = Threshold(
    "trunk_lean_max_deg", 25.0, "deg",
    "leaning further forward moves the stretch off the front of the back hip: the hip flexes with the trunk",
)  # fmt: skip
TRUNK_TALL = Threshold(
    "trunk_lean_advice_deg", 12.0, "deg",
    "a tall trunk with the pelvis tucked stands within ~10 degrees of vertical; beyond 12 the stretch still counts "
    "but eases off",
)  # fmt: skip
UPRIGHT_CUE = "Keep your trunk upright; tuck your pelvis."


def kneeling_side(measures: BodyMeasures) -> Side | None:
    """The side with its knee on the floor (the lower knee), or None if it cannot be told."""
    heights = {side: measures.sides[side].knee_height for side in Side}
    if any(math.isnan(height) for height in heights.values()):
        return None
    return min(heights, key=heights.__getitem__)


def back_thigh_behind_deg(measures: BodyMeasures, side: Side | None) -> float:
    """Angle of the back thigh behind the vertical through the hip (positive: knee behind the hip)."""
    if side is None:
        return float("nan")
    hip = measures.point(Landmark[f"{side.name}_HIP"])
    knee = measures.point(Landmark[f"{side.name}_KNEE"])
    behind_px = (hip[0] - knee[0]) * measures.facing
    return float(np.degrees(np.arctan2(behind_px, knee[1] - hip[1])))


EXERCISE = HoldExercise(
    name="hip_flexor_stretch",
    title="Kneeling hip flexor stretch",
    how_to=(
        "Kneel on one knee (a cushion helps), the other foot flat in front with that knee at about 90 degrees. "
        "Keep your trunk upright, tuck your pelvis and shift your weight forward until you feel a stretch at "
        "the front of the back hip. Hold 30 seconds, then switch sides. Film from the side."
    ),
    target="30 s each side",
    camera="Put the camera at hip height, side-on, so it sees both legs and your trunk from the side.",
    views=frozenset({View.SIDE, View.OBLIQUE}),
    wrong_view_cue="Turn sideways to the camera so it can see both legs from the side.",
    # 45 degrees off side-on, kneeling reads as a front view (the shoulder and hip lines over half the torso length)
    # and the orientation flickers between half-kneeling, all fours and standing (rendered truth): the camera cue,
    # not "kneel on one knee" to someone kneeling.
    view_first=True,
    orientations=frozenset({Orientation.HALF_KNEELING}),
    orientation_cue="Kneel on one knee, the other foot flat in front of you.",
    target_s=STRETCH_TARGET,
    grace_s=STRETCH_GRACE,
    side_of=kneeling_side,
    posture=(
        PostureCheck(
            "back_knee_up", "Lower your back knee to the floor (a cushion helps).",
            reading=lambda m, side: m.sides[side].knee_height if side else float("nan"),
            allowed=Range(high=BACK_KNEE_DOWN),
        ),
        PostureCheck(
            "front_knee", "Place your front foot so that knee is bent to about 90 degrees, over the ankle.",
            reading=lambda m, side: m.sides[side.other].knee if side else float("nan"),
            allowed=Range(low=FRONT_KNEE_MIN, high=FRONT_KNEE_MAX),
        ),
        PostureCheck(
            "trunk_lean", UPRIGHT_CUE, reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=TRUNK_UPRIGHT),
        ),
        PostureCheck(
            "hips_back", "Tuck your pelvis and shift your hips forward a little to feel the stretch.",
            reading=back_thigh_behind_deg, allowed=Range(low=BACK_THIGH_BEHIND),
        ),
    ),
    advice=(
        PostureCheck(
            "trunk_leans", UPRIGHT_CUE, reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=TRUNK_TALL),
        ),
    ),
    key_angles={
        "front_knee": lambda m: m.sides[side.other].knee if (side := kneeling_side(m)) else float("nan"),
        "trunk_from_vertical": lambda m: m.trunk_from_vertical,
    },
)
