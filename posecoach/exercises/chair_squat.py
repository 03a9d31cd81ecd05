"""Chair squat (sit-to-stand): sit back onto a chair and stand up again, filmed from the side, at an angle or
from the front.

The rep is the shoulders dropping from standing to seated height, in leg lengths above the ankles: it needs no
hip landmark, which the chair may hide from the side. Physio practice: feet hip-width, a little behind the knees;
arms crossed or reaching forward; lean the chest forward over the knees ("nose over toes") to stand and to sit,
lower under control (2-3 s) and do not drop onto the seat.
"""

from posecoach.events import RepRecord
from posecoach.exercises.base import (
    Fault, FormRule, KeyAngle, Phase, PhaseSignal, PostureCheck, Range, RepExercise, RepRule, Threshold, near_joint,
)
from posecoach.exercises.stance import shoulder_height
from posecoach.kinematics import View

# Standing, the shoulders sit a leg plus a torso above the ankles: 1 + (0.52-0.6 m torso / 0.85-0.95 m leg) ~
# 1.55-1.65 leg lengths. Seated on a 45 cm seat the hips are ~0.5 m up (~0.5 leg lengths above the ankles), the
# trunk upright to 30 deg forward: shoulders at ~1.0-1.1. Halfway down (~1.3) is a hip hinge or a hover.
STANDING_SHOULDERS = Threshold(
    "standing_shoulder_height", 1.42, "leg lengths",
    "shoulders above the ankles beyond which you are standing (standing tall reads ~1.55-1.65)",
)
LEAVING_SHOULDERS = Threshold(
    "leaving_shoulder_height", 1.35, "leg lengths", "shoulders this low: you have started to sit down",
)
SEATED_SHOULDERS = Threshold(
    "seated_shoulder_height", 1.18, "leg lengths",
    "seated on a chair: hips ~0.5 leg lengths up plus a torso leaning up to ~35 deg reads 1.0-1.15",
)
TURNAROUND = Threshold("turnaround_leg_lengths", 0.06, "leg lengths", "rise from the lowest point that means you are standing up")

# Leaning forward to shift the weight over the feet is the technique (30-45 deg at lift-off); past ~55 deg the
# chest pitches toward the knees and the back, not the legs, does the work.
MAX_TRUNK_PITCH = Threshold(
    "max_trunk_pitch_deg", 55.0, "deg",
    "trunk from vertical while sitting and standing: 30-45 deg brings the weight over the feet, past 55 the chest "
    "pitches down toward the knees",
)
# A controlled sit takes 1.5-3 s; letting go drops the hips ~0.45 m in well under a second (free fall: 0.3 s).
MAX_DROP_DESCENT = Threshold(
    "drop_descent_max_s", 0.8, "s", "a sit faster than this (from leaving standing to the lowest point) is a drop",
)
DESCENT_RISE_RATIO = Threshold(
    "drop_descent_to_rise_ratio", 0.6, "descent / rise",
    "and much faster than the rise: a quick but matched tempo both ways is not a drop",
)
MIN_KNEE_WIDTH = Threshold(
    "min_knee_width_ratio", 0.68, "knee width / ankle width",
    "front view, low half of the rep: knees closer together than about two thirds of the ankle spread are caving "
    "in (squat measurements: 0.8-1.0 clean, 0.25-0.58 caving in)",
)
UPRIGHT_TRUNK = Threshold(
    "upright_trunk_max_deg", 75.0, "deg", "trunk from vertical: sitting and standing stay under ~55; lying reads ~90",
)
# From the front the sit moves the hips back, away from a camera at hip height, and the shoulders barely drop below
# a forward lean's: the hips' drop below their own standing height (in leg lengths, as the front squat reads its
# depth) tells sitting from a hip hinge (straight legs: the hips stay up). A rendered high sit (hip joints 0.13 m
# lower, 0.17 m further back) reads a drop of 0.11-0.12 (truth projection 0.14-0.16); a real 45 cm chair seats the
# hips lower still.
FRONT_STANDING_DROP = Threshold(
    "front_standing_hip_drop", -0.03, "leg lengths", "hips within ~3 cm of their standing height: standing",
)
FRONT_LEAVING_DROP = Threshold(
    "front_leaving_hip_drop", -0.05, "leg lengths", "hips ~5 cm below standing, seen from the front: sitting down has begun",
)
FRONT_SEATED_DROP = Threshold(
    "front_seated_hip_drop", -0.09, "leg lengths",
    "hips ~8 cm or more below standing, seen from the front: seated (a hip hinge keeps the legs straight and the hips "
    "up; a rendered sit onto a 44 cm seat reads -0.11 to -0.12)",
)
MIN_REP = Threshold("min_rep_s", 1.0, "s", "sitting down and standing up takes longer than this; faster is noise")

