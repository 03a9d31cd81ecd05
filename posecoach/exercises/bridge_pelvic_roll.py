"""Bridge with pelvic rolls: hips held up in a bridge, the pelvis rolled to one side and back, side to side.

A roll is read from the knees, not the hips: with the feet planted the thighs go with the pelvis, so both knees
sway toward the hip that drops (the weight goes onto the inside of one foot and the outside of the other). MediaPipe
follows that sway; its hip landmarks barely follow the roll itself (tools/render/README.md, "Supine clips"). The
sway is read across the image from between the ankles, relative to where the knees rest (the resting place depends
on the camera), either way; the side is the way the knees went. A roll whose sway stays short is not a roll, so it is
not counted as anything (there are no attempts).

Filmed from about 45-50 deg round from the side toward the feet, at about hip height. Side-on the sway is toward and
away from the camera (rendered: the knees move 2-7 px), so that view is refused with a camera cue; from 60 deg round
or the feet end the near knee hangs below its hip in the image and the body reads as on all fours or unknown.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold, near_joint,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# The knees are read, not the hips: the thighs go with the pelvis (feet planted), so a roll sways both knees toward
# the hip that drops, by ~0.65 thigh lengths (a knee's distance from its hip-ankle line) x sin(roll), ~0.22 for a
# 20 deg roll; seen from 50 deg round toward the feet the sideways axis shows at ~0.75 of its length. MediaPipe's
# hip landmarks barely follow a roll (tools/render/README.md, "Supine clips"); its knees follow the sway.
REST_SWAY = Threshold(
    "rest_sway_thighs", 0.04, "thigh lengths",
    "knees within this of where they rest between the feet: back in the middle (MediaPipe jitter at rest ~0.015)",
)
LEAVE_SWAY = Threshold("leave_sway_thighs", 0.07, "thigh lengths", "knees swaying past this: a roll has begun (~8 deg)")
ROLL_SWAY = Threshold(
    "roll_sway_thighs", 0.10, "thigh lengths",
    "knees swayed this far to one side: a roll of ~12 deg or more (a roll lowering one hip ~6 cm is ~30 deg)",
)
TURNAROUND = Threshold(
    "turnaround_thighs", 0.03, "thigh lengths", "coming back from the widest sway: the roll is returning",
)
MAX_HIP_DROP = Threshold(
    "max_hip_drop_share", 0.3, "share of the start height",
    "hips lower above the feet than at the start by ~30% (~10 cm in a bridge ~35 cm high): the bridge sagging "
    "toward the floor during the roll; read as a share so it holds from the side and from the feet end",
)
MIN_BRIDGE_LINE = Threshold(
    "min_bridge_line_deg", 155.0, "deg",
    "shoulder-hip-knee before rolling, seen at an angle: a bridge held up reads 165-180, lying down 105-145",
)


def hip_height_above_feet(m: BodyMeasures) -> float:
    return r.height_above(m, r.mid(m, "hip"), r.mid(m, "ankle"), r.Unit.TORSO)


def hip_drop_share(now: BodyMeasures, start: BodyMeasures) -> float:
    before = hip_height_above_feet(start)
    return 1.0 - hip_height_above_feet(now) / before if before > 0 else math.nan


def bridge_line(m: BodyMeasures, side: object) -> float:
    """Shoulder-hip-knee: in line (180) in a bridge whatever the view, as a straight line stays straight in the
    image; lying it reads well short of 180 (not read side-on or from the end, views this exercise refuses)."""
    return m.near.hip_line if m.view in (View.OBLIQUE, View.FRONT) else math.nan


def knee_sway(m: BodyMeasures) -> float:
    """How far the knees sit across the image from between the ankles, toward the person's right, thigh lengths.

    Across the image, not along the body's floor line: that line is read afresh each frame and its few degrees of
    jitter, on knees ~0.7 thigh lengths above the ankles, would swing the reading by ~0.07."""
    return person_rightward(m) * float(r.mid(m, "knee")[0] - r.mid(m, "ankle")[0]) / r.unit_px(m, r.Unit.THIGH)


def person_rightward(m: BodyMeasures) -> float:
    """+1 if the person's right is toward image right, else -1: the way most of the shoulder, hip and ankle pairs
    say, so one pair crossing for a few frames does not flip the reading (from 50 deg round toward the feet
    MediaPipe's ankles sit 10-20 px apart and cross now and then)."""
    gaps = (r.point(m, part, Side.RIGHT)[0] - r.point(m, part, Side.LEFT)[0] for part in ("shoulder", "hip", "ankle"))
    return math.copysign(1.0, sum(math.copysign(1.0, gap) for gap in gaps if gap == gap))


def swayed_toward(start: BodyMeasures, peak: BodyMeasures) -> Side | None:
    """The side the knees swayed to (the hip that dropped)."""
    change = knee_sway(peak) - knee_sway(start)
    return None if not abs(change) > 0 else (Side.RIGHT if change > 0 else Side.LEFT)


SIGNAL = PhaseSignal(
    name="knee sway", unit="thigh lengths", read=knee_sway, from_rest=True, either_way=True,
    rest=REST_SWAY, leave=LEAVE_SWAY, full=ROLL_SWAY, turnaround=TURNAROUND,
)
VIEWS = (View.OBLIQUE, View.FRONT)

EXERCISE = RepExercise(
    name="bridge_pelvic_roll",
    title="Bridge with pelvic rolls",
    how_to=(
        "Lie on your back, knees bent and feet flat, and lift your hips into a bridge. Keeping the hips up, slowly "
        "roll your pelvis down toward one side, back to level, then toward the other side; your knees sway with it "
        "and your feet stay flat. Each roll to a side counts for that side. Keep your hips from sinking toward the "
        "floor."
    ),
    camera=(
        "Put the camera low (about hip height), 45 degrees round from your side toward your feet, so it sees both "
        "knees and feet: from straight at your side or straight at your feet the rolls cannot be seen."
    ),
    target="2 sets of 10 (5 each side)",
    # 45 deg toward the feet the raised trunk can look as wide as it is long (FRONT).
    wrong_view_cue="Move the camera 45 degrees round from your side toward your feet: from here the rolls do not show.",
    orientations=frozenset({Orientation.SUPINE}),
    orientation_cue="Lie on your back, knees bent and feet flat, and lift your hips into a bridge.",
    required_parts=("shoulders", "hips", "knees", "ankles"),
    signals={view: SIGNAL for view in VIEWS},
    position=(
        PostureCheck(
            "hips_down", "Lift your hips into a bridge before you roll.",
            reading=bridge_line, allowed=Range(low=MIN_BRIDGE_LINE),
        ),
    ),
    sides=Sides.ALTERNATING,
    side_of=swayed_toward,
    phase_words={Phase.REST: "level", Phase.OUT: "rolling", Phase.PEAK: "rolled", Phase.BACK: "back to level"},
    partial_code=None,
    form_rules=(
        FormRule(
            "hips_drop", "Keep your hips up while you roll.",
            reading=hip_drop_share, limit=MAX_HIP_DROP, fault_when=Fault.ABOVE, min_duration_s=0.3, priority=1,
        ),
    ),
    # The hips' line, not the knees' sway (a fraction the overlay would round to 0): how high the bridge is held.
    key_angles={"shoulder_hip_knee": KeyAngle(lambda m: bridge_line(m, None), at=near_joint("hip"), label="hips")},
)
