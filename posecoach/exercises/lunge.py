"""Lunge (forward, reverse, alternating or walking) and the stationary split squat, filmed from the side, at an
angle, from the front or from behind.

The rep is the hips dropping toward the foot on the floor, in standing leg lengths; it ends when the hips are
back at standing height or, with the feet still apart (a split squat), when the front leg is straight again. The
side of a rep is the leg in front. Known limits: from the side the far foot shows higher than the near one at the
same height, so with the far leg in front the hips read up to ~0.14 leg lengths lower and a half lunge can pass
for a full one; from behind the foot on the floor is the back foot, and a half lunge may not read at all (a
rendered one stayed at 0.92: neither a rep nor an attempt).
"""

import math
from dataclasses import replace

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, QuickRep, Range, RepExercise, RestCheck, Sides, Threshold,
    near_joint,
)
from posecoach.exercises.stance import ahead, hip_height, knee_above_floor, stance_height
from posecoach.kinematics import BodyMeasures, Side, View

# The rep is the hips dropping toward the floor, measured above the lower ankle (the foot on the floor) in
# leg lengths, so a knee drive or a step between lunges (one foot off the floor, hips high) is not a rep.
# Geometry: standing reads ~1.0; with the front thigh parallel and the shin vertical the hips sit about a shin
# length above the ankle (~0.5), and the hip landmark reads ~0.08 high, like the squat's front-view depth
# (0.44-0.61 at the bottom of real side and oblique lunges and split squats).
STANDING_HIP_HEIGHT = Threshold(
    "standing_hip_height", 0.90, "leg lengths", "hips above the foot on the floor beyond which you are standing",
)
DESCENT_HIP_HEIGHT = Threshold("descent_hip_height", 0.85, "leg lengths", "hip height below which a lunge has begun")
FULL_HIP_HEIGHT = Threshold(
    "full_lunge_hip_height", 0.70, "leg lengths",
    "front thigh about parallel to the floor (~0.5 by geometry, read ~0.08 high); a half lunge stays near 0.8",
)
# From the front (or behind) the front foot is nearer the camera and shows lower in the image, adding
# ~0.05-0.1 to the hips' height: a rendered full lunge reads 0.61-0.63 from the front, a half lunge 0.81.
FRONT_FULL_HIP_HEIGHT = Threshold(
    "front_full_lunge_hip_height", 0.74, "leg lengths",
    "front thigh about parallel, seen from the front or behind: the near foot shows lower by perspective",
)
TURNAROUND = Threshold("turnaround_leg_lengths", 0.06, "leg lengths", "rise from the lowest point that means you are coming up")
# With the feet apart (a split squat) the hips stop below standing height at the top: a 0.8 m split puts them
# at ~0.92 leg lengths with both legs straight, lower with a longer stride. So the top is also where the front
# leg is straight again: the hips as high as a straight leg from the front foot allows at their offset from it
# (real split-squat tops read 0.96-1.01, the bottoms 0.5-0.67; a half lunge ~0.82).
SPLIT_TOP = Threshold(
    "split_top_stance_height", 0.93, "straight-leg heights",
    "hips at this share of the height a straight front leg allows: the front knee opened past ~140 deg, the top "
    "of a split squat",
)
# A rep shorter than ``min_rep_s`` (0.6 s) is a wobble unless the hips really went down: a half lunge (front knee
# ~115 deg) drops them ~0.15-0.2 leg lengths below where they stood (a rendered one, seen from the front, 0.17 in
# 0.6 s), while the top of a split stance held with dumbbells wobbles ~0.03-0.06 about the descent line. Going ~10 cm
# down and back up takes no less than ~0.3 s at a lunge's ~1 m/s: a quicker dip is a flicker or a dancer's bob (the
# dev set's crowd clip: 0.06-0.1 s).
QUICK_REP = QuickRep(
    depth=Threshold(
        "quick_rep_hip_drop", 0.12, "leg lengths",
        "a rep quicker than the minimum time still counts when the hips dropped this far below where they stood",
    ),
    min_s=Threshold("quick_rep_min_s", 0.3, "s", "and took this long at least: hips move at most ~1 m/s in a lunge"),
)

