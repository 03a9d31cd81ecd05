"""Superman (prone back extension, held), filmed from the side.

Hands and feet come up only a few inches, so the rep is read as how much higher the hands and the feet are
than at rest (the signal is read from its own resting value, whatever the arms' and legs' resting slope).
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, PeakHold, Phase, PhaseSignal, RepExercise, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

REST_LIFT = Threshold("rest_lift_torsos", 0.04, "torso lengths", "hands and feet within ~2 cm of where they rest: down")
LEAVE_LIFT = Threshold("leave_lift_torsos", 0.06, "torso lengths", "hands and feet ~3 cm up: a lift has begun")
FULL_LIFT = Threshold(
    "full_lift_torsos", 0.12, "torso lengths",
    "the lower of hands and feet ~6 cm (a torso is ~50 cm) off the floor: the 'few inches' physio practice asks "
    "for; less is a low lift",
)
TURNAROUND = Threshold("turnaround_torsos", 0.04, "torso lengths", "drop from the highest lift that means you are lowering")
MIN_HOLD = Threshold("min_hold_s", 1.5, "s", "the ~2 s hold at the top, less 0.5 s for landmark noise")
HOLD_BAND = Threshold(
    "hold_band_torsos", 0.05, "torso lengths",
    "held = hands and feet within ~2.5 cm of their highest point (the lift is only a few inches, so time past "
    "the full-lift line would count the lift and the lowering as holding)",
)
MAX_HEAD_RISE = Threshold(
    "max_head_above_trunk_deg", -25.0, "deg",
    "the mid-shoulders-to-nose line against the trunk line (hips to shoulders): with the neck long and the eyes "
    "on the floor the head hangs 30-50 deg below the trunk line, at rest and at the top of a lift alike (the head "
    "rises with the chest); extending the neck ~30 deg to look ahead brings it to ~-20",
)


def _highest(m: BodyMeasures, tip: str) -> float:
    heights = [r.height_above(m, r.point(m, tip, side), r.mid(m, "hip"), r.Unit.TORSO) for side in Side]
    heights = [h for h in heights if not math.isnan(h)]
    return max(heights) if heights else math.nan


def lower_of_hands_and_feet(m: BodyMeasures) -> float:
    """Height of the lower of (the higher hand, the higher foot) above the hips, torso lengths; one hidden: the other."""
    seen = [h for h in (_highest(m, "wrist"), _highest(m, "ankle")) if not math.isnan(h)]
    return min(seen) if seen else math.nan


def head_above_trunk(m: BodyMeasures) -> float:
    """How far the mid-shoulders-to-nose line points above the trunk line carried on past the shoulders, degrees:
    the neck's bend, whatever the chest lift and the camera's angle.

    Not the ear-to-nose line: seen from the side MediaPipe's ear and nose points on a face turned to the floor
    wander by +-15 deg frame to frame (rendered truth: they read -50 to -78 whether the head was lifted or not)."""
    shoulders = r.mid(m, "shoulder")
    return r.elevation(m, shoulders, r.point(m, "nose")) - r.elevation(m, r.mid(m, "hip"), shoulders)


SIGNAL = PhaseSignal(
    name="hands and feet lift", unit="torso lengths", read=lower_of_hands_and_feet,
    rest=REST_LIFT, leave=LEAVE_LIFT, full=FULL_LIFT, turnaround=TURNAROUND, from_rest=True,
)

EXERCISE = RepExercise(
    name="superman",
    title="Superman",
    how_to=(
        "Lie face down, arms stretched forward, legs straight. Squeeze your glutes and lift your hands, chest and "
        "feet a few inches off the floor, keeping your neck long and your eyes on the floor. Hold about 2 seconds, "
        "then lower slowly."
    ),
    camera=(
        "Put the camera at floor level at your side, 2-3 m away, or turned a little toward your feet, so it sees "
        "you from hands to feet."
    ),
    target="2 sets of 10, hold 2 s",
    wrong_view_cue="Lie side-on to the camera so it sees your arms and legs lift.",
    orientations=frozenset({Orientation.PRONE}),
    orientation_cue="Lie face down, arms stretched forward past your head.",
    required_parts=("shoulders", "hips", "knees"),
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "hold", Phase.BACK: "lowering"},
    partial_code="low_lift",
    partial_cue="Lift your hands and feet a little higher off the floor.",
    form_rules=(
        FormRule(
            "head_lifted", "Keep your neck long: look at the floor, not ahead.",
            reading=lambda now, start: head_above_trunk(now), limit=MAX_HEAD_RISE, fault_when=Fault.ABOVE, min_duration_s=0.3, priority=1,
        ),
    ),
    peak_hold=PeakHold(MIN_HOLD, "Hold the lift for about two seconds before you lower.", band=HOLD_BAND),
    key_angles={"head": KeyAngle(head_above_trunk, at=lambda m: r.point(m, "nose"), label="head")},
)
