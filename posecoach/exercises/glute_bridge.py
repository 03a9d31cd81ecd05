"""Glute bridge, lying on the back, filmed from the side; on both feet or on one (the single-leg variant).

With the feet further out (a heel or long-lever bridge, knees at 110-150 deg) the shoulder-hip-knee angle reads past
where a lift begins while still lying, so there the hips' height above the shoulder-heel line tells when they are down.

In the single-leg bridge one leg is held off the floor (the free leg: straight, or kicked up bent) and the other
pushes (the working leg): the rep is read on the working leg, and the rep's side is the working leg's. With both feet down the near
leg is read and the rep has no side.
"""

import math

import numpy as np

from posecoach.exercises.base import (
    Fault,
    KeyAngle,
    PeakHold,
    FormRule,
    Phase,
    PhaseSignal,
    PostureCheck,
    Range,
    RepExercise,
    RestCheck,
    Sides,
    Threshold,
    near_joint,
)
from posecoach.kinematics import BodyMeasures, Side, SideMeasures, View
from posecoach.kinematics import readings as r

# The shoulder-hip-knee angle: MediaPipe reads 135-145 deg lying with knees bent, ~155 for a clearly
# low bridge and 173-177 at a full bridge (hips on the shoulder-knee line).
LYING_LINE = Threshold("lying_line_deg", 147.0, "deg", "shoulder-hip-knee below which the hips are back down")
LIFT_LINE = Threshold("lift_line_deg", 151.0, "deg", "shoulder-hip-knee above which a lift has begun")
FULL_LINE = Threshold(
    "full_bridge_line_deg", 166.0, "deg",
    "hips on the shoulder-knee line (180 deg); landmarks read a full bridge as 173-177",
)
TURNAROUND = Threshold("turnaround_deg", 8.0, "deg", "drop from the highest point that means you are lowering")
MAX_LINE = Threshold(
    "max_line_deg", 203.0, "deg",
    "hips pushed well above the shoulder-knee line (an arched lower back), about 15 deg of real "
    "over-extension: the landmarks read a level bridge up to ~13 deg past the true line (rendered ground "
    "truth: level 190-197, 15-18 deg of true arch 207-209; real clips 182-185)",
)
MIN_TOP_HOLD = Threshold("min_top_hold_s", 1.5, "s", "the ~2 s squeeze at the top, less 0.5 s for landmark noise")
# Feet placement is part of the set-up, asked for as guidance before counting: heels jammed under the buttocks or
# legs nearly straight. Between the two a heel bridge (knees at 110-150) counts, its rest told by the hips' height.
MIN_KNEE = Threshold(
    "min_knee_deg", 40.0, "deg",
    "heels against the buttocks (a true ~30-35 deg reads ~40 on the landmarks): no room to push through the "
    "heels. Heels a hand's width from the buttocks read 45-55 and are a fine bridge set-up",
)
MAX_KNEE = Threshold(
    "max_knee_deg", 150.0, "deg",
    "legs nearly straight, heels far from the hips: little left to push the hips up with. A heel (long-lever) bridge "
    "with the knees at 120-145 deg is a harder variant, not a set-up fault",
)
FLAT_FOOT_MAX_KNEE = Threshold(
    "flat_foot_max_knee_deg", 125.0, "deg",
    "knees bent at least this much for the feet to stand flat: straighter, the feet rest on the heels with the toes "
    "up (a heel bridge, by design)",
)
HEEL_BRIDGE_KNEE = Threshold(
    "heel_bridge_min_knee_deg", 110.0, "deg",
    "lying with both knees straighter than this, the shoulder-hip-knee angle already reads past lying_line_deg "
    "(thigh and shin about equal, hips and heels on the floor: lying it is about 90 + knee / 2), so the hips' "
    "height tells when they are down",
)
HIPS_DOWN = Threshold(
    "hips_down_max_lift", 0.15, "thigh lengths",
    "lying, the hip joints sit within ~0.15 thigh lengths (~6 cm) of the line from the shoulders to the heel on the "
    "floor, as all three rest on the floor (a real heel bridge between reps reads 0.0-0.11); a heel bridge at the "
    "top raises them 0.25-0.3 (knees at 130-150 deg). Used only with the knees past heel_bridge_min_knee_deg",
)
MAX_FOOT_LIFT = Threshold("max_foot_lift_deg", 15.0, "deg", "foot pitch change since the start: a heel or toes leaving the floor")