MAX_TRUNK_LEAN = Threshold(
    "max_trunk_lean_deg", 45.0, "deg",
    "trunk from vertical at the bottom: a lunge keeps the chest up; a slight lean (15-35 deg in real reverse "
    "lunges) is fine, past 45 the back takes the load the hips should",
)
MAX_FRONT_KNEE_PAST_TOES = Threshold(
    "max_front_knee_past_toes", 0.95, "foot lengths",
    "front knee about a foot length past the toes: some travel is normal (as in the squat), a clear excess "
    "means the step was too short",
)
UPRIGHT_TRUNK = Threshold(
    "upright_trunk_max_deg", 75.0, "deg", "trunk from vertical: lunging stays well under ~50; lying down reads ~90",
)
# Which leg is in front, at the bottom of the rep. Side-on and at an angle: the foot further along the way the
# person faces (a lunge's feet are ~0.6-0.9 m apart, ~0.7-1 leg lengths; at 45 degrees ~0.5-0.7 in the image).
# From the front or behind the feet line up with the camera, but the back knee is a few centimetres off the
# floor and the front knee a shin length above it (~0.4-0.5 leg lengths): the higher knee is the front leg's.
# (Not the knees side-on or at an angle: perspective lifts the far knee, and a back knee hidden behind the body
# is read as high as the front one.)
# At 45 degrees from the front leg's side the hip-width stance (~0.25 m) cancels part of the split in the image
# (0.8 m * sin 45 - 0.25 m * cos 45 ~ 0.4 m); a rendered split squat filmed so read the front ankle only 0.24-0.27
# leg lengths ahead (the back ankle lifted on its toes). Feet side by side read under ~0.1.
FRONT_FOOT_MARGIN = Threshold(
    "front_foot_margin", 0.15, "leg lengths",
    "seen side-on or at an angle, the front ankle must be this far ahead of the back one to name the rep's side",
)
FRONT_KNEE_MARGIN = Threshold(
    "front_knee_margin", 0.15, "leg lengths",
    "seen from the front or behind, the front knee must stand this much higher than the back one to name the "
    "rep's side (~0.2-0.4 at the bottom of a lunge)",
)

BOTTOM = frozenset({Phase.PEAK})


def front_leg(start: BodyMeasures, bottom: BodyMeasures) -> Side | None:
    """The leg in front at the bottom of the rep (None when it cannot be told)."""
    lead, margin = ahead(bottom), FRONT_FOOT_MARGIN
    if any(math.isnan(value) for value in lead.values()):  # from the front or behind
        lead, margin = {side: knee_above_floor(bottom, side) for side in Side}, FRONT_KNEE_MARGIN
    if any(math.isnan(value) for value in lead.values()):
        return None
    front = max(lead, key=lead.get)
    return front if lead[front] - lead[front.other] >= margin.value else None


def _front_knee_past_toes(now: BodyMeasures, start: BodyMeasures) -> float:
    """At the bottom the front foot is the one further along the way the person faces. (Not the lower one:
    the near foot shows lower than the far one at the same height, by up to ~0.2 leg lengths.)"""
    lead = ahead(now)
    if any(math.isnan(x) for x in lead.values()):
        return float("nan")
    return now.sides[max(lead, key=lead.get)].knee_past_toes


SPLIT_STANCE_TOP = RestCheck("stance height", stance_height, Range(low=SPLIT_TOP))
SIGNAL = PhaseSignal(
    name="hip height", unit="leg lengths", read=hip_height,
    rest=STANDING_HIP_HEIGHT, leave=DESCENT_HIP_HEIGHT, full=FULL_HIP_HEIGHT, turnaround=TURNAROUND,
    rest_also=SPLIT_STANCE_TOP,
)
FRONT_SIGNAL = replace(SIGNAL, full=FRONT_FULL_HIP_HEIGHT)

EXERCISE = RepExercise(
    name="lunge",
    title="Lunge",
    how_to=(
        "Stand tall, feet hip-width apart. Take a long step back (or forward) and lower until both knees "
        "bend to about 90 degrees: front knee over the ankle, back knee just above the floor, chest up. "
        "Push through the front heel to stand again. Alternate legs or finish one side first. For a split "
        "squat keep the feet apart and rise until the front leg is straight. Film from the side (best), at an "
        "angle, from the front or from behind, whole body in view."
    ),
    target="2 sets of 10 (5 each leg)",
    camera="Put the camera at hip height, 2-3 m away, side-on (best), at an angle, in front or behind, whole body in view.",
    wrong_view_cue="Step back so the camera sees your whole body.",
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL, View.FRONT: FRONT_SIGNAL},
    sides=Sides.ALTERNATING,
    side_of=front_leg,
    quick_rep=QUICK_REP,
    position=(
        PostureCheck(
            "not_upright", "Stand tall, feet hip-width apart, to start your lunges.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
        ),
    ),
    phase_words={Phase.REST: "standing", Phase.OUT: "lowering", Phase.PEAK: "bottom", Phase.BACK: "pushing up"},
    partial_code="shallow",
    partial_cue="Lower a little more: bend until your front thigh is about parallel to the floor.",
    form_rules=(
        FormRule(
            "torso_lean", "Keep your chest up: lean your torso forward less.",
            reading=lambda now, start: now.trunk_from_vertical, limit=MAX_TRUNK_LEAN, fault_when=Fault.ABOVE,
            phases=BOTTOM, views=frozenset({View.SIDE}), priority=2,
        ),
        FormRule(
            "front_knee_past_toes", "Take a longer step so your front knee stays over your ankle.",
            reading=_front_knee_past_toes, limit=MAX_FRONT_KNEE_PAST_TOES, fault_when=Fault.ABOVE,
            phases=BOTTOM, views=frozenset({View.SIDE}), priority=1,
        ),
    ),
    other_thresholds=(FRONT_FOOT_MARGIN, FRONT_KNEE_MARGIN),
    key_angles={
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
        "hip": KeyAngle(lambda m: m.near.hip, at=near_joint("hip")),
        "hip_height": hip_height,
        "trunk_from_vertical": lambda m: m.trunk_from_vertical,
    },
)
