"""Jump rope: jumping on both feet (the rope itself may not be visible). Filmed side-on (or at an angle).

A jump is both feet off the floor: the lower foot (its lowest point of ankle, heel and toe) rising above where it rests, read
from its resting level (so standing on the balls of the feet is not a jump, and walking, where one foot is always
down, never is). Each jump stays open a moment after the feet are down so the landing is judged: knees locked on
landing is the one fault cued. Bouts give the time jumping, the jumps per minute and the breaks (a pause, a trip on
the rope, talking).
"""

from __future__ import annotations

import math

from posecoach.exercises.base import (
    Bouts, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, RepRule, RepSpan, Threshold, near_joint,
)
from posecoach.kinematics import BodyMeasures, Side, View
from posecoach.kinematics.readings import point

NAN = float("nan")

# The landmark smoothing takes 30-40 % off a fast jump's height (0.2 s in the air): a 5-6 cm jump reads ~0.037-0.05 leg
# lengths at its top. Between fast jumps (0.2 s on the floor) the smoothed feet come back to within ~1 cm of where
# they rest at 30 fps, but only to within ~2.5 cm at 15 fps (rendered clips, tools/render/dynamic_clips.py).
REST_RISE = Threshold(
    "feet_down_rise", 0.025, "leg lengths",
    "the lower foot within ~2 cm of where it rests: on the floor (at 15 fps the smoothed feet of a fast jumper, 0.2 s "
    "on the floor between jumps, come down to within ~1-2 cm)",
)
LEAVE_RISE = Threshold("feet_leaving_rise", 0.03, "leg lengths", "both feet ~2.7 cm up: a jump has begun (landmark jitter stays under ~1 cm)")
FULL_RISE = Threshold(
    "feet_off_floor_rise", 0.034, "leg lengths",
    "both feet ~3 cm off the floor as the smoothed landmarks read it (a jump of ~4-5 cm): a rope needs ~2-5 cm under "
    "the feet; lower hops are not counted",
)
TURNAROUND = Threshold("jump_turnaround", 0.006, "leg lengths", "the feet ~0.5 cm down from their highest: coming down")
MIN_JUMP_S = Threshold(
    "min_jump_s", 0.08, "s",
    "a rope jump is in the air for 0.15-0.35 s, of which the signal spends ~half above the thresholds; a shorter "
    "excursion (a single frame at 15 fps) is a flicker of the landmarks, not a jump",
)
LANDING_S = Threshold(
    "landing_settle_s", 0.3, "s",
    "after the feet touch down the knees bend for ~0.1-0.3 s before the next push-off: how long a landing is watched",
)
LOCKED_KNEE = Threshold(
    "locked_knee_min_deg", 163.0, "deg",
    "the most a knee bends on landing: a soft landing bends it to ~130-155 deg; staying straighter than ~163 (under "
    "~17 deg of bend) lands stiff-legged and passes the impact to the joints",
)
BREAK = Threshold(
    "jump_break_s", 1.5, "s",
    "no jump for this long is a break: even slow rope turns come every ~0.75 s, so two missed turns, a trip or a chat",
)
UPRIGHT_TRUNK = Threshold("upright_trunk_max_deg", 40.0, "deg", "stand tall to start: the trunk within this of vertical")
MAX_JUMP_S = Threshold(
    "max_jump_s", 0.7, "s",
    "feet off the floor longer than this is no rope jump: a 5 cm jump is in the air 0.2 s and even a 60 cm one only "
    "0.7 s (t = 2 sqrt(2h/g)); a foot held up longer is a step, a kick or a dance move",
)
MIN_BOUT_JUMPS = Threshold(
    "min_bout_jumps", 2, "jumps",
    "jumps count once two come in a row (then both): the rope turns every 0.3-0.75 s, a single hop is not skipping",
)


def foot_y(m: BodyMeasures, side: Side) -> float:
    """A foot's lowest image row among its ankle, heel and toe (the ones seen): on the balls of the feet the toes
    stay on the floor while the heel and ankle rise, so only leaving the floor lifts it."""
    rows = [float(point(m, part, side)[1]) for part in ("ankle", "heel", "foot_index")]
    rows = [y for y in rows if y == y]
    return max(rows) if rows else NAN


def lower_foot_px(m: BodyMeasures) -> float:
    """The lower foot's height in the image, pixels up from the image top's row (compare with its resting value)."""
    rows = [foot_y(m, side) for side in Side]
    rows = [y for y in rows if y == y]
    return -max(rows) if rows else NAN


def feet_rise(now: BodyMeasures, start: BodyMeasures) -> float:
    """How much higher the lower foot is now than at ``start``, in leg lengths: both feet off the floor."""
    return (lower_foot_px(now) - lower_foot_px(start)) / now.leg_length_px if now.leg_length_px > 0 else NAN


def knee_bend_deg(m: BodyMeasures) -> float:
    """The more bent knee's angle (180 = straight), degrees."""
    knees = [m.sides[side].knee for side in Side]
    knees = [k for k in knees if k == k]
    return min(knees) if knees else NAN


def landing_knee_deg(span: RepSpan) -> float:
    """The most the knees bent from touch-down until the next push-off (or ``LANDING_S``)."""
    knees = [knee_bend_deg(m) for m in span.after]
    knees = [k for k in knees if k == k]
    return min(knees) if knees else NAN


def stiff_landing(rep) -> bool:
    return rep.angles.get("landing_knee_deg", NAN) > LOCKED_KNEE.value


SIGNAL = PhaseSignal(
    name="feet off the floor", unit="leg lengths", read=lower_foot_px, from_rest=True,
    rest_unit=lambda m: m.leg_length_px, rest_quantile=0.2,
    rest=REST_RISE, leave=LEAVE_RISE, full=FULL_RISE, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="jump_rope",
    title="Jump rope",
    how_to=(
        "Stand tall, elbows in, turning the rope with the wrists. Jump just high enough for the rope to pass (2-5 cm), "
        "landing softly on the balls of your feet with the knees slightly bent. Start slowly; pause whenever you "
        "need to (pauses are not counted as jumping time)."
    ),
    target="3 rounds of 1 min, 1 min rest between",
    camera="Put the camera at hip height, 3 m to your side (or at 45 degrees), whole body and the floor under your feet in view.",
    wrong_view_cue="Turn side-on to the camera so it sees your knees bend when you land.",
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL},
    position=(
        PostureCheck("not_upright", "Stand tall to start.", reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK)),
    ),
    min_rep_s=MIN_JUMP_S,
    max_rep_s=MAX_JUMP_S,
    partial_code=None,  # a hop too small to clear a rope is not an attempt at anything
    settle_s=LANDING_S,
    rep_rules=(RepRule("stiff_landing", "Land softly: let your knees bend a little as you land.", fault=stiff_landing, limit=LOCKED_KNEE),),
    rep_readings={"landing_knee_deg": landing_knee_deg},
    bouts=Bouts(BREAK, activity="jumping", min_reps=MIN_BOUT_JUMPS),
    phase_words={Phase.REST: "on the floor", Phase.OUT: "jumping", Phase.PEAK: "in the air", Phase.BACK: "landing"},
    key_angles={"knee_deg": KeyAngle(knee_bend_deg, at=near_joint("knee"))},
)
