"""Lateral (side) lunge: feet about twice shoulder-width, toes turned out a little; sit into one hip with that knee
bending over the toes while the other leg stays straight, push back to the middle; reps per side. Filmed from the
front (or from behind), where the movement happens across the image.

The rep is how much the bent leg's reach (hip to ankle, in leg lengths: ~1 straight, ~0.7 with the knee at 90 deg)
has shortened, counted only as far as the other leg stays longer, so a squat or a forward lunge, which bend both legs,
is not a side lunge, and a straight leg that gives a little does not hide the depth of the bent one.
Shared with ``lateral_squat``, its held version.
"""

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, Sides, Threshold, near_joint,
)
from posecoach.exercises.stance import bent_leg, leg_reach, torso_share
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import point

# Reach = sin(knee angle / 2) for equal thigh and shin: 180 deg -> 1.0, 140 -> 0.94, 120 -> 0.87, 100 -> 0.77,
# 90 -> 0.71. The bent thigh points forward-out over the turned-out toes, so it reads a little shorter still.
REST_DEPTH = Threshold("rest_side_lunge_depth", 0.06, "leg lengths", "both legs about as long: standing in the middle")
LEAVE_DEPTH = Threshold(
    "leaving_side_lunge_depth", 0.10, "leg lengths", "one leg's reach this much shorter: you have started to sit into that hip (knee ~130 deg)",
)
FULL_DEPTH = Threshold(
    "full_side_lunge_depth", 0.22, "leg lengths",
    "the bent leg's reach ~0.22 short of a straight leg: that knee at about 100 deg or less, a full side lunge",
)
# A side lunge keeps the other leg long; a squat shortens both alike. The other leg may give up to half of what the
# bent one does (a rendered straight leg bent ~55 deg reached 0.90 beside a bent leg at 0.70) and the rep still reads
# the bent leg's depth (the straight-leg rule flags it).
DEPTH_PER_DIFFERENCE = Threshold(
    "depth_per_leg_difference", 2.0, "depth / shortfall",
    "the depth counts at most twice the bent leg's shortfall against the other: both legs bending alike is a squat",
)
TURNAROUND = Threshold("turnaround_leg_lengths", 0.05, "leg lengths", "shortfall back from its deepest that means you are pushing back")
STRAIGHT_LEG_MIN = Threshold(
    "straight_leg_min_reach", 0.93, "leg lengths",
    "the other leg stays long (a straight leg reads 0.96-1.0): shorter, its knee has bent ~45 deg or more",
)
TRUNK_SHARE_MIN = Threshold(
    "trunk_upright_share", 0.75, "torso lengths",
    "the torso seen from the front keeps ~cos(lean) of its length: under 0.75 the chest has dropped forward past ~40 deg",
)
KNEE_OVER_FOOT_MIN = Threshold(
    "knee_over_foot_min", -0.04, "leg lengths",
    "the bent knee tracks over the turned-out toes, outside the ankle; more than ~4 cm inside it, it caves in",
)
UPRIGHT_TRUNK = Threshold("upright_trunk_max_deg", 40.0, "deg", "stand tall to start: the trunk within this of vertical")
WIDE_STANCE = Threshold(
    "wide_stance_min", 0.6, "leg lengths",
    "ankles this far apart to start: twice shoulder-width is ~0.8-0.9 m (~0.9-1 leg lengths), hip-width ~0.25",
)


def ankle_spread(m: BodyMeasures) -> float:
    if not m.leg_length_px > 0:
        return float("nan")
    return float(abs(point(m, "ankle", Side.LEFT)[0] - point(m, "ankle", Side.RIGHT)[0]) / m.leg_length_px)


def lunge_reach(m: BodyMeasures) -> float:
    side = bent_leg(m)
    return leg_reach(m, side) if side else float("nan")


def reach_shortfall(m: BodyMeasures) -> float:
    """How much shorter the bent leg reaches than the other, in leg lengths."""
    return straight_leg_reach(m) - lunge_reach(m)