FREE_FOOT_HEIGHT = Threshold(
    "free_foot_min_height", 0.25, "leg lengths",
    "one ankle this far above the other (~20 cm): that foot is off the floor, the raised free leg of a "
    "single-leg bridge, whether held straight or kicked up bent (a foot flat on the floor differs by < 0.1)",
)
FLAT_FEET_HEIGHT = Threshold(
    "flat_feet_max_height", 0.1, "leg lengths",
    "both ankles within this height of each other: both feet are on the floor (flat feet differ by < 0.1; a "
    "raised free leg's ankle is 0.4-0.9 above the other)",
)

LYING_TRUNK = Threshold(
    "lying_trunk_min_deg", 45.0, "deg",
    "trunk from vertical: lying on the back reads ~80-90, the top of a bridge still ~50-60; standing reads ~0",
)


def free_leg(m: BodyMeasures) -> Side | None:
    """The raised leg of a single-leg bridge: the one whose foot is off the floor (None with both feet down, or
    if an ankle is hidden)."""
    raised = {side: r.height_above(m, r.point(m, "ankle", side), r.point(m, "ankle", side.other), r.Unit.LEG) for side in Side}
    side = r.highest_side(raised)
    return side if side and raised[side] >= FREE_FOOT_HEIGHT.value else None


def working_side(m: BodyMeasures) -> Side:
    """The pushing leg's side: the one opposite a free leg, else the near one."""
    free = free_leg(m)
    return free.other if free else m.near_side


def working_leg(m: BodyMeasures) -> SideMeasures:
    return m.sides[working_side(m)]


def both_feet_down(m: BodyMeasures) -> bool:
    """Both ankles seen at about the same height with both knees bent: two feet planted (a straight leg's foot is
    not on the floor in a bridge)."""
    apart = abs(r.height_above(m, r.point(m, "ankle", Side.LEFT), r.point(m, "ankle", Side.RIGHT), r.Unit.LEG))
    return apart <= FLAT_FEET_HEIGHT.value and all(m.sides[side].knee <= FLAT_FOOT_MAX_KNEE.value for side in Side)


def foot_pitch_change(now: BodyMeasures, start: BodyMeasures) -> float:
    """The near foot's pitch change since the start, judged only while both feet are planted. In a single-leg
    bridge filmed side-on the pose model swaps the two legs' labels at the top (the raised leg always reads as the
    near one), so the planted foot cannot be told from the raised one; a heel bridge also lifts the toes by design."""
    if not (both_feet_down(now) and both_feet_down(start)):
        return math.nan
    return abs(now.near.foot_pitch - start.near.foot_pitch)


def side_of_rep(start: BodyMeasures, peak: BodyMeasures) -> Side | None:
    """The working leg's side, from an angle (side-on the pose model labels the raised leg as the near one
    whichever it is, so the side cannot be told there). Judged only if the top too is seen at an angle: filmed 35 deg
    round toward the feet, a raised near leg makes the body read side-on at the top, where the pose model swaps the
    legs' labels from frame to frame (rendered truth: one of two such reps got the wrong side)."""
    free = free_leg(peak)
    return free.other if free and View.SIDE not in (start.view, peak.view) else None


def floor_ankle(m: BodyMeasures) -> np.ndarray:
    """The lower ankle: the foot on the floor (either foot when both are down)."""
    left, right = r.point(m, "ankle", Side.LEFT), r.point(m, "ankle", Side.RIGHT)
    return right if r.height_above(m, left, right, r.Unit.LEG) > 0 else left


