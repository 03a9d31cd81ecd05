"""Standing hip abduction: standing tall, lift one straight leg out to the side and lower it, filmed from the
front (or from behind).

The rep is the working leg's angle out from vertical (hip to ankle) in the image, beyond the standing leg's (so
a wide squat, which splays both legs, is not a lift); the side is the leg that lifted. Physio practice: hold a chair or wall for balance, toes pointing forward, lift only as far as the trunk
stays upright (about 30-45 degrees), lower slowly.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold, near_joint,
)
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import angle_between, point

REST_DEG = Threshold("rest_abduction_deg", 10.0, "deg", "both legs within this of vertical: standing on both feet")
LEAVE_DEG = Threshold("leaving_abduction_deg", 15.0, "deg", "one leg this far out: a lift has begun (feet hip-width read ~3-6)")
FULL_DEG = Threshold(
    "full_abduction_deg", 30.0, "deg",
    "leg out to about 30 deg: the usual range of a standing lift with an upright trunk (hip abduction ~30-45 deg)",
)
TURNAROUND = Threshold("turnaround_deg", 5.0, "deg", "drop from the highest point that means you are lowering")
# Leaning the trunk over the standing leg lifts the other foot without the hip doing it. A few degrees of
# counter-balance are normal; past ~15 deg the trunk does the work.
MAX_TRUNK_LEAN = Threshold(
    "max_trunk_side_lean_deg", 15.0, "deg",
    "trunk tilted sideways (seen from the front) while lifting: a few degrees balance you, past 15 the trunk lifts the leg",
)
# With the hip turned out the foot points up and out instead of at the camera, and the hip flexors take over.
MAX_TOE_RISE = Threshold(
    "max_toe_rise", 0.05, "leg lengths",
    "the lifted foot's toe above its heel (~4-5 cm): the foot has turned up and out, the hip is rotating",
)
UPRIGHT_TRUNK = Threshold("upright_trunk_max_deg", 40.0, "deg", "stand tall to start: the trunk within this of vertical")

LIFT_PHASES = frozenset({Phase.PEAK})


def leg_out_deg(m: BodyMeasures, side: Side) -> float:
    """How far a leg (hip to ankle) points out from straight down, degrees."""
    hip, ankle = point(m, "hip", side), point(m, "ankle", side)
    return angle_between(hip, ankle, hip, hip + (0.0, 1.0))


def lifted_leg(m: BodyMeasures) -> Side | None:
    out = {side: leg_out_deg(m, side) for side in Side}
    if any(math.isnan(value) for value in out.values()):
        return None
    return max(out, key=out.get)


def abduction_deg(m: BodyMeasures) -> float:
    """The lifted leg's angle out beyond the standing leg's: a wide squat or a step splays both legs alike."""
    side = lifted_leg(m)
    return leg_out_deg(m, side) - leg_out_deg(m, side.other) if side else float("nan")


def toe_rise(now: BodyMeasures, start: BodyMeasures) -> float:
    side = lifted_leg(now)
    if side is None or not now.leg_length_px > 0:
        return float("nan")
    return float((point(now, "heel", side)[1] - point(now, "foot_index", side)[1]) / now.leg_length_px)


SIGNAL = PhaseSignal(name="leg out", unit="deg", read=abduction_deg, rest=REST_DEG, leave=LEAVE_DEG, full=FULL_DEG, turnaround=TURNAROUND)

EXERCISE = RepExercise(
    name="standing_hip_abduction",
    title="Standing hip abduction",
    how_to=(
        "Stand tall beside a chair or wall, one hand on it for balance, feet hip-width, toes forward. Keeping the "
        "leg straight and the toes pointing forward, lift one leg out to the side to about 30-45 degrees without "
        "leaning your trunk, then lower it slowly. Do all reps on one side, then the other (or alternate)."
    ),
    target="2 sets of 10 each side",
    camera="Put the camera at hip height, 2-3 m in front of you (or behind you), whole body in view.",
    wrong_view_cue="Face the camera (or turn your back to it) so it sees your legs move out to the side.",
    signals={View.FRONT: SIGNAL},
    sides=Sides.BLOCKED,
    side_of=lambda start, peak: lifted_leg(peak),
    position=(
        PostureCheck(
            "not_upright", "Stand tall, feet hip-width apart, to start.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
        ),
    ),
    phase_words={Phase.REST: "standing", Phase.OUT: "lifting", Phase.PEAK: "top", Phase.BACK: "lowering"},
    partial_code="low_lift",
    partial_cue="Lift the leg a little higher, to about 30 degrees, keeping your trunk upright.",
    form_rules=(
        FormRule(
            "trunk_lean", "Keep your trunk upright: lift only as high as you can without leaning.",
            reading=lambda now, start: now.trunk_from_vertical, limit=MAX_TRUNK_LEAN, fault_when=Fault.ABOVE,
            phases=LIFT_PHASES, priority=2,
        ),
        FormRule(
            "toes_up", "Keep your toes pointing forward: do not turn the leg out.",
            reading=toe_rise, limit=MAX_TOE_RISE, fault_when=Fault.ABOVE, phases=LIFT_PHASES, priority=1,
        ),
    ),
    key_angles={
        "leg_out": abduction_deg,
        "trunk_from_vertical": KeyAngle(lambda m: m.trunk_from_vertical, at=near_joint("shoulder")),
    },
)
