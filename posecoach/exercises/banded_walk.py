"""Banded lateral walk (monster walk sideways): a band around the ankles or knees, knees slightly bent, step
sideways with one foot and bring the other after it until the feet meet again; steps per direction. Filmed from
the front (or behind), where the steps go across the image.

A step is the feet's spread (ankle to ankle, across the image) widening from where it rests and coming back; its
direction is the leading foot (the one that moved out first: stepping to your left, the left foot leads). Each
step stays open a moment after the feet close, to see whether they met.
"""

from __future__ import annotations

from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, RepRule, RepSpan, Sides, Threshold,
    near_joint,
)
from posecoach.exercises.jump_rope import feet_rise
from posecoach.exercises.swinging import trunk_sideways_deg
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import mid, point

NAN = float("nan")

# Spreads in torso lengths (mid-shoulders to mid-hips, ~0.5 m): the unit that a half squat does not shorten.
REST_SPREAD = Threshold(
    "feet_closed_spread", 0.25, "torso lengths",
    "the feet back within ~12 cm of the starting stance: the step has closed (a band walker who stops short still closes this far)",
)
LEAVE_SPREAD = Threshold("step_leaving_spread", 0.32, "torso lengths", "one foot ~16 cm out from the stance: a step has begun")
FULL_SPREAD = Threshold(
    "step_full_spread", 0.4, "torso lengths",
    "the feet ~20 cm or more wider than the stance: a side step against the band (most are 20-35 cm)",
)
TURNAROUND = Threshold("step_turnaround", 0.08, "torso lengths", "the spread ~4 cm back from its widest: the other foot is following")
MIN_STEP_S = Threshold("min_step_s", 0.4, "s", "a side step against a band takes 0.6-1.5 s; a quicker change is landmark noise")
SETTLE = Threshold(
    "step_settle_s", 0.4, "s",
    "after the feet close, ~0.4 s shows where the trailing foot stopped before the next step begins",
)
FEET_APART = Threshold(
    "feet_apart_max", 0.12, "torso lengths",
    "the feet end a step more than ~6 cm wider than they started: the trailing foot did not come back to meet the other",
)
HOP = Threshold(
    "hop_max_rise", 0.05, "leg lengths",
    "both feet ~4 cm or more off the floor during a step: a hop or jump, not a step (one foot stays down when stepping)",
)
HIPS_RISE = Threshold(
    "hips_rise_max", 0.08, "torso lengths",
    "the hips ~4 cm higher above the feet than at the start of the step: the knees straightened from the half squat "
    "(knees 140 -> 160 deg raise the hips ~4 cm)",
)
TRUNK_SWAY = Threshold(
    "trunk_sway_max_deg", 10.0, "deg",
    "the trunk tipped sideways this much more than at the start of the step: it bobs toward the moving leg instead of "
    "the hips doing the work (a steady walker stays within ~5 deg)",
)
UPRIGHT_TRUNK = Threshold("upright_trunk_max_deg", 40.0, "deg", "stand tall to start: the trunk within this of vertical")


def ankle_spread(m: BodyMeasures) -> float:
    """The ankles' distance across the image, in torso lengths."""
    if not m.torso_length_px > 0:
        return NAN
    return float(abs(point(m, "ankle", Side.LEFT)[0] - point(m, "ankle", Side.RIGHT)[0]) / m.torso_length_px)


def leading_foot(rest: BodyMeasures, peak: BodyMeasures) -> Side | None:
    """The foot that moved out further between the start position and the widest point: the step's direction."""
    moved = {side: abs(point(peak, "ankle", side)[0] - point(rest, "ankle", side)[0]) for side in Side}
    moved = {side: value for side, value in moved.items() if value == value}
    return max(moved, key=moved.get) if moved else None


def hips_above_feet(m: BodyMeasures) -> float:
    """The hips' midpoint above the lower ankle, in torso lengths."""
    ankles = [float(point(m, "ankle", side)[1]) for side in Side]
    ankles = [y for y in ankles if y == y]
    if not ankles or not m.torso_length_px > 0:
        return NAN
    return float((max(ankles) - mid(m, "hip")[1]) / m.torso_length_px)


def feet_gap_after(span: RepSpan) -> float:
    """How much wider the feet stayed after the step than before it, in torso lengths."""
    after = [ankle_spread(m) for m in span.after]
    after = [value for value in after if value == value]
    return min(after) - ankle_spread(span.rest) if after else NAN


SIGNAL = PhaseSignal(
    name="feet spread", unit="torso lengths", read=ankle_spread, from_rest=True,
    rest=REST_SPREAD, leave=LEAVE_SPREAD, full=FULL_SPREAD, turnaround=TURNAROUND,
)
STEP = frozenset({Phase.OUT, Phase.PEAK, Phase.BACK})

EXERCISE = RepExercise(
    name="banded_walk",
    title="Banded side walk",
    how_to=(
        "Put a loop band around your ankles (or just above the knees). Feet hip-width, knees slightly bent, hips back, "
        "chest up. Step sideways with one foot against the band, then bring the other foot after it until the feet "
        "are back at hip-width; stay low and keep the trunk still. Take 10-15 steps one way, then come back."
    ),
    target="2 sets of 12 steps each way",
    camera="Put the camera at hip height, 3-4 m in front of you (or behind you), with room in view for the steps each way.",
    wrong_view_cue="Face the camera (or turn your back to it) so it sees your steps go sideways.",
    signals={View.FRONT: SIGNAL},
    sides=Sides.BLOCKED,
    side_of=leading_foot,
    position=(
        PostureCheck("not_upright", "Stand tall, knees slightly bent, to start.", reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK)),
    ),
    min_rep_s=MIN_STEP_S,
    partial_code=None,  # a short shuffle is neither a step nor an attempt at one
    settle_s=SETTLE,
    form_rules=(
        FormRule(
            "knees_straighten", "Stay low: keep your knees bent as you step.",
            reading=lambda now, start: hips_above_feet(now) - hips_above_feet(start), limit=HIPS_RISE,
            fault_when=Fault.ABOVE, phases=STEP, priority=2,
        ),
        FormRule(
            "trunk_bob", "Keep your trunk still: let the hips move you sideways.",
            reading=lambda now, start: abs(trunk_sideways_deg(now) - trunk_sideways_deg(start)), limit=TRUNK_SWAY,
            fault_when=Fault.ABOVE, phases=STEP, priority=1,
        ),
        FormRule(
            "hop", "Step, don't hop: keep one foot on the floor.",
            reading=feet_rise, limit=HOP,
            fault_when=Fault.ABOVE, phases=STEP, priority=3,
        ),
    ),
    rep_rules=(
        RepRule("feet_apart", "Bring the trailing foot all the way back to hip-width.",
                fault=lambda rep: rep.angles.get("feet_gap_after", NAN) > FEET_APART.value, limit=FEET_APART),
    ),
    rep_readings={"feet_gap_after": feet_gap_after},
    phase_words={Phase.REST: "feet together", Phase.OUT: "stepping out", Phase.PEAK: "wide", Phase.BACK: "closing"},
    key_angles={
        "feet_spread": ankle_spread,
        "trunk_sideways_deg": KeyAngle(trunk_sideways_deg, at=near_joint("shoulder")),
    },
)