def heel_bridge_hip_lift(m: BodyMeasures) -> float:
    """In a heel bridge, how far the pelvis centre sits above the line from the shoulders' centre to the foot on the
    floor, thigh lengths (read on centres and the lower foot, not on one side's labels, which the pose model swaps
    while a free leg is raised); NaN otherwise.

    A heel bridge: both knees past ``heel_bridge_min_knee_deg`` and a foot seen on the floor (not raised above the
    hips). With a knee bent more, lying reads under ``lying_line_deg`` and the line alone tells when the hips are
    down; and at the top of a single-leg bridge the pose model may draw both legs on the raised one (both straight,
    no foot on the floor), where this line would mean nothing."""
    if not min(m.sides[side].knee for side in Side) > HEEL_BRIDGE_KNEE.value:
        return math.nan
    hips, ankle = r.mid(m, "hip"), floor_ankle(m)
    if not r.height_above(m, ankle, hips, r.Unit.LEG) <= FREE_FOOT_HEIGHT.value:
        return math.nan
    return r.height_above_line(m, hips, r.mid(m, "shoulder"), ankle, r.Unit.THIGH)


SIGNAL = PhaseSignal(
    name="shoulder-hip-knee line", unit="deg", read=lambda m: working_leg(m).hip_line,
    rest=LYING_LINE, leave=LIFT_LINE, full=FULL_LINE, turnaround=TURNAROUND,
    rest_also=RestCheck("hips on the floor", heel_bridge_hip_lift, Range(high=HIPS_DOWN)),
)

EXERCISE = RepExercise(
    name="glute_bridge",
    title="Glute bridge",
    how_to=(
        "Lie on your back, knees bent to about 90 degrees, feet flat and hip-width apart. Squeeze your "
        "glutes and lift your hips until shoulders, hips and knees form one line; hold 2 seconds; lower "
        "slowly. Single-leg: the same with one leg held straight, in line with the other thigh; alternate legs or "
        "finish one side first. Put the camera at your side, at floor level, so it sees you from head to feet."
    ),
    target="2 sets of 10, hold 2 s at the top (single-leg: 10 each side)",
    camera=(
        "Put the camera at floor level at your side, so it sees you side-on from head to feet. Single-leg, to have "
        "each leg counted, move it about 35 degrees round toward your feet: side-on the legs cross and the camera "
        "cannot tell which one is working."
    ),
    # Oblique too (a phone on the floor a little toward the feet): the shoulder-hip-knee points still line up at
    # the top whatever the angle, and lying they still read well short of the line.
    wrong_view_cue="Lie side-on to the camera: it needs to see your shoulders, hips and knees from the side.",
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    position=(
        PostureCheck(
            "not_lying", "Lie on your back, knees bent and feet flat, side-on to the camera.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(low=LYING_TRUNK),
        ),
        PostureCheck(
            "feet_too_far", "Walk your feet closer to your hips: knees bent to about 90 degrees.",
            reading=lambda m, side: working_leg(m).knee, allowed=Range(high=MAX_KNEE),
        ),
        PostureCheck(
            "feet_too_close", "Move your feet a little further from your hips: knees bent to about 90 degrees.",
            reading=lambda m, side: working_leg(m).knee, allowed=Range(low=MIN_KNEE),
        ),
    ),
    phase_words={Phase.REST: "down", Phase.OUT: "lifting", Phase.PEAK: "top: squeeze", Phase.BACK: "lowering"},
    partial_code="hips_low",
    partial_cue="Push your hips higher: shoulders, hips and knees in one line.",
    form_rules=(
        FormRule(
            "over_arch", "Don't arch your lower back: lift only until shoulders, hips and knees line up.",
            reading=lambda now, start: working_leg(now).hip_line, limit=MAX_LINE, fault_when=Fault.ABOVE,
            phases=frozenset({Phase.PEAK}), min_duration_s=0.3, priority=3,
        ),
        FormRule(
            "feet_lift", "Keep your feet flat: press through your heels.",
            reading=foot_pitch_change,
            limit=MAX_FOOT_LIFT, fault_when=Fault.ABOVE, min_duration_s=0.4, priority=1,
        ),
    ),
    other_thresholds=(FREE_FOOT_HEIGHT, FLAT_FEET_HEIGHT, FLAT_FOOT_MAX_KNEE, HEEL_BRIDGE_KNEE),
    sides=Sides.EITHER,
    side_of=side_of_rep,
    peak_hold=PeakHold(MIN_TOP_HOLD, "Pause for two seconds at the top and squeeze your glutes."),
    key_angles={
        "shoulder_hip_knee": KeyAngle(lambda m: working_leg(m).hip_line, at=near_joint("hip"), label="hip"),
        "knee": KeyAngle(lambda m: working_leg(m).knee, at=near_joint("knee")),
    },
)