def side_lunge_depth(m: BodyMeasures) -> float:
    """How much the bent leg's reach has shortened, in leg lengths, up to ``DEPTH_PER_DIFFERENCE`` times how much
    shorter it is than the other leg (0 when both bend alike: a squat)."""
    return min(1.0 - lunge_reach(m), DEPTH_PER_DIFFERENCE.value * reach_shortfall(m))


def straight_leg_reach(m: BodyMeasures) -> float:
    side = bent_leg(m)
    return leg_reach(m, side.other) if side else float("nan")


def knee_over_foot(m: BodyMeasures) -> float:
    """How far the bent knee sits outside its ankle (away from the other foot), in leg lengths; negative: inside."""
    side = bent_leg(m)
    if side is None or not m.leg_length_px > 0:
        return float("nan")
    outward = 1.0 if point(m, "ankle", side)[0] > point(m, "ankle", side.other)[0] else -1.0
    return float((point(m, "knee", side)[0] - point(m, "ankle", side)[0]) * outward / m.leg_length_px)


SIGNAL = PhaseSignal(
    name="side lunge depth", unit="leg lengths", read=side_lunge_depth,
    rest=REST_DEPTH, leave=LEAVE_DEPTH, full=FULL_DEPTH, turnaround=TURNAROUND,
)
LOW = frozenset({Phase.PEAK})
STANDING = (
    PostureCheck(
        "not_upright", "Stand tall, feet wide apart, to start.",
        reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
    ),
    PostureCheck(
        "feet_narrow", "Stand with your feet about twice shoulder-width apart.",
        reading=lambda m, side: ankle_spread(m), allowed=Range(low=WIDE_STANCE),
    ),
)
STRAIGHT_LEG_CUE = "Keep the other leg straight."
TRUNK_CUE = "Lift your chest: sit back into the hip instead of bending forward."
KNEE_CUE = "Push the bent knee out over your toes."

EXERCISE = RepExercise(
    name="lateral_lunge",
    title="Lateral lunge",
    how_to=(
        "Stand with your feet about twice shoulder-width apart, toes turned slightly out. Shift your weight to one "
        "side and sit back into that hip, bending that knee over your toes while the other leg stays straight; "
        "chest up. Push back to the middle. Do your reps on one side, then the other (or alternate)."
    ),
    target="2 sets of 8 each side",
    camera="Put the camera at hip height, 2-3 m in front of you (or behind you), feet and hands in view.",
    wrong_view_cue="Face the camera (or turn your back to it) so it sees you move side to side.",
    signals={View.FRONT: SIGNAL},
    sides=Sides.BLOCKED,
    side_of=lambda start, peak: bent_leg(peak),
    position=STANDING,
    phase_words={Phase.REST: "standing", Phase.OUT: "sitting into the hip", Phase.PEAK: "bottom", Phase.BACK: "pushing back"},
    partial_code="shallow",
    partial_cue="Sit a little deeper into the hip: bend that knee to about 90 degrees.",
    other_thresholds=(DEPTH_PER_DIFFERENCE,),
    form_rules=(
        FormRule("straight_leg_bends", STRAIGHT_LEG_CUE, reading=lambda now, start: straight_leg_reach(now),
                 limit=STRAIGHT_LEG_MIN, fault_when=Fault.BELOW, phases=LOW, priority=2),
        FormRule("trunk_forward", TRUNK_CUE, reading=lambda now, start: torso_share(now),
                 limit=TRUNK_SHARE_MIN, fault_when=Fault.BELOW, phases=LOW, priority=3),
        FormRule("knee_cave", KNEE_CUE, reading=lambda now, start: knee_over_foot(now),
                 limit=KNEE_OVER_FOOT_MIN, fault_when=Fault.BELOW, phases=LOW, priority=1),
    ),
    key_angles={
        "bent_leg_reach": lunge_reach,
        "straight_leg_reach": straight_leg_reach,
        "torso_share": KeyAngle(torso_share, at=near_joint("shoulder")),
    },
)
