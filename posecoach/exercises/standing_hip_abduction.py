"""Standing hip abduction: standing tall, lift one straight leg out to the side and lower it, filmed from the
front (or from behind).

The rep is the angle between the two legs (hip to ankle) beyond their angle standing (``from_rest``: a wider stance,
or MediaPipe's hips drawn closer than the joints, splay them alike at rest): the standing leg stays upright, so it is
the lifted leg's angle out. A camera rolled on its stand turns both legs alike and leaves it unchanged (an angle from
the image vertical gains the roll on one leg and loses it on the other: 4 lifts read as 0-1 with the camera rolled 8
degrees). The resting value is a low quantile of the frames at rest, as the angle only grows with a lift. The side
is the leg that lifted.

Physio practice: hold a chair or wall for balance, toes pointing forward, lift only as far as the trunk stays upright
(about 30-45 degrees), lower slowly.
"""

import math

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold, near_joint,
)
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import angle_between, point

REST_DEG = Threshold("rest_abduction_deg", 10.0, "deg", "the legs within this of their standing angle: standing on both feet")
LEAVE_DEG = Threshold("leaving_abduction_deg", 15.0, "deg", "the legs this much further apart than standing: a lift has begun")
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


def legs_apart_deg(m: BodyMeasures) -> float:
    """The angle between the two legs (hip to ankle), degrees."""
    return angle_between(point(m, "hip", Side.LEFT), point(m, "ankle", Side.LEFT), point(m, "hip", Side.RIGHT), point(m, "ankle", Side.RIGHT))


def toe_rise(now: BodyMeasures, start: BodyMeasures) -> float:
    side = lifted_leg(now)
    if side is None or not now.leg_length_px > 0:
        return float("nan")
    return float((point(now, "heel", side)[1] - point(now, "foot_index", side)[1]) / now.leg_length_px)


SIGNAL = PhaseSignal(
    name="legs apart", unit="deg", read=legs_apart_deg, rest=REST_DEG, leave=LEAVE_DEG, full=FULL_DEG, turnaround=TURNAROUND,
    from_rest=True, rest_quantile=0.1,
)

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
        "legs_apart": legs_apart_deg,
        "trunk_from_vertical": KeyAngle(lambda m: m.trunk_from_vertical, at=near_joint("shoulder")),
    },
)
