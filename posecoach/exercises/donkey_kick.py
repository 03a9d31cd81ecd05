"""Donkey kick (quadruped hip extension with a bent knee), filmed from the side.

The kicking thigh swings back and up in the image plane; its lift from hanging is read from its direction
(0 = hanging, 90 = level with the back).

Side-on, MediaPipe names the kicking leg right whether it is the near or the far one: the rendered clips (near leg,
then far) read their sides exactly, and the dev clip's demonstrator, who alternates legs, reads R L R L R L R (her
knee left on the floor sits ~25 px higher when it is the far one, seen from above the floor). The back-arch reading
is not raised by the kick: the kicking side's hip landmark rises with the pelvis, which tilts the trunk line up and
lowers the reading (by ~6 deg on that clip, whose kicks still read 40-53 deg above the trunk line).
"""

import math

from posecoach.exercises.base import Fault, FormRule, KeyAngle, Phase, PhaseSignal, RepExercise, Sides, Threshold
from posecoach.kinematics import BodyMeasures, Orientation, Side, View
from posecoach.kinematics import readings as r

REST_LIFT = Threshold("rest_thigh_lift_deg", 20.0, "deg", "thigh from hanging: kneeling reads 0-15 (landmark jitter)")
LEAVE_LIFT = Threshold("leave_thigh_lift_deg", 25.0, "deg", "knee moving back and up: a kick has begun")
FULL_LIFT = Threshold(
    "full_thigh_lift_deg", 70.0, "deg",
    "thigh within ~20 deg of level with the back (90), the height physio practice asks for; less is a low kick",
)
TURNAROUND = Threshold("turnaround_deg", 10.0, "deg", "drop from the highest kick that means the knee is coming down")
MAX_ABOVE_TRUNK = Threshold(
    "max_thigh_above_trunk_deg", 25.0, "deg",
    "kicking thigh above the trunk line: hip extension runs out ~10-20 deg past it, so beyond ~25 the lower back "
    "arches to lift the leg (a kick to level reads ~10, the trunk slopes up toward the shoulders)",
)


def thigh_lift(m: BodyMeasures, side: Side) -> float:
    """The thigh's swing from hanging (0) through level (90), from its direction in the image: seen side-on it
    swings in the image plane, and its direction, unlike its length, does not shrink with distance (a far thigh
    is ~10% shorter in the image)."""
    return 90.0 + r.elevation(m, r.point(m, "hip", side), r.point(m, "knee", side))


def kicking_leg(m: BodyMeasures) -> Side | None:
    return r.highest_side({side: thigh_lift(m, side) for side in Side})


def kick_lift(m: BodyMeasures) -> float:
    side = kicking_leg(m)
    return thigh_lift(m, side) if side else math.nan


def thigh_above_trunk(now: BodyMeasures, start: BodyMeasures) -> float:
    """How far the kicking thigh points above the trunk line carried on past the hips, degrees."""
    side = kicking_leg(now)
    if side is None:
        return math.nan
    trunk_back = r.elevation(now, r.mid(now, "shoulder"), r.mid(now, "hip"))
    return r.elevation(now, r.point(now, "hip", side), r.point(now, "knee", side)) - trunk_back


SIGNAL = PhaseSignal(
    name="thigh lift", unit="deg", read=kick_lift, rest=REST_LIFT, leave=LEAVE_LIFT, full=FULL_LIFT, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="donkey_kick",
    title="Donkey kick",
    how_to=(
        "On hands and knees, hands under the shoulders, knees under the hips, back flat. Keeping the knee bent at "
        "90 degrees, drive the foot up toward the ceiling until the thigh is level with your back, squeeze your "
        "glute, and lower. Don't arch your lower back: the leg stops at back height. Finish one side, then the other."
    ),
    camera="Put the camera at hip height at your side, 2-3 m away, so it sees you from hands to feet.",
    target="2 sets of 12 each side",
    wrong_view_cue="Turn side-on to the camera so it sees your leg kick back.",
    orientations=frozenset({Orientation.QUADRUPED}),
    orientation_cue="Get on your hands and knees: hands under your shoulders, knees under your hips.",
    required_parts=("shoulders", "hips", "knees"),
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    sides=Sides.BLOCKED,
    side_of=lambda start, peak: kicking_leg(peak),
    phase_words={Phase.REST: "all fours", Phase.OUT: "kicking", Phase.PEAK: "top", Phase.BACK: "lowering"},
    partial_code="low_kick",
    partial_cue="Drive your knee higher, until your thigh is level with your back.",
    form_rules=(
        FormRule(
            "back_arches", "Don't arch your lower back: lift the leg only to back height.",
            reading=thigh_above_trunk, limit=MAX_ABOVE_TRUNK, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK}), min_duration_s=0.25, priority=1,
        ),
    ),
    key_angles={"thigh_lift": KeyAngle(kick_lift, at=lambda m: r.mid(m, "hip"), label="lift")},
)
