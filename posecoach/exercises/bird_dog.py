"""Bird dog (quadruped opposite arm and leg reach, held), filmed from the side.

The rep is the lower of the reaching arm and thigh coming up to level, read as how far below level each one
points (shoulder to wrist, to the elbow when the hand is out of frame; hip to knee), per diagonal (a leg and the
opposite arm); a limb out of frame is left out. The side is the reaching diagonal's LEG.

"Level" is the floor. On all fours the shoulders sit above the hips (hands under the shoulders on straight arms,
knees under the hips on ~90 deg thighs: the trunk rises ~5-10 deg toward the shoulders in people, 20-23 deg in
the rendered body), so an arm and leg in line with the back point up to that much above and below the floor.

Not judged: the hips dropping or turning. The pelvis rolls about the spine, and seen from the side the two hips
are superimposed: on rendered clips a 20 deg roll moved neither hip landmark beyond MediaPipe's jitter from the
side, nor from 35 or 50 deg round toward the feet (where the far arm raised is also misread), so any cue would be
noise. The how-to asks for level hips.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, PeakHold, Phase, PhaseSignal, RepExercise, Sides, Threshold,
)
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# Kneeling, the support arm and the thigh hang straight down (90 deg below level); reaching, both come up to level.
REST_BELOW = Threshold(
    "rest_below_level_deg", 55.0, "deg",
    "the lower limb of the diagonal within ~35 deg of hanging (arm and thigh hang at 90): back on the floor",
)
LEAVE_BELOW = Threshold(
    "leave_below_level_deg", 50.0, "deg",
    "arm and thigh both lifted ~40 deg from hanging: a reach has begun (a reach stopped ~30 deg below level, "
    "the short one, reads 35-45)",
)
FULL_BELOW = Threshold(
    "full_below_level_deg", 25.0, "deg",
    "arm and thigh within 25 deg of the floor line: a leg in line with a back that rises up to ~20 deg toward the "
    "shoulders points that far below the floor, and the shoulder landmark sits above the joint (an arm level "
    "with the floor reads ~5 deg low); a reach ~30 deg below level and lower is short",
)
TURNAROUND = Threshold("turnaround_deg", 8.0, "deg", "drop from the highest reach that means the limbs are coming back")
MIN_HOLD = Threshold("min_hold_s", 1.5, "s", "the 2-3 s hold at full reach, less 0.5 s for landmark noise")
HOLD_BAND = Threshold(
    "hold_band_deg", 10.0, "deg",
    "held = the lower limb within this of its highest reach: a slow reach and return would otherwise count as "
    "holding while they pass the full-reach line",
)
MAX_LEG_ABOVE = Threshold(
    "max_leg_above_level_deg", 15.0, "deg",
    "the reaching leg (hip to ankle) above the floor line: the hip extends only ~10-20 deg past the trunk line and "
    "the trunk already rises 5-20 deg toward the shoulders, so a leg 15 deg above the floor is 20-35 deg past "
    "the trunk line, carried by the lower back sagging into an arch",
)

def _limb_rise(m: BodyMeasures, side: Side, root: str, joint: str, tip: str) -> float:
    """How far a limb points above level, degrees: root to tip, or root to the middle joint when the tip is out of
    frame (a straight reaching limb points the same way; close framing often cuts off the hand or foot)."""
    rise = r.elevation(m, r.point(m, root, side), r.point(m, tip, side))
    return rise if not math.isnan(rise) else r.elevation(m, r.point(m, root, side), r.point(m, joint, side))


def _thigh_rise(m: BodyMeasures, side: Side) -> float:
    """How far the thigh points above level: it hangs straight down on all fours whatever the knee does, and a
    reaching thigh points where the straight leg does."""
    return r.elevation(m, r.point(m, "hip", side), r.point(m, "knee", side))


def _diagonal_below_level(m: BodyMeasures, leg: Side) -> float:
    """How far below level the lower of one diagonal's limbs (this thigh, the opposite arm) points; NaN if unseen."""
    rises = [_thigh_rise(m, leg), _limb_rise(m, leg.other, "shoulder", "elbow", "wrist")]
    seen = [-rise for rise in rises if not math.isnan(rise)]
    return max(seen) if seen else math.nan


def _reaching_diagonal(m: BodyMeasures) -> tuple[Side | None, float]:
    """The diagonal nearer to body level, named by its leg, and how far below level its lower limb is."""
    below = {leg: _diagonal_below_level(m, leg) for leg in Side}
    below = {leg: value for leg, value in below.items() if not math.isnan(value)}
    if not below:
        return None, math.nan
    leg = min(below, key=below.__getitem__)
    return leg, below[leg]


def lower_limb_below_level(m: BodyMeasures) -> float:
    """How far below level the lower limb of the reaching diagonal (a leg and the opposite arm) points, degrees.

    Judged per diagonal, so a reaching limb out of frame never lets the supporting arm or leg of the other
    diagonal stand in for it."""
    return _reaching_diagonal(m)[1]


def reaching_leg(start: BodyMeasures, peak: BodyMeasures) -> Side | None:
    return _reaching_diagonal(peak)[0]


def leg_above_level(now: BodyMeasures, start: BodyMeasures) -> float:
    leg = _reaching_diagonal(now)[0]
    return _limb_rise(now, leg, "hip", "knee", "ankle") if leg else math.nan


SIGNAL = PhaseSignal(
    name="reach below level", unit="deg", read=lower_limb_below_level,
    rest=REST_BELOW, leave=LEAVE_BELOW, full=FULL_BELOW, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="bird_dog",
    title="Bird dog",
    how_to=(
        "On hands and knees, hands under the shoulders, knees under the hips, back flat. Reach one arm forward "
        "and the opposite leg back until both are level with your body, hold 2-3 seconds without your hips "
        "tipping or your back sagging, and return. Alternate sides."
    ),
    camera="Put the camera at hip height at your side, 2-3 m away, so it sees you from hands to feet.",
    target="2 sets of 10 (5 each side), hold 2-3 s",
    wrong_view_cue="Turn side-on to the camera so it sees your arm and leg reach.",
    orientations=frozenset({Orientation.QUADRUPED}),
    orientation_cue="Get on your hands and knees: hands under your shoulders, knees under your hips.",
    required_parts=("shoulders", "hips", "knees"),
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    sides=Sides.ALTERNATING,
    side_of=reaching_leg,
    phase_words={Phase.REST: "all fours", Phase.OUT: "reaching", Phase.PEAK: "hold", Phase.BACK: "returning"},
    partial_code="low_reach",
    partial_cue="Reach further: bring your arm and leg up level with your back.",
    form_rules=(
        FormRule(
            "back_sags", "Lift the leg only to hip height: keep your back flat, not sagging.",
            reading=leg_above_level, limit=MAX_LEG_ABOVE, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK, Phase.OUT}), min_duration_s=0.3, priority=1,
        ),
    ),
    peak_hold=PeakHold(MIN_HOLD, "Hold the reach for two to three seconds before you return.", band=HOLD_BAND),
    key_angles={"reach": KeyAngle(lambda m: -lower_limb_below_level(m), at=lambda m: r.mid(m, "hip"), label="reach")},
)
