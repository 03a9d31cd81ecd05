"""Bridge with pelvic rolls: hips held up in a bridge, the pelvis rolled to one side and back, side to side.

Filmed from the feet end or at an angle toward the feet, never side-on: a roll turns the pelvis about the spine,
which from the side moves the two hips (one behind the other) only toward and away from the camera. Rendered rolls
of 20-24 deg leave MediaPipe's hips superimposed side-on (hip gap 0.08-0.12 thigh lengths whatever the roll, true
2D 0.09 -> 0.31). A roll tips the hip line toward the floor on the side it rolls to; the tilt is read from the
height difference of the two hips over their width. A roll that does not tip far enough is not a roll, so it is
not counted as anything (there are no attempts).

Known limit: on the rendered clips MediaPipe's hip landmarks do not follow a 20-24 deg roll. From 35 deg round
toward the feet the hip line turns 2-6 deg (true 2D 35-38) and the hips' height difference changes by 0.00-0.03 torso
lengths (truth 0.23-0.25); its 13-21 deg tilt there is the level pelvis in perspective, at rest as much as rolled.
From the feet end at floor level it does not find the body. So this module is checked on synthetic skeletons only.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, View
from posecoach.kinematics import readings as r

LEVEL_TILT = Threshold("level_tilt_deg", 6.0, "deg", "pelvis within this of level: back in the middle (landmark jitter ~2-4)")
LEAVE_TILT = Threshold("leave_tilt_deg", 9.0, "deg", "pelvis tipping past this: a roll has begun")
ROLL_TILT = Threshold(
    "roll_tilt_deg", 12.0, "deg",
    "pelvis tipped this far to one side: a roll (physio practice rolls ~15-30 deg while keeping the hips up)",
)
TURNAROUND = Threshold("turnaround_deg", 4.0, "deg", "coming back from the deepest tilt: the roll is returning")
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
    image; lying it reads well short of 180 unless the camera looks along the body (END), where it is not read."""
    return m.near.hip_line if m.view in (View.OBLIQUE, View.FRONT) else math.nan


SIGNAL = PhaseSignal(
    name="pelvis tilt", unit="deg", read=lambda m: r.pair_tilt(m, "hip"),
    rest=LEVEL_TILT, leave=LEAVE_TILT, full=ROLL_TILT, turnaround=TURNAROUND,
)
VIEWS = (View.OBLIQUE, View.FRONT, View.END)

EXERCISE = RepExercise(
    name="bridge_pelvic_roll",
    title="Bridge with pelvic rolls",
    how_to=(
        "Lie on your back, knees bent and feet flat, and lift your hips into a bridge. Keeping the hips up, slowly "
        "roll your pelvis down toward one side, back to level, then toward the other side. Each roll to a side "
        "counts for that side. Keep your hips from sinking toward the floor."
    ),
    camera=(
        "Put the camera at your feet, or 45 degrees round from your side toward your feet, so it sees both hips "
        "side by side: from straight at your side the rolls cannot be seen."
    ),
    target="2 sets of 10 (5 each side)",
    # From the feet end the raised trunk can look as tall as it is wide (FRONT) or foreshortened (END).
    wrong_view_cue="Turn so the camera sees you from your feet or 45 degrees toward them: side-on the rolls do not show.",
    orientations=frozenset({Orientation.SUPINE}),
    orientation_cue="Lie on your back, knees bent and feet flat, and lift your hips into a bridge.",
    required_parts=("shoulders", "hips", "knees"),
    signals={view: SIGNAL for view in VIEWS},
    position=(
        PostureCheck(
            "hips_down", "Lift your hips into a bridge before you roll.",
            reading=bridge_line, allowed=Range(low=MIN_BRIDGE_LINE),
        ),
    ),
    sides=Sides.ALTERNATING,
    side_of=lambda start, peak: r.lower_of_pair(peak, "hip"),
    phase_words={Phase.REST: "level", Phase.OUT: "rolling", Phase.PEAK: "rolled", Phase.BACK: "back to level"},
    partial_code=None,
    form_rules=(
        FormRule(
            "hips_drop", "Keep your hips up while you roll.",
            reading=hip_drop_share, limit=MAX_HIP_DROP, fault_when=Fault.ABOVE, min_duration_s=0.3, priority=1,
        ),
    ),
    key_angles={"pelvis_tilt": KeyAngle(lambda m: r.pair_tilt(m, "hip"), at=lambda m: r.mid(m, "hip"), label="tilt")},
)