LOW_HALF = frozenset({Phase.PEAK, Phase.BACK})


def dropped(rep: RepRecord) -> bool:
    descent_s, rise_s = rep.peak_s - rep.start_s, rep.end_s - rep.peak_s
    return descent_s < MAX_DROP_DESCENT.value and descent_s < DESCENT_RISE_RATIO.value * rise_s


SIGNAL = PhaseSignal(
    name="shoulder height", unit="leg lengths", read=shoulder_height,
    rest=STANDING_SHOULDERS, leave=LEAVING_SHOULDERS, full=SEATED_SHOULDERS, turnaround=TURNAROUND,
)
FRONT_SIGNAL = PhaseSignal(
    name="hip drop", unit="leg lengths", read=lambda m: m.hip_height, from_rest=True,
    rest=FRONT_STANDING_DROP, leave=FRONT_LEAVING_DROP, full=FRONT_SEATED_DROP, turnaround=TURNAROUND,
)

EXERCISE = RepExercise(
    name="chair_squat",
    title="Chair squat (sit to stand)",
    how_to=(
        "Stand in front of a sturdy chair (against a wall), feet hip-width apart, a little behind your knees, arms "
        "crossed or reaching forward. Lean your chest forward and sit back slowly, taking 2-3 seconds, until you "
        "sit on the chair; do not drop. Lean forward again, nose over toes, and push through your heels to stand "
        "tall. Knees stay over the toes."
    ),
    target="2 sets of 10",
    camera="Put the camera at hip height, 2-3 m away, side-on (best), at an angle or facing you, whole body and the chair in view.",
    wrong_view_cue="Step back so the camera sees your whole body and the chair.",
    required_parts=("head", "shoulders", "knees", "ankles"),  # the chair may hide the hips
    signals={View.SIDE: SIGNAL, View.OBLIQUE: SIGNAL, View.FRONT: FRONT_SIGNAL},
    position=(
        PostureCheck(
            "not_upright", "Stand up in front of the chair to start.",
            reading=lambda m, side: m.trunk_from_vertical, allowed=Range(high=UPRIGHT_TRUNK),
        ),
    ),
    min_rep_s=MIN_REP,
    phase_words={Phase.REST: "standing", Phase.OUT: "sitting down", Phase.PEAK: "seated", Phase.BACK: "standing up"},
    partial_code=None,  # a hip hinge or a hover that never sits is not a rep, and not worth a cue
    form_rules=(
        FormRule(
            "knees_cave", "Push your knees out so they stay over your toes.",
            reading=lambda now, start: now.knee_width_ratio, limit=MIN_KNEE_WIDTH, fault_when=Fault.BELOW,
            phases=LOW_HALF, views=frozenset({View.FRONT}), priority=3,
        ),
        FormRule(
            "trunk_pitch", "Keep your chest up: lean forward only until your nose is over your toes.",
            reading=lambda now, start: now.trunk_from_vertical, limit=MAX_TRUNK_PITCH, fault_when=Fault.ABOVE,
            views=frozenset({View.SIDE, View.OBLIQUE}), priority=2,
        ),
    ),
    rep_rules=(
        RepRule("dropping", "Lower yourself slowly onto the chair: take 2-3 seconds, do not drop.", fault=dropped, limit=MAX_DROP_DESCENT),
    ),
    other_thresholds=(DESCENT_RISE_RATIO,),
    key_angles={
        "knee": KeyAngle(lambda m: m.near.knee, at=near_joint("knee")),
        "shoulder_height": shoulder_height,
        "trunk_from_vertical": lambda m: m.trunk_from_vertical,
        "knee_width_ratio": lambda m: m.knee_width_ratio,
    },
)
