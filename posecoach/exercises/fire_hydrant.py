"""Fire hydrant (quadruped hip abduction), filmed from behind (the feet end) or from the side.

Not from ahead: from the head end the shoulders hide the hips and knees, and on a rendered clip MediaPipe's thighs
jumped between 5 and 140 deg apart at rest, so nothing was counted.

The lifted thigh swings out to the side: across the image seen end-on, toward the camera seen from the side.
From behind its lift is the thigh's angle from vertical in the image; from the side it is read from how high the knee
comes relative to the hip over that thigh's own length (side-on the far thigh looks ~20% shorter: further away,
its knee hidden). MediaPipe reads the FAR thigh's lift toward the camera badly (rendered: 13-17 deg of spread for a
66-71 deg lift), so behind is the camera to use. Side-on, a short lift of the NEAR leg does not show: the knee comes
toward a camera above the floor, which draws it lower (rendered: a 27 deg lift moves the knee 2 px in the true
projection and reads 12 deg; MediaPipe's depth of that knee does not change either), so side-on it is neither counted
nor cued.

Not judged from any camera: the lower back sagging while the hands and knees stay put. The lumbar spine bends
between two supported points, the shoulders on straight arms and the hips on hanging thighs, so no landmark moves
(rendered: a 26-30 deg lumbar extension drops the belly visibly, and moves the true hips 0.0 px and the shoulders
3 px); MediaPipe has no point on the spine. The rendered head rises with it (0.13 torso lengths), but a lifted head
is neither needed for a sag nor a sign of one, so it is not read as one. ``back_sags`` catches only the hips
sinking toward the floor above the hands (side-on), the thighs leaning forward. The how-to asks for a flat back.
"""

import math

from posecoach.exercises.base import Fault, FormRule, KeyAngle, Phase, PhaseSignal, RepExercise, Sides, Threshold
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

# Read from the thigh's own resting angle (``from_rest``): a camera above the floor shows the far knee higher
# than the near one, so a far thigh hanging straight down reads up to ~30 deg.
REST_LIFT = Threshold("rest_thigh_lift_deg", 12.0, "deg", "within this of the resting angle: the knee is back down")
LEAVE_LIFT = Threshold("leave_thigh_lift_deg", 20.0, "deg", "knee moving out and up from rest: a lift has begun")
FULL_LIFT = Threshold(
    "full_thigh_lift_deg", 40.0, "deg",
    "knee lifted out ~40-45 deg from hanging, about halfway to hip height (90 = thigh level); most people reach "
    "45-70 without the trunk tipping, less is a low lift",
)
MIN_REP = Threshold(
    "min_rep_s", 1.0, "s",
    "lifting the knee out and lowering it under control takes longer than this (rendered low lifts: 1.2 s between "
    "the leave and rest lines); faster is a hidden far knee's landmark bouncing as the leg comes down",
)
TURNAROUND = Threshold("turnaround_deg", 8.0, "deg", "drop from the highest lift that means the knee is coming down")
MAX_TRUNK_TILT = Threshold(
    "max_trunk_tilt_deg", 10.0, "deg",
    "shoulder line turned in the image since the start, seen from behind: the trunk rolling onto the "
    "supporting hand instead of the hip doing the work. A camera above the floor sees a roll about the spine part "
    "in depth: a 23 deg roll turns MediaPipe's shoulder line 13-16 deg (rendered, from behind at 1 m), a level "
    "trunk holds within ~3-5",
)
MAX_HIP_SINK = Threshold(
    "max_hip_sink_thighs", 0.12, "thigh lengths",
    "hips ~5 cm lower above the hands than at the start: the thighs leaning forward as the trunk slumps toward the "
    "hands with the back. A sag with the hips kept over the knees moves no landmark (see the module): not judged",
)


#: Views along the body (from behind; a sloping trunk seen end-on can read as FRONT): the shoulder line
#: runs across the image, so the trunk tipping shows as its tilt, while the hips sinking between the supports
#: moves them along the line of sight (judged side-on only).
END_ON = frozenset({View.FRONT, View.END})


def thigh_lift(m: BodyMeasures, side: Side) -> float:
    return r.thigh_lift_from_hanging(m, side)


def thigh_out(m: BodyMeasures, side: Side) -> float:
    """Seen from behind: the thigh's angle from vertical in the image (the abduction, in the image plane)."""
    return r.from_vertical(m, r.point(m, "hip", side), r.point(m, "knee", side))


def higher_thigh(m: BodyMeasures) -> Side | None:
    read = thigh_out if m.view in END_ON else thigh_lift
    return r.highest_side({side: read(m, side) for side in Side})


def best_thigh_lift(m: BodyMeasures) -> float:
    side = higher_thigh(m)
    return thigh_lift(m, side) if side else math.nan


def thigh_spread(m: BodyMeasures) -> float:
    """Seen from behind: the angle between the two thighs in the image. The support thigh stays put, so
    this is the lift, and unlike either thigh's own angle it does not depend on where the body sits in the frame."""
    hips, knees = [r.point(m, "hip", side) for side in Side], [r.point(m, "knee", side) for side in Side]
    return r.angle_between(hips[0], knees[0], hips[1], knees[1])


def shoulder_line_turn(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the shoulder line has turned in the image since the start, degrees in [0, 90] (a line: which end is
    labelled left does not matter)."""
    turn = r.angle_between(
        r.point(start, "shoulder", Side.LEFT), r.point(start, "shoulder", Side.RIGHT),
        r.point(now, "shoulder", Side.LEFT), r.point(now, "shoulder", Side.RIGHT),
    )
    return min(turn, 180.0 - turn)


def hip_sink(now: BodyMeasures, start: BodyMeasures) -> float:
    """How much lower the hips sit above the hands than at the start, in thigh lengths."""
    def height(m: BodyMeasures) -> float:
        return r.height_above(m, r.mid(m, "hip"), r.mid(m, "wrist"), r.Unit.THIGH)
    return height(start) - height(now)


SIGNAL = PhaseSignal(
    name="thigh lift", unit="deg", read=best_thigh_lift, rest=REST_LIFT, leave=LEAVE_LIFT, full=FULL_LIFT, turnaround=TURNAROUND,
    from_rest=True,
)
END_ON_SIGNAL = PhaseSignal(
    name="thigh spread", unit="deg", read=thigh_spread, rest=REST_LIFT, leave=LEAVE_LIFT, full=FULL_LIFT, turnaround=TURNAROUND,
    from_rest=True,
)

EXERCISE = RepExercise(
    name="fire_hydrant",
    title="Fire hydrant",
    how_to=(
        "On hands and knees, hands under the shoulders, knees under the hips, back flat. Keeping the knee bent at "
        "90 degrees, lift it out to the side toward hip height, pause, and lower it slowly. Keep your weight even "
        "on both hands and your back flat: only the leg moves. Finish one side, then the other."
    ),
    camera=(
        "Put the camera at hip height behind you, so it sees your whole body on all fours: from there posecoach "
        "checks your lift and your trunk tipping. From your side it counts both legs and checks your hips sinking, "
        "but cannot see a short lift of the leg nearer the camera (neither counted nor cued). No camera shows your "
        "lower back sagging while your hips stay over your knees: keep it flat yourself."
    ),
    target="2 sets of 10 each side",
    # From behind a sloping trunk can look as tall as it is wide: that reads as FRONT, not END.
    wrong_view_cue="Set up with the camera at your side or behind you, your whole body in view.",
    orientations=frozenset({Orientation.QUADRUPED}),
    orientation_cue="Get on your hands and knees: hands under your shoulders, knees under your hips.",
    required_parts=("shoulders", "hips", "knees"),
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL, View.FRONT: END_ON_SIGNAL, View.END: END_ON_SIGNAL},
    sides=Sides.BLOCKED,
    min_rep_s=MIN_REP,
    side_of=lambda start, peak: higher_thigh(peak),
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "top", Phase.BACK: "lowering"},
    partial_code="low_lift",
    partial_cue="Lift your knee a little higher, out toward hip height.",
    form_rules=(
        FormRule(
            "trunk_tilts", "Keep your weight even on both hands: don't lean away from the lifting leg.",
            reading=shoulder_line_turn,
            limit=MAX_TRUNK_TILT, fault_when=Fault.ABOVE, views=END_ON, min_duration_s=0.3,
            priority=2,
        ),
        FormRule(
            "back_sags", "Keep your back flat: brace your belly so your hips don't sink.",
            reading=hip_sink, limit=MAX_HIP_SINK, fault_when=Fault.ABOVE, views=frozenset({View.SIDE}), min_duration_s=0.3,
            priority=1,
        ),
    ),
    key_angles={"thigh_lift": KeyAngle(best_thigh_lift, at=lambda m: r.mid(m, "hip"), label="lift")},
)
